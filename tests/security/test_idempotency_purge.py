"""Old idempotency keys are forgotten: the table does not keep every write the API took."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from racine import cli
from racine.core import tasks
from racine.core.models import IdempotentRequest


def key(name: str, age: dt.timedelta) -> IdempotentRequest:
    return IdempotentRequest.objects.create(
        scope="user:1",
        key=name,
        method="POST",
        path="/api/exchange/items",
        status=201,
        body='{"id": 1}',
        created_at=timezone.now() - age,
    )


def test_keys_older_than_the_retention_are_removed_and_recent_ones_kept(db, settings):
    settings.RACINE_IDEMPOTENCY_DAYS = 7
    key("last-week", dt.timedelta(days=7, minutes=1))
    key("last-month", dt.timedelta(days=30))
    key("yesterday", dt.timedelta(days=1))
    key("six-days", dt.timedelta(days=6, hours=23))
    assert tasks.purge_idempotency_keys() == 2
    assert set(IdempotentRequest.objects.values_list("key", flat=True)) == {
        "yesterday",
        "six-days",
    }
    assert tasks.purge_idempotency_keys() == 0  # nothing left to remove


def test_the_retention_is_a_setting(db, settings):
    key("yesterday", dt.timedelta(days=1, minutes=1))
    settings.RACINE_IDEMPOTENCY_DAYS = 1
    assert tasks.purge_idempotency_keys() == 1


def test_the_worker_purges_once_an_hour(transactional_db, monkeypatch):
    # Transactional: the worker closes its database connection between tasks.
    monkeypatch.setattr(tasks, "_purged_at", None)
    key("old", dt.timedelta(days=8))
    key("new", dt.timedelta(hours=1))
    assert cli.main(["worker", "--once"]) == 0
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
    assert tasks.schedule() is False  # queued this hour already
