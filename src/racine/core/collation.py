"""Sorting names as people expect them in each interface language.

Databases and Python compare code points: « Équateur » then lands after « Venezuela » and
« Bénin » after « Brésil » on SQLite, and PostgreSQL's order depends on the server's locale.
Every list or choice of names is therefore sorted here, in Python, with one key: letters
without their accents and case first (« Bénin » < « Brésil »; « Équateur » among the E),
the exact text to break ties. Spanish sorts « ñ » as its own letter after « n ».
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils.translation import get_language

T = TypeVar("T")


def sort_key(text: str, language: str | None = None) -> tuple[str, str]:
    """Return the key that sorts ``text`` as a reader of ``language`` expects."""
    language = (language or get_language() or "fr")[:2]
    folded = str(text).casefold()
    if language == "es":
        folded = folded.replace("ñ", "n\U0010ffff")  # after every other "n…"
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    )
    return letters, str(text)


def collated(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """Return ``items`` sorted by the name ``key`` gives, in the active language's order."""
    language = get_language()
    return sorted(items, key=lambda item: sort_key(key(item), language))


def collated_choices(choices: Iterable[tuple]) -> list[tuple]:
    """Return form choices sorted by label, keeping the empty choice first."""
    choices = list(choices)
    empty = [choice for choice in choices if choice[0] in ("", None)]
    rest = [choice for choice in choices if choice[0] not in ("", None)]
    return empty + collated(rest, key=lambda choice: str(choice[1]))
