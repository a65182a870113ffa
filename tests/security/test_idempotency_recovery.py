"""An Idempotency-Key never stays stuck: its reservation commits with the work, or not at all.

The kill test (``tests/exchange/test_ingest_kill.py``) proves it against a real server
killed mid-request; these cases pin the pieces down in-process.
"""

import json

from racine.core.models import IdempotentRequest
from racine.partners.models import Agreement


def _post(client, body, key):
    return client.post(
        "/api/agreements",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def _agreement(ministry, title):
    return {
        "title": title,
        "kind": "customs",
        "lead_organisation": ministry.pk,
        "partner_countries": ["MX"],
    }


def test_a_reservation_left_running_by_a_dead_server_is_taken_over(coordinator, ministry, login):
    # What the former design left behind when a server died mid-request: a committed
    # reservation still marked running, which answered 409 forever.
    IdempotentRequest.objects.create(
        scope=f"user:{coordinator.pk}",
        key="k",
        method="POST",
        path="/api/agreements",
        fingerprint="x",
        status=0,
        body="",
    )
    answer = _post(login(coordinator), _agreement(ministry, "Repris"), "k")
    assert answer.status_code == 201
    assert Agreement.objects.filter(title="Repris").count() == 1
    assert IdempotentRequest.objects.get(key="k").status == 201


def test_a_refused_request_keeps_its_answer_and_stores_nothing_else(coordinator, ministry, login):
    client = login(coordinator)
    body = {**_agreement(ministry, "Refusé"), "partner_countries": ["ZZ"]}
    first = _post(client, body, "refus")
    assert first.status_code in (400, 422)
    again = _post(client, body, "refus")
    assert again.status_code == first.status_code and again["Idempotent-Replay"] == "true"
    assert not Agreement.objects.filter(title="Refusé").exists()
