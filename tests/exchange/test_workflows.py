"""Disseminations (the third-party rule), requests' threads, agreements' lifecycle, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.core.models import AuditEntry
from racine.exchange import compose, services
from racine.exchange.models import Item
from racine.partners import services as partners
from racine.partners.models import SharingProvision
from tests.exchange.conftest import seizure
from tests.tools.concurrency import at_once


def sees(user, item) -> bool:
    return services.visible_items(user).filter(pk=item.pk).exists()


@pytest.fixture
def report(world):
    """An AMBER seizure report of ANAM shared with the parties of the Mexico framework."""
    data = seizure(agreement=world.agreements["mexico"].pk)
    return compose.create_item(world.reader("anam", "partner"), data)


def test_a_third_organisation_sees_nothing_until_the_originator_accepts(world, report):
    embassy = world.reader("embassy", "embassy")
    fgr = world.reader("fgr", "partner")
    assert sees(embassy, report) and not sees(fgr, report)
    with pytest.raises(NotFound):
        services.request_dissemination(fgr, report.pk, world.orgs["fgr"].pk)
    asked = services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)
    assert not sees(fgr, report)
    with pytest.raises(Conflict):  # asked twice
        services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)
    with pytest.raises(NotFound):  # only the originator decides
        services.decide_dissemination(embassy, asked.pk, True)
    decided = services.decide_dissemination(world.reader("anam", "analyst"), asked.pk, True)
    assert decided.status == "accepted" and decided.decided_by is not None
    assert sees(fgr, report)
    with pytest.raises(Conflict):
        services.decide_dissemination(world.reader("anam", "analyst"), asked.pk, False)


def test_a_refused_dissemination_gives_nothing(world, report):
    embassy = world.reader("embassy", "embassy")
    asked = services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)
    services.decide_dissemination(world.reader("anam", "partner"), asked.pk, False)
    assert not sees(world.reader("fgr", "partner"), report)


def test_the_originator_does_not_ask_and_strict_items_are_never_passed_on(world, report):
    with pytest.raises(PermissionDenied):
        services.request_dissemination(
            world.reader("anam", "partner"), report.pk, world.orgs["fgr"].pk
        )
    embassy = world.reader("embassy", "embassy")
    asked = services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)
    Item.objects.filter(pk=report.pk).update(handling="amber_strict")
    with pytest.raises(Conflict):
        services.decide_dissemination(world.reader("anam", "partner"), asked.pk, True)
    with pytest.raises(Conflict):
        services.request_dissemination(embassy, report.pk, world.orgs["ministry"].pk)


def test_raising_the_code_to_strict_or_red_ends_an_accepted_dissemination(world, report):
    anam, fgr = world.reader("anam", "partner"), world.reader("fgr", "partner")
    asked = services.request_dissemination(
        world.reader("embassy", "embassy"), report.pk, world.orgs["fgr"].pk
    )
    services.decide_dissemination(anam, asked.pk, True)
    assert sees(fgr, report)
    mexico = world.agreements["mexico"].pk

    def share(handling, recipients=()):
        data = compose.SharingData(handling, "agreement", [], list(recipients), mexico)
        return compose.change_sharing(anam, report.pk, data)

    share("amber_strict")
    assert not sees(fgr, report)
    with pytest.raises(InvalidInput) as refused:  # not a recipient any more: cannot be named
        share("red", [fgr.pk])
    assert refused.value.field == "recipients"
    share("red", [world.reader("embassy", "embassy").pk])
    assert not sees(fgr, report)
    share("amber")  # lowered again: the accepted dissemination reaches again
    assert sees(fgr, report)


def test_a_dissemination_needs_a_legal_basis(world, report):
    # DIRAN (Colombia) is a party of the agreement; an organisation of Colombia that is
    # not would be refused. Make DIRAN leave the agreement.
    world.agreements["mexico"].partner_organisations.remove(world.orgs["diran"])
    with pytest.raises(InvalidInput) as error:
        services.request_dissemination(
            world.reader("embassy", "embassy"), report.pk, world.orgs["diran"].pk
        )
    assert "Dirección de Antinarcóticos" in error.value.detail


def test_suspension_removes_access_at_once_and_restoring_gives_it_back(world, report):
    embassy = world.reader("embassy", "embassy")
    agreement = world.agreements["mexico"]
    coordinator = world.reader("ministry", "coordinator")
    today = dt.date.today()
    partners.transition(coordinator, agreement.pk, "suspended", today)
    assert not sees(embassy, report)
    assert sees(world.reader("fgr", "partner"), report) is False
    assert sees(world.reader("anam", "analyst"), report)  # the originator keeps it
    partners.transition(coordinator, agreement.pk, "in_force", today)
    assert sees(embassy, report)
    SharingProvision.objects.filter(category="seizure_reports").delete()
    assert not sees(embassy, report)
    partners.transition(coordinator, agreement.pk, "terminated", today)
    assert not sees(embassy, report)


def test_requests_are_answered_in_a_thread(world):
    aduana = world.reader("anam", "partner")
    data = compose.ItemData(
        kind="request",
        title="Antécédents du conteneur MSCU",
        handling="amber",
        distribution="agreement",
        agreement=world.agreements["mexico"].pk,
        request=compose.RequestData(
            "Ce conteneur a-t-il déjà été contrôlé ?",
            world.orgs["embassy"].pk,
            dt.date.today() + dt.timedelta(days=7),
        ),
    )
    item = compose.create_item(aduana, data)
    with pytest.raises(PermissionDenied):  # DIRAN sees it but is not addressed
        services.answer_request(world.reader("diran", "partner"), item.pk, "Non.")
    services.answer_request(world.reader("embassy", "embassy"), item.pk, "Oui, en 2025.")
    item.request.refresh_from_db()
    assert item.request.status == "answered"
    services.answer_request(aduana, item.pk, "Merci.")
    services.close_request(aduana, item.pk)
    with pytest.raises(Conflict):
        services.answer_request(world.reader("embassy", "embassy"), item.pk, "Encore")
    with pytest.raises(NotFound):
        services.answer_request(world.reader("fgr", "partner"), item.pk, "?")
    item.request.refresh_from_db()
    assert item.request.current_status(dt.date.today() + dt.timedelta(days=30)) == "closed"


def test_reading_restricted_items_is_audited_and_content_stays_out_of_the_log(world, report):
    embassy = world.reader("embassy", "embassy")
    before = AuditEntry.objects.filter(action="view").count()
    services.record_read(embassy, services.get_item(embassy, report.pk))
    view = AuditEntry.objects.filter(action="view").latest("sequence")
    assert AuditEntry.objects.filter(action="view").count() == before + 1
    assert (view.actor, view.object_id) == ("embassy-embassy", str(report.pk))
    created = AuditEntry.objects.get(action="create", object_type="exchange.Item")
    assert report.title not in str(created.changes) + created.object_repr
    assert created.changes["title"][1] == "********"
    clear = compose.create_item(
        world.reader("anam", "partner"), seizure(handling="clear", distribution="platform")
    )
    services.record_read(embassy, clear)
    assert AuditEntry.objects.filter(action="view").count() == before + 1


def test_the_originator_changes_the_sharing_under_the_same_checks(world, report):
    aduana = world.reader("anam", "partner")
    with pytest.raises(PermissionDenied):
        compose.change_sharing(
            world.reader("embassy", "embassy"),
            report.pk,
            compose.SharingData("amber", "platform", agreement=world.agreements["mexico"].pk),
        )
    with pytest.raises(InvalidInput) as error:  # GREEN is laxer than the AMBER provision
        compose.change_sharing(
            aduana,
            report.pk,
            compose.SharingData("green", "agreement", agreement=world.agreements["mexico"].pk),
        )
    assert error.value.field == "agreement"
    assert Item.objects.get(pk=report.pk).handling == "amber"
    embassy = world.reader("embassy", "embassy")
    compose.change_sharing(
        aduana,
        report.pk,
        compose.SharingData(
            "red", "agreement", recipients=[embassy.pk], agreement=world.agreements["mexico"].pk
        ),
    )
    assert sees(embassy, report) and not sees(world.reader("embassy", "analyst"), report)
    with pytest.raises(Conflict):
        services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)


@pytest.mark.django_db(transaction=True)
def test_concurrent_dissemination_requests_store_one(world):
    report = compose.create_item(
        world.reader("anam", "partner"), seizure(agreement=world.agreements["mexico"].pk)
    )
    embassy = world.reader("embassy", "embassy")

    def ask():
        try:
            services.request_dissemination(embassy, report.pk, world.orgs["fgr"].pk)
            return "ok"
        except Conflict:
            return "conflict"

    # A lock timeout on SQLite comes back as an exception: a refusal, not a second row.
    results = at_once(ask, threads=4)
    assert results.count("ok") == 1, results
    assert report.disseminations.count() == 1


def test_the_filter_kept_for_a_reader_follows_their_role_and_organisation(world, report):
    """visible_items keeps a reader's resolved filter: never past a change of what it read."""
    embassy = world.reader("embassy", "embassy")
    assert sees(embassy, report)
    # Used inside another query (Django renames its tables), the kept filter still holds.
    entities = services.named_entities(["person"]).filter(
        item__in=services.visible_items(embassy).values("pk")
    )
    assert {item for _pk, item, *_rest in entities} <= {report.pk}
    embassy.roles.clear()
    embassy = type(embassy).objects.get(pk=embassy.pk)  # a new request
    assert not sees(embassy, report)
    moved = world.reader("fgr", "partner")  # FGR is no party of what ANAM sent
    assert not sees(moved, report)
    moved.organisation = world.orgs["embassy"]
    moved.save()
    assert sees(type(moved).objects.get(pk=moved.pk), report)


def test_two_organisations_with_the_same_facts_never_share_a_kept_filter(world):
    """FGR and a second Mexican agency are parties to nothing: the same facts, two readers."""
    from tests.factories import make_organisation

    ssp = make_organisation(
        "Secretaría de Seguridad", kind="police", country="MX", french_state=False
    )
    fgr = world.orgs["fgr"]
    listed = compose.create_item(
        world.reader("anam", "partner"),
        seizure(distribution="organisations", organisations=[fgr.pk]),
    )
    reader = world.reader("fgr", "partner")
    assert sees(reader, listed)
    reader.organisation = ssp
    reader.save()
    assert not sees(type(reader).objects.get(pk=reader.pk), listed)
