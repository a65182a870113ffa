"""Store many checked items at once: bulk inserts and one stretch of the audit chain.

:func:`racine.exchange.compose.store_item` saves an item row by row, each save writing
its audit entry through the model signals. A file of 20,000 seizure reports would take
minutes that way; here every table gets one multi-row insert per batch, and the audit
entries a row-by-row store would have written (the same objects, the same masked
fields, in the same order) are chained and inserted with
:func:`racine.core.audit.record_many`. The caller owns the transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.utils.translation import get_language

from racine.core import audit, db
from racine.core.choices import AuditAction
from racine.exchange import events
from racine.exchange.choices import Drug, EntityKind, ItemKind
from racine.exchange.compose import CheckedItem
from racine.exchange.models import Entity, Item, SeizedDrug, Seizure

BATCH = 1000  # rows per chunk: progress moves, memory stays flat

Progress = Callable[[int, int], None]


@functools.cache
def _label(choices, value: str, language: str | None) -> str:
    return str(choices(value).label)


def _repr(obj, language: str | None) -> str:
    """Return ``str(obj)`` as the models write it, with their labels looked up once.

    ``get_FOO_display`` rebuilds its choices at each call, and asking the active language
    costs as much: for 150,000 audit entries that was most of an import's time.
    """
    if isinstance(obj, Item):
        return f"{_label(ItemKind, obj.kind, language)} #{obj.pk}"
    if isinstance(obj, Entity):
        return f"{_label(EntityKind, obj.kind, language)} #{obj.pk}"
    if isinstance(obj, SeizedDrug):
        drug = _label(Drug, obj.drug, language)
        return f"{drug} {obj.normalised_quantity} {obj.normalised_unit}"
    return str(obj)


def _events(checked: CheckedItem, language: str | None) -> list[audit.Event]:
    """Return the audit events of one stored item, in the order store_item writes them."""
    item = checked.item
    item_repr = _repr(item, language)
    events = [audit.Event(AuditAction.CREATE, item, audit.creation_changes(item), item_repr)]
    for name, related in (("organisations", checked.listed), ("recipients", checked.recipients)):
        if related:
            added = sorted(str(obj.pk) for obj in related)
            events.append(
                audit.Event(AuditAction.UPDATE, item, {name: {"added": added}}, item_repr)
            )
    parts = [*checked.entities, *([checked.seizure] if checked.seizure else []), *checked.drugs]
    events += [
        audit.Event(AuditAction.CREATE, part, audit.creation_changes(part), _repr(part, language))
        for part in parts
    ]
    return events


def _numbered(model, objects: list) -> list:
    for obj, pk in zip(objects, db.reserve_ids(model, len(objects)), strict=True):
        obj.pk = pk
    return objects


def _store_batch(batch: list[CheckedItem]) -> None:
    items = _numbered(Item, [checked.item for checked in batch])
    organisations, recipients, entities, seizures, drugs = [], [], [], [], []
    for checked in batch:
        item = checked.item
        organisations += [(item.pk, o.pk) for o in checked.listed]
        recipients += [(item.pk, u.pk) for u in checked.recipients]
        for entity in checked.entities:
            entity.item = item
            entities.append(entity)
        if checked.seizure is not None:
            checked.seizure.item = item
            seizures.append(checked.seizure)
    _numbered(Entity, entities)
    _numbered(Seizure, seizures)
    for checked in batch:
        for drug in checked.drugs:
            drug.seizure = checked.seizure
            drugs.append(drug)
    _numbered(SeizedDrug, drugs)
    db.insert_instances(Item, items)
    db.insert_rows(Item.organisations.through, ["item_id", "organisation_id"], organisations)
    db.insert_rows(Item.recipients.through, ["item_id", "user_id"], recipients)
    db.insert_instances(Entity, entities)
    db.insert_instances(Seizure, seizures)
    db.insert_instances(SeizedDrug, drugs)
    language = get_language()
    audit.record_many([event for checked in batch for event in _events(checked, language)])


def store_items(checked: list[CheckedItem], progress: Progress | None = None) -> list[int]:
    """Store checked items (seizure reports) with their audit entries; return their ids.

    Runs inside the caller's transaction: an interruption anywhere leaves nothing.
    """
    with events.batched():  # one notification job for the file, queued at commit
        for start in range(0, len(checked), BATCH):
            _store_batch(checked[start : start + BATCH])
            if progress is not None:
                progress(min(start + BATCH, len(checked)), len(checked))
        for entry in checked:
            events.announce(events.SHARED, entry.item.pk)
    return [entry.item.pk for entry in checked]
