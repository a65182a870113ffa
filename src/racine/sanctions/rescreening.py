"""Re-screening: when a list changes, the exchange's people, companies and vessels are
screened against it again, and new hits reach the sanctions officers who may see the item.

"A list changes" means it has a current version not yet re-screened — whatever made it
(an import, the CLI, a scheduled refresh, adopted designations materialised as a list), so
nothing has to remember to call this: ``racine worker`` does (:mod:`racine.sanctions.tasks`).
Each version is screened once, in one transaction holding the list's row, so two workers
never screen it twice; a hit is stored once per (named entity, list entry), so a later
version that still lists the same person raises no new hit.

The names of an exchange item are also screened, against every list, as soon as the item
is shared (:func:`screen_items`, a background job queued after the commit).

Hits are shown through :func:`racine.exchange.services.visible_items`: an officer sees a hit,
and counts it, only if they may see the item that names the entity.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from racine.sanctions import services
from racine.sanctions.matching import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen_many
from racine.sanctions.models import (
    HitsSeen,
    ListEntry,
    ListVersion,
    Rescreening,
    SanctionsList,
    ScreeningHit,
)

logger = logging.getLogger(__name__)

# Exchange entity kinds screened, and the list schema each is screened as.
SCREENED_KINDS = {"person": "Person", "company": "Company", "vessel": "Vessel"}
HITS_PER_NAME = 5


def _exchange():
    """The exchange app's services, or None when the app is not installed."""
    if not apps.is_installed("racine.exchange"):
        return None
    from racine.exchange import services as exchange

    return exchange


def pending_versions() -> list[ListVersion]:
    """Return the current versions of lists not yet re-screened."""
    done = Rescreening.objects.values("list_version_id")
    lists = SanctionsList.objects.filter(current_version__isnull=False).exclude(
        current_version_id__in=done
    )
    return [found.current_version for found in lists.select_related("current_version")]


def rescreen_pending() -> int:
    """Re-screen every list changed since its last re-screening; return the new hits."""
    if _exchange() is None:
        return 0
    total = 0
    for version in pending_versions():
        total += rescreen(version.sanctions_list_id)
    return total


def rescreen(list_id: int) -> int:
    """Screen the exchange's named entities against one list's current version.

    Returns the number of new hits (0 when this version was already re-screened).
    """
    exchange = _exchange()
    if exchange is None:
        return 0
    with transaction.atomic():
        sanctions_list = SanctionsList.objects.select_for_update().get(pk=list_id)
        version = sanctions_list.current_version
        if version is None or Rescreening.objects.filter(list_version=version).exists():
            return 0
        index = ScreeningIndex.build(services.list_records(sanctions_list))
        entries = dict(sanctions_list.entries.values_list("pk", "entity_id"))
        known = set(
            ScreeningHit.objects.filter(sanctions_list=sanctions_list).values_list(
                "named_entity_id", "list_entity_id"
            )
        )
        hits, screened = [], 0
        rows = exchange.named_entities(SCREENED_KINDS)
        for row in rows.iterator(2000):
            screened += 1
            for match in index.screen(_query(row), DEFAULT_THRESHOLD, HITS_PER_NAME):
                entity_id = entries.get(match.key)
                if entity_id is None or (row[0], entity_id) in known:
                    continue
                known.add((row[0], entity_id))
                hits.append(_hit(row, match, version.pk, sanctions_list.pk, entity_id))
        # ignore_conflicts: a new item's names screened meanwhile may have found the same hit.
        ScreeningHit.objects.bulk_create(hits, batch_size=1000, ignore_conflicts=True)
        Rescreening.objects.create(list_version=version, screened=screened, new_hits=len(hits))
    logger.info(
        "re-screened %s names against %s v%s: %s new hit(s)",
        screened,
        sanctions_list.code,
        version.number,
        len(hits),
    )
    return len(hits)


