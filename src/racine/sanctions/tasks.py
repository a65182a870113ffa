"""Background work of the sanctions app: keep the screening index in step with the lists.

An import changes the lists in the database; the index on disk then no longer matches
(its ``state`` names every list's current version). ``racine worker`` calls
:func:`schedule`, which rebuilds the index in the background, so the next screening from
the web does not pay for it. ``racine sanctions import`` rebuilds it at once.

The same call first downloads the official lists when their refresh is due
(:mod:`racine.sanctions.refresh`, ``RACINE_SANCTIONS_SOURCES``), and afterwards re-screens
the exchange's named entities against every list that changed
(:mod:`racine.sanctions.rescreening`), so new hits reach the officers without anyone asking.
Items shared on the exchange have their names screened by :func:`screen_items`, queued
after the commit that shared them.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from racine.sanctions import refresh, rescreening, services
from racine.sanctions.matching import ScreeningIndex


@task()
def screen_items(item_ids: list) -> int:
    """Screen the names of exchange items just shared against every list (new hits)."""
    return rescreening.screen_items(item_ids)


def queue_item_screening(item_ids: list[int]) -> None:
    """Queue :func:`screen_items` (called by the exchange after a commit that shared items)."""
    screen_items.enqueue(list(item_ids))


def index_is_current() -> bool:
    """Return whether the index on disk reflects the lists in the database."""
    index = ScreeningIndex.load(settings.RACINE_SCREENING_INDEX)
    return index is not None and index.state == services.index_state()


def schedule() -> bool:
    """Refresh the lists when due, then rebuild the index and re-screen the exchange if a list
    changed; return whether anything was done.
    """
    refreshed = bool(refresh.refresh_if_due())
    rebuilt = not index_is_current()
    if rebuilt:
        services.rebuild_index()
    return bool(rescreening.rescreen_pending()) or rebuilt or refreshed
