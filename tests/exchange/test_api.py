"""The exchange API as outside tools use it: JSON in, JSON out, idempotent writes, tokens."""

from __future__ import annotations

import json

from django.test import Client

from racine import cli
from racine.core.models import ApiToken
from racine.exchange.models import Item

PAYLOAD = {
    "kind": "seizure",
    "title": "Saisie de cocaïne à Manzanillo",
    "body": "Conteneur de bananes.",
    "handling": "amber",
    "distribution": "agreement",
    "organisations": [],
    "recipients": [],
    "seized_on": "2026-03-02",
    "country": "MX",
    "place": "MXZLO",
    "drugs": [{"drug": "cocaine_hydrochloride", "quantity": 120.5, "unit": "kg"}],
    "people": [{"full_name": "Juan Pérez", "birth_date": "1980-05-01", "nationality": "MX"}],
}


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def bearer(secret):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_token_create_prints_the_token_alone(world, capsys):
    user = world.reader("anam", "partner")
    assert cli.main(["token", "create", user.username, "--name", "SIAD push"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("rac_")
    assert ApiToken.objects.get(user=user).name == "SIAD push"
    assert cli.main(["token", "create", "nobody"]) == 1
    assert "no active user" in capsys.readouterr().err


def test_a_partner_system_pushes_a_report_and_the_embassy_reads_it(world, capsys):
    cli.main(["token", "create", "anam-partner"])
    aduana = bearer(capsys.readouterr().out.strip())
    payload = {**PAYLOAD, "agreement": world.agreements["mexico"].pk}
    answer = post(aduana, "/api/exchange/items", payload)
    assert answer.status_code == 201, answer.content
    item = answer.json()
    assert item["personal_data"] is True and item["seizure"]["drugs"][0]["normalised_unit"] == "kg"
    assert item["entities"][0]["name"] == "Juan Pérez"
    embassy = Client()
    embassy.force_login(world.reader("embassy", "embassy"))
    listing = embassy.get("/api/exchange/items", {"q": "manzanillo"}).json()
    assert (listing["count"], listing["page"], listing["pages"]) == (1, 1, 1)
    assert listing["results"][0]["id"] == item["id"] and "body" not in listing["results"][0]
    assert (
        embassy.get(f"/api/exchange/items/{item['id']}").json()["body"] == "Conteneur de bananes."
    )
    fgr = Client()
    fgr.force_login(world.reader("fgr", "partner"))
    assert fgr.get("/api/exchange/items").json()["count"] == 0
    hidden = fgr.get(f"/api/exchange/items/{item['id']}")
    missing = fgr.get("/api/exchange/items/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["code"] == missing.json()["code"] == "not_found"
    # Dissemination: the embassy asks, ANAM accepts, FGR then reads it.
    asked = post(
        embassy,
        f"/api/exchange/items/{item['id']}/disseminations",
        {"organisation": world.orgs["fgr"].pk},
    )
    assert asked.status_code == 201, asked.content
    decided = post(
        aduana, f"/api/exchange/disseminations/{asked.json()['id']}/decision", {"accept": True}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    assert fgr.get(f"/api/exchange/items/{item['id']}").status_code == 200


def test_refusals_answer_400_with_a_detail(world):
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    answer = post(
        client,
        "/api/exchange/items",
        {**PAYLOAD, "distribution": "organisations", "organisations": [world.orgs["embassy"].pk]},
    )
    assert answer.status_code == 400
    assert "Ambassade de France au Mexique" in answer.json()["detail"]
    answer = post(
        client, "/api/exchange/items", {**PAYLOAD, "handling": "clear", "distribution": "platform"}
    )
    assert answer.status_code == 400 and answer.json()["field"] == "handling"
    assert Item.objects.count() == 0


def test_an_idempotency_key_stores_a_report_once(world):
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    payload = {**PAYLOAD, "agreement": world.agreements["mexico"].pk}
    first = post(client, "/api/exchange/items", payload, HTTP_IDEMPOTENCY_KEY="report-42")
    again = post(client, "/api/exchange/items", payload, HTTP_IDEMPOTENCY_KEY="report-42")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replay"] == "true" and first.json()["id"] == again.json()["id"]
    assert Item.objects.count() == 1


def test_administrators_without_an_exchange_role_see_nothing(world):
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    post(client, "/api/exchange/items", {**PAYLOAD, "agreement": world.agreements["mexico"].pk})
    for role in ("admin", "coordinator", "viewer"):
        reader = Client()
        reader.force_login(world.reader("ministry", role))
        assert reader.get("/api/exchange/items").json()["count"] == 0


def test_the_openapi_schema_describes_the_exchange(world):
    client = Client()
    client.force_login(world.reader("anam", "partner"))
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/exchange/items",
        "/api/exchange/items/{pk}",
        "/api/exchange/items/{pk}/disseminations",
        "/api/exchange/disseminations/{pk}/decision",
    ):
        assert path in paths
