"""Write audit events into the hash-chained log.

Who acts and from where comes from :data:`current_actor`, set for each request by
:class:`~racine.core.middleware.AuditContextMiddleware` and for each CLI command by
:func:`acting_as`. Business models register with :func:`track`: their creations,
updates (with the changed fields) and deletions are then recorded in the same
transaction as the change itself, so a rolled-back change leaves no entry.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.utils import timezone

from racine.core import auditchain, db
from racine.core.choices import AuditAction

MASKED = "********"


@dataclass(frozen=True)
class Actor:
    """Who is acting, for the audit log."""

    user_id: int | None = None
    username: str = ""
    organisation: str = ""
    client_address: str | None = None


SYSTEM = Actor(username="system")
current_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("actor", default=SYSTEM)


def actor_for(user, client_address: str | None = None) -> Actor:
    """Return the :class:`Actor` for a Django user (anonymous users have no id)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(username="", client_address=client_address)
    organisation = user.organisation.name if user.organisation_id else ""
    return Actor(user.pk, user.get_username(), organisation, client_address)


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Record every event inside the block as done by ``actor``."""
    token = current_actor.set(actor)
    try:
        yield
    finally:
        current_actor.reset(token)


def record(
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    actor: Actor | None = None,
    object_repr: str | None = None,
):
    """Append one entry to the audit chain and return it."""
    from racine.core.models import AuditEntry

    actor = actor or current_actor.get()
    with transaction.atomic():
        db.lock_audit_chain()
        last = AuditEntry.objects.order_by("-sequence").values("sequence", "hash").first()
        fields = {
            "sequence": (last["sequence"] + 1) if last else 1,
            "at": timezone.now(),
            "actor_id": actor.user_id,
            "actor": actor.username[:150],
            "organisation": actor.organisation[:200],
            "action": action,
            "object_type": obj._meta.label if obj is not None else "",
            "object_id": str(obj.pk) if obj is not None and obj.pk is not None else "",
            "object_repr": (object_repr if object_repr is not None else str(obj or ""))[:200],
            "changes": changes or {},
            "client_address": actor.client_address or None,
        }
        prev_hash = last["hash"] if last else auditchain.GENESIS
        entry = AuditEntry(**fields, prev_hash=prev_hash)
        entry.hash = auditchain.entry_hash(prev_hash, fields, settings.RACINE_AUDIT_KEY)
        entry.save()
    return entry


@dataclass(frozen=True)
class Event:
    """One event to append with :func:`record_many`: the object named, not loaded.

    ``object_type`` is the model's label (``exchange.Item``), ``object_id`` its key as
    text, ``object_repr`` what ``str()`` of the object gives.
    """

    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]


def record_many(events: list[Event], actor: Actor | None = None) -> int:
    """Append many entries to the audit chain at once; return how many.

    For bulk writes, which send no signal: the chain is computed here, in order, as
    :func:`record` would compute it entry by entry, then written with one multi-row
    insert per batch. The caller's transaction holds the chain's lock until it ends.
    """
    from racine.core.models import AuditEntry

    if not events:
        return 0
    actor = actor or current_actor.get()
    key = settings.RACINE_AUDIT_KEY
    columns = [*auditchain.HASHED_FIELDS, "prev_hash", "hash"]
    rows = []
    with transaction.atomic():
        db.lock_audit_chain()
        last = AuditEntry.objects.order_by("-sequence").values("sequence", "hash").first()
        sequence = last["sequence"] if last else 0
        prev_hash = last["hash"] if last else auditchain.GENESIS
        now = timezone.now()
        stored_now = db.datetime_value(now)
        who = (actor.user_id, actor.username[:150], actor.organisation[:200])
        address = actor.client_address or None
        canonical = auditchain.BatchCanonical(now, *who, address)
        for event in events:
            sequence += 1
            object_type, object_id = event.object_type, event.object_id
            object_repr = event.object_repr[:200]
            changes_text = auditchain.compact(event.changes)
            canonical_text = canonical.text(
                sequence, event.action, object_type, object_id, object_repr, changes_text
            )
            entry_hash = auditchain.hash_text(prev_hash, canonical_text, key)
            # In the order of auditchain.HASHED_FIELDS, then the links.
            rows.append(
                (
                    sequence,
                    stored_now,
                    *who,
                    event.action,
                    object_type,
                    object_id,
                    object_repr,
                    changes_text,
                    address,
                    prev_hash,
                    entry_hash,
                )
            )
            prev_hash = entry_hash
        db.insert_rows(AuditEntry, columns, rows)
    return len(rows)


def creation_changes_of(model: type[models.Model], values: dict[str, Any]) -> dict[str, Any]:
    """Return what creating a ``model`` row of ``values`` (by attname) records, unbuilt.

    For bulk writes that insert plain values without building instances: the same
    changes as a single save of the instance those values would make records.
    """
    return _creation_recorder(model)(values)


@functools.cache
def _creation_recorder(model: type[models.Model]):
    """Return a function giving a row's creation changes, its fields looked up once.

    The same result as :func:`_on_save` for a creation (masked fields masked, before and
    after), at a fraction of the cost for the thousands of rows of a bulk import.
    """
    masked = getattr(model, "audit_masked_fields", ("password",))
    fields = [
        (field.attname, field.attname in masked)
        for field in model._meta.concrete_fields
        if field.attname not in _tracked[model]
    ]

    def changes(values: dict[str, Any]) -> dict[str, Any]:
        found = {}
        for name, secret in fields:
            if secret:
                found[name] = [MASKED, MASKED]
            else:  # most values are stored as they are: no call for them
                value = values.get(name)
                found[name] = [None, value if type(value) in _AS_IS else _plain(value)]
        return found

    return changes


def _checkpoint_lines() -> list[str]:
    path = Path(settings.RACINE_AUDIT_CHECKPOINTS)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def checkpoints() -> tuple[list[auditchain.Checkpoint], list[str]]:
    """Return the signed checkpoints of the chain, and a problem per forged or broken line."""
    return auditchain.read_checkpoints(_checkpoint_lines(), settings.RACINE_AUDIT_KEY)


def latest_checkpoint() -> auditchain.Checkpoint | None:
    """Return the most recent valid checkpoint, or None."""
    found, _problems = checkpoints()
    return max(found, key=lambda c: c.sequence, default=None)


def write_checkpoint() -> auditchain.Checkpoint | None:
    """Append a signed checkpoint of the chain's head to the file outside the database.

    The daily snapshot calls it; the file only grows (opened for appending), so a later
    truncation or rewrite of the database shows against it.
    """
    from racine.core.models import AuditEntry

    head = AuditEntry.objects.order_by("-sequence").values("sequence", "hash").first()
    if head is None:
        return None
    now = timezone.now()
    line = auditchain.checkpoint_line(
        settings.RACINE_AUDIT_KEY, head["sequence"], head["hash"], now
    )
    path = Path(settings.RACINE_AUDIT_CHECKPOINTS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(line)
    return auditchain.Checkpoint(head["sequence"], head["hash"], now.isoformat())


@dataclass(frozen=True)
class Verification:
    """The chain's verdict and the problems found in the checkpoint file."""

    verdict: auditchain.Verdict
    checkpoint_problems: list[str]

    @property
    def intact(self) -> bool:
        return self.verdict.intact and not self.checkpoint_problems


