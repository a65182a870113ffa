"""Designations for the European regime: the workflow, who may do what, and the list.

A designation goes draft → proposed → under review → adopted (with its legal act) →
amended → delisted; every step is recorded, illegal steps are refused with the reason, and
each adoption, amendment or delisting publishes the regime's list, screened like any other.
"""

import datetime as dt
import json

import pytest

from racine.core.errors import Conflict, InvalidInput, PermissionDenied
from racine.sanctions import designations as d
from racine.sanctions import services
from racine.sanctions.matching import Query
from racine.sanctions.models import DesignationEvent, ListEntry, ListVersion, SanctionsList
from racine.sanctions.sources import ftm

pytestmark = pytest.mark.django_db

ACT = "Règlement d'exécution (UE) 2026/101 du Conseil"
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def draft_data(ministry):
    def make(name="Aurelio Quintanar Pozo", **fields):
        values = {
            "schema": "Person",
            "name": name,
            "statement_of_reasons": "Dirige un réseau d'importation de cocaïne.",
            "evidence": "Jugement du tribunal de Marseille (fictif).",
            "proposing_organisation": ministry.pk,
            "aliases": ["El Contador"],
            "birth_date": "1969-02-11",
            "countries": ["mx"],
            "passport_number": "G00000101",
        }
        values.update(fields)
        return d.DesignationData(**values)

    return make


def adopt(officer, coordinator, data, act=ACT):
    designation = d.create_designation(officer, "eu-oc", data)
    d.transition(officer, designation.pk, d.TransitionData("propose"))
    d.transition(coordinator, designation.pk, d.TransitionData("review"))
    return d.transition(
        coordinator,
        designation.pk,
        d.TransitionData("adopt", "Adopté.", act, DAY),
    )


@pytest.mark.usefixtures("adopted_regime")
def test_a_draft_goes_through_the_workflow_and_every_step_is_recorded(
    officer, coordinator, draft_data
):
    designation = adopt(officer, coordinator, draft_data())
    assert designation.status == "adopted"
    assert (designation.legal_act_reference, designation.legal_act_date) == (ACT, DAY)
    steps = list(designation.events.values_list("kind", "from_status", "to_status", "by"))
    assert steps == [
        ("created", "", "", officer.pk),
        ("transition", "draft", "proposed", officer.pk),
        ("transition", "proposed", "under_review", coordinator.pk),
        ("transition", "under_review", "adopted", coordinator.pk),
    ]
    adoption = designation.events.last()
    assert (adoption.legal_act_reference, adoption.comment) == (ACT, "Adopté.")


@pytest.mark.usefixtures("adopted_regime")
def test_an_adopted_designation_is_on_the_regimes_list_and_is_screened(
    officer, coordinator, draft_data
):
    designation = adopt(officer, coordinator, draft_data())
    entry = ListEntry.objects.get(sanctions_list__code="eu-oc")
    assert entry.entity_id == designation.entity_id
    assert entry.programmes == ["EU-OC"] and entry.listed_on == DAY
    hits = services.screen(officer, [Query("q", "QUINTANAR POZO, Aurelio")])
    assert [(h.entry.sanctions_list.code, h.entry.entity_id) for h in hits] == [
        ("eu-oc", designation.entity_id)
    ]
    version = ListVersion.objects.get(sanctions_list__code="eu-oc")
    assert version.added == [[designation.entity_id, "Aurelio Quintanar Pozo"]]
    assert version.imported_by == coordinator and version.source_format == "designations"


@pytest.mark.usefixtures("adopted_regime")
def test_an_amendment_changes_the_list_and_a_delisting_removes_the_name(
    officer, coordinator, draft_data
):
    designation = adopt(officer, coordinator, draft_data())
    amended = draft_data(aliases=["El Contador", "El Patrón del Norte"])
    d.transition(
        coordinator,
        designation.pk,
        d.TransitionData("amend", "Nouvel alias.", "Règlement 2026/202", DAY, amended),
    )
    entry = ListEntry.objects.get(sanctions_list__code="eu-oc")
    assert "El Patrón del Norte" in set(entry.names.values_list("name", flat=True))
    event = designation.events.last()
    assert event.changes == {"aliases": [["El Contador"], ["El Contador", "El Patrón del Norte"]]}
    assert services.screen(officer, [Query("q", "El Patrón del Norte")])

    d.transition(
        coordinator, designation.pk, d.TransitionData("delist", "", "Règlement 2026/303", DAY)
    )
    assert not ListEntry.objects.filter(sanctions_list__code="eu-oc").exists()
    assert services.screen(officer, [Query("q", "Aurelio Quintanar Pozo")]) == []
    versions = ListVersion.objects.filter(sanctions_list__code="eu-oc").order_by("number")
    assert [(len(v.added), len(v.changed), len(v.removed)) for v in versions] == [
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 1),
    ]


