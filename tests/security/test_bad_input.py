"""Hostile requests get a 4xx answer and write nothing, never a 500.

Oversized bodies (413, refused before they are read), too many files (413), a lone UTF-16
surrogate or a NUL character in JSON, query strings or forms (400), numbers and dates
beyond what the database or the calendar can hold (400).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from racine.core.models import Organisation
from racine.partners import services as partners
from racine.partners.models import Agreement, AgreementDocument
from tests.partners.conftest import agreement_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def client(coordinator, login):
    return login(coordinator)


def _agreement(ministry, title="Accord") -> dict:
    return {
        "title": title,
        "kind": "customs",
        "lead_organisation": ministry.pk,
        "partner_countries": ["MX"],
    }


@pytest.mark.parametrize("size_mb", [6, 60])
def test_an_oversized_json_body_answers_413(client, ministry, size_mb):
    body = json.dumps(_agreement(ministry, "x" * (size_mb * MB)))
    response = client.post("/api/agreements", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not Agreement.objects.exists()


def test_an_oversized_form_answers_413(client):
    response = client.post("/plan/objectifs/x/propositions/", {"evidence": "x" * (6 * MB)})
    assert response.status_code == 413


def test_101_files_in_one_upload_answer_413(client):
    files = [SimpleUploadedFile(f"f{i}.xml", b"<x/>") for i in range(101)]
    response = client.post("/api/aid-activities/import", {"files": files})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_101_files_on_a_page_answer_413(client):
    files = [SimpleUploadedFile(f"f{i}.xml", b"<x/>") for i in range(101)]
    response = client.post("/ressources/aide/import/", {"files": files})
    assert response.status_code == 413


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\u0000b"', '"\\udfff x"'])
def test_a_lone_surrogate_or_nul_in_json_answers_400(client, ministry, text):
    body = json.dumps(_agreement(ministry)).replace('"Accord"', text)
    response = client.post("/api/agreements", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_input"
    assert not Agreement.objects.exists()


def test_nul_in_an_organisation_name_is_refused(administrator, login):
    body = {"name": "a\u0000b", "kind": "police", "country": "CO"}
    response = login(administrator).post(
        "/api/organisations", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(kind="police").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/organisations?q=a%00b",
        "/api/agreements?country=M%00",
        "/partenaires/accords/?status=a%00b",
        "/administration/organisations/?q=%00",
    ],
)
def test_nul_in_a_query_string_answers_400(administrator, login, url):
    assert login(administrator).get(url).status_code == 400


def test_nul_in_a_form_is_a_field_error(administrator, login):
    response = login(administrator).post(
        "/administration/organisations/nouvelle/",
        {"name": "Po\u0000lice", "kind": "police", "country": "CO", "active": "on"},
    )
    assert response.status_code in (200, 400)
    assert not Organisation.objects.filter(name__startswith="Po").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/staff-posts?embassy=99999999999999999999",
        "/api/objectives?at=0001-01-01",
        "/ressources/?embassy=99999999999999999999",
        "/plan/?at=0001-01-01",
    ],
)
def test_the_reported_numbers_and_dates_answer_400(client, url):
    from racine.core import reference

    reference.load()
    assert client.get(url).status_code == 400, url


@pytest.mark.parametrize(
    "url",
    [
        "/api/staff-posts?embassy=99999999999999999999",
        "/api/budget-lines?year=99999999999999999999",
        "/api/agreements/99999999999999999999",
        "/api/organisations/99999999999999999999",
        "/api/objectives?at=0001-01-01",
        "/api/objectives?at=9999-12-31",
        "/api/country-roles?at=0001-01-01",
        "/api/staff-posts?at=0001-01-01",
        "/ressources/?embassy=99999999999999999999",
        "/plan/?at=0001-01-01",
        "/plan/?at=9999-12-31",
        "/plan/note/?at=0001-01-01",
    ],
)
def test_out_of_range_numbers_and_dates_never_answer_500(client, url):
    from racine.core import reference

    reference.load()
    assert client.get(url).status_code < 500, url


def test_a_long_file_name_keeps_its_extension(draft, attache):
    long_name = "compte-rendu-" + "x" * 300 + ".pdf"
    document = partners.attach_document(
        attache, draft.pk, "text", SimpleUploadedFile(long_name, b"%PDF-1.7\n")
    )
    assert document.name.endswith(".pdf") and len(document.name) <= 200


@pytest.fixture
def draft(make_user, reference):
    from tests.factories import make_organisation

    embassy = make_organisation("Ambassade de France au Mexique")
    attache = make_user("bruno", roles=["embassy_officer"], organisation=embassy)
    return partners.create_agreement(attache, agreement_data(embassy))


@pytest.fixture
def attache(draft):
    from racine.core.models import User

    return User.objects.get(username="bruno")


def test_an_upload_over_the_limit_is_refused_before_it_is_read(draft, attache, login):
    big = SimpleUploadedFile("texte.pdf", b"%PDF-1.7\n" + b"0" * (12 * MB))
    response = login(attache).post(
        f"/api/agreements/{draft.pk}/documents", {"kind": "text", "file": big}
    )
    assert response.status_code == 413
    assert not AgreementDocument.objects.exists()


def test_a_multipart_body_without_boundary_answers_400(client):
    response = client.post(
        "/api/aid-activities/import", b"garbage", content_type="multipart/form-data"
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_input"
