"""The screening index: token → names, kept on disk, loaded in one read.

Each name's strong tokens are indexed under three keys: the token itself, its metaphone
(spelling variants: "Mohamed"/"Muhammad", "Guzmán"/"Gusman") and, from five letters, its
letters sorted (two letters swapped: "Synesis"/"Syensis"). A query collects the names
sharing keys with it, weighed by how rare the shared keys are (a shared "Loera" says more
than a shared "Mohammed"); rapidfuzz then ranks the best few hundred in C, and only the
best dozen get the full, explained score (:mod:`.scoring`). The cost of a query depends on
its tokens, not on the size of the lists.

On disk the index is plain lists, strings and arrays (no objects), which unpickle fast.
"""

from __future__ import annotations

import math
import pickle
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import jellyfish
from rapidfuzz import fuzz, process

from racine.sanctions.matching.normalise import identifier_key, name_tokens, tokens_of
from racine.sanctions.matching.scoring import (
    COMPATIBLE,
    DEFAULT_THRESHOLD,
    QUALITY_FACTOR,
    Match,
    Query,
    Record,
    explain,
    name_similarity,
)

FORMAT_VERSION = 4
SEPARATOR = "\x1f"  # the ASCII unit separator: never in a name (normalised or stored)
KEY_WEIGHTS = {"t": 1.0, "m": 0.7, "s": 0.6}
CANDIDATES = 300  # names ranked by rapidfuzz per query, at most
SCORED = 12  # names given the full score per query
BIG_KEY = 3000  # a key held by more names only adds weight to names found through rarer keys
QUALITIES = ("primary", "strong", "former", "weak")


class _Postings:
    """Postings read from disk: key → slice of one flat array, built without copying."""

    def __init__(self, keys: list[str], offsets: array, flat: array):
        self._at = {key: i for i, key in enumerate(keys)}
        self._offsets = offsets
        self._flat = flat

    def get(self, key: str):
        i = self._at.get(key)
        if i is None:
            return None
        return self._flat[self._offsets[i] : self._offsets[i + 1]]

    def __iter__(self):
        return iter(self._at)

    def __getitem__(self, key: str):
        return self.get(key)


def keys_of(token: str) -> list[str]:
    """Return the index keys of one token."""
    keys = [f"t:{token}"]
    if not token.isdigit() and len(token) > 2:
        keys.append(f"m:{jellyfish.metaphone(token)}")
    if len(token) >= 5:
        keys.append("s:" + "".join(sorted(token)))  # two letters swapped: "Synesis"/"Syensis"
    return keys


