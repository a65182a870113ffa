"""What happened in the exchange that someone must be told of, queued after commit.

Services call :func:`announce` inside their transaction; the e-mails
(:mod:`racine.exchange.notify`) are queued as a background job only once it commits, so
a rolled-back write tells no one and a slow mail server never holds a write.
"""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)

SHARED = "shared"
DISSEMINATION_REQUESTED = "dissemination_requested"
DISSEMINATION_DECIDED = "dissemination_decided"
ANSWERED = "answered"
EVENTS = (SHARED, DISSEMINATION_REQUESTED, DISSEMINATION_DECIDED, ANSWERED)


def announce(event: str, object_id: int) -> None:
    """Queue the e-mails of ``event`` once the current transaction commits (never before).

    A failure to queue is logged, never raised into the request that wrote.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")

    def enqueue() -> None:
        from racine.exchange import tasks  # tasks → notify → services → this module

        try:
            tasks.send_notifications.enqueue(event, object_id)
        except Exception:
            log.exception("notification not queued: %s %s", event, object_id)

    transaction.on_commit(enqueue)
