"""The plan API: the outline, the figures of the six objectives, history, milestones, proposals."""

import datetime as dt

import pytest
from django.utils import timezone

from racine.plan import services
from racine.plan.models import Milestone, Proposal

OBJECTIVES = [
    "accords-region",
    "academie-regionale",
    "effectifs-specialises",
    "moyens-intervention",
    "aide-narcotrafic",
    "regime-sanctions-ue",
]
# The keys of `racine plan status --format json`, which GET /objectives answers too.
STATUS_KEYS = {
    "code",
    "title",
    "unit",
    "baseline",
    "value",
    "target",
    "deadline",
    "status",
    "forecast",
    "fresh",
    "as_of",
}
STATUSES = {"achieved", "on_track", "at_risk", "off_track"}


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def figures(client, **query) -> dict[str, dict]:
    response = client.get("/api/objectives", query)
    assert response.status_code == 200, response.json()
    return {row["code"]: row for row in response.json()}


def sign_an_agreement_with_mexico(client, embassy) -> dict:
    """Create an agreement with Mexico, negotiate and sign it today, through the API."""
    today = timezone.localdate().isoformat()
    created = post(
        client,
        "/api/agreements",
        {
            "title": "Accord de coopération sécuritaire France–Mexique",
            "kind": "security",
            "lead_organisation": embassy.pk,
            "partner_countries": ["MX"],
        },
    )
    assert created.status_code == 201
    path = f"/api/agreements/{created.json()['id']}/transitions"
    for to_status in ("negotiation", "signed"):
        response = post(client, path, {"to_status": to_status, "on": today})
        assert response.status_code == 200, response.json()
    return response.json()


def test_the_plan_has_four_axes_and_six_objectives_each_with_its_rule(coordinator, login):
    plan = login(coordinator).get("/api/plan").json()
    assert [axis["code"] for axis in plan["axes"]] == ["accords", "effectifs", "aide", "sanctions"]
    objectives = {o["code"]: o for axis in plan["axes"] for o in axis["objectives"]}
    assert list(objectives) == OBJECTIVES
    assert objectives["accords-region"]["rule"] == "new_agreements_region"
    assert [m["value"] for m in objectives["accords-region"]["milestones"]] == [4.0, 7.0, 10.0]
    assert [s["number"] for s in objectives["academie-regionale"]["stages"]] == [1, 2, 3]
    assert all(o["rule_label"] for o in objectives.values())


def test_the_six_objectives_have_the_keys_of_the_cli(coordinator, login):
    rows = login(coordinator).get("/api/objectives?at=2026-01-15").json()
    assert [row["code"] for row in rows] == OBJECTIVES
    for row in rows:
        assert set(row) >= STATUS_KEYS, row["code"]
        assert row["status"] in STATUSES and row["as_of"] == "2026-01-15"
        assert isinstance(row["target"], float) and isinstance(row["baseline"], float)
    assert figures(login(coordinator), at="2026-01-15")["accords-region"]["value"] == 0.0


def test_signing_an_agreement_through_the_api_raises_the_count(coordinator, embassy, login):
    client = login(coordinator)
    assert figures(client)["accords-region"]["value"] == 0.0

    agreement = sign_an_agreement_with_mexico(client, embassy)

    assert figures(client)["accords-region"]["value"] == 1.0
    detail = client.get("/api/objectives/accords-region").json()
    assert detail["value"] == 1.0 and detail["rule"] == "new_agreements_region"
    assert len(detail["records"]["columns"]) == 4
    [row] = detail["records"]["rows"]
    assert row[0] == agreement["title"]  # the link to the agreement is dropped: text only
    assert row[2] == agreement["signed_on"]


