"""The intel API: clusters and the review queue as each caller may see them."""

import threading

import pytest
from django.db import connection, transaction

from racine.core.errors import Conflict
from racine.intel import services
from racine.intel.models import Decision, DecisionRevision


def test_an_entity_answers_its_visible_cluster_and_404_when_hidden(network, link, login):
    a = network.entity(network.shared, name="Juan Pérez", identifier="PA123456", country="CO")
    b = network.entity(network.hidden, name="Juan Perez", identifier="PA123456", country="CO")
    c = network.entity(network.shared_too, name="Juan Pérez")
    link(a, b)
    link(b, c)
    french = login(network.french).get(f"/api/intel/entities/{a.pk}").json()
    assert [r["id"] for r in french["records"]] == [a.pk, b.pk, c.pk]
    assert {i["id"] for i in french["items"]} == {
        network.shared.pk,
        network.hidden.pk,
        network.shared_too.pk,
    }
    mexican = login(network.mexican)
    answer = mexican.get(f"/api/intel/entities/{a.pk}").json()
    assert [r["id"] for r in answer["records"]] == [a.pk]
    assert answer["items"] == [
        {"id": network.shared.pk, "title": "Saisie à Manzanillo", "kind": "seizure",
         "date": "2026-03-02"}
    ]  # fmt: skip
    hidden = mexican.get(f"/api/intel/entities/{b.pk}")
    missing = mexican.get("/api/intel/entities/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["code"] == missing.json()["code"]
    assert login(network.officer).get(f"/api/intel/entities/{a.pk}").status_code == 403


def test_the_review_queue_and_a_decision_through_the_api(network, link, login):
    a = network.entity(network.shared, kind="company", name="Frutas del Pacífico")
    b = network.entity(network.shared_too, kind="company", name="FRUTAS DEL PACIFICO")
    hidden = network.entity(network.hidden, kind="company", name="Frutas del Pacifico")
    link(a, b, 0.6, "same name")
    link(a, hidden, 0.6, "same name")
    mexican = login(network.mexican)
    queue = mexican.get("/api/intel/review").json()
    assert queue["count"] == 1  # the pair with the hidden record is neither listed nor counted
    assert (queue["results"][0]["left"]["id"], queue["results"][0]["right"]["id"]) == (a.pk, b.pk)
    assert login(network.french).get("/api/intel/review").json()["count"] == 2

    url = f"/api/intel/pairs/{a.pk}/{b.pk}/decision"
    body = {"verdict": "same", "reason": "Même RFC.", "revises": 0}
    answer = mexican.post(url, body, content_type="application/json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["revision"] == 1
    again = mexican.post(url, body, content_type="application/json")
    assert again.status_code == 409  # decided meanwhile: revise with revises=1
    undo = {"verdict": "different", "reason": "Deux sociétés.", "revises": 1}
    answer = mexican.post(url, undo, content_type="application/json")
    assert [h["verdict"] for h in answer.json()["history"]] == ["same", "different"]
    assert mexican.get("/api/intel/review").json()["count"] == 0

    # A pair through a hidden record is 404 for whoever may not see it, as a missing one.
    through = f"/api/intel/pairs/{a.pk}/{hidden.pk}/decision"
    body = {"verdict": "same", "reason": "?", "revises": 0}
    assert mexican.post(through, body, content_type="application/json").status_code == 404
    bad = {"verdict": "maybe", "reason": "", "revises": -1}
    assert mexican.post(url, bad, content_type="application/json").status_code in {400, 422}
    assert login(network.sanctions).get("/api/intel/review").status_code == 403


def test_the_api_is_in_the_openapi_schema(network, login):
    paths = login(network.french).get("/api/openapi.json").json()["paths"]
    assert {
        "/api/intel/entities/{pk}",
        "/api/intel/review",
        "/api/intel/pairs/{left}/{right}/decision",
    } <= set(paths)


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_decisions_on_one_pair_store_one(network, link):
    a = network.entity(network.shared, kind="company", name="Naviera Andina")
    b = network.entity(network.shared_too, kind="company", name="Naviera Andina")
    link(a, b, 0.6, "same name")
    results, barrier = [], threading.Barrier(4)
    analysts = [network.french, network.mexican] * 2

    def run(analyst, verdict):
        barrier.wait()
        try:
            with transaction.atomic():
                services.decide(
                    analyst, services.DecisionData(a.pk, b.pk, verdict, f"{verdict} par course")
                )
            results.append("ok")
        except Conflict:
            results.append("conflict")
        except Exception as error:  # a lock timeout on SQLite is a refusal, not a second row
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(analyst, ("same", "different")[n % 2]))
        for n, analyst in enumerate(analysts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 1, results
    assert Decision.objects.count() == 1
    assert DecisionRevision.objects.count() == 1
