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
from rigour._core import person_name_prefixes_list
from rigour.names import remove_org_types

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
# Words of legal forms, weak in any order: rigour recognises "Limited Liability Company"
# or "Obshchestvo s ogranichennoy otvetstvennostyu" only as written, and lists (and users)
# also write "Geos Company Liability Limited" or "Eksplorer Kripto OOO". Latin, lower case.
LEGAL_WORDS = frozenset(
    """
    limited ltd liability company co corp corporation incorporated inc llc llp plc pvt
    private pte pty gmbh mbh kg ag sa sas sarl srl spa bv nv jsc ojsc cjsc pjsc ooo oao zao
    pao tov obshchestvo obshestvo obshcestvo ogranichennoy ogranichennoi ogranichennoj
    otvetstvennostyu otvetstvennostiu otvetstvennostju aktsionernoe aktsionernoye zakrytoe
    zakrytoye otkrytoe otkrytoye publichnoe publichnoye ltda limitada sociedad anonima
    responsabilidad cv sapi eirl joint stock open closed public sac sc rl ci eood ood doo
    spolka ograniczona odpowiedzialnoscia zoo
    """.split()  # noqa: SIM905 — a paragraph of words reads better than 60 quoted strings
)
# A legal form's word with two letters swapped ("COMAPNY", "LIABILTIY") is still one.
LEGAL_LETTERS = frozenset("".join(sorted(word)) for word in LEGAL_WORDS if len(word) >= 5)
# Spelling variants of transliteration, folded the same way on both sides: "Tsvetkov" and
# "Cvetkov", "Khalid" and "Halid", "Aleksandr" and "Alexandr", "Yusuf" and "Iusuf" (and a
# Latin name written in Cyrillic and back: "Company" → "Компани" → "Kompani").
FOLDS = (("tskh", "ch"), ("kh", "h"), ("ks", "x"), ("ph", "f"), ("y", "i"))
PERSON = "Person"
PERSON_PREFIXES = frozenset(
    prefix.lower().strip().rstrip(".")
    for prefix in person_name_prefixes_list()
    if " " not in prefix.strip()
)


def latin(text: str) -> str:
    """Return ``text`` in lower-case ASCII words separated by single spaces."""
    return NON_WORD.sub(" ", (ascii_text(text) or "").lower()).strip()


def tokens_of(name: str, schema: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (strong tokens, weak tokens) of a name; ``schema`` is an FtM schema name.

    Uncached: the index calls it once per listed name; queries go through :func:`name_tokens`.
    """
    text = latin(name)
    if not text:
        return (), ()
    words = text.split()
    if schema == PERSON:
        # Leading honorifics go (rigour's list, checked word by word: a regex over the whole
        # list costs more than the rest of the normalisation).
        start = 0
        while start < len(words) - 1 and (
            words[start] in PERSON_PREFIXES or words[start] in TITLES
        ):
            start += 1
        words = words[start:]
        strong = [w for w in words if w not in PARTICLES and w not in TITLES]
        weak = [w for w in words if w in PARTICLES]
    else:
        words = _glued_letters(words)
        # Legal forms are recognised with their punctuation ("s.a. de c.v."), so before it goes.
        core_words = latin(remove_org_types((ascii_text(name) or "").lower())).split()
        core_words = [w for w in _glued_letters(core_words) if not _legal(w)]
        strong = [w for w in core_words if w not in PARTICLES]
        if any(w not in LEGAL_WORDS for w in strong):
            # A letter beside a legal form's word belongs to it ("obshchestvo s ...").
            beside = {
                word
                for i, word in enumerate(words)
                if len(word) == 1
                and {words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)} & LEGAL_WORDS
            }
            strong = [w for w in strong if not _legal(w) and w not in beside]
        kept = set(strong)
        weak = [w for w in words if w not in kept]
        if not strong:  # a name made only of legal forms ("Trading Co Ltd") keeps them
            strong, weak = words, []
    if not strong:
        strong, weak = words, []
    return tuple(map(fold, strong)), tuple(map(fold, weak))


def fold(word: str) -> str:
    """Return ``word`` with transliteration variants folded (see ``FOLDS``)."""
    for written, folded in FOLDS:
        if written in word:
            word = word.replace(written, folded)
    return word


@lru_cache(maxsize=200_000)
def _legal(word: str) -> bool:
    """Whether ``word`` is a legal form's word, or one with two letters swapped."""
    return word in LEGAL_WORDS or (len(word) >= 5 and "".join(sorted(word)) in LEGAL_LETTERS)


def _glued_letters(words: list[str]) -> list[str]:
    """Glue single letters that spell a legal form ("s a de c v" → "sa de cv")."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        glued = "".join(run)
        out.extend([glued] if len(run) > 1 and glued in LEGAL_WORDS else run)
        run = []
        if word:
            out.append(word)
    return out


name_tokens = lru_cache(maxsize=100_000)(tokens_of)


def identifier_key(value: str) -> str:
    """Return an identifier in the form compared: upper-case letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def birth_year(value: str) -> int | None:
    """Return the year of ``YYYY`` or ``YYYY-MM-DD`` (or any ISO prefix), else None."""
    if value and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None
