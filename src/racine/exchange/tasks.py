"""Background work of the exchange: sending notification e-mails, sweeping orphan files.

``racine worker`` runs the queued tasks and calls :func:`schedule` every few seconds;
it queues the sweep of attachment files no row names (left by rolled-back transactions)
once an hour.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from racine.exchange import attachments, events, notify


@task()
def send_notifications(announcements: list) -> int:
    """Send the e-mails of exchange events, ``[[event, first id, last id], …]`` (``notify``)."""
    return sum(notify.send(event, object_id) for event, object_id in events.expand(announcements))


@task()
def sweep_attachments() -> int:
    """Remove attachment files that no attachment names any more."""
    return attachments.sweep_orphans()


_swept_at: dt.datetime | None = None


def schedule() -> bool:
    """Queue the sweep of orphan attachment files once an hour; return whether it queued it."""
    global _swept_at
    now = timezone.now()
    if _swept_at is not None and now - _swept_at < attachments.ORPHAN_GRACE:
        return False
    sweep_attachments.enqueue()
    _swept_at = now
    return True