def verify() -> Verification:
    """Walk the whole chain in order against the key and the checkpoints."""
    from racine.core.models import AuditEntry

    found, problems = checkpoints()
    columns = [*auditchain.HASHED_FIELDS, "prev_hash", "hash"]
    rows = AuditEntry.objects.order_by("sequence").values(*columns).iterator(chunk_size=2000)
    verdict = auditchain.verify(rows, settings.RACINE_AUDIT_KEY, found)
    return Verification(verdict, problems)


# --- change tracking for registered models -------------------------------------------

_tracked: dict[type[models.Model], frozenset[str]] = {}


_AS_IS = frozenset({type(None), bool, int, str})


def _plain(value: Any) -> Any:
    """Return a JSON-safe form of a field value."""
    if type(value) in _AS_IS or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | float):
        return str(value)
    return str(value)


def _snapshot(instance: models.Model, values: dict | None = None) -> dict[str, Any]:
    """Return the tracked fields of ``instance`` in JSON-safe form (from ``values`` if given)."""
    values = instance.__dict__ if values is None else values
    return {name: _plain(values.get(name)) for name in _attnames(type(instance))}


def _mask(model: type[models.Model], name: str, value: Any) -> Any:
    return MASKED if name in getattr(model, "audit_masked_fields", ("password",)) else value


def _loaded_values(instance: models.Model) -> dict[str, Any]:
    """Return a copy of the instance's values as they are now, to compare at its next save.

    Converted only when a save or a deletion needs them: most loaded rows are only read
    (a page of 50 items paid for 50 full snapshots). A list or a dict (JSON fields) is
    copied deeply, so that a change made in place still shows against it.
    """
    current = instance.__dict__
    values = {}
    for name in _attnames(type(instance)):
        if name in current:
            value = current[name]
            values[name] = copy.deepcopy(value) if type(value) in (list, dict) else value
    return values


@functools.cache
def _attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname not in _tracked[model])


def _remember(sender, instance, **kwargs) -> None:
    instance._audit_loaded = _loaded_values(instance) if instance.pk is not None else None


def _initial(instance: models.Model) -> dict[str, Any]:
    """Return the snapshot of the instance as it was loaded or last saved ({} if new)."""
    loaded = getattr(instance, "_audit_loaded", None)
    return {} if loaded is None else _snapshot(instance, loaded)


def _on_save(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    after = _snapshot(instance)
    before = {} if created else _initial(instance)
    changes = {
        name: [_mask(sender, name, before.get(name)), _mask(sender, name, value)]
        for name, value in after.items()
        if created or before.get(name) != value
    }
    instance._audit_loaded = _loaded_values(instance)
    if created:
        record(AuditAction.CREATE, instance, changes)
    elif changes:
        record(AuditAction.UPDATE, instance, changes)


def _on_delete(sender, instance, **kwargs) -> None:
    before = _initial(instance) or _snapshot(instance)
    changes = {name: [_mask(sender, name, value), None] for name, value in before.items()}
    record(AuditAction.DELETE, instance, changes)


def _on_m2m(sender, instance, action, model, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"} or type(instance) not in _tracked:
        return
    field = next(
        f.name for f in type(instance)._meta.many_to_many if f.remote_field.through is sender
    )
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    if action != "post_clear" and not pk_set:
        return
    record(AuditAction.UPDATE, instance, {field: {verb: sorted(map(str, pk_set or []))}})


def track(model: type[models.Model], exclude: tuple[str, ...] = ()) -> None:
    """Record every create, update and delete of ``model`` in the audit log."""
    _tracked[model] = frozenset(exclude)
    uid = f"audit-{model._meta.label}"
    post_init.connect(_remember, sender=model, dispatch_uid=uid)
    post_save.connect(_on_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(_on_m2m, sender=field.remote_field.through, dispatch_uid=uid)
