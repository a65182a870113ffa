"""The bulk ingest through its three doors: the API, the upload page and the command line.

Each answers the same way: the row report and nothing stored on refusal, every report
stored once otherwise, even when the same Idempotency-Key is sent again.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from racine import cli
from racine.core import audit
from racine.core import services as core_services
from racine.core.models import AuditEntry, IdempotentRequest
from racine.exchange import ingest_files
from racine.exchange.models import Item
from tests.exchange.ingest_helpers import file_bytes, sample


@pytest.fixture
def partner(world):
    return world.reader("anam", "partner")


@pytest.fixture
def api(partner):
    _token, secret = core_services.create_token(partner, "push")
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def upload(client, content: bytes, name: str, key: str | None = None, **fields):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/exchange/imports",
        {"file": SimpleUploadedFile(name, content), "handling": "amber", **fields},
        **headers,
    )


def test_the_api_stores_a_file_and_a_retry_with_its_key_replays(api, tmp_path):
    content = file_bytes(tmp_path, sample.reports(25), ".xlsx")
    first = upload(api, content, "rapports.xlsx", key="lot-1", distribution="originator")
    assert first.status_code == 201, first.content
    assert first.json()["created"] == 25 and len(first.json()["ids"]) == 25
    again = upload(api, content, "rapports.xlsx", key="lot-1", distribution="originator")
    assert again.status_code == 201 and again["Idempotent-Replay"] == "true"
    assert again.json() == first.json()
    assert Item.objects.count() == 25
    other = upload(api, content[:-1] + b"x", "rapports.xlsx", key="lot-1", distribution="origin")
    assert other.status_code == 422, "the same key for another file"
    assert audit.verify().intact


def test_the_api_refuses_with_the_row_report_and_stores_nothing(api, tmp_path):
    rows = sample.reports(5)
    rows[3]["country"] = "XX"
    content = file_bytes(tmp_path, rows, ".csv")
    answer = upload(api, content, "rapports.csv", key="bad", distribution="originator")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid_input" and body["problems"] == 1
    assert body["rows"] == [{"row": 5, "field": "country", "detail": body["rows"][0]["detail"]}]
    assert Item.objects.count() == 0
    stored = IdempotentRequest.objects.get(key="bad")
    assert stored.status == 400, "a refusal is an answer too: the same retry replays it"


def test_the_api_names_an_unknown_extension_and_a_bad_id_list(api):
    answer = upload(api, b"x", "rapports.pdf")
    assert answer.status_code == 400 and answer.json()["field"] == "file"
    answer = upload(api, b"{}", "r.jsonl", organisations="12;douze")
    assert answer.status_code == 400 and answer.json()["field"] == "organisations"


def test_an_oversized_upload_answers_413(api, settings, tmp_path):
    settings.RACINE_MAX_UPLOAD_MB = 0
    settings.RACINE_MAX_ATTACHMENT_MB = 0  # the multipart limit is the larger of the two
    content = b" " * (1024 * 1024 + 10)
    answer = upload(api, content, "r.jsonl")
    assert answer.status_code == 413


def test_the_openapi_schema_documents_the_import(partner, login):
    schema = login(partner).get("/api/openapi.json").json()
    operation = schema["paths"]["/api/exchange/imports"]["post"]
    assert "201" in operation["responses"] and "Idempotency-Key" in operation["description"]


def test_the_page_shows_the_row_report_then_imports(partner, login, tmp_path):
    browser = login(partner)
    rows = sample.reports(3)
    rows[1]["entities"][1]["identifier"] = "CSQU3054384"
    bad = SimpleUploadedFile("r.csv", file_bytes(tmp_path, rows, ".csv"))
    fields = {"handling": "amber", "distribution": "originator"}
    page = browser.post("/echanges/importer/", {"file": bad, **fields})
    assert page.status_code == 400
    text = page.content.decode()
    assert "entity_2_identifier" in text and Item.objects.count() == 0
    good = SimpleUploadedFile("r.csv", file_bytes(tmp_path, sample.reports(3), ".csv"))
    page = browser.post(
        "/echanges/importer/",
        {"file": good, "handling": "amber", "distribution": "originator"},
    )
    assert page.status_code == 302 and Item.objects.count() == 3


def test_the_page_is_for_who_may_compose_and_offers_the_template(world, login):
    assert login(world.reader("anam", "viewer")).get("/echanges/importer/").status_code == 403
    browser = login(world.reader("anam", "partner"))
    assert "modele.xlsx" in browser.get("/echanges/importer/").content.decode()
    csv_file = browser.get("/echanges/importer/modele.csv")
    assert csv_file.content.decode().startswith("title,body,seized_on")
    xlsx = browser.get("/echanges/importer/modele.xlsx")
    rows = list(ingest_files.read_xlsx(io.BytesIO(xlsx.content)))
    assert rows[0][1]["title"] == ingest_files.TEMPLATE_EXAMPLE["title"]
    assert browser.get("/echanges/importer/modele.pdf").status_code == 404


def test_the_command_imports_once_per_key_and_reports_refusals(partner, tmp_path, capsys):
    path = sample.write(tmp_path / "reports.jsonl", sample.reports(12))
    arguments = ["exchange", "import", str(path), "--as", partner.username]
    arguments += ["--handling", "amber", "--distribution", "originator"]
    assert cli.main([*arguments, "--idempotency-key", "k1"]) == 0
    assert "12 seizure report(s) imported" in capsys.readouterr().out
    assert cli.main([*arguments, "--idempotency-key", "k1"]) == 0
    assert "already imported" in capsys.readouterr().out
    assert Item.objects.count() == 12
    entries = AuditEntry.objects.filter(
        actor=partner.username, action="create", object_type="exchange.Item"
    ).count()
    assert entries == 12, "each report is the user's in the audit log"
    rows = sample.reports(3)
    rows[2]["seized_on"] = "2026-13-01"
    bad = sample.write(tmp_path / "bad.csv", rows)
    assert cli.main(["exchange", "import", str(bad), "--as", partner.username]) == 1
    err = capsys.readouterr().err
    assert "nothing was stored" in err and "row 4, seized_on:" in err
    assert Item.objects.count() == 12
    assert cli.main(["exchange", "import", str(bad), "--as", "nobody"]) == 1
    assert cli.main(["audit", "verify"]) == 0