@pytest.mark.usefixtures("adopted_regime")
def test_illegal_steps_are_refused_with_the_reason(officer, coordinator, draft_data):
    designation = d.create_designation(officer, "eu-oc", draft_data())
    with pytest.raises(Conflict, match="ne peut pas passer à « adopté »"):
        d.transition(coordinator, designation.pk, d.TransitionData("adopt", "", ACT, DAY))
    with pytest.raises(InvalidInput) as error:
        d.transition(officer, designation.pk, d.TransitionData("publish"))
    assert error.value.field == "action"
    d.transition(officer, designation.pk, d.TransitionData("propose"))
    d.transition(coordinator, designation.pk, d.TransitionData("review"))
    with pytest.raises(InvalidInput) as error:
        d.transition(coordinator, designation.pk, d.TransitionData("adopt", "", "", DAY))
    assert error.value.field == "legal_act_reference"
    with pytest.raises(InvalidInput) as error:
        d.transition(coordinator, designation.pk, d.TransitionData("adopt", "", ACT, None))
    assert error.value.field == "legal_act_date"
    with pytest.raises(Conflict):
        d.update_draft(officer, designation.pk, draft_data(name="Autre"))
    assert designation.events.count() == 3  # refusals wrote nothing


def test_who_may_do_what(officer, coordinator, make_user, ministry, draft_data, viewer):
    with pytest.raises(PermissionDenied):
        d.create_designation(coordinator, "eu-oc", draft_data())
    with pytest.raises(PermissionDenied):
        d.list_designations(viewer)
    designation = d.create_designation(officer, "eu-oc", draft_data())
    d.transition(officer, designation.pk, d.TransitionData("propose"))
    with pytest.raises(PermissionDenied):  # an officer does not review
        d.transition(officer, designation.pk, d.TransitionData("review"))
    both = make_user("dual", roles=["sanctions_officer", "plan_coordinator"], organisation=ministry)
    own = d.create_designation(both, "eu-oc", draft_data(name="Autre cible"))
    d.transition(both, own.pk, d.TransitionData("propose"))
    with pytest.raises(PermissionDenied, match="autre personne que son auteur"):
        d.transition(both, own.pk, d.TransitionData("review"))


def test_a_draft_edit_records_each_changed_field(officer, draft_data):
    designation = d.create_designation(officer, "eu-oc", draft_data())
    d.update_draft(officer, designation.pk, draft_data(birth_date="1970", countries=["co"]))
    event = DesignationEvent.objects.filter(designation=designation, kind="edited").get()
    assert event.changes == {"birth_date": ["1969-02-11", "1970"], "countries": [["MX"], ["CO"]]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "  "),
        ("schema", "Aircraft"),
        ("birth_date", "1969-02-30"),
        ("countries", ["zz"]),
        ("proposing_organisation", 10**6),
        ("exchange_items", [987654]),
    ],
)
def test_bad_content_is_refused_on_its_field_and_writes_nothing(officer, draft_data, field, value):
    with pytest.raises(InvalidInput) as error:
        d.create_designation(officer, "eu-oc", draft_data(**{field: value}))
    assert error.value.field == field
    assert not DesignationEvent.objects.exists()


@pytest.mark.usefixtures("adopted_regime")
def test_the_ftm_export_reads_back_through_the_ftm_reader(officer, coordinator, draft_data):
    adopt(officer, coordinator, draft_data())
    adopt(
        officer,
        coordinator,
        d.DesignationData(
            schema="Vessel",
            name="MARIA DEL MAR III",
            statement_of_reasons="Transporte la cocaïne du réseau.",
            evidence="Saisie du 3 mars 2026 (fictif).",
            proposing_organisation=draft_data().proposing_organisation,
            countries=["PA"],
            imo_number="IMO9000007",
        ),
    )
    content = d.export_ftm(officer, "eu-oc")
    listing = ftm.parse(content, file_name="eu-oc.ftm.json")
    assert listing.code == "ftm:eu-oc"
    stored = {
        e.entity_id: (e.schema, e.properties, e.programmes, e.listed_on)
        for e in ListEntry.objects.filter(sanctions_list__code="eu-oc")
    }
    read = {
        e.entity_id: (e.schema, e.properties, e.programmes, e.listed_on) for e in listing.entities
    }
    assert read == stored and len(read) == 2
    records = [json.loads(line) for line in content.decode().splitlines()]
    assert {r["schema"] for r in records} == {"Person", "Vessel", "Sanction"}


