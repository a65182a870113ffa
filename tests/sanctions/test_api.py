"""The sanctions API: lists and versions, single and batch matching, roles, bad input."""

import pytest

from racine.sanctions import services
from tests.sanctions.conftest import EU_SAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(officer, small_sdn):
    services.import_list(officer, "ofac-csv", small_sdn)
    services.import_list(officer, "eu-xml", EU_SAMPLE)


def test_lists_and_versions(login, officer, imported):
    client = login(officer)
    lists = client.get("/api/sanctions/lists").json()
    assert {item["code"] for item in lists} == {"ofac-sdn", "eu-fsf"}
    ofac = next(item for item in lists if item["code"] == "ofac-sdn")
    assert ofac["size"] == 3 and ofac["current_version"]["added"] == 3
    versions = client.get("/api/sanctions/lists/ofac-sdn/versions").json()
    assert (
        versions[0]["number"] == 1
        and ["306", "BANCO NACIONAL DE CUBA"] in versions[0]["added_entries"]
    )
    assert client.get("/api/sanctions/lists/nope/versions").status_code == 404


def test_single_match_explains_each_result(login, officer, imported):
    response = login(officer).post(
        "/api/sanctions/match?threshold=0.7",
        {
            "name": "Joaquin Ejemplar",
            "schema": "Person",
            "birth_date": "1971",
            "identifier": "G99887766",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    first = body["results"][0]
    assert body["threshold"] == 0.7 and first["rank"] == 1
    assert (first["list"], first["entity_id"]) == ("eu-fsf", "990101")
    assert first["features"]["identifier"] > 0 and first["features"]["birth_year"] > 0
    assert first["matched_name"] == "Joaquín Ejemplar Muestrario"
    entry = login(officer).get(f"/api/sanctions/entries/{first['entry']}").json()
    assert entry["properties"]["passportNumber"] == ["G99887766"]


def test_batch_match_answers_every_query_by_its_id(login, officer, imported):
    response = login(officer).post(
        "/api/sanctions/match/batch",
        {"queries": {"a": {"name": "Banco Nacional de Cuba"}, "b": {"name": "Zzyzx Qwerty"}}},
        content_type="application/json",
    )
    body = response.json()
    assert body["responses"]["a"][0]["entity_id"] == "306"
    assert body["responses"]["b"] == []


@pytest.mark.parametrize(
    ("url", "payload", "message"),
    [
        (
            "/api/sanctions/match",
            {"name": "x", "birth_date": "1971-02-30"},
            "date de naissance invalide",
        ),
        ("/api/sanctions/match?threshold=2", {"name": "x"}, "seuil"),
        ("/api/sanctions/match/batch", {"queries": {}}, "au moins une requête"),
        (
            "/api/sanctions/match/batch",
            {"queries": {"k9": {"name": "x", "country": "FRA"}}},
            "requête k9 : pays invalide FRA",
        ),
        (
            "/api/sanctions/match/batch",
            {"queries": {str(i): {"name": "x"} for i in range(501)}},
            "500",
        ),
    ],
)
def test_bad_queries_are_refused_with_the_reason(login, officer, url, payload, message):
    """Errors are in the user's language: French by default."""
    response = login(officer).post(url, payload, content_type="application/json")
    assert response.status_code == 400 and message in response.json()["detail"]


def test_only_sanctions_officers_reach_the_sanctions_api(login, coordinator, imported, client):
    assert login(coordinator).get("/api/sanctions/lists").status_code == 403
    response = login(coordinator).post(
        "/api/sanctions/match", {"name": "Banco"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.get("/api/sanctions/lists").status_code == 401