def screen_items(item_ids: list[int]) -> int:
    """Screen the named entities of exchange items just shared against every current list.

    The background job queued after the commit that shared them (:mod:`.tasks`): the same
    hits as a re-screening would find, stored the same way (once per named entity and list
    entry, against the list's current version), and shown the same way — only to officers
    who may see the item. Returns the number of new hits.
    """
    exchange = _exchange()
    if exchange is None or not item_ids:
        return 0
    rows = list(exchange.named_entities(SCREENED_KINDS).filter(item_id__in=item_ids))
    if not rows:
        return 0
    index = services.screening_index()
    found = screen_many(index, [_query(row) for row in rows], DEFAULT_THRESHOLD, HITS_PER_NAME)
    keys = {match.key for matches in found for match in matches}
    entries = {
        pk: (list_id, version_id, entity_id)
        for pk, list_id, version_id, entity_id in ListEntry.objects.filter(pk__in=keys)
        .exclude(sanctions_list__current_version=None)
        .values_list("pk", "sanctions_list_id", "sanctions_list__current_version", "entity_id")
    }
    known = set(
        ScreeningHit.objects.filter(named_entity_id__in=[row[0] for row in rows]).values_list(
            "named_entity_id", "sanctions_list_id", "list_entity_id"
        )
    )
    hits = []
    for row, matches in zip(rows, found, strict=True):
        for match in matches:
            if match.key not in entries:
                continue
            list_id, version_id, entity_id = entries[match.key]
            if (row[0], list_id, entity_id) in known:
                continue
            known.add((row[0], list_id, entity_id))
            hits.append(_hit(row, match, version_id, list_id, entity_id))
    ScreeningHit.objects.bulk_create(hits, ignore_conflicts=True)
    logger.info(
        "screened %s new name(s) of %s item(s): %s hit(s)", len(rows), len(item_ids), len(hits)
    )
    return len(hits)


def _query(row) -> Query:
    """Return the screening query of a named entity row (see ``exchange.named_entities``)."""
    pk, _item_id, kind, name, identifier, birth_date, country = row
    return Query(
        str(pk),
        name,
        SCREENED_KINDS[kind],
        birth_date.isoformat() if birth_date else "",
        country or "",
        identifier or "",
    )


def _hit(row, match, version_id: int, list_id: int, entity_id: str) -> ScreeningHit:
    """Return the hit of a named entity row on a list entry, with the match's explanation."""
    pk, item_id, kind, name, _identifier, _birth_date, _country = row
    return ScreeningHit(
        list_version_id=version_id,
        sanctions_list_id=list_id,
        entry_id=match.key,
        list_entity_id=entity_id,
        item_id=item_id,
        named_entity_id=pk,
        entity_kind=kind,
        name=name[:300],
        matched_name=match.matched_name[:500],
        score=match.score,
        explanation={
            "quality": match.quality,
            "threshold": match.threshold,
            "features": match.features,
        },
    )


# --- what an officer sees -----------------------------------------------------------------


def visible_hits(user) -> QuerySet[ScreeningHit]:
    """Return the hits on items ``user`` may see, newest first (officers only)."""
    services.require_officer(user)
    exchange = _exchange()
    if exchange is None:
        return ScreeningHit.objects.none()
    items = exchange.visible_items(user).values("pk")
    hits = ScreeningHit.objects.filter(item_id__in=items)
    return hits.select_related("sanctions_list", "list_version", "entry")


def new_hit_count(user) -> int:
    """Return how many visible hits arrived since ``user`` last opened the hits page."""
    seen = HitsSeen.objects.filter(user=user).values_list("last_hit_id", flat=True).first()
    return visible_hits(user).filter(pk__gt=seen or 0).count()


def mark_hits_seen(user, hits: QuerySet[ScreeningHit]) -> int:
    """Record that ``user`` has seen ``hits`` (from :func:`visible_hits`).

    Returns the last hit seen before, so the page can still mark the new ones.
    """
    last = max(hits.values_list("pk", flat=True), default=0)
    seen, _created = HitsSeen.objects.get_or_create(user=user)
    if last > seen.last_hit_id:
        HitsSeen.objects.filter(pk=seen.pk, last_hit_id__lt=last).update(last_hit_id=last)
    return seen.last_hit_id
