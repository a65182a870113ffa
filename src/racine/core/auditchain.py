"""The audit log's keyed hash chain and its signed checkpoints: compute and verify.

Plain Python, no Django: an entry is a mapping of its columns. Each entry's hash is the
HMAC-SHA256, under a key kept outside the database (``RACINE_AUDIT_KEY``), of the previous
entry's hash and a canonical JSON form of its own columns. Whoever can rewrite the
database but does not hold the key cannot recompute the chain after changing an entry —
as they could with a plain SHA-256 chain.

Checkpoints anchor the chain outside the database: a line of JSON (sequence, hash, time)
signed with the same key, appended to a file each day. A chain shorter than a checkpoint
(truncated), or whose hash at a checkpoint's sequence differs (rewritten), is caught.

Chains written before the key (plain SHA-256) stay verifiable without being rewritten: an
entry may carry the plain hash only if no keyed entry precedes it *and* a signed checkpoint
at or after it vouches for it (``racine audit checkpoint`` right after the upgrade). The
checkpoint pins the hash of the plain prefix, and every later entry needs the key, so a
forger can neither recompute a plain chain from scratch nor extend one.
"""

from __future__ import annotations

import hashlib
import hmac
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
CHECKPOINT_FIELDS = ("sequence", "hash", "at")


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


def compact(value: Any) -> str:
    """Return the canonical JSON text of a value: sorted keys, no spaces."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class BatchCanonical:
    """The canonical texts of many entries sharing their time and actor (a bulk write).

    The same text as :func:`canonical`, its constant parts encoded once: encoding a whole
    entry per row was a good share of a bulk import. Keys in sorted order: action, actor,
    actor_id, at, changes, client_address, object_id, object_repr, object_type,
    organisation, sequence. :func:`verify` recomputes every hash with :func:`canonical`,
    so a difference cannot pass unseen.
    """

    def __init__(self, at, actor_id, actor: str, organisation: str, client_address):
        self.actor = f',"actor":{_encode(actor)},"actor_id":{_encode(actor_id)}'
        self.at = f',"at":{_encode(_canonical_time(at))},"changes":'
        self.address = f',"client_address":{_encode(client_address or None)},"object_id":'
        self.organisation = f',"organisation":{_encode(organisation)},"sequence":'

    def text(
        self,
        sequence: int,
        action: str,
        object_type: str,
        object_id: str,
        object_repr: str,
        changes_text: str,
    ) -> str:
        """Return the canonical text of one entry (``changes_text`` as :func:`compact` gives)."""
        return (
            f'{{"action":{_encode(action)}{self.actor}{self.at}{changes_text}{self.address}'
            f'{_encode(object_id)},"object_repr":{_encode(object_repr)},"object_type":'
            f"{_encode(object_type)}{self.organisation}{_encode(sequence)}}}"
        )


def hash_text(prev_hash: str, canonical_text: str, key: str) -> str:
    """Return the keyed hash of an entry from its canonical text (see :func:`entry_hash`)."""
    message = f"{prev_hash}\n{canonical_text}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def _message(prev_hash: str, entry: Mapping[str, Any]) -> bytes:
    return f"{prev_hash}\n{canonical(entry)}".encode()


def entry_hash(prev_hash: str, entry: Mapping[str, Any], key: str | None = None) -> str:
    """Return the hash that links ``entry`` to the entry before it.

    With ``key``, the HMAC-SHA256 every new entry gets; without, the plain SHA-256 of
    chains written before the key existed.
    """
    if key is None:
        return hashlib.sha256(_message(prev_hash, entry)).hexdigest()
    return hmac.new(key.encode(), _message(prev_hash, entry), hashlib.sha256).hexdigest()


# --- checkpoints ------------------------------------------------------------------------


def _checkpoint_message(checkpoint: Mapping[str, Any]) -> bytes:
    payload = {name: checkpoint[name] for name in CHECKPOINT_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_line(key: str, sequence: int, hash_: str, at: datetime) -> str:
    """Return one signed checkpoint as a line of JSON (with its newline)."""
    checkpoint: dict[str, Any] = {"sequence": sequence, "hash": hash_, "at": _canonical_time(at)}
    checkpoint["signature"] = hmac.new(
        key.encode(), _checkpoint_message(checkpoint), hashlib.sha256
    ).hexdigest()
    return json.dumps(checkpoint, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Checkpoint:
    """A signed record, kept outside the database, of the chain's head at one moment."""

    sequence: int
    hash: str
    at: str


def read_checkpoints(lines: Iterable[str], key: str) -> tuple[list[Checkpoint], list[str]]:
    """Return the checkpoints whose signature holds, and a problem per line that does not."""
    checkpoints, problems = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            expected = hmac.new(key.encode(), _checkpoint_message(raw), hashlib.sha256)
            valid = hmac.compare_digest(expected.hexdigest(), str(raw.get("signature", "")))
        except (ValueError, KeyError, TypeError, AttributeError):
            valid = False
        if not valid:
            problems.append(f"checkpoint line {number}: unreadable or signature does not match")
            continue
        checkpoints.append(Checkpoint(int(raw["sequence"]), str(raw["hash"]), str(raw["at"])))
    return checkpoints, problems


# --- verification -------------------------------------------------------------------------


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
    checkpoints: int = 0
    legacy_entries: int = 0

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(
    entries: Iterable[Mapping[str, Any]],
    key: str,
    checkpoints: Iterable[Checkpoint] = (),
) -> Verdict:
    """Walk ``entries`` in sequence order and return the first altered or missing entry.

    Every checkpoint must find the chain long enough and holding the same hash at its
    sequence; a shorter chain was truncated.
    """
    anchors = {c.sequence: c for c in checkpoints}
    vouched_until = max(anchors, default=0)  # plain hashes are accepted up to here only
    expected_sequence, prev_hash, count, legacy, keyed_seen = 1, GENESIS, 0, 0, False
    for entry in entries:
        count += 1
        sequence = entry["sequence"]
        if sequence != expected_sequence:
            missing = expected_sequence if sequence > expected_sequence else sequence
            return Verdict(count, Break(missing, "missing (the sequence jumps)"), len(anchors))
        if entry["prev_hash"] != prev_hash:
            return Verdict(
                count, Break(sequence, "does not link to the entry before it"), len(anchors)
            )
        if hmac.compare_digest(entry["hash"], entry_hash(prev_hash, entry, key)):
            keyed_seen = True
        elif (
            not keyed_seen
            and sequence <= vouched_until
            and entry["hash"] == entry_hash(prev_hash, entry)
        ):
            legacy += 1  # written before the key; covered by the first keyed entry's MAC
        else:
            return Verdict(
                count,
                Break(sequence, "altered (its content no longer matches its keyed hash)"),
                len(anchors),
            )
        anchor = anchors.get(sequence)
        if anchor is not None and anchor.hash != entry["hash"]:
            return Verdict(
                count,
                Break(sequence, f"differs from the checkpoint of {anchor.at} (rewritten)"),
                len(anchors),
            )
        prev_hash = entry["hash"]
        expected_sequence += 1
    if anchors and max(anchors) > count:
        latest = anchors[max(anchors)]
        return Verdict(
            count,
            Break(
                count + 1,
                f"missing: the chain ends at #{count} but the checkpoint of {latest.at} "
                f"saw #{latest.sequence} (truncated)",
            ),
            len(anchors),
            legacy,
        )
    return Verdict(count, None, len(anchors), legacy)
