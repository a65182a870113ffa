"""Joint operations as officers run them: start, invite, log, link, record outcomes.

Through the API and the pages, on the small world of ``conftest.py``: the embassy in
Mexico leads, the Mexican customs ANAM takes part under the France–Mexico framework (which
covers joint operations at AMBER here), the Colombian police DIRAN stays outside.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from racine.core.errors import Conflict
from racine.core.models import AuditEntry
from racine.exchange import operation_writes
from racine.exchange.models import JointOperation, LogEntry, Outcome
from racine.partners.models import SharingProvision
from tests.exchange.conftest import store_item
from tests.pages import field_error

OPERATION = {
    "code": "fr-mx-2026-01",
    "name": "Opération Manzanillo – Le Havre",
    "starts_on": "2026-03-01",
    "ends_on": "2026-12-31",
    "objectives": "Cibler les conteneurs frigorifiques.",
    "status": "active",
    "handling": "amber",
}


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def covered(world):
    """The France–Mexico framework covers joint operations at AMBER."""
    agreement = world.agreements["mexico"]
    SharingProvision.objects.create(
        agreement=agreement, category="joint_operations", handling_code="amber"
    )
    return agreement


@pytest.fixture
def operation(world, covered):
    """An AMBER operation led by the embassy, with ANAM, under the framework."""
    body = OPERATION | {"agreement": covered.pk, "participants": [world.orgs["anam"].pk]}
    answer = post(signed_in(world.reader("embassy", "embassy")), "/api/exchange/operations", body)
    assert answer.status_code == 201, answer.content
    return JointOperation.objects.get(pk=answer.json()["id"])


def test_a_participant_across_states_needs_the_legal_basis_named_in_the_refusal(world, covered):
    embassy = signed_in(world.reader("embassy", "embassy"))
    body = OPERATION | {"participants": [world.orgs["anam"].pk]}
    refused = post(embassy, "/api/exchange/operations", body)
    assert refused.status_code == 400
    assert refused.json()["field"] == "participants"
    assert "Agencia Nacional de Aduanas de México" in refused.json()["detail"]
    # FGR is no party of the framework: refused by name even with the agreement.
    body = OPERATION | {"agreement": covered.pk, "participants": [world.orgs["fgr"].pk]}
    refused = post(embassy, "/api/exchange/operations", body)
    assert refused.status_code == 400 and "Fiscalía" in refused.json()["detail"]
    assert not JointOperation.objects.exists()
    body = OPERATION | {"agreement": covered.pk, "participants": [world.orgs["anam"].pk]}
    created = post(embassy, "/api/exchange/operations", body)
    assert created.status_code == 201, created.content
    assert created.json()["code"] == "FR-MX-2026-01"
    assert sorted(created.json()["participants"]) == sorted(
        [world.orgs["embassy"].pk, world.orgs["anam"].pk]
    )


def test_a_provision_below_the_operations_code_is_no_legal_basis(world, covered):
    embassy = signed_in(world.reader("embassy", "embassy"))
    body = OPERATION | {
        "handling": "green",
        "agreement": covered.pk,
        "participants": [world.orgs["anam"].pk],
    }
    refused = post(embassy, "/api/exchange/operations", body)
    assert refused.status_code == 400 and "joint_operations" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2026-02-01"}, "ends_on"),
        ({"starts_on": "1999-12-31"}, "starts_on"),
        ({"ends_on": "2100-01-01"}, "ends_on"),
        ({"code": "  "}, "code"),
        ({"handling": "purple"}, "handling"),
        ({"status": "done"}, "status"),
        ({"agreement": 987654321}, "agreement"),
        ({"participants": [987654321]}, "participants"),
    ],
)
def test_bad_operations_are_refused_on_their_field(world, change, field):
    answer = post(
        signed_in(world.reader("embassy", "embassy")),
        "/api/exchange/operations",
        OPERATION | change,
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field
    assert not JointOperation.objects.exists()


def test_only_officers_start_operations(world):
    for role in ("analyst", "sanctions", "admin", "viewer"):
        answer = post(
            signed_in(world.reader("embassy", role)), "/api/exchange/operations", OPERATION
        )
        assert answer.status_code == 403, role
    assert not JointOperation.objects.exists()


def test_an_idempotency_key_starts_an_operation_once(world):
    client = signed_in(world.reader("embassy", "embassy"))
    first = post(client, "/api/exchange/operations", OPERATION, HTTP_IDEMPOTENCY_KEY="op-1")
    again = post(client, "/api/exchange/operations", OPERATION, HTTP_IDEMPOTENCY_KEY="op-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replay"] == "true"
    assert JointOperation.objects.count() == 1
    duplicate = post(client, "/api/exchange/operations", OPERATION)
    assert duplicate.status_code == 409 and duplicate.json()["field"] == "code"


def test_participants_log_link_and_record_outcomes(world, operation):
    aduana = signed_in(world.reader("anam", "partner"))
    base = f"/api/exchange/operations/{operation.pk}"
    entry = post(aduana, f"{base}/log", {"text": "Profil de risque transmis."})
    assert entry.status_code == 201
    assert entry.json()["organisation"] == world.orgs["anam"].pk
    # An analyst reads but does not write; a third organisation does not even see it.
    assert (
        post(signed_in(world.reader("anam", "analyst")), f"{base}/log", {"text": "x"}).status_code
        == 403
    )
    assert (
        post(signed_in(world.reader("diran", "partner")), f"{base}/log", {"text": "x"}).status_code
        == 404
    )
    assert post(aduana, f"{base}/log", {"text": "   "}).json()["field"] == "text"

    own = store_item(
        originator=world.orgs["anam"],
        author=world.reader("anam", "partner"),
        agreement=world.agreements["mexico"],
    )
    hidden = store_item(
        originator=world.orgs["ministry"],
        author=world.reader("ministry", "partner"),
        distribution="originator",
    )
    refused = post(aduana, f"{base}/links", {"item": hidden.pk})
    missing = post(aduana, f"{base}/links", {"item": 987654321})
    assert refused.status_code == missing.status_code == 400
    assert refused.json()["detail"] == missing.json()["detail"]
    assert post(aduana, f"{base}/links", {"item": own.pk}).status_code == 201
    assert post(aduana, f"{base}/links", {"item": own.pk}).status_code == 409

    outcomes = [
        {
            "kind": "seizure",
            "on": "2026-04-14",
            "drug": "cocaine_hydrochloride",
            "quantity": 2,
            "unit": "t",
            "item": own.pk,
        },
        {
            "kind": "seizure",
            "on": "2026-04-20",
            "drug": "cocaine_hydrochloride",
            "quantity": 500,
            "unit": "kg",
        },
        {"kind": "arrest", "on": "2026-04-15", "arrests": 4, "country": "MX"},
        {"kind": "asset", "on": "2026-05-20", "description": "Deux camions", "value_eur": "640000"},
    ]
    for body in outcomes:
        answer = post(aduana, f"{base}/outcomes", body)
        assert answer.status_code == 201, answer.content
    detail = signed_in(world.reader("embassy", "embassy")).get(base).json()
    assert detail["totals"] == {
        "drugs": [{"drug": "cocaine_hydrochloride", "quantity": "2500.0000", "unit": "kg"}],
        "arrests": 4,
        "assets_eur": "640000.00",
    }
    assert [row["id"] for row in detail["items"]] == [own.pk]
    assert [e["text"] for e in detail["log"]] == ["Profil de risque transmis."]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "seizure", "on": "2026-04-14"}, "quantity"),
        (
            {"kind": "seizure", "on": "2026-04-14", "drug": "sugar", "quantity": 1, "unit": "kg"},
            "drug",
        ),
        (
            {
                "kind": "seizure",
                "on": "2026-04-14",
                "drug": "mdma",
                "quantity": 1.5,
                "unit": "units",
            },
            "quantity",
        ),
        ({"kind": "arrest", "on": "2026-04-14", "arrests": 2, "country": "ZZ"}, "country"),
        ({"kind": "arrest", "on": "2026-04-14", "country": "MX"}, "arrests"),
        ({"kind": "asset", "on": "2026-04-14", "value_eur": 10}, "description"),
        ({"kind": "asset", "on": "2026-04-14", "description": "Villa"}, "value_eur"),
        ({"kind": "asset", "on": "2099-04-14", "description": "Villa", "value_eur": 1}, "on"),
        ({"kind": "bribe", "on": "2026-04-14"}, "kind"),
    ],
)
def test_bad_outcomes_are_refused_on_their_field(world, operation, body, field):
    answer = post(
        signed_in(world.reader("anam", "partner")),
        f"/api/exchange/operations/{operation.pk}/outcomes",
        body,
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field
    assert not Outcome.objects.exists()


def test_only_the_leader_edits_and_a_closed_operation_takes_no_more_entries(
    world, operation, covered
):
    body = OPERATION | {"agreement": covered.pk, "participants": [world.orgs["anam"].pk]}
    path = f"/api/exchange/operations/{operation.pk}"
    aduana = signed_in(world.reader("anam", "partner"))
    refused = aduana.put(
        path, json.dumps(body | {"name": "Autre"}), content_type="application/json"
    )
    assert refused.status_code == 403
    embassy = signed_in(world.reader("embassy", "embassy"))
    closed = embassy.put(
        path, json.dumps(body | {"status": "closed"}), content_type="application/json"
    )
    assert closed.status_code == 200, closed.content
    assert post(aduana, f"{path}/log", {"text": "Encore ?"}).status_code == 409
    # Removing ANAM takes the operation away from it.
    body["participants"] = []
    assert embassy.put(path, json.dumps(body), content_type="application/json").status_code == 200
    assert aduana.get(path).status_code == 404


def test_the_log_is_append_only(world, operation):
    entry = LogEntry.objects.create(
        operation=operation,
        author=world.reader("embassy", "embassy"),
        organisation=world.orgs["embassy"],
        text="Lancement.",
    )
    entry.text = "Réécrit"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_reading_an_amber_operation_is_audited(world, operation):
    before = AuditEntry.objects.filter(action="view").count()
    signed_in(world.reader("anam", "partner")).get(f"/api/exchange/operations/{operation.pk}")
    signed_in(world.reader("anam", "partner")).get(f"/echanges/operations/{operation.pk}/")
    signed_in(world.reader("anam", "partner")).get("/echanges/operations/?format=csv")
    assert AuditEntry.objects.filter(action="view").count() == before + 2
    assert AuditEntry.objects.filter(action="export").count() == 1


def test_new_log_entries_notify_the_other_participants(world, operation):
    aduana = world.reader("anam", "partner")
    post(
        signed_in(world.reader("embassy", "embassy")),
        f"/api/exchange/operations/{operation.pk}/log",
        {"text": "Lancement."},
    )
    page = signed_in(aduana).get("/echanges/operations/")
    assert page.context["notifications"][0]["entries"] == 1
    signed_in(aduana).get(f"/echanges/operations/{operation.pk}/")
    assert signed_in(aduana).get("/echanges/operations/").context["notifications"] == []
    outsider = signed_in(world.reader("diran", "partner")).get("/echanges/operations/")
    assert outsider.context["notifications"] == []


def test_the_pages_start_an_operation_and_refuse_bad_input_under_the_field(world, covered):
    embassy = signed_in(world.reader("embassy", "embassy"))
    form = {
        **OPERATION,
        "agreement": covered.pk,
        "participants": [world.orgs["anam"].pk],
    }
    refused = embassy.post("/echanges/operations/nouvelle/", form | {"ends_on": "2025-01-01"})
    assert refused.status_code == 400
    assert field_error(refused.content.decode(), "ends_on")
    created = embassy.post("/echanges/operations/nouvelle/", form)
    assert created.status_code == 302
    operation = JointOperation.objects.get()
    detail = embassy.get(created.url)
    assert detail.status_code == 200 and b"Cibler les conteneurs" in detail.content
    aduana = signed_in(world.reader("anam", "partner"))
    empty = aduana.post(f"/echanges/operations/{operation.pk}/journal/", {"text": ""})
    assert empty.status_code == 400 and field_error(empty.content.decode(), "text")
    assert (
        aduana.post(f"/echanges/operations/{operation.pk}/journal/", {"text": "Vu."}).status_code
        == 302
    )
    bad = aduana.post(
        f"/echanges/operations/{operation.pk}/resultats/",
        {"kind": "arrest", "on": "2026-04-01", "arrests": "", "country": "MX"},
    )
    assert bad.status_code == 400 and field_error(bad.content.decode(), "arrests")
    listing = aduana.get("/echanges/operations/?format=xlsx")
    assert listing.status_code == 200
    assert aduana.get(f"/echanges/operations/{operation.pk}/modifier/").status_code == 403
    assert (
        signed_in(world.reader("anam", "analyst"))
        .post(f"/echanges/operations/{operation.pk}/journal/", {"text": "x"})
        .status_code
        == 403
    )
    assert embassy.get(f"/echanges/operations/{operation.pk}/modifier/").status_code == 200
    assert Decimal(0) == sum(o.value_eur or 0 for o in Outcome.objects.all())


def _race(call, count=4) -> list[str]:
    """Run ``call`` in ``count`` threads at once, each in its own transaction."""
    import threading

    from django.db import connection, transaction

    results, barrier = [], threading.Barrier(count)

    def run():
        barrier.wait()
        try:
            with transaction.atomic():
                call()
            results.append("ok")
        except Conflict:
            results.append("conflict")
        except Exception as error:  # a lock timeout on SQLite is a refusal, not a second row
            results.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_and_links_store_one(world):
    embassy = world.reader("embassy", "embassy")
    data = operation_writes.OperationData(
        code="RACE-1",
        name="Course",
        starts_on=dt.date(2026, 3, 1),
        objectives="Une seule.",
        handling="amber",
    )
    results = _race(lambda: operation_writes.create_operation(embassy, data))
    assert results.count("ok") == 1, results
    operation = JointOperation.objects.get(code="RACE-1")
    assert operation.participations.count() == 1
    item = store_item(originator=world.orgs["embassy"], author=embassy, distribution="originator")
    results = _race(lambda: operation_writes.link_item(embassy, operation.pk, item.pk))
    assert results.count("ok") == 1, results
    assert operation.links.count() == 1
