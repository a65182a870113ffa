"""Re-screening: when a list changes, the exchange's people, companies and vessels are
screened against it again, and new hits reach the sanctions officers who may see the item.

"A list changes" means it has a current version not yet re-screened — whatever made it
(an import, the CLI, a scheduled refresh, adopted designations materialised as a list), so
nothing has to remember to call this: ``racine worker`` does (:mod:`racine.sanctions.tasks`).
Each version is screened once, in one transaction holding the list's row, so two workers
never screen it twice; a hit is stored once per (named entity, list entry), so a later
version that still lists the same person raises no new hit.

Hits are shown through :func:`racine.exchange.services.visible_items`: an officer sees a hit,
and counts it, only if they may see the item that names the entity.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from racine.sanctions import services
from racine.sanctions.matching import DEFAULT_THRESHOLD, Query, ScreeningIndex
from racine.sanctions.models import (
    HitsSeen,
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
        for pk, item_id, kind, name, identifier, birth_date, country in rows.iterator(2000):
            screened += 1
            query = Query(
                str(pk),
                name,
                SCREENED_KINDS[kind],
                birth_date.isoformat() if birth_date else "",
                country or "",
                identifier or "",
            )
            for match in index.screen(query, DEFAULT_THRESHOLD, HITS_PER_NAME):
                entity_id = entries.get(match.key)
                if entity_id is None or (pk, entity_id) in known:
                    continue
                known.add((pk, entity_id))
                hits.append(
                    ScreeningHit(
                        list_version=version,
                        sanctions_list=sanctions_list,
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
                )
        ScreeningHit.objects.bulk_create(hits, batch_size=1000)
        Rescreening.objects.create(list_version=version, screened=screened, new_hits=len(hits))
    logger.info(
        "re-screened %s names against %s v%s: %s new hit(s)",
        screened,
        sanctions_list.code,
        version.number,
        len(hits),
    )
    return len(hits)


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