class ScreeningIndex:
    """Every screened name of every list, ready to answer queries."""

    def __init__(self, records, rows, postings, identifiers, state: str = ""):
        # records: (key, schema, birth years, countries, identifiers) per record position
        self.records: list[tuple] = records
        # rows: per name row — record position, quality code, name, normalised tokens
        self.row_record: array = rows[0]
        self.row_quality: bytes = rows[1]
        self.row_name: list[str] = rows[2]
        self.row_text: list[str] = rows[3]
        self.postings: dict[str, array] = postings
        self.identifiers: dict[str, array] = identifiers
        self.state = state  # what the index was built from, to know when to rebuild

    @classmethod
    def build(cls, records: Iterable[Record], state: str = "") -> ScreeningIndex:
        """Index ``records`` (each name of each record)."""
        kept: list[tuple] = []
        row_record, row_quality = array("I"), bytearray()
        row_name: list[str] = []
        row_text: list[str] = []
        postings: dict[str, list[int]] = defaultdict(list)
        identifiers: dict[str, list[int]] = defaultdict(list)
        key_cache: dict[str, list[str]] = {}
        for record in records:
            position = len(kept)
            kept.append(
                (
                    record.key,
                    record.schema,
                    tuple(record.birth_years),
                    tuple(record.countries),
                    tuple(record.identifiers),
                )
            )
            for name, quality in record.names:
                strong, _weak = tokens_of(name, record.schema)
                if not strong:
                    continue
                row = len(row_name)
                row_record.append(position)
                row_quality.append(QUALITIES.index(quality) if quality in QUALITIES else 1)
                row_name.append(name)
                row_text.append(" ".join(strong))
                seen = set()
                for token in strong:
                    keys = key_cache.get(token)
                    if keys is None:
                        keys = key_cache[token] = keys_of(token)
                    for key in keys:
                        if key not in seen:
                            seen.add(key)
                            postings[key].append(row)
            for identifier in record.identifiers:
                identifiers[identifier].append(position)
        return cls(
            kept,
            (row_record, bytes(row_quality), row_name, row_text),
            {key: array("I", rows) for key, rows in postings.items()},
            {key: array("I", rows) for key, rows in identifiers.items()},
            state,
        )

    def save(self, path: Path) -> None:
        """Write the index to ``path`` atomically (readers never see half a file).

        Strings are joined into one text and postings into one array: a handful of large
        objects unpickle in a fraction of the time of a million small ones.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        keys = list(self.postings)
        offsets, flat = array("Q", [0]), array("I")
        for key in keys:
            flat.extend(self.postings[key])
            offsets.append(len(flat))
        content = (
            FORMAT_VERSION,
            self.state,
            self.records,
            self.row_record,
            self.row_quality,
            SEPARATOR.join(self.row_name),
            SEPARATOR.join(self.row_text),
            SEPARATOR.join(keys),
            offsets,
            flat,
            self.identifiers,
        )
        with temporary.open("wb") as handle:
            pickle.dump(content, handle, protocol=pickle.HIGHEST_PROTOCOL)
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
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, ValueError):
            return None
        if not isinstance(content, tuple) or content[0] != FORMAT_VERSION:
            return None
        (
            _v,
            state,
            records,
            row_record,
            row_quality,
            names,
            texts,
            keys,
            offsets,
            flat,
            identifiers,
        ) = content
        postings = _Postings(keys.split(SEPARATOR) if keys else [], offsets, flat)
        rows = (row_record, row_quality, names.split(SEPARATOR), texts.split(SEPARATOR))
        if not names:
            rows = (row_record, row_quality, [], [])
        return cls(records, rows, postings, identifiers, state)

    def __len__(self) -> int:
        return len(self.row_name)

    def record(self, position: int, names: tuple = ()) -> Record:
        key, schema, years, countries, identifiers = self.records[position]
        return Record(key, schema, names, years, countries, identifiers)

    def candidate_rows(self, tokens: tuple[str, ...]) -> list[int]:
        """Return the name rows sharing the most (and rarest) keys with ``tokens``."""
        total = max(len(self.row_name), 1)
        weights: dict[int, float] = defaultdict(float)
        big: list[tuple[str, array, float]] = []
        for token in set(tokens):
            best: dict[int, float] = {}
            for key in keys_of(token):
                rows = self.postings.get(key)
                if not rows:
                    continue
                weight = KEY_WEIGHTS[key[0]] * math.log(1 + total / len(rows))
                if len(rows) > BIG_KEY:
                    big.append((token, rows, weight))
                    continue
                for row in rows:
                    if best.get(row, 0.0) < weight:
                        best[row] = weight
            for row, weight in best.items():
                weights[row] += weight
        if weights:
            # Common words ("Mohammed", "Trading") raise the names already found: postings
            # are sorted, so membership is a binary search, not a walk through the list.
            found = list(weights)
            if len(found) > CANDIDATES * 4:
                found = sorted(found, key=weights.__getitem__, reverse=True)[: CANDIDATES * 4]
            for _token, rows, weight in big:
                for row in found:
                    at = bisect_left(rows, row)
                    if at < len(rows) and rows[at] == row:
                        weights[row] += weight
        else:  # only common words ("Mohammed Ali"): names holding the most of them
            counts: dict[int, float] = defaultdict(float)
            for _token, rows, weight in big:
                for row in rows[: CANDIDATES * 20]:
                    counts[row] += weight
            weights = counts
        if len(weights) <= CANDIDATES:
            return list(weights)
        return sorted(weights, key=weights.__getitem__, reverse=True)[:CANDIDATES]

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """Return the entries matching ``query`` at or above ``threshold``, best first."""
        tokens, _weak = name_tokens(query.name, query.schema)
        if not tokens:
            return []
        allowed = COMPATIBLE.get(query.schema)
        rows = self.candidate_rows(tokens)
        if allowed is not None:
            rows = [r for r in rows if self.records[self.row_record[r]][1] in allowed]
        ranked = process.extract(
            " ".join(tokens),
            [self.row_text[r] for r in rows],
            scorer=fuzz.token_set_ratio,
            limit=SCORED,
        )
        best: dict[int, tuple[float, str, str]] = {}
        for _text, _rank, at in ranked:
            row = rows[at]
            quality = QUALITIES[self.row_quality[row]]
            similarity = name_similarity(tokens, tuple(self.row_text[row].split()))
            similarity *= QUALITY_FACTOR[quality]
            position = self.row_record[row]
            if position not in best or similarity > best[position][0]:
                best[position] = (similarity, self.row_name[row], quality)
        identifier = identifier_key(query.identifier)
        for position in self.identifiers.get(identifier, ()) if identifier else ():
            if position not in best and (allowed is None or self.records[position][1] in allowed):
                names = self._names_of(position)
                candidates = [
                    (
                        name_similarity(tokens, tuple(text.split())) * QUALITY_FACTOR[quality],
                        name,
                        quality,
                    )
                    for name, quality, text in names
                ]
                if candidates:
                    best[position] = max(candidates)
        matches = []
        for position, (similarity, name, quality) in best.items():
            match = explain(query, self.record(position), similarity, name, quality, threshold)
            if match.score >= threshold:
                matches.append(match)
        matches.sort(key=lambda m: (-m.score, m.key))
        return matches[:limit]

    def _names_of(self, position: int) -> list[tuple[str, str, str]]:
        """Return (name, quality, tokens) of a record's rows (rare: identifier hits only)."""
        start = self._first_row(position)
        out = []
        row = start
        while row < len(self.row_record) and self.row_record[row] == position:
            out.append((self.row_name[row], QUALITIES[self.row_quality[row]], self.row_text[row]))
            row += 1
        return out

    def _first_row(self, position: int) -> int:
        # Rows are written record after record, so positions are sorted: bisect them.
        low, high = 0, len(self.row_record)
        while low < high:
            middle = (low + high) // 2
            if self.row_record[middle] < position:
                low = middle + 1
            else:
                high = middle
        return low
