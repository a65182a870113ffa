"""``racine intel resolve``: link the exchange's named entities, incrementally.

A run reads every named entity (``exchange.services.entity_records``), tells the new and
changed ones from the fingerprints the last run stored, has the engine compare only those
against all the others (:func:`racine.intel.resolution.entities.link_records`), then
replaces their links in one short transaction. Records gone since the last run lose their
links. Analysts' decisions are never touched: they are applied at every read.

:func:`prepare` does the long part outside any transaction (under SQLite a transaction
holds the one write lock); :func:`store` writes, inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from racine.exchange import services as exchange
from racine.intel.models import Link, Record, Run
from racine.intel.resolution.entities import EntityRecord, ScoredPair, link_records
from racine.intel.services import review_band

CHUNK = 500  # ids per IN (…): well within SQLite's limit on bound variables


@dataclass
class Prepared:
    """What a run found, ready to be written by :func:`store`."""

    fingerprints: dict[int, str]
    fresh: set[int]
    gone: set[int]
    pairs: list[ScoredPair]


def _fingerprint(*values) -> str:
    text = json.dumps([str(v) if v is not None else None for v in values], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def prepare(
    progress: Callable[[str], None] = lambda stage: None, *, use_model: bool = True
) -> Prepared:
    """Read the records, find the new, changed and gone ones, and link the fresh ones."""
    progress("reading the named entities")
    records, fingerprints = [], {}
    for pk, _item, kind, name, identifier, birth, country in exchange.entity_records():
        birth_text = birth.isoformat() if birth else None
        records.append(EntityRecord(pk, kind, name, identifier, birth_text, country))
        fingerprints[pk] = _fingerprint(kind, name, identifier, birth_text, country)
    known = dict(Record.objects.values_list("entity_id", "fingerprint"))
    fresh = {pk for pk, value in fingerprints.items() if known.get(pk) != value}
    gone = set(known) - set(fingerprints)
    lower, _upper = review_band()
    pairs = (
        link_records(
            records,
            fresh,
            floor=lower,
            backend=settings.RACINE_INTEL_BACKEND,
            use_model=use_model,
            progress=progress,
        )
        if fresh
        else []
    )
    return Prepared(fingerprints, fresh, gone, pairs)


def _chunks(ids) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[start : start + CHUNK] for start in range(0, len(ordered), CHUNK)]


def store(prepared: Prepared, bar: Callable[[int, int], None] = lambda done, total: None) -> Run:
    """Write a prepared run: the fresh records' links replaced, gone records forgotten."""
    run = Run.objects.create(
        records=len(prepared.fingerprints),
        compared=len(prepared.fresh),
        removed=len(prepared.gone),
        watermark=max(prepared.fingerprints, default=0),
    )
    for chunk in _chunks(prepared.fresh | prepared.gone):
        Link.objects.filter(Q(left_id__in=chunk) | Q(right_id__in=chunk)).delete()
        Record.objects.filter(entity_id__in=chunk).delete()
    total = len(prepared.pairs) + len(prepared.fresh)
    links = [
        Link(left_id=p.left, right_id=p.right, probability=p.probability, reason=p.reason, run=run)
        for p in prepared.pairs
    ]
    for start in range(0, len(links), CHUNK):
        Link.objects.bulk_create(links[start : start + CHUNK])
        bar(start + len(links[start : start + CHUNK]), total)
    fresh = sorted(prepared.fresh)
    for start in range(0, len(fresh), CHUNK):
        Record.objects.bulk_create(
            Record(entity_id=pk, fingerprint=prepared.fingerprints[pk], run=run)
            for pk in fresh[start : start + CHUNK]
        )
        bar(len(links) + start + len(fresh[start : start + CHUNK]), total)
    run.links = len(links)
    run.finished_at = timezone.now()
    run.save()
    return run
