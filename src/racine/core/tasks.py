"""Background work of the core: forgetting old idempotency keys.

An ``Idempotency-Key`` replays its stored answer for ``RACINE_IDEMPOTENCY_DAYS`` (7): long
enough for a partner's system to retry after an outage over a weekend. After that the
key and its answer (which may name an item) are removed, so the table does not grow with
every write the API ever took; a request sent again with a removed key runs again.
``racine worker`` calls :func:`schedule`, which queues the purge once an hour.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from racine.core.models import IdempotentRequest

EVERY = dt.timedelta(hours=1)


def purge_idempotency_keys(now: dt.datetime | None = None) -> int:
    """Remove the keys older than ``RACINE_IDEMPOTENCY_DAYS``; return how many went."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.RACINE_IDEMPOTENCY_DAYS)
    removed, _ = IdempotentRequest.objects.filter(created_at__lt=limit).delete()
    return removed


@task()
def purge_old_keys() -> int:
    """The background job of :func:`purge_idempotency_keys`."""
    return purge_idempotency_keys()


_purged_at: dt.datetime | None = None


def schedule() -> bool:
    """Queue the purge of old idempotency keys once an hour; return whether it queued it."""
    global _purged_at
    now = timezone.now()
    if _purged_at is not None and now - _purged_at < EVERY:
        return False
    purge_old_keys.enqueue()
    _purged_at = now
    return True
