"""Background work of the plan: the daily snapshot of each objective and of the audit chain.

``racine worker`` calls :func:`schedule` every minute or so; it queues the day's snapshot
once (django-tasks, database backend), and the worker runs it. ``racine plan snapshot``
does the same work at once, for a cron job instead of a worker.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from racine.core import services as core_services
from racine.plan import services
from racine.plan.models import Snapshot


@task()
def take_daily_snapshot(day: str | None = None) -> int:
    """Store every objective's value and status of ``day`` (ISO date, today by default).

    Then anchor the audit chain: a signed checkpoint of its head, written outside the
    database once the day's entries are committed.
    """
    at = dt.date.fromisoformat(day) if day else timezone.localdate()
    with transaction.atomic():
        count = services.take_snapshots(at)
    core_services.write_audit_checkpoint()
    return count


_queued_for: dt.date | None = None


def schedule() -> bool:
    """Queue today's snapshot if it is not taken nor queued yet; return whether it queued it."""
    global _queued_for
    today = timezone.localdate()
    if _queued_for == today or Snapshot.objects.filter(on=today).exists():
        return False
    take_daily_snapshot.enqueue(today.isoformat())
    _queued_for = today
    return True
