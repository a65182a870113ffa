"""The screening index: token → names, kept on disk, loaded in one read.

Each name's strong tokens are indexed under three keys: the token itself, its metaphone
(spelling variants: "Mohamed"/"Muhammad") and, for tokens of five letters or more, its
first four letters (a typo later in the word). A query collects the names sharing keys
with it, weighs them by how rare the shared keys are (a shared "Loera" says more than a
shared "Mohammed"), and scores only the best few hundred: the cost of a query depends on
its tokens, not on the size of the lists.
"""

from __future__ import annotations

import math
import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import jellyfish

from racine.sanctions.matching.normalise import identifier_key, name_tokens
from racine.sanctions.matching.scoring import (
    COMPATIBLE,
    DEFAULT_THRESHOLD,
    Match,
    Query,
    Record,
    score,
)

FORMAT_VERSION = 1
KEY_WEIGHTS = {"t": 1.0, "m": 0.7, "p": 0.5}
CANDIDATES = 120  # names scored per query, at most
COMMON_KEY = 50_000  # a key held by more names than this only helps when nothing rarer does


def keys_of(token: str) -> list[str]:
    """Return the index keys of one token."""
    keys = [f"t:{token}"]
    if not token.isdigit() and len(token) > 2:
        keys.append(f"m:{jellyfish.metaphone(token)}")
    if len(token) >= 5:
        keys.append(f"p:{token[:4]}")
    return keys


class ScreeningIndex:
    """Every screened name of every list, ready to answer queries."""

    def __init__(self, records, name_rows, postings, identifiers, state: str = ""):
        self.records: list[Record] = records
        self.name_rows: array = name_rows  # name row → position of its record
        self.postings: dict[str, array] = postings
        self.identifiers: dict[str, array] = identifiers
        self.state = state  # what the index was built from, to know when to rebuild

    @classmethod
    def build(cls, records: Iterable[Record], state: str = "") -> ScreeningIndex:
        """Index ``records`` (each name of each record)."""
        kept: list[Record] = []
        name_rows = array("I")
        postings: dict[str, list[int]] = defaultdict(list)
        identifiers: dict[str, list[int]] = defaultdict(list)
        for record in records:
            position = len(kept)
            kept.append(record)
            for name, _quality in record.names:
                strong, _weak = name_tokens(name, record.schema)
                if not strong:
                    continue
                row = len(name_rows)
                name_rows.append(position)
                for key in {k for token in strong for k in keys_of(token)}:
                    postings[key].append(row)
            for identifier in record.identifiers:
                identifiers[identifier].append(position)
        return cls(
            kept,
            name_rows,
            {key: array("I", rows) for key, rows in postings.items()},
            {key: array("I", rows) for key, rows in identifiers.items()},
            state,
        )

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (readers never see half a file)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(
                (
                    FORMAT_VERSION,
                    self.state,
                    self.records,
                    self.name_rows,
                    self.postings,
                    self.identifiers,
                ),
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> ScreeningIndex | None:
        """Read an index written by :meth:`save`; None when absent or of another format.

        The file is written by Racine itself in its own data folder, never received from
        elsewhere, which is what makes unpickling it safe.
        """
        try:
            with Path(path).open("rb") as handle:
                content = pickle.load(handle)  # noqa: S301 — our own file, see above
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None
        if not isinstance(content, tuple) or content[0] != FORMAT_VERSION:
            return None
        _version, state, records, name_rows, postings, identifiers = content
        return cls(records, name_rows, postings, identifiers, state)

    def __len__(self) -> int:
        return len(self.name_rows)

    def candidates(self, tokens: tuple[str, ...], identifier: str = "") -> list[int]:
        """Return positions of the records most worth scoring for these tokens."""
        total = max(len(self.name_rows), 1)
        weights: dict[int, float] = defaultdict(float)
        common: list[tuple[str, float]] = []
        for token in set(tokens):
            best: dict[int, float] = {}
            for key in keys_of(token):
                rows = self.postings.get(key)
                if not rows:
                    continue
                weight = KEY_WEIGHTS[key[0]] * math.log(1 + total / len(rows))
                if len(rows) > COMMON_KEY:
                    common.append((key, weight))
                    continue
                for row in rows:
                    if best.get(row, 0.0) < weight:
                        best[row] = weight
            for row, weight in best.items():
                weights[row] += weight
        if not weights:
            for key, weight in common:
                for row in self.postings[key][:CANDIDATES]:
                    weights[row] += weight
        top = sorted(weights.items(), key=lambda item: -item[1])[:CANDIDATES]
        positions = dict.fromkeys(self.name_rows[row] for row, _w in top)
        if identifier:
            for position in self.identifiers.get(identifier, ()):
                positions[position] = None
        return list(positions)

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """Return the entries matching ``query`` at or above ``threshold``, best first."""
        tokens, _weak = name_tokens(query.name, query.schema)
        if not tokens:
            return []
        allowed = COMPATIBLE.get(query.schema)
        matches = []
        for position in self.candidates(tokens, identifier_key(query.identifier)):
            record = self.records[position]
            if allowed is not None and record.schema not in allowed:
                continue
            match = score(query, tokens, record, threshold)
            if match is not None and match.score >= threshold:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.key))
        return matches[:limit]
