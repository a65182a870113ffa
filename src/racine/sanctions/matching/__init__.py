"""The screening engine: names in, explained matches out. No Django, no database.

Public API::

    Record(key, schema, names, birth_years, countries, identifiers)   # a list entry
    Query(id, name, schema="", birth_date="", country="", identifier="")
    ScreeningIndex.build(records) -> ScreeningIndex
    ScreeningIndex.save(path) / ScreeningIndex.load(path)
    ScreeningIndex.screen(query, threshold=DEFAULT_THRESHOLD, limit=10) -> list[Match]
    Match(key, score, matched_name, quality, threshold, features)       # explains itself
    screen_many(index, queries, threshold, limit) -> [[Match]]           # every core

How it works: every name is normalised (:mod:`.normalise`: transliteration to Latin,
case and accents, honorifics dropped, particles and company legal forms kept as weak
tokens); the index maps each token, and a phonetic and a prefix key of it, to the names
that hold it, so a query only looks at names sharing a token with it (never a scan);
candidates are then scored (:mod:`.scoring`): token alignment in any order with
typo-tolerant similarity, then birth year, country and identifiers, each contribution
kept for the explanation.
"""

from racine.sanctions.matching.batch import screen_many
from racine.sanctions.matching.index import ScreeningIndex
from racine.sanctions.matching.scoring import DEFAULT_THRESHOLD, Match, Query, Record

__all__ = ["DEFAULT_THRESHOLD", "Match", "Query", "Record", "ScreeningIndex", "screen_many"]
