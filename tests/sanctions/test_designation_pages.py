"""The regimes and designations pages and API: the workflow end to end, exports, refusals."""

import json

import pytest

from racine.sanctions.models import Designation, DesignationEvent
from racine.sanctions.sources import ftm
from tests.pages import field_error

pytestmark = pytest.mark.django_db

DRAFT = {
    "schema": "Person",
    "name": "Teodoro Villaseñor Arriaga",
    "aliases": "El Ingeniero\nTeo",
    "birth_date": "1966-04-03",
    "countries": "MX",
    "passport_number": "G00000909",
    "statement_of_reasons": "Dirige un réseau (fictif).",
    "evidence": "Jugement (fictif).",
    "evidence_references": "Dossier 1",
}


@pytest.fixture
def pages(login, officer, coordinator, ministry):
    return login(officer), login(coordinator), {**DRAFT, "proposing_organisation": ministry.pk}


@pytest.mark.usefixtures("adopted_regime")
def test_a_designation_is_drafted_proposed_and_adopted_through_the_pages(pages):
    officer, coordinator, draft = pages
    response = officer.post("/sanctions/designations/nouvelle/", draft)
    designation = Designation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sanctions/designations/{designation.pk}/"
    assert designation.aliases == ["El Ingeniero", "Teo"] and designation.countries == ["MX"]
    page = officer.get(response["Location"]).content.decode()
    assert f"/sanctions/designations/{designation.pk}/propose/" in page
    assert officer.post(f"/sanctions/designations/{designation.pk}/propose/", {}).status_code == 302
    assert (
        coordinator.post(f"/sanctions/designations/{designation.pk}/review/", {}).status_code == 302
    )
    refused = coordinator.post(f"/sanctions/designations/{designation.pk}/adopt/", {})
    assert refused.status_code == 400
    assert field_error(refused.content.decode(), "legal_act_reference")
    adopted = coordinator.post(
        f"/sanctions/designations/{designation.pk}/adopt/",
        {"legal_act_reference": "Règlement 2026/1", "legal_act_date": "2026-03-02"},
    )
    assert adopted.status_code == 302
    designation.refresh_from_db()
    assert designation.status == "adopted"
    found = officer.get("/sanctions/criblage/", {"name": "VILLASENOR ARRIAGA, Teodoro"})
    assert "eu-oc" in found.content.decode()
    lists = officer.get("/sanctions/").content.decode()
    assert "/sanctions/listes/eu-oc/" in lists


def test_a_refused_draft_comes_back_with_the_error_on_its_field(pages):
    officer, _coordinator, draft = pages
    response = officer.post("/sanctions/designations/nouvelle/", {**draft, "countries": "ZZ"})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "countries")
    assert "Villaseñor" in response.content.decode()
    assert not Designation.objects.exists() and not DesignationEvent.objects.exists()


@pytest.mark.usefixtures("adopted_regime")
def test_an_officer_cannot_adopt_and_a_coordinator_cannot_draft(pages):
    officer, coordinator, draft = pages
    assert coordinator.get("/sanctions/designations/nouvelle/").status_code == 403
    officer.post("/sanctions/designations/nouvelle/", draft)
    pk = Designation.objects.get().pk
    assert officer.get(f"/sanctions/designations/{pk}/adopt/").status_code == 403
    assert officer.get(f"/sanctions/designations/{pk}/amender/").status_code == 403


def test_the_regime_page_shows_its_stage_and_exports_its_list(pages, coordinator):
    officer, coordinator_client, _draft = pages
    recorded = coordinator_client.post(
        "/sanctions/regimes/eu-oc/etape/",
        {"stage": "1", "on": "2026-01-26", "evidence": "Note RP", "reference": "RP-1"},
    )
    assert recorded.status_code == 302
    page = officer.get("/sanctions/regimes/eu-oc/").content.decode()
    assert "Note RP" in page and "RP-1" in page
    assert officer.get("/sanctions/regimes/").status_code == 200
    assert officer.get("/sanctions/regimes/eu-oc/export.ftm").status_code == 200
    assert officer.get("/sanctions/regimes/eu-oc/export.csv").content.startswith(
        "\ufeffentity_id".encode()
    )
    assert officer.get("/sanctions/regimes/eu-oc/export.xml").status_code == 404
    assert officer.post("/sanctions/regimes/eu-oc/etape/", {}).status_code == 403


def test_other_roles_get_403_on_designations(login, viewer):
    client = login(viewer)
    for url in ("/sanctions/regimes/", "/sanctions/designations/", "/api/sanctions/regimes"):
        assert client.get(url).status_code == 403, url


@pytest.mark.usefixtures("adopted_regime")
def test_the_api_drafts_moves_and_exports_a_designation(login, officer, coordinator, ministry):
    body = {
        "schema": "Vessel",
        "name": "ESTRELLA DEL ALBA",
        "statement_of_reasons": "Transporte la cocaïne (fictif).",
        "evidence": "Saisie (fictif).",
        "proposing_organisation": ministry.pk,
        "countries": ["PA"],
        "imo_number": "IMO9000031",
    }
    writer, reviewer = login(officer), login(coordinator)
    created = writer.post("/api/sanctions/designations", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = f"/api/sanctions/designations/{pk}/transitions"

    def step(client, **payload):
        return client.post(url, payload, content_type="application/json")

    assert step(writer, action="propose").status_code == 200
    assert (
        step(
            reviewer, action="adopt", legal_act_reference="R", legal_act_date="2026-03-02"
        ).status_code
        == 409
    )
    assert step(reviewer, action="review").status_code == 200
    adopted = step(reviewer, action="adopt", legal_act_reference="R", legal_act_date="2026-03-02")
    assert adopted.json()["status"] == "adopted"
    assert [e["to_status"] for e in adopted.json()["history"]][-1] == "adopted"
    exported = writer.get("/api/sanctions/regimes/eu-oc/export?format=ftm").content
    assert [e.entity_id for e in ftm.parse(exported).entities] == [f"eu-oc-{pk}"]
    match = writer.post(
        "/api/sanctions/match", {"name": "Estrella del Alba"}, content_type="application/json"
    )
    assert match.json()["results"][0]["list"] == "eu-oc"
    assert json.loads(writer.get("/api/sanctions/regimes/eu-oc").content)["code"] == "eu-oc"


def test_the_openapi_schema_documents_the_designation_endpoints(login, viewer):
    paths = login(viewer).get("/api/openapi.json").json()["paths"]
    assert "/api/sanctions/designations/{pk}/transitions" in paths
    assert "/api/sanctions/regimes/{code}/export" in paths
