"""The REST API: JSON errors with a clear message, pagination, idempotency, OpenAPI docs."""

from racine.core.models import Organisation

NEW_ORGANISATION = {"name": "Policía Nacional del Perú", "kind": "police", "country": "PE"}


def post(client, path, body, **headers):
    return client.post(path, body, content_type="application/json", **headers)


def test_an_anonymous_call_gets_a_json_401_in_french_by_default(client):
    response = client.get("/api/organisations")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentification requise : connectez-vous ou envoyez un jeton porteur valide.",
        "code": "not_authenticated",
    }


def test_an_english_speaker_gets_api_errors_in_english(client):
    client.cookies["django_language"] = "en"
    response = client.get("/api/organisations")
    assert response.json()["detail"] == (
        "Authentication is required: sign in or send a valid bearer token."
    )


def test_an_unknown_endpoint_gets_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_missing_record_gets_a_json_404_naming_it(viewer, login):
    response = login(viewer).get("/api/organisations/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "999999" in response.json()["detail"]


def test_invalid_input_names_the_field(administrator, login):
    response = post(login(administrator), "/api/organisations", {"name": "X", "kind": "police"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["errors"][0]["field"] == "country"


def test_a_service_rule_violation_names_the_field(administrator, login):
    response = post(
        login(administrator), "/api/organisations", dict(NEW_ORGANISATION, country="ZZ")
    )
    assert response.status_code == 400
    assert response.json()["field"] == "country"
    assert not Organisation.objects.filter(name=NEW_ORGANISATION["name"]).exists()


def test_a_duplicate_name_is_a_conflict(administrator, login):
    client = login(administrator)
    assert post(client, "/api/organisations", NEW_ORGANISATION).status_code == 201
    response = post(client, "/api/organisations", NEW_ORGANISATION)
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_a_retry_with_the_same_idempotency_key_creates_nothing_more(administrator, login):
    client = login(administrator)
    first = post(client, "/api/organisations", NEW_ORGANISATION, HTTP_IDEMPOTENCY_KEY="k-1")
    retry = post(client, "/api/organisations", NEW_ORGANISATION, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replay"] == "true"
    assert Organisation.objects.filter(name=NEW_ORGANISATION["name"]).count() == 1


def test_an_idempotency_key_reused_for_another_request_is_refused(administrator, login):
    client = login(administrator)
    post(client, "/api/organisations", NEW_ORGANISATION, HTTP_IDEMPOTENCY_KEY="k-2")
    response = post(client, "/api/tokens", {"name": "x"}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422


def test_lists_are_paginated_and_filtered(administrator, login):
    client = login(administrator)
    post(client, "/api/organisations", NEW_ORGANISATION)
    body = client.get("/api/organisations?kind=police").json()
    assert body["count"] == 1 and body["pages"] == 1
    assert body["results"][0]["name"] == NEW_ORGANISATION["name"]


def test_an_administrator_creates_and_updates_a_user(administrator, login):
    client = login(administrator)
    created = post(
        client,
        "/api/users",
        {"username": "lucia", "roles": ["viewer"], "password": "a long enough passphrase"},
    )
    assert created.status_code == 201
    user_id = created.json()["id"]
    updated = client.put(
        f"/api/users/{user_id}",
        {"username": "lucia", "roles": ["analyst"]},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["roles"] == ["analyst"]


def test_the_openapi_schema_describes_the_endpoints(viewer, login):
    client = login(viewer)
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Racine API"
    assert "/api/organisations" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_the_api_documentation_needs_a_signed_in_user(client):
    assert client.get("/api/docs").status_code == 302
