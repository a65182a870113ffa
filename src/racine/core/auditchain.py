"""The audit log's hash chain: compute an entry's hash and verify a whole chain.

Plain Python, no Django: an entry is a mapping of its columns. Each entry's hash is
the SHA-256 of the previous entry's hash and a canonical JSON form of its own
columns, so an entry changed, removed, inserted or reordered breaks every link after
it — and :func:`verify` names the first one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = (
    "sequence",
    "at",
    "actor_id",
    "actor",
    "organisation",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "client_address",
)


def _canonical_time(value: datetime | str) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def canonical(entry: Mapping[str, Any]) -> str:
    """Return the canonical JSON text of an entry's hashed columns."""
    payload = {name: entry.get(name) for name in HASHED_FIELDS}
    payload["at"] = _canonical_time(entry["at"])
    payload["client_address"] = payload["client_address"] or None
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """Return the hash that links ``entry`` to the entry before it."""
    return hashlib.sha256(f"{prev_hash}\n{canonical(entry)}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """Where and why a chain stops being intact."""

    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.sequence}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    """The result of walking a chain: how many entries, and the first break if any."""

    entries: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(entries: Iterable[Mapping[str, Any]]) -> Verdict:
    """Walk ``entries`` in sequence order and return the first altered or missing entry."""
    expected_sequence = 1
    prev_hash = GENESIS
    count = 0
    for entry in entries:
        count += 1
        sequence = entry["sequence"]
        if sequence != expected_sequence:
            missing = expected_sequence if sequence > expected_sequence else sequence
            return Verdict(count, Break(missing, "missing (the sequence jumps)"))
        if entry["prev_hash"] != prev_hash:
            return Verdict(count, Break(sequence, "does not link to the entry before it"))
        if entry["hash"] != entry_hash(prev_hash, entry):
            return Verdict(
                count, Break(sequence, "altered (its content no longer matches its hash)")
            )
        prev_hash = entry["hash"]
        expected_sequence += 1
    return Verdict(count, None)
