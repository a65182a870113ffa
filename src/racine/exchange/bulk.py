"""Store many checked items at once: bulk inserts and one stretch of the audit chain.

:func:`racine.exchange.compose.store_item` saves an item row by row, each save writing
its audit entry through the model signals. A file of 20,000 seizure reports would take
minutes that way; here every table gets one multi-row insert per batch, and the audit
entries a row-by-row store would have written (the same objects, the same masked
fields, in the same order) are chained and inserted with
:func:`racine.core.audit.record_many`. The caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from racine.core import audit
from racine.core.choices import AuditAction
from racine.exchange.compose import CheckedItem
from racine.exchange.models import Entity, Item, SeizedDrug, Seizure

BATCH = 1000  # rows per chunk: progress moves, memory stays flat

Progress = Callable[[int, int], None]


def _events(checked: CheckedItem) -> list[audit.Event]:
    """Return the audit events of one stored item, in the order store_item writes them."""
    item = checked.item
    events = [audit.Event(AuditAction.CREATE, item, audit.creation_changes(item))]
    for name, related in (("organisations", checked.listed), ("recipients", checked.recipients)):
        if related:
            added = sorted(str(obj.pk) for obj in related)
            events.append(audit.Event(AuditAction.UPDATE, item, {name: {"added": added}}))
    parts = [*checked.entities, *([checked.seizure] if checked.seizure else []), *checked.drugs]
    events += [audit.Event(AuditAction.CREATE, part, audit.creation_changes(part)) for part in parts]
    return events


def _store_batch(batch: list[CheckedItem]) -> None:
    items = Item.objects.bulk_create([checked.item for checked in batch])
    organisations, recipients = [], []
    entities, seizures = [], []
    for checked, item in zip(batch, items, strict=True):
        organisations += [
            Item.organisations.through(item_id=item.pk, organisation_id=o.pk)
            for o in checked.listed
        ]
        recipients += [
            Item.recipients.through(item_id=item.pk, user_id=u.pk) for u in checked.recipients
        ]
        for entity in checked.entities:
            entity.item = item
            entities.append(entity)
        if checked.seizure is not None:
            checked.seizure.item = item
            seizures.append(checked.seizure)
    Item.organisations.through.objects.bulk_create(organisations)
    Item.recipients.through.objects.bulk_create(recipients)
    Entity.objects.bulk_create(entities)
    Seizure.objects.bulk_create(seizures)
    drugs = []
    for checked in batch:
        for drug in checked.drugs:
            drug.seizure = checked.seizure
            drugs.append(drug)
    SeizedDrug.objects.bulk_create(drugs)
    audit.record_many([event for checked in batch for event in _events(checked)])


def store_items(checked: list[CheckedItem], progress: Progress | None = None) -> list[int]:
    """Store checked items (seizure reports) with their audit entries; return their ids.

    Runs inside the caller's transaction: an interruption anywhere leaves nothing.
    """
    for start in range(0, len(checked), BATCH):
        _store_batch(checked[start : start + BATCH])
        if progress is not None:
            progress(min(start + BATCH, len(checked)), len(checked))
    return [entry.item.pk for entry in checked]
