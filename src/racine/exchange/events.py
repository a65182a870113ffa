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
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)

SHARED = "shared"
DISSEMINATED = "disseminated"
DISSEMINATION_REQUESTED = "dissemination_requested"
DISSEMINATION_DECIDED = "dissemination_decided"
ANSWERED = "answered"
EVENTS = (SHARED, DISSEMINATED, DISSEMINATION_REQUESTED, DISSEMINATION_DECIDED, ANSWERED)

_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("exchange_batch", default=None)
# Other apps' background work on shared items (sanctions screens their names), called with
# the ids of the items shared once the write commits: see ``services.after_items_shared``.
_shared_listeners: list[Callable[[list[int]], None]] = []


def listen_to_shared(callback: Callable[[list[int]], None]) -> None:
    """Call ``callback(item ids)`` after each commit that shared items (once per callback)."""
    if callback not in _shared_listeners:
        _shared_listeners.append(callback)


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


def runs(announcements: list) -> list:
    """Return announcements as runs ``[event, first id, last id]`` of consecutive ids.

    A bulk import announces thousands of consecutive ids; the job's arguments are
    checked value by value when queued (django-tasks), which cost more than the
    import's commit. :func:`expand` gives the announcements back, in order.
    """
    found: list = []
    for event, object_id in announcements:
        last = found[-1] if found else None
        if last is not None and last[0] == event and last[2] + 1 == object_id:
            last[2] = object_id
        else:
            found.append([event, object_id, object_id])
    return found


def expand(entries: list) -> list[tuple[str, int]]:
    """Return ``(event, id)`` pairs from runs (or from pairs queued before runs existed)."""
    pairs = []
    for event, first, *rest in entries:
        pairs += [(event, object_id) for object_id in range(first, (rest or [first])[0] + 1)]
    return pairs


def _queue_on_commit(announcements: list) -> None:
    def enqueue() -> None:
        from racine.exchange import tasks  # tasks → notify → services → this module

        try:
            tasks.send_notifications.enqueue(runs(announcements))
        except Exception:  # the write has committed: log, never raise into it
            log.exception("notifications not queued: %s", announcements[:5])
        shared = [object_id for event, object_id in announcements if event == SHARED]
        for listener in list(_shared_listeners) if shared else ():
            try:
                listener(shared)
            except Exception:  # same: a listener only queues work, and never fails the write
                log.exception("listener %s failed on shared items %s", listener, shared[:5])

    transaction.on_commit(enqueue)