@pytest.mark.usefixtures("adopted_regime")
def test_the_csv_export_lists_the_adopted_designations_only(officer, coordinator, draft_data):
    adopted = adopt(officer, coordinator, draft_data())
    d.create_designation(officer, "eu-oc", draft_data(name="Brouillon Inconnu"))
    rows = d.export_rows(officer, "eu-oc")
    assert [row[:3] for row in rows] == [[adopted.entity_id, "Person", "Aurelio Quintanar Pozo"]]
    assert "passport G00000101" in rows[0][6]


def test_a_regimes_code_never_takes_an_official_lists(officer):
    with pytest.raises(InvalidInput):
        d.check_regime_code("ofac-sdn")
    SanctionsList.objects.create(code="ftm-like", title="x")
    with pytest.raises(Conflict):
        d.check_regime_code("ftm-like")


def test_a_stage_is_recorded_with_its_evidence_by_a_coordinator(officer, coordinator):
    data = d.StageData(2, dt.date(2026, 6, 18), "Compte rendu RELEX", "ST 1234/26")
    with pytest.raises(PermissionDenied):
        d.record_stage(officer, "eu-oc", data)
    d.record_stage(coordinator, "eu-oc", d.StageData(1, dt.date(2026, 1, 26), "Note RP"))
    d.record_stage(coordinator, "eu-oc", data)
    regime = d.get_regime(officer, "eu-oc")
    assert regime.stage == 2
    history = services.regime_stage_history("eu-oc", dt.date(2026, 3, 1))
    assert [(h.stage, h.evidence) for h in history] == [(1, "Note RP")]
    with pytest.raises(InvalidInput) as error:
        d.record_stage(coordinator, "eu-oc", d.StageData(3, dt.date(2026, 7, 1), " "))
    assert error.value.field == "evidence"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("adopted_regime")
def test_two_reviewers_adopting_at_once_adopt_once(reference, ministry, make_user, draft_data):
    """Two coordinators press « adopt » at the same moment: one adoption, one refusal."""
    import threading

    from django.db import connection, transaction

    officer = make_user("sophie", roles=["sanctions_officer"], organisation=ministry)
    reviewers = [
        make_user(name, roles=["plan_coordinator"], organisation=ministry)
        for name in ("claire", "claude")
    ]
    with transaction.atomic():  # callers own the transaction
        designation = d.create_designation(officer, "eu-oc", draft_data())
        d.transition(officer, designation.pk, d.TransitionData("propose"))
        d.transition(reviewers[0], designation.pk, d.TransitionData("review"))
    barrier, outcomes = threading.Barrier(2), []

    def run(reviewer):
        try:
            barrier.wait()
            with transaction.atomic():
                d.transition(reviewer, designation.pk, d.TransitionData("adopt", "", ACT, DAY))
                outcomes.append("adopted")
        except Exception as error:  # recorded: the test shows what went wrong
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Conflict", "adopted"], outcomes
    assert designation.events.filter(to_status="adopted").count() == 1
    assert ListVersion.objects.filter(sanctions_list__code="eu-oc").count() == 1


def test_a_linked_exchange_item_shows_only_to_readers_who_may_see_it(
    officer, coordinator, make_user, ministry, draft_data, login
):
    from tests.exchange.conftest import store_item

    secret = store_item(
        handling="red",
        distribution="organisations",
        originator=ministry,
        author=officer,
        title="Renseignement RED sur le réseau",
    )
    designation = d.create_designation(officer, "eu-oc", draft_data(exchange_items=[secret.pk]))
    assert d.linked_items(officer, designation) == [secret]
    colleague = make_user("paul", roles=["sanctions_officer"], organisation=ministry)
    assert d.linked_items(colleague, designation) == []
    assert d.linked_items(coordinator, designation) == []
    page = login(colleague).get(f"/sanctions/designations/{designation.pk}/").content.decode()
    assert "Renseignement RED" not in page and f"/echanges/{secret.pk}/" not in page
    api = login(colleague).get(f"/api/sanctions/designations/{designation.pk}").json()
    assert api["exchange_items"] == []
    assert (
        "Renseignement RED"
        in login(officer).get(f"/sanctions/designations/{designation.pk}/").content.decode()
    )
    with pytest.raises(InvalidInput) as error:  # nobody links what they cannot see
        d.update_draft(colleague, designation.pk, draft_data(exchange_items=[secret.pk]))
    assert error.value.field == "exchange_items"
