"""The screening index: token → names, kept on disk, loaded in one read.

Each name's strong tokens are indexed under three keys: the token itself, its metaphone
(spelling variants: "Mohamed"/"Muhammad", "Guzmán"/"Gusman") and, from five letters, its
letters sorted (two letters swapped: "Synesis"/"Syensis"); a name of two tokens or more is
also indexed under all its letters sorted (a letter moved across a space: "Transf-Lot" /
"Trans-Flot"). A query collects the names sharing keys with it, the shorter first among
equals, weighed by how rare the shared keys are (a shared "Loera" says more
than a shared "Mohammed"); rapidfuzz then ranks the best few hundred in C, and only the
best six get the full, explained score (:mod:`.scoring`). The cost of a query depends on
its tokens, not on the size of the lists.

On disk the index is plain lists, strings and arrays (no objects), which unpickle fast.
"""

from __future__ import annotations

import math
import pickle
from array import array
from collections import defaultdict
from collections.abc import Iterable
from itertools import compress
from operator import itemgetter
from pathlib import Path

import jellyfish
import numpy as np
from rapidfuzz import fuzz, process

from racine.sanctions.matching.normalise import identifier_key, name_tokens, tokens_of
from racine.sanctions.matching.scoring import (
    COMPATIBLE,
    DEFAULT_THRESHOLD,
    JOINED_MIN,
    QUALITY_FACTOR,
    Match,
    Query,
    Record,
    explain,
    name_similarity,
)

FORMAT_VERSION = 6  # 6: transliteration folds, misspelt legal forms, joined-name keys
SEPARATOR = "\x1f"  # the ASCII unit separator: never in a name (normalised or stored)
KEY_WEIGHTS = {"t": 1.0, "m": 0.7, "s": 0.6, "j": 1.0}
CANDIDATES = 200  # names ranked by rapidfuzz per query, at most
SCORED = 6  # names given the full score per query (12 found no more on the development set)
SHORTLIST = 36  # names ranked by rapidfuzz before the best SCORED are kept
BIG_KEY = 3000  # a key held by more names only adds weight to names found through rarer keys
QUALITIES = ("primary", "strong", "former", "weak")
_EMPTY = np.zeros(0, dtype=np.uint32)


class _Postings:
    """Postings: key → sorted name rows, as views of one flat array (no copy per key).

    The same shape on disk and in memory, so a query reads a key's rows as a numpy view.
    """

    def __init__(self, keys: list[str], offsets: array, flat: array):
        self.keys = keys
        self.offsets = offsets
        self.flat = flat  # kept as written, for save()
        self._at = {key: i for i, key in enumerate(keys)}
        self._rows = np.frombuffer(flat, dtype=np.uint32) if len(flat) else _EMPTY

    @classmethod
    def of(cls, postings: dict[str, list[int]]) -> _Postings:
        keys = list(postings)
        offsets, flat = array("Q", [0]), array("I")
        for key in keys:
            flat.extend(postings[key])
            offsets.append(len(flat))
        return cls(keys, offsets, flat)

    def get(self, key: str):
        i = self._at.get(key)
        if i is None:
            return None
        return self._rows[self.offsets[i] : self.offsets[i + 1]]

    def __iter__(self):
        return iter(self._at)

    def __getitem__(self, key: str):
        return self.get(key)