def test_an_unknown_objective_gets_404(coordinator, login):
    response = login(coordinator).get("/api/objectives/no-such-objective")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_partner_officer_cannot_read_the_plan(aduana, login):
    client = login(aduana)
    for path in ("/api/plan", "/api/objectives", "/api/objectives/accords-region"):
        response = client.get(path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_history_gives_each_stored_day_with_its_status(coordinator, embassy, login):
    client = login(coordinator)
    # What the daily job (`racine plan snapshot`) stores: a day before the signature, today.
    services.take_snapshots(dt.date(2025, 11, 30))
    sign_an_agreement_with_mexico(client, embassy)
    services.take_snapshots(timezone.localdate())

    history = client.get("/api/objectives/accords-region/history").json()
    assert [(point["on"], point["value"]) for point in history] == [
        ("2025-11-30", 0.0),
        (timezone.localdate().isoformat(), 1.0),
    ]
    assert {point["status"] for point in history} <= STATUSES


def test_a_coordinator_changes_a_target(coordinator, login):
    client = login(coordinator)
    objective = client.get("/api/plan").json()["axes"][0]["objectives"][0]
    fields = ("title", "indicator", "baseline_value", "baseline_date", "target_value")
    body = {name: objective[name] for name in fields} | {
        "deadline": objective["deadline"],
        "direction": objective["direction"],
        "rule": objective["rule"],
        "source": objective["source"],
        "target_value": 15,
    }
    response = client.put(
        f"/api/objectives/{objective['code']}", body, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["target_value"] == 15.0
    assert figures(client)[objective["code"]]["target"] == 15.0

    refused = client.put(
        f"/api/objectives/{objective['code']}",
        body | {"rule": "typed-in formula"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "rule"


def test_a_coordinator_adds_and_removes_a_milestone(coordinator, login):
    client = login(coordinator)
    path = "/api/objectives/moyens-intervention/milestones"
    added = post(client, path, {"on": "2026-06-30", "value": 2})
    assert added.status_code == 201 and added.json()["value"] == 2.0
    assert post(client, path, {"on": "2026-06-30", "value": 2.5}).status_code == 409

    removed = client.delete(f"/api/milestones/{added.json()['id']}")
    assert removed.status_code == 204
    assert not Milestone.objects.filter(pk=added.json()["id"]).exists()


def test_a_milestone_after_the_deadline_is_refused_naming_the_field(coordinator, login):
    response = post(
        login(coordinator),
        "/api/objectives/moyens-intervention/milestones",
        {"on": "2027-06-30", "value": 3},
    )
    assert response.status_code == 400 and response.json()["field"] == "on"


@pytest.mark.usefixtures("stage_by_proposals")
def test_a_proposal_counts_once_another_coordinator_validates_it(
    coordinator, second_coordinator, login
):
    proposer, decider = login(coordinator), login(second_coordinator)
    proposed = post(
        proposer,
        "/api/objectives/regime-sanctions-ue/proposals",
        {
            "value": 1,
            "on": "2026-02-10",
            "evidence": "Non-papier français présenté au COREPER le 10 février 2026",
        },
    )
    assert proposed.status_code == 201 and proposed.json()["status"] == "pending"
    assert figures(proposer)["regime-sanctions-ue"]["value"] == 0.0
    pending = decider.get("/api/proposals").json()
    assert [p["id"] for p in pending["results"]] == [proposed.json()["id"]]

    decided = post(
        decider, f"/api/proposals/{proposed.json()['id']}/decision", {"accept": True, "note": "Vu"}
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "validated"
    assert decided.json()["decided_by"] == second_coordinator.pk
    assert figures(proposer)["regime-sanctions-ue"]["value"] == 1.0
    assert decider.get("/api/proposals").json()["count"] == 0


@pytest.mark.usefixtures("stage_by_proposals")
def test_the_proposer_cannot_validate_their_own_proposal(coordinator, login):
    client = login(coordinator)
    proposed = post(
        client,
        "/api/objectives/regime-sanctions-ue/proposals",
        {"value": 1, "on": "2026-02-10", "evidence": "Non-papier français"},
    )
    response = post(client, f"/api/proposals/{proposed.json()['id']}/decision", {"accept": True})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert Proposal.objects.get().status == "pending"


@pytest.mark.usefixtures("stage_by_proposals")
def test_a_proposal_without_evidence_is_refused_naming_the_field(coordinator, login):
    response = post(
        login(coordinator),
        "/api/objectives/regime-sanctions-ue/proposals",
        {"value": 1, "on": "2026-02-10", "evidence": "  "},
    )
    assert response.status_code == 400 and response.json()["field"] == "evidence"
    assert not Proposal.objects.exists()
