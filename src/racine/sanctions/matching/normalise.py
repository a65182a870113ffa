"""Turn a name as lists and users write it into comparable tokens.

- any script to Latin ASCII (normality with ICU: Cyrillic, Arabic, Chinese…), lower case,
  accents and punctuation dropped: "Joaquín GUZMÁN-LOERA" → joaquin guzman loera;
- honorifics and titles removed (rigour's person prefixes, plus military and religious
  titles that lists write in the name field);
- company legal forms ("S.A. de C.V.", "LLC", "LTDA", "OOO"…, rigour's org types) and
  name particles ("de", "del", "la", "dos", "y", "bin", "al"…) are *weak* tokens: they
  may match, but a name does not match on them alone;
- the order of tokens is not kept as meaningful: "GUZMAN LOERA, Joaquin" and "Joaquin
  Guzman Loera" give the same tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normality import ascii_text
from rigour.names import remove_org_types, remove_person_prefixes

NON_WORD = re.compile(r"[^a-z0-9]+")
PARTICLES = frozenset(
    [
        "de",
        "del",
        "la",
        "las",
        "los",
        "el",
        "da",
        "das",
        "do",
        "dos",
        "di",
        "du",
        "des",
        "y",
        "e",
        "van",
        "von",
        "der",
        "den",
        "ter",
        "al",
        "bin",
        "ibn",
        "bint",
        "ben",
        "ould",
        "abd",
    ]
)
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "lord",
        "lady",
        "sheikh",
        "shaykh",
        "sheik",
        "haji",
        "hajji",
        "mullah",
        "maulana",
        "general",
        "gen",
        "colonel",
        "col",
        "major",
        "maj",
        "captain",
        "capt",
        "lieutenant",
        "lt",
        "commander",
        "sergeant",
        "sgt",
        "don",
        "dona",
        "senor",
        "senora",
        "sr",
        "sra",
        "ing",
        "lic",
        "licenciado",
        "doctor",
    ]
)
PERSON = "Person"


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """Return ``text`` in lower-case ASCII words separated by single spaces."""
    return NON_WORD.sub(" ", (ascii_text(text) or "").lower()).strip()


@lru_cache(maxsize=200_000)
def name_tokens(name: str, schema: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (strong tokens, weak tokens) of a name; ``schema`` is an FtM schema name."""
    text = latin(name)
    if not text:
        return (), ()
    if schema == PERSON:
        stripped = latin(remove_person_prefixes(text)) or text
        words = stripped.split()
        strong = [w for w in words if w not in PARTICLES and w not in TITLES]
        weak = [w for w in words if w in PARTICLES]
    else:
        # Legal forms are recognised with their punctuation ("s.a. de c.v."), so before it goes.
        core = latin(remove_org_types((ascii_text(name) or "").lower()))
        core_words = core.split()
        strong = [w for w in core_words if w not in PARTICLES]
        weak = [w for w in text.split() if w not in set(strong)]
        if not strong:  # a name made only of legal forms ("Trading Co Ltd") keeps them
            strong, weak = text.split(), []
    if not strong:
        strong, weak = text.split(), []
    return tuple(strong), tuple(weak)


def identifier_key(value: str) -> str:
    """Return an identifier in the form compared: upper-case letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def birth_year(value: str) -> int | None:
    """Return the year of ``YYYY`` or ``YYYY-MM-DD`` (or any ISO prefix), else None."""
    if value and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None
