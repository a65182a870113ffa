"""Idempotency keys hold against concurrent retries, forged scopes and stored secrets.

Six threads send the same creation with the same key at once to a live server, in
several rounds: exactly one agreement per key, whatever the interleaving (a unique
constraint reserves the key before the work, not a check-then-insert).
"""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection

from racine.core import services as core_services
from racine.core.models import ApiToken, IdempotentRequest
from racine.partners.models import Agreement
from tests.factories import make_organisation

ROUNDS = 4
CLIENTS = 6


def _agreement(lead_pk: int, title: str) -> dict:
    return {
        "title": title,
        "kind": "customs",
        "lead_organisation": lead_pk,
        "partner_countries": ["MX"],
    }


def _send(url: str, body: dict, headers: dict) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 (the test's own server)
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (test server)
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_agreement(live_server, make_user):
    ministry = make_organisation("MEAE", kind="ministry", country="FR")
    coordinator = make_user("camille", roles=["plan_coordinator"], organisation=ministry)
    _token, secret = core_services.create_token(coordinator, "load")
    headers = {"Authorization": f"Bearer {secret}"}
    for round_number in range(ROUNDS):
        key = f"round-{round_number}"
        body = _agreement(ministry.pk, f"Accord {round_number}")
        answers: list[tuple[int, str]] = []
        start = threading.Barrier(CLIENTS)

        def client(body=body, key=key, answers=answers, start=start):
            start.wait()
            answers.append(
                _send(
                    f"{live_server.url}/api/agreements", body, {**headers, "Idempotency-Key": key}
                )
            )

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = sorted(status for status, _ in answers)
        assert Agreement.objects.filter(title=body["title"]).count() == 1, statuses
        assert all(status in (201, 409) for status in statuses), answers
        created = {text for status, text in answers if status == 201}
        assert len(created) == 1, "every 201 is the same answer (first or replayed)"
        # Once the first answer is stored, a retry replays it.
        status, text = _send(
            f"{live_server.url}/api/agreements", body, {**headers, "Idempotency-Key": key}
        )
        assert (status, text) == (201, created.pop())
    connection.close()


@pytest.fixture
def coordinator_client(coordinator, login):
    return login(coordinator)


def _post(client, path, body, key, **headers):
    return client.post(
        path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_a_used_key_with_another_body_is_refused_422(coordinator, ministry, login):
    client = login(coordinator)
    first = _post(client, "/api/agreements", _agreement(ministry.pk, "Premier"), "k")
    assert first.status_code == 201
    second = _post(client, "/api/agreements", _agreement(ministry.pk, "Autre"), "k")
    assert second.status_code == 422 and second.json()["code"] == "idempotency_key_reused"
    assert not Agreement.objects.filter(title="Autre").exists()


def test_another_users_key_never_replays(coordinator, ministry, make_user, login):
    other = make_user("eve", roles=["plan_coordinator"], organisation=ministry)
    body = _agreement(ministry.pk, "Premier")
    assert _post(login(coordinator), "/api/agreements", body, "shared").status_code == 201
    again = _post(login(other), "/api/agreements", body, "shared")
    assert again.status_code == 201 and "Idempotent-Replay" not in again
    assert Agreement.objects.filter(title="Premier").count() == 2


def test_a_replay_needs_a_valid_token_not_just_the_same_header(coordinator, ministry, client):
    _token, secret = core_services.create_token(coordinator, "script")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = _agreement(ministry.pk, "Premier")
    assert _post(client, "/api/agreements", body, "k", **auth).status_code == 201
    core_services.revoke_token(coordinator, _token.pk)
    replay = _post(client, "/api/agreements", body, "k", **auth)
    assert replay.status_code == 401


def test_a_token_secret_is_never_stored_and_a_revoked_token_cannot_replay_it(coordinator, client):
    parent, parent_secret = core_services.create_token(coordinator, "parent")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {parent_secret}"}
    created = _post(client, "/api/tokens", {"name": "child"}, "child-key", **auth)
    assert created.status_code == 201
    child_secret = created.json()["secret"]
    stored = " ".join(IdempotentRequest.objects.values_list("body", flat=True))
    assert child_secret not in stored
    again = _post(client, "/api/tokens", {"name": "child"}, "child-key", **auth)
    assert child_secret not in again.content.decode()
    assert ApiToken.objects.filter(name="child").count() == 1
    core_services.revoke_token(coordinator, parent.pk)
    replay = _post(client, "/api/tokens", {"name": "child"}, "child-key", **auth)
    assert replay.status_code == 401
    assert child_secret not in replay.content.decode()
