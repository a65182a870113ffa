"""The daily snapshot runs as a background task through the database queue."""

from django.utils import timezone

from racine import cli
from racine.plan import tasks
from racine.plan.models import Snapshot


def test_the_worker_takes_the_days_snapshot_once(transactional_db, monkeypatch, capsys):
    # Transactional: the worker closes its database connection between tasks, as in production.
    from racine.core import reference

    reference.load()
    monkeypatch.setattr(tasks, "_queued_for", None)
    assert cli.main(["worker", "--once"]) == 0
    today = timezone.localdate()
    taken = Snapshot.objects.filter(on=today).count()
    assert taken >= 1  # objectives whose records are empty have no value yet

    assert tasks.schedule() is False  # already taken today: nothing queued twice
    assert cli.main(["worker", "--once"]) == 0
    assert Snapshot.objects.filter(on=today).count() == taken
