"""The plan's figures follow the records: sign an agreement, end a post, import aid, validate."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from racine.core.errors import Conflict, PermissionDenied
from racine.partners import services as partners
from racine.plan import services
from racine.plan.models import Objective, Snapshot
from racine.resources import services as resources
from tests.factories import make_organisation

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
D = dt.date.fromisoformat


@pytest.fixture
def sanctions_officer(make_user, ministry):
    return make_user("hugo", roles=["sanctions_officer"], organisation=ministry)


def value(code: str, at: str):
    evaluation = services.evaluate(Objective.objects.get(code=code), D(at))
    return evaluation.value, evaluation.status


def sign(coordinator, country: str, on: str):
    agreement = partners.create_agreement(
        coordinator,
        partners.AgreementData(
            title=f"Accord {country} {on}",
            kind="security",
            lead_organisation=coordinator.organisation_id,
            partner_countries=[country],
        ),
        created_on=D(on) - dt.timedelta(days=60),
    )
    partners.transition(coordinator, agreement.pk, "negotiation", D(on) - dt.timedelta(days=30))
    return partners.transition(coordinator, agreement.pk, "signed", D(on))


def test_the_plan_of_november_2025_has_six_objectives_each_with_a_source(reference):
    objectives = Objective.objects.all()
    assert objectives.count() == 6
    assert all(o.source for o in objectives)
    assert {o.rule for o in objectives} == {
        "new_agreements_region",
        "academy_stage",
        "specialised_staff_growth",
        "means_ratio",
        "counter_narcotics_aid_ratio",
        "sanctions_regime_stage",
    }


def test_signing_agreements_raises_the_count_and_puts_the_objective_back_on_track(coordinator):
    sign(coordinator, "MX", "2025-11-07")
    sign(coordinator, "CO", "2026-02-12")
    sign(coordinator, "NG", "2026-02-20")  # Nigeria is not in the region: not counted
    assert value("accords-region", "2026-03-31") == (Decimal(2), "off_track")

    sign(coordinator, "PE", "2026-03-18")
    sign(coordinator, "EC", "2026-03-30")
    # The path expects 4 agreements on 31 March 2026 (a milestone of the plan).
    assert value("accords-region", "2026-03-31") == (Decimal(4), "on_track")


def test_ending_a_post_lowers_the_staff_growth(coordinator):
    mexico = make_organisation()
    posts = [
        resources.save_post(
            coordinator,
            resources.PostData(mexico.pk, "other", f"Poste {n}", Decimal(1), D("2020-01-01")),
        )
        for n in range(5)
    ]
    resources.save_post(
        coordinator,
        resources.PostData(
            mexico.pk, "liaison_officer", "Officier de liaison", Decimal(1), D("2026-02-01")
        ),
    )
    assert value("effectifs-specialises", "2026-03-01") == (Decimal("20.00"), "achieved")

    resources.save_post(
        coordinator,
        resources.PostData(
            mexico.pk, "other", "Poste 0", Decimal(1), D("2020-01-01"), D("2026-02-15")
        ),
        pk=posts[0].pk,
    )
    growth, status = value("effectifs-specialises", "2026-03-01")
    assert growth == Decimal("0.00") and status != "achieved"


def test_importing_french_aid_raises_the_counter_narcotics_ratio(coordinator):
    resources.import_iati(
        None,
        [
            (
                "before.xml",
                b"""<iati-activities version="2.03">
      <iati-activity default-currency="EUR"><iati-identifier>FR-6-TEST-2025</iati-identifier>
      <reporting-org ref="FR-6"/><title><narrative>Avant le plan</narrative></title>
      <sector vocabulary="1" code="16063" percentage="100"/>
      <transaction><transaction-type code="2"/><transaction-date iso-date="2025-03-01"/>
      <value>2000000</value></transaction></iati-activity></iati-activities>""",
            )
        ],
    )
    assert value("aide-narcotrafic", "2026-03-01") == (Decimal(0), "off_track")

    resources.import_iati(
        None, [(p.name, p.read_bytes()) for p in [FIXTURES / "aid-meae-16063.xml"]]
    )
    # 3,000,000 EUR committed in January 2026 against 2,000,000 in the year before the plan.
    assert value("aide-narcotrafic", "2026-03-01") == (Decimal("1.5"), "on_track")


@pytest.mark.usefixtures("stage_by_proposals")
def test_a_proposed_stage_counts_only_once_another_coordinator_validates_it(
    sanctions_officer, coordinator
):
    proposal = services.propose(
        sanctions_officer,
        "regime-sanctions-ue",
        Decimal(1),
        D("2026-01-26"),
        "Note de la représentation permanente",
    )
    assert value("regime-sanctions-ue", "2026-02-01")[0] == Decimal(0)

    services.decide(coordinator, proposal.pk, accept=True)
    assert value("regime-sanctions-ue", "2026-02-01")[0] == Decimal(1)
    assert value("regime-sanctions-ue", "2026-01-25")[0] == Decimal(0)  # not before the fact


@pytest.mark.usefixtures("stage_by_proposals")
def test_a_refused_proposal_does_not_count(sanctions_officer, coordinator):
    proposal = services.propose(
        sanctions_officer, "regime-sanctions-ue", Decimal(2), D("2026-06-18"), "Compte rendu RELEX"
    )
    services.decide(coordinator, proposal.pk, accept=False, note="Pas encore acquis")
    assert value("regime-sanctions-ue", "2026-07-01")[0] == Decimal(0)
    with pytest.raises(Conflict):
        services.decide(coordinator, proposal.pk, accept=True)


@pytest.mark.usefixtures("stage_by_proposals")
def test_nobody_validates_their_own_proposal(coordinator):
    proposal = services.propose(
        coordinator, "regime-sanctions-ue", Decimal(1), D("2026-01-26"), "Note"
    )
    with pytest.raises(PermissionDenied):
        services.decide(coordinator, proposal.pk, accept=True)


def test_figures_computed_from_records_cannot_be_proposed(coordinator):
    with pytest.raises(Conflict):
        services.propose(coordinator, "accords-region", Decimal(12), D("2026-01-26"), "Note")


def test_snapshots_keep_one_value_per_day_and_a_second_run_updates_it(coordinator):
    taken = services.take_snapshots(D("2026-03-01"))
    sign(coordinator, "MX", "2026-02-01")
    assert services.take_snapshots(D("2026-03-01")) == taken
    assert Snapshot.objects.filter(on=D("2026-03-01")).count() == taken
    snapshot = Snapshot.objects.get(objective__code="accords-region", on=D("2026-03-01"))
    assert snapshot.value == Decimal(1)


def test_a_partner_officer_cannot_read_the_plan(make_user):
    agency = make_organisation("ANAM", kind="customs", country="MX", french_state=False)
    with pytest.raises(PermissionDenied):
        services.status_report(make_user("lucia", roles=["partner_officer"], organisation=agency))