def joined_key(tokens) -> str | None:
    """Return the key of a whole name's letters, sorted: the same when a typo moves a letter
    across a space ("Transf-Lot" / "Trans-Flot") or a name is split elsewhere."""
    if len(tokens) < 2:
        return None
    joined = "".join(tokens)
    return "j:" + "".join(sorted(joined)) if len(joined) >= JOINED_MIN else None


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
        self.postings: _Postings = postings
        self.identifiers: dict[str, array] = identifiers
        self.state = state  # what the index was built from, to know when to rebuild
        # Each name row's kind, to keep the candidates of the query's kind in one step.
        schemas = sorted({record[1] for record in records})
        self.schema_codes = {schema: code for code, schema in enumerate(schemas)}
        of_record = np.fromiter(
            (self.schema_codes[record[1]] for record in records), np.uint8, len(records)
        )
        at = np.frombuffer(self.row_record, dtype=np.uint32) if len(self.row_record) else _EMPTY
        self.row_schema = of_record[at] if len(records) else np.zeros(0, np.uint8)
        self._masks: dict[frozenset, np.ndarray] = {}
        # Among names found through the same keys, the shorter come first ("United Company"
        # before the many "United … Trading Company"): a tie-break far below any key weight.
        self.row_tiebreak = np.fromiter(map(len, self.row_text), np.float64, len(self.row_text))
        self.row_tiebreak *= 1e-6

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
                joined = joined_key(strong)
                if joined:
                    seen.add(joined)
                    postings[joined].append(row)
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
            _Postings.of(postings),
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
        keys, offsets, flat = self.postings.keys, self.postings.offsets, self.postings.flat
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
        """Return the name rows sharing the most (and rarest) keys with ``tokens``.

        Vectorised: each token's keys give arrays of rows, each row keeps its best key's
        weight for the token, and the weights of the tokens add up (numpy, no loop per row).
        """
        total = max(len(self.row_name), 1)
        found_rows, found_weights = [], []
        big: list[tuple[np.ndarray, float]] = []
        joined = joined_key(tokens)
        for token in [*set(tokens), *([joined] if joined else [])]:
            rows_of_token, weights_of_token = [], []
            for key in [token] if token is joined else keys_of(token):
                rows = self.postings.get(key)
                if rows is None or not len(rows):
                    continue
                weight = KEY_WEIGHTS[key[0]] * math.log(1 + total / len(rows))
                if len(rows) > BIG_KEY:
                    big.append((rows, weight))
                    continue
                rows_of_token.append(rows)
                weights_of_token.append(weight)
            if len(rows_of_token) == 1:
                found_rows.append(rows_of_token[0])
                found_weights.append(np.full(len(rows_of_token[0]), weights_of_token[0]))
            elif rows_of_token:  # a row under two keys of one token counts its best key
                rows = np.concatenate(rows_of_token)
                weights = np.repeat(weights_of_token, [len(r) for r in rows_of_token])
                order = np.lexsort((-weights, rows))
                rows, weights = rows[order], weights[order]
                first = np.empty(len(rows), dtype=bool)
                first[0] = True
                np.not_equal(rows[1:], rows[:-1], out=first[1:])
                found_rows.append(rows[first])
                found_weights.append(weights[first])
        if found_rows:
            rows, weights = _summed(found_rows, found_weights)
            # Common words ("Mohammed", "Trading") raise the names already found: postings
            # are sorted, so membership is one vectorised binary search per common key.
            if len(rows) > CANDIDATES * 4:
                weights = weights - self.row_tiebreak[rows]
                best = np.argpartition(-weights, CANDIDATES * 4)[: CANDIDATES * 4]
                rows, weights = rows[best], weights[best]
            for held, weight in big:
                at = np.minimum(np.searchsorted(held, rows), len(held) - 1)
                weights = weights + weight * (held[at] == rows)
        elif big:  # only common words ("Mohammed Ali"): names holding the most of them
            rows, weights = _summed(
                [held[: CANDIDATES * 20] for held, _w in big],
                [np.full(min(len(held), CANDIDATES * 20), w) for held, w in big],
            )
        else:
            return []
        weights = weights - self.row_tiebreak[rows]
        if len(rows) > CANDIDATES:
            best = np.argpartition(-weights, CANDIDATES)[:CANDIDATES]
            rows, weights = rows[best], weights[best]
        return rows[np.lexsort((rows, -weights))].tolist()

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """Return the entries matching ``query`` at or above ``threshold``, best first."""
        tokens, _weak = name_tokens(query.name, query.schema)
        if not tokens:
            return []
        allowed = COMPATIBLE.get(query.schema)
        rows = self.candidate_rows(tokens)
        if allowed is not None and rows:
            kept = self._schema_mask(allowed)[self.row_schema[rows]]
            rows = list(compress(rows, kept.tolist()))
        text = " ".join(tokens)
        ranked = process.extract(
            text, self._texts(rows), scorer=fuzz.token_set_ratio, limit=SHORTLIST
        )
        if len(ranked) > SCORED:
            # token_set_ratio gives 100 to every name holding the query's words: among those,
            # the ones with fewer extra words come first ("Ibrahim Muhammad" itself before
            # "Ibrahim Abd al-Baqi Muhammad").
            ranked.sort(key=lambda found: -found[1] - fuzz.token_sort_ratio(text, found[0]))
            ranked = ranked[:SCORED]
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

    def _texts(self, rows: list[int]) -> list[str] | tuple[str, ...]:
        """Return the normalised text of ``rows`` (itemgetter: one C call for them all)."""
        if len(rows) < 2:
            return [self.row_text[row] for row in rows]
        return itemgetter(*rows)(self.row_text)

    def _schema_mask(self, allowed) -> np.ndarray:
        """Return a lookup table: schema code → whether a query of this kind may match it."""
        key = frozenset(allowed)
        mask = self._masks.get(key)
        if mask is None:
            mask = np.zeros(256, dtype=bool)
            mask[[self.schema_codes[s] for s in allowed if s in self.schema_codes]] = True
            self._masks[key] = mask
        return mask

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


def _summed(rows: list[np.ndarray], weights: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Return each distinct row once with the sum of its weights."""
    rows_all = np.concatenate(rows)
    distinct, inverse = np.unique(rows_all, return_inverse=True)
    return distinct, np.bincount(inverse, weights=np.concatenate(weights))
