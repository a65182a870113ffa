"""The partners API: countries, their roles in the chain, agreements through their lifecycle."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from racine.partners.models import Agreement, AgreementDocument, CountryRole
from tests.factories import make_organisation

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def put(client, path, body):
    return client.put(path, body, content_type="application/json")


def new_agreement(lead, partners=(), **changes) -> dict:
    """Return the body of an agreement between France and Mexico led by ``lead``."""
    body = {
        "title": "Cadre de coopération douanière France–Mexique",
        "kind": "customs",
        "lead_organisation": lead.pk,
        "partner_countries": ["MX"],
        "partner_organisations": [p.pk for p in partners],
        "sharing": [{"category": "seizure_reports", "handling_code": "amber"}],
    }
    return body | changes


@pytest.fixture
def policia(make_user):
    """An officer of a Colombian agency, party to no agreement of the Mexican embassy."""
    agency = make_organisation(
        "Policía Nacional de Colombia", kind="police", country="CO", french_state=False
    )
    return make_user("andres", roles=["partner_officer"], organisation=agency)


@pytest.fixture
def media_in_tmp(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


# --- countries and their roles ----------------------------------------------------------------


def test_countries_are_listed_by_region_50_a_page(viewer, login):
    client = login(viewer)
    body = client.get("/api/countries?region=latin_america_caribbean").json()
    assert set(body) == {"count", "page", "pages", "results"}
    assert body["count"] > 30 and body["pages"] == 2 and len(body["results"]) == 50
    assert {c["region"] for c in body["results"]} == {"latin_america_caribbean"}
    second = client.get("/api/countries?region=latin_america_caribbean&page=2").json()
    assert second["page"] == 2 and len(second["results"]) == body["count"] - 50
    mexico = next(c for c in body["results"] + second["results"] if c["iso2"] == "MX")
    assert (mexico["name_fr"], mexico["name_es"], mexico["name_en"]) == (
        "Mexique",
        "México",
        "Mexico",
    )


def test_a_coordinator_records_a_role_and_ends_it(coordinator, viewer, login):
    client = login(coordinator)
    role = {
        "country": "co",
        "role": "production",
        "since": "2020-01-01",
        "source": "UNODC, World Drug Report 2025",
    }
    created = post(client, "/api/country-roles", role)
    assert created.status_code == 201
    assert created.json()["country"] == "CO" and created.json()["until"] is None

    path = f"/api/country-roles/{created.json()['id']}"
    ended = put(client, path, role | {"until": "2024-12-31"})
    assert ended.status_code == 200 and ended.json()["until"] == "2024-12-31"

    reader = login(viewer)
    assert reader.get("/api/country-roles?country=CO&at=2023-06-30").json()["count"] == 1
    assert reader.get("/api/country-roles?country=CO&at=2025-06-30").json()["count"] == 0
    assert reader.get("/api/country-roles?role=transit").json()["count"] == 0


def test_an_unknown_role_is_refused_naming_the_field(coordinator, login):
    response = post(
        login(coordinator),
        "/api/country-roles",
        {"country": "CO", "role": "smuggling", "since": "2020-01-01", "source": "UNODC"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input" and response.json()["field"] == "role"
    assert not CountryRole.objects.exists()


def test_only_coordinators_record_roles(attache, login):
    response = post(
        login(attache),
        "/api/country-roles",
        {"country": "CO", "role": "production", "since": "2020-01-01", "source": "UNODC"},
    )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


# --- agreements -------------------------------------------------------------------------------


def test_agreements_are_filtered_and_paginated(draft, coordinator, mexico, login):
    client = login(coordinator)
    post(client, "/api/agreements", new_agreement(mexico[0], title="Formation", kind="training"))

    body = client.get("/api/agreements?kind=customs&country=mx").json()
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    assert body["results"][0]["id"] == draft.pk
    assert body["results"][0]["status"] == "draft"
    assert body["results"][0]["partner_countries"] == ["MX"]
    assert client.get("/api/agreements?status=signed").json()["count"] == 0


def test_a_party_reads_an_agreement_with_its_provisions_and_lifecycle(draft, aduana, mexico, login):
    response = login(aduana).get(f"/api/agreements/{draft.pk}")
    assert response.status_code == 200
    agreement = response.json()
    assert agreement["lead_organisation"] == mexico[0].pk
    assert agreement["partner_organisations"] == [mexico[1].pk]
    assert agreement["sharing_provisions"] == [
        {"category": "seizure_reports", "handling_code": "amber"}
    ]
    assert agreement["events"] == [
        {"from_status": "", "to_status": "draft", "on": "2025-09-01", "note": ""}
    ]
    assert agreement["allowed_transitions"] == ["negotiation", "terminated"]
    assert agreement["documents"] == []


def test_an_agency_outside_the_agreement_gets_404_and_does_not_list_it(draft, policia, login):
    client = login(policia)
    response = client.get(f"/api/agreements/{draft.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/agreements").json()["count"] == 0


def test_an_embassy_officer_creates_and_updates_an_agreement(attache, mexico, login):
    client = login(attache)
    embassy, anam = mexico
    created = post(client, "/api/agreements", new_agreement(embassy, [anam]))
    assert created.status_code == 201
    agreement = created.json()
    assert agreement["status"] == "draft" and [e["to_status"] for e in agreement["events"]] == [
        "draft"
    ]

    changed = new_agreement(
        embassy,
        [anam],
        title="Cadre de coopération douanière et judiciaire",
        partner_countries=["MX", "GT"],
        sharing=[{"category": "alerts", "handling_code": "green"}],
    )
    updated = put(client, f"/api/agreements/{agreement['id']}", changed)
    assert updated.status_code == 200
    assert updated.json()["title"] == "Cadre de coopération douanière et judiciaire"
    assert updated.json()["partner_countries"] == ["GT", "MX"]
    assert updated.json()["sharing_provisions"] == [
        {"category": "alerts", "handling_code": "green"}
    ]


def test_a_viewer_cannot_create_an_agreement(viewer, mexico, login):
    response = post(login(viewer), "/api/agreements", new_agreement(mexico[0]))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Agreement.objects.exists()


def test_an_unknown_partner_country_is_refused_naming_the_field(attache, mexico, login):
    response = post(
        login(attache), "/api/agreements", new_agreement(mexico[0], partner_countries=["ZZ"])
    )
    assert response.status_code == 400
    assert response.json()["field"] == "partner_countries"
    assert not Agreement.objects.exists()


def test_a_body_without_a_title_is_refused_naming_the_field(attache, mexico, login):
    body = new_agreement(mexico[0])
    del body["title"]
    response = post(login(attache), "/api/agreements", body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["title"]


def test_an_agreement_is_negotiated_signed_and_put_in_force(draft, attache, login):
    client = login(attache)
    path = f"/api/agreements/{draft.pk}/transitions"
    for to_status, on in [
        ("negotiation", "2025-10-01"),
        ("signed", "2025-12-10"),
        ("in_force", "2026-01-15"),
    ]:
        response = post(client, path, {"to_status": to_status, "on": on})
        assert response.status_code == 200, response.json()
    agreement = response.json()
    assert agreement["status"] == "in_force"
    assert (agreement["signed_on"], agreement["in_force_on"]) == ("2025-12-10", "2026-01-15")
    assert [e["to_status"] for e in agreement["events"]] == [
        "draft",
        "negotiation",
        "signed",
        "in_force",
    ]


def test_a_draft_cannot_come_into_force_and_gets_409(draft, attache, login):
    response = post(
        login(attache),
        f"/api/agreements/{draft.pk}/transitions",
        {"to_status": "in_force", "on": "2025-10-01"},
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.events.count() == 1


# --- documents --------------------------------------------------------------------------------


def test_a_pdf_is_uploaded_then_downloaded_by_a_party(draft, attache, aduana, login, media_in_tmp):
    uploaded = login(attache).post(
        f"/api/agreements/{draft.pk}/documents",
        {"kind": "text", "file": SimpleUploadedFile("texte.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201
    document = uploaded.json()
    assert (document["name"], document["kind"], document["size"]) == ("texte.pdf", "text", len(PDF))
    listed = login(aduana).get(f"/api/agreements/{draft.pk}").json()["documents"]
    assert [d["id"] for d in listed] == [document["id"]]

    response = login(aduana).get(f"/api/documents/{document['id']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="texte.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    response.close()


def test_a_document_is_not_found_by_an_agency_outside_the_agreement(
    draft, attache, policia, login, media_in_tmp
):
    uploaded = login(attache).post(
        f"/api/agreements/{draft.pk}/documents",
        {"kind": "annex", "file": SimpleUploadedFile("annexe.pdf", PDF)},
    )
    response = login(policia).get(f"/api/documents/{uploaded.json()['id']}")
    assert response.status_code == 404


def test_an_executable_is_refused_naming_the_file_field(draft, attache, login, media_in_tmp):
    response = login(attache).post(
        f"/api/agreements/{draft.pk}/documents",
        {"kind": "text", "file": SimpleUploadedFile("texte.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400 and response.json()["field"] == "file"
    assert not AgreementDocument.objects.exists()
