"""Store many checked items at once: bulk inserts and one audit entry per report.

:func:`racine.exchange.compose.store_item` saves an item row by row, each save writing
its audit entry through the model signals. A file of 20,000 seizure reports would take
minutes that way; here no model instance is built: the checked values
(:class:`~racine.exchange.compose.CheckedItem`) become rows, every table gets one
multi-row insert per batch, and each report gets **one** audit entry, chained with
:func:`racine.core.audit.record_many`. That entry is the item's creation (its fields,
masked as a single save masks them) carrying what the report brought with it:
``organisations`` and ``recipients`` (``{"added": [ids]}``, as the many-to-many entries
of a single write), and ``entities``, ``seizure`` and ``drugs``, each child's creation
changes exactly as its own entry would hold them (its id and parent's id included). A
report of eight rows is thus audited by one entry instead of eight: the log's cost was
most of an import's. The caller owns the transaction.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.translation import get_language

from racine.core import audit, db
from racine.core.choices import AuditAction
from racine.exchange import events
from racine.exchange.choices import ItemKind
from racine.exchange.compose import CheckedItem
from racine.exchange.models import Entity, Item, SeizedDrug, Seizure

BATCH = 1000  # rows per chunk: progress moves, memory stays flat

Progress = Callable[[int, int], None]
ITEM = Item._meta.label


@functools.cache
def _label(choices, value: str, language: str | None) -> str:
    return str(choices(value).label)


def _store_batch(batch: list[CheckedItem], language: str | None) -> list[int]:
    """Insert one batch of checked reports and their audit entries; return the items' ids."""
    if any(c.alert is not None or c.request is not None for c in batch):
        raise ValueError("the bulk path stores seizure reports only")
    changes_of = audit.creation_changes_of
    item_ids = db.reserve_ids(Item, len(batch))
    entity_ids = iter(db.reserve_ids(Entity, sum(len(c.entities) for c in batch)))
    seizure_ids = iter(db.reserve_ids(Seizure, sum(c.seizure is not None for c in batch)))
    drug_ids = iter(db.reserve_ids(SeizedDrug, sum(len(c.drugs) for c in batch)))
    now = timezone.now()  # created_at and updated_at, as a save would set them
    items, organisations, recipients, entities, seizures, drugs = [], [], [], [], [], []
    entries = []
    for checked, pk in zip(batch, item_ids, strict=True):
        item = {**checked.fields, "id": pk, "created_at": now, "updated_at": now}
        items.append(item)
        changes = changes_of(Item, item)
        if checked.listed:
            organisations += [(pk, o.pk) for o in checked.listed]
            changes["organisations"] = {"added": sorted(str(o.pk) for o in checked.listed)}
        if checked.recipients:
            recipients += [(pk, u.pk) for u in checked.recipients]
            changes["recipients"] = {"added": sorted(str(u.pk) for u in checked.recipients)}
        parts = []
        for entity in checked.entities:
            row = {**vars(entity), "id": next(entity_ids), "item_id": pk}
            entities.append(row)
            parts.append(changes_of(Entity, row))
        changes["entities"] = parts
        if checked.seizure is not None:
            seizure = {**vars(checked.seizure), "id": next(seizure_ids), "item_id": pk}
            seizures.append(seizure)
            changes["seizure"] = changes_of(Seizure, seizure)
            parts = []
            for drug in checked.drugs:
                row = {**vars(drug), "id": next(drug_ids), "seizure_id": seizure["id"]}
                drugs.append(row)
                parts.append(changes_of(SeizedDrug, row))
            changes["drugs"] = parts
        label = _label(ItemKind, item["kind"], language)
        entries.append(audit.Event(AuditAction.CREATE, ITEM, str(pk), f"{label} #{pk}", changes))
    db.insert_values(Item, items)
    db.insert_rows(Item.organisations.through, ["item_id", "organisation_id"], organisations)
    db.insert_rows(Item.recipients.through, ["item_id", "user_id"], recipients)
    db.insert_values(Entity, entities)
    db.insert_values(Seizure, seizures)
    db.insert_values(SeizedDrug, drugs)
    audit.record_many(entries)
    return item_ids


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is checked or its rows are built.

    Checking keeps every checked report alive until the file is stored, and a batch
    makes some 20 containers per report (rows, changes, audit rows) that live until its
    inserts: each collection the allocations trigger walks all of them again. Measured
    on 20,000 reports: 40 % of the storing time and 20–35 % of the checking. They hold
    no cycles, so nothing waits for the collector; it resumes at the end of the block.
    Process-wide: a pause begun elsewhere (another thread's import) is left to its owner.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def store_items(checked: list[CheckedItem], progress: Progress | None = None) -> list[int]:
    """Store checked items (seizure reports) with their audit entries; return their ids.

    Runs inside the caller's transaction: an interruption anywhere leaves nothing.
    """
    language = get_language()
    ids: list[int] = []
    with cycle_collector_paused(), events.batched():  # one notification job, at commit
        for start in range(0, len(checked), BATCH):
            ids += _store_batch(checked[start : start + BATCH], language)
            if progress is not None:
                progress(min(start + BATCH, len(checked)), len(checked))
        for pk in ids:
            events.announce(events.SHARED, pk)
    return ids
