"""IATI imports as background jobs: bulk writes, progress, the page that follows a job."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from racine.core.models import AuditEntry
from racine.resources import services
from racine.resources.models import AidActivity, AidTransaction
from tests.shared_data import SHARED_DATA, shared_file

US = "dportal_covid_usg_sector16063_page57_2021-05.xml"


def sample_file(count: int) -> bytes:
    """The benchmark's generated file (``bench/iati_sample.py``), ``count`` activities."""
    shared_file("iati", US)
    path = Path(__file__).resolve().parents[2] / "bench" / "iati_sample.py"
    spec = importlib.util.spec_from_file_location("iati_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(count, SHARED_DATA / "iati")


@pytest.mark.django_db
def test_progress_is_reported_file_by_file_then_chunk_by_chunk(reference):
    told = []
    report = services.import_iati(
        None, [("big.xml", sample_file(1200))], lambda *step: told.append(step)
    )
    assert report.created == 1200 == AidActivity.objects.count()
    assert told == [
        ("reading", 0, 1),
        ("reading", 1, 1),
        ("writing", 500, 1200),
        ("writing", 1000, 1200),
        ("writing", 1200, 1200),
    ]


@pytest.mark.django_db
def test_a_newer_version_updates_the_activity_and_replaces_its_transactions(reference):
    content = shared_file("iati", US).read_bytes()
    services.import_iati(None, [(US, content)])
    entries = AuditEntry.objects.count()
    activity = AidActivity.objects.get(identifier="US-GOV-11-JM-19JM3720P0541")
    before = list(activity.transactions.values_list("value", flat=True))
    # The same activity, republished later with its first transaction's value changed.
    start = content.index(b"<iati-identifier>US-GOV-11-JM-19JM3720P0541")
    head, tail = content[:start], content[start:]
    tail = tail.replace(b"1989.66", b"2989.66", 1)
    stamp = re.findall(rb'last-updated-datetime="([^"]+)"', head)[-1]
    newer = (
        head[: head.rindex(stamp)]
        + b"2030-01-01T00:00:00"
        + head[head.rindex(stamp) + len(stamp) :]
    )

    report = services.import_iati(None, [("newer.xml", newer + tail)])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 99)
    activity.refresh_from_db()
    after = list(activity.transactions.values_list("value", flat=True))
    assert len(after) == len(before) and after != before
    assert str(activity.last_updated.year) == "2030" and activity.source == "newer.xml"
    assert AidTransaction.objects.filter(activity=activity).count() == len(before)
    # One audit entry for the import, naming the activity it changed.
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.latest("sequence").changes["iati_import"]["updated"] == [
        activity.identifier
    ]


def test_the_import_page_answers_at_once_then_follows_the_job(coordinator, login, run_jobs):
    client = login(coordinator)
    content = shared_file("iati", US).read_bytes()
    response = client.post(
        "/ressources/aide/import/",
        {"files": [SimpleUploadedFile(US, content, "application/xml")]},
    )
    assert response.status_code == 302 and "/ressources/aide/import/" in response["Location"]
    assert not AidActivity.objects.exists()
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting  # the page asks again until the job ends

    run_jobs()
    done = client.get(response["Location"]).content.decode()
    assert "100 activités créées" in done and "hx-trigger" not in done
    assert AidActivity.objects.count() == 100
