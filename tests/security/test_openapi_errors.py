"""The OpenAPI schema documents every error answer, with the JSON shape the API sends."""

import pytest

ERROR_STATUSES = ("400", "401", "403", "404", "409", "413", "422")


@pytest.fixture
def schema(viewer, login):
    return login(viewer).get("/api/openapi.json").json()


def test_every_operation_documents_the_error_answers(schema):
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) > 20
    for path, method, operation in operations:
        for status in ERROR_STATUSES:
            answer = operation["responses"].get(status)
            assert answer, f"{method.upper()} {path} does not document {status}"
            assert answer["description"]
            content = answer["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_the_error_shape_is_detail_and_code(schema):
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}
    assert {"detail", "code", "field", "row", "errors"} <= set(error["properties"])


def test_real_error_answers_have_the_documented_shape(viewer, login, client):
    answers = [
        client.get("/api/me"),  # 401
        login(viewer).get("/api/users"),  # 403
        login(viewer).get("/api/organisations/123456"),  # 404
        login(viewer).post("/api/tokens", "{", content_type="application/json"),  # 400
        login(viewer).post("/api/tokens", {}, content_type="application/json"),  # 422
    ]
    assert [a.status_code for a in answers] == [401, 403, 404, 400, 422]
    for answer in answers:
        body = answer.json()
        assert isinstance(body["detail"], str) and isinstance(body["code"], str)
