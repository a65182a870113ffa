"""Score a candidate list entry against a query, keeping every feature's contribution.

The score is a name similarity (0–1) adjusted by the other evidence the query brings:

- **name**: the query's strong tokens aligned one to one with the candidate name's, in
  any order, each pair scored by rapidfuzz's normalised Levenshtein similarity (typos),
  an initial ("J.") matching a token it starts; the alignment is scored on both names'
  lengths, with extra middle names on either side costing less than missing surnames.
  Split spellings ("Abdul Rahman" / "Abdulrahman") are glued before comparing. Weak
  aliases and former names count a little less.
- **birth year**: the same year adds, a year more than one apart subtracts (a conflicting
  birth year is strong evidence of a different person);
- **country**: a shared nationality or country adds a little, a conflict subtracts a little;
- **identifier**: the same passport, tax, registration or IMO number adds a lot.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from racine.sanctions.matching.normalise import birth_year, identifier_key, name_tokens

DEFAULT_THRESHOLD = 0.80
QUALITY_FACTOR = {"primary": 1.0, "strong": 1.0, "former": 0.97, "weak": 0.9}
BIRTH_YEAR_MATCH = 0.05
BIRTH_YEAR_CONFLICT = -0.25
COUNTRY_MATCH = 0.02
COUNTRY_CONFLICT = -0.05
IDENTIFIER_MATCH = 0.4
TOKEN_FLOOR = 0.7  # below this, two tokens are different words, not a typo
JOINED_FLOOR = 0.9  # names written without spaces this alike are one name split elsewhere
JOINED_MIN = 6  # …when long enough not to be initials
COMPATIBLE = {
    "Person": {"Person"},
    "Company": {"Company", "Organization", "LegalEntity"},
    "Organization": {"Company", "Organization", "LegalEntity"},
    "LegalEntity": {"Company", "Organization", "LegalEntity", "Person"},
    "Vessel": {"Vessel"},
    "Airplane": {"Airplane"},
}


@dataclass(frozen=True)
class Record:
    """A list entry as the engine knows it."""

    key: int  # the caller's handle (a database id)
    schema: str
    names: tuple[tuple[str, str], ...]  # (name, quality)
    birth_years: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()  # already passed through identifier_key


@dataclass(frozen=True)
class Query:
    """What a user screens: a name and whatever else is known of the person or thing."""

    id: str
    name: str
    schema: str = ""
    birth_date: str = ""
    country: str = ""
    identifier: str = ""


@dataclass
class Match:
    """A list entry found for a query, with the reasons for its score."""

    key: int
    score: float
    matched_name: str
    quality: str
    threshold: float
    features: dict[str, float] = field(default_factory=dict)


def token_similarity(left: str, right: str) -> float:
    """Return how alike two tokens are (1 identical), initials matching their word."""
    if left == right:
        return 1.0
    if len(left) == 1 or len(right) == 1:
        return 0.8 if left[0] == right[0] else 0.0
    similarity = OSA.normalized_similarity(left, right)  # a swap of two letters is one typo
    return similarity if similarity >= TOKEN_FLOOR else 0.0


def _join_split_words(tokens: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """Glue two neighbouring tokens that the other name writes as one ("abdul rahman")."""
    if len(tokens) < 2:
        return tokens
    others = set(other)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] + tokens[i + 1] in others:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
        else:
            out.append(tokens[i])
            i += 1
    return tuple(out)


def name_similarity(query: tuple[str, ...], candidate: tuple[str, ...]) -> float:
    """Return the similarity of two token lists, in any order (0–1)."""
    if not query or not candidate:
        return 0.0
    query = _join_split_words(query, candidate)
    candidate = _join_split_words(candidate, query)
    pairs = sorted(
        (
            (token_similarity(q, c), i, j)
            for i, q in enumerate(query)
            for j, c in enumerate(candidate)
        ),
        reverse=True,
    )
    used_q: set[int] = set()
    used_c: set[int] = set()
    matched_q = matched_c = 0.0
    full_tokens = 0
    for similarity, i, j in pairs:
        if similarity <= 0 or i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        matched_q += similarity * len(query[i])
        matched_c += similarity * len(candidate[j])
        full_tokens += min(len(query[i]), len(candidate[j])) > 1 or query[i].isdigit()
    if not full_tokens:  # initials alone ("M.R.O.") never make a match
        return 0.0
    q_len = sum(len(t) for t in query)
    c_len = sum(len(t) for t in candidate)
    dice = (matched_q + matched_c) / (q_len + c_len)
    if full_tokens >= 2:
        # Coverage of the shorter name counts most: a missing middle name costs a little;
        # a word of the query the name lacks costs a little more than a word the name adds
        # ("Nazir Abdul Basir" is nearer "Nazir Mohammad Abdul Basir" than "Abdul Basir").
        coverage = matched_q / q_len if q_len <= c_len else matched_c / c_len
        coverage = 0.8 * coverage + 0.2 * matched_q / q_len
        token_score = 0.6 * coverage + 0.4 * dice
    else:
        # One shared word ("Rodriguez") is weak evidence when either name has more.
        token_score = dice * (0.85 if max(len(query), len(candidate)) > 1 else 1.0)
    if token_score < 1.0 and (len(query) > 1 or len(candidate) > 1):
        # Words split elsewhere by a typo ("Transf-Lot" / "Trans-Flot", "Chan-gHo"): the
        # names written without spaces are compared too.
        joined_q, joined_c = "".join(query), "".join(candidate)
        if min(len(joined_q), len(joined_c)) >= JOINED_MIN:
            joined = OSA.normalized_similarity(joined_q, joined_c)
            if joined >= JOINED_FLOOR:
                token_score = max(token_score, joined)
    return min(token_score, 1.0)


def best_name(tokens: tuple[str, ...], record: Record) -> tuple[float, str, str] | None:
    """Return (similarity, name, quality) of the name of ``record`` closest to ``tokens``."""
    best = None
    for name, quality in record.names:
        candidate, _weak = name_tokens(name, record.schema)
        similarity = name_similarity(tokens, candidate) * QUALITY_FACTOR.get(quality, 1.0)
        if best is None or similarity > best[0]:
            best = (similarity, name, quality)
    return best


def explain(
    query: Query, record: Record, similarity: float, name: str, quality: str, threshold: float
) -> Match:
    """Return the match of ``record`` with each feature's contribution to its score."""
    features = {"name": round(similarity, 4)}
    year = birth_year(query.birth_date)
    if year and record.birth_years:
        if year in record.birth_years:
            features["birth_year"] = BIRTH_YEAR_MATCH
        elif min(abs(year - y) for y in record.birth_years) > 1:
            features["birth_year"] = BIRTH_YEAR_CONFLICT
    country = query.country.lower()
    if country and record.countries:
        features["country"] = COUNTRY_MATCH if country in record.countries else COUNTRY_CONFLICT
    identifier = identifier_key(query.identifier)
    if identifier and identifier in record.identifiers:
        features["identifier"] = IDENTIFIER_MATCH
    total = max(0.0, min(1.0, sum(features.values())))
    return Match(record.key, round(total, 4), name, quality, threshold, features)
