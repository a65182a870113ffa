"""What happened in the exchange that someone must be told of, queued after commit.

Services call :func:`announce` inside their transaction; the e-mails
(:mod:`racine.exchange.notify`) are queued as one background job only once it commits,
so a rolled-back write tells no one and a slow mail server never holds a write.

A bulk write wraps its work in :func:`batched`: its announcements travel in a single job
queued at commit, not one job per item. An item announced in a savepoint that was rolled
back is simply not found by the job, which then tells no one of it.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging

from django.db import transaction

log = logging.getLogger(__name__)

SHARED = "shared"
DISSEMINATED = "disseminated"
DISSEMINATION_REQUESTED = "dissemination_requested"
DISSEMINATION_DECIDED = "dissemination_decided"
ANSWERED = "answered"
EVENTS = (SHARED, DISSEMINATED, DISSEMINATION_REQUESTED, DISSEMINATION_DECIDED, ANSWERED)

_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("exchange_batch", default=None)


def announce(event: str, object_id: int) -> None:
    """Queue the e-mails of ``event`` once the current transaction commits (never before)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}")
    pending = _batch.get()
    if pending is not None:
        pending.append([event, object_id])
        return
    _queue_on_commit([[event, object_id]])


@contextlib.contextmanager
def batched():
    """Collect the announcements made inside the block into one job, queued at commit."""
    if _batch.get() is not None:  # already collecting: the outer block queues
        yield
        return
    pending: list = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if pending:
        _queue_on_commit(pending)


def _queue_on_commit(announcements: list) -> None:
    def enqueue() -> None:
        from racine.exchange import tasks  # tasks → notify → services → this module

        try:
            tasks.send_notifications.enqueue(announcements)
        except Exception:  # the write has committed: log, never raise into it
            log.exception("notifications not queued: %s", announcements[:5])

    transaction.on_commit(enqueue)
