"""The objective on the European regime reads the regime's stage from the sanctions app.

Its figure is the regime's latest stage by the day, its drill-down the regime's stage
history; switching an existing plan from proposals to the regime keeps its history whole.
"""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from racine.plan import services
from racine.plan.models import Objective, Snapshot
from racine.sanctions import designations

CODE = "regime-sanctions-ue"
D = dt.date.fromisoformat
switch = importlib.import_module("racine.plan.migrations.0003_regime_objective_reads_sanctions")


def value(at: str):
    evaluation = services.evaluate(Objective.objects.get(code=CODE), D(at))
    return evaluation.value, evaluation.measure


def test_the_objective_reads_the_regimes_stage_with_its_history_as_drill_down(coordinator):
    assert Objective.objects.get(code=CODE).rule == "sanctions_regime_stage"
    assert value("2026-02-01")[0] == Decimal(0)
    designations.record_stage(
        coordinator, "eu-oc", designations.StageData(1, D("2026-01-26"), "Note RP", "RP-1")
    )
    designations.record_stage(
        coordinator, "eu-oc", designations.StageData(2, D("2026-06-18"), "CR RELEX")
    )
    assert value("2026-01-25")[0] == Decimal(0)  # not before the fact
    assert value("2026-02-01")[0] == Decimal(1)
    figure, measure = value("2026-07-01")
    assert figure == Decimal(2)
    assert [row[2] for row in measure.rows] == ["Note RP", "CR RELEX"]
    assert measure.rows[0][1]["url"] == "/sanctions/regimes/eu-oc/"


def test_proposals_are_refused_once_the_objective_reads_the_regime(coordinator):
    from racine.core.errors import Conflict

    with pytest.raises(Conflict):
        services.propose(coordinator, CODE, Decimal(1), D("2026-01-26"), "Note")


def test_switching_an_existing_plan_keeps_its_history_continuous(
    coordinator, second_coordinator, stage_by_proposals
):
    """A plan that counted validated proposals: past snapshots stay, the next continues."""
    proposal = services.propose(coordinator, CODE, Decimal(1), D("2026-01-26"), "Note RP")
    services.decide(second_coordinator, proposal.pk, accept=True)
    refused = services.propose(coordinator, CODE, Decimal(3), D("2026-02-10"), "Rumeur")
    services.decide(second_coordinator, refused.pk, accept=False)
    for day in ("2026-01-20", "2026-02-01", "2026-03-01"):
        services.take_snapshots(D(day))
    before = list(Snapshot.objects.filter(objective__code=CODE).values_list("on", "value"))
    assert [v for _d, v in before] == [Decimal(0), Decimal(1), Decimal(1)]

    switch.switch_to_regime(apps, None)

    objective = Objective.objects.get(code=CODE)
    assert objective.rule == "sanctions_regime_stage"
    assert list(objective.snapshots.values_list("on", "value")) == before
    services.take_snapshots(D("2026-04-01"))
    assert objective.snapshots.get(on=D("2026-04-01")).value == Decimal(1)
    for day in ("2026-01-20", "2026-02-01", "2026-03-01"):  # recomputing agrees with history
        assert value(day)[0] == dict(before)[D(day)]
    change = designations.Regime.objects.get(code="eu-oc").stage_changes.get()
    assert (change.stage, change.evidence, change.recorded_by) == (1, "Note RP", second_coordinator)
    switch.switch_to_regime(apps, None)  # a second run changes nothing
    assert designations.Regime.objects.get(code="eu-oc").stage_changes.count() == 1
