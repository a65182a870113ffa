"""Writes and reads during a large IATI import wait for it, they never fail.

Real threads with their own database connections: the worker runs the import job (a
3,000-activity file built from the real IATI files) while four clients record budget
lines and read lists through the API. On SQLite, WAL lets the readers read and the busy
timeout makes the writers wait for the import's short bulk transaction: no « database is
locked », no 400 nor 500.
"""

import importlib.util
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from racine import cli
from racine.core import jobs
from racine.resources import services
from racine.resources.models import AidActivity, BudgetLine
from tests import factories
from tests.shared_data import SHARED_DATA, shared_file

ACTIVITIES = 3000


def sample_file() -> bytes:
    shared_file("iati")  # skips (or fails under CI) without ../shared
    path = Path(__file__).resolve().parents[2] / "bench" / "iati_sample.py"
    spec = importlib.util.spec_from_file_location("iati_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(ACTIVITIES, SHARED_DATA / "iati")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_during_an_import_wait_rather_than_fail(login):
    from racine.core import reference

    reference.load()
    ministry = factories.make_organisation("MEAE", kind="ministry", country="FR")
    coordinator = factories.make_user("camille", roles=["plan_coordinator"], organisation=ministry)
    embassies = [factories.make_organisation(f"Ambassade {n}") for n in range(4)]
    job_id = services.start_iati_import(
        coordinator, [SimpleUploadedFile("big.xml", sample_file(), "application/xml")]
    )
    clients = [login(coordinator) for _ in embassies]
    answers: list[tuple[str, int]] = []
    failures: list[str] = []
    importing = threading.Event()
    importing.set()

    def client_loop(client, embassy):
        try:
            year = 2000
            while importing.is_set() or year < 2002:
                line = {"embassy": embassy.pk, "year": year, "category": "travel", "committed": 1}
                response = client.post("/api/budget-lines", line, content_type="application/json")
                answers.append(("write", response.status_code))
                answers.append(("read", client.get("/api/aid-activities?q=B0").status_code))
                year += 1
        except Exception as error:  # « database is locked » would land here
            failures.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=client_loop, args=(c, e))
        for c, e in zip(clients, embassies, strict=True)
    ]
    for thread in threads:
        thread.start()
    try:  # the worker installs signal handlers: it runs in the main thread
        worker_exit = cli.main(["worker", "--once"])
    finally:
        importing.clear()
        for thread in threads:
            thread.join(timeout=300)

    assert worker_exit == 0 and failures == []
    assert {status for _kind, status in answers} == {200}, answers
    assert len(answers) >= 8
    job = jobs.get_job(coordinator, job_id)
    assert job.status == "successful", job.error
    assert job.result["created"] == ACTIVITIES == AidActivity.objects.count()
    assert BudgetLine.objects.count() == len(answers) // 2
