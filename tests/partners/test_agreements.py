"""Agreements: who sees and edits them, and the lifecycle they move through."""

import datetime as dt

import pytest

from racine.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from racine.partners import services
from racine.partners.models import AgreementEvent
from tests.factories import make_organisation
from tests.partners.conftest import agreement_data


def test_an_embassy_officer_records_a_draft_with_its_sharing_provisions(draft):
    assert draft.status == "draft"
    assert [str(p.category) for p in draft.sharing_provisions.all()] == ["seizure_reports"]
    assert draft.events.get().to_status == "draft"


def test_the_lifecycle_moves_step_by_step_and_dates_signature_and_entry_into_force(draft, attache):
    services.transition(attache, draft.pk, "negotiation", dt.date(2025, 9, 15))
    services.transition(attache, draft.pk, "signed", dt.date(2025, 11, 7), "Visite d'État")
    agreement = services.transition(attache, draft.pk, "in_force", dt.date(2026, 1, 15))

    assert agreement.status == "in_force"
    assert agreement.signed_on == dt.date(2025, 11, 7)
    assert agreement.in_force_on == dt.date(2026, 1, 15)
    steps = [(e.from_status, e.to_status) for e in AgreementEvent.objects.filter(agreement=draft)]
    assert steps == [
        ("", "draft"),
        ("draft", "negotiation"),
        ("negotiation", "signed"),
        ("signed", "in_force"),
    ]
    assert services.status_at(agreement, dt.date(2025, 12, 1)) == "signed"


def test_a_draft_cannot_be_signed_without_negotiation(draft, attache):
    with pytest.raises(Conflict) as refused:
        services.transition(attache, draft.pk, "signed", dt.date(2025, 11, 7))
    assert refused.value.field == "status"
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.signed_on is None


def test_a_terminated_agreement_moves_no_more(draft, attache):
    services.transition(attache, draft.pk, "terminated", dt.date(2025, 10, 1))
    with pytest.raises(Conflict):
        services.transition(attache, draft.pk, "negotiation", dt.date(2025, 10, 2))


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_one(draft, attache):
    with pytest.raises(InvalidInput):
        services.transition(attache, draft.pk, "negotiation", dt.date.today() + dt.timedelta(1))
    with pytest.raises(InvalidInput):
        services.transition(attache, draft.pk, "negotiation", dt.date(2025, 8, 1))


def test_a_partner_officer_sees_only_the_agreements_of_their_agency(draft, aduana, mexico):
    other = make_organisation(
        "Policía Nacional de Colombia", kind="police", country="CO", french_state=False
    )
    assert list(services.visible_agreements(aduana)) == [draft]
    draft.partner_organisations.set([other])
    assert list(services.visible_agreements(aduana)) == []
    with pytest.raises(NotFound):
        services.get_agreement(aduana, draft.pk)


def test_a_partner_officer_cannot_edit_an_agreement_it_sees(draft, aduana):
    with pytest.raises(PermissionDenied):
        services.transition(aduana, draft.pk, "negotiation", dt.date(2025, 9, 15))


def test_an_embassy_officer_edits_only_the_agreements_of_their_embassy(draft, make_user):
    bogota = make_organisation("Ambassade de France en Colombie", country="CO")
    other_attache = make_user("diego", roles=["embassy_officer"], organisation=bogota)
    with pytest.raises(PermissionDenied):
        services.transition(other_attache, draft.pk, "negotiation", dt.date(2025, 9, 15))
    with pytest.raises(InvalidInput) as refused:
        services.create_agreement(other_attache, agreement_data(draft.lead_organisation))
    assert refused.value.field == "lead_organisation"


def test_a_coordinator_edits_any_agreement(draft, coordinator):
    changed = services.update_agreement(
        coordinator, draft.pk, agreement_data(draft.lead_organisation, countries=["MX", "CO"])
    )
    assert {c.pk for c in changed.partner_countries.all()} == {"MX", "CO"}


def test_an_unknown_country_is_refused_and_nothing_is_written(coordinator, mexico):
    from racine.partners.models import Agreement

    with pytest.raises(InvalidInput) as error:
        services.create_agreement(coordinator, agreement_data(mexico[0], countries=["XX"]))
    assert error.value.field == "partner_countries"
    assert not Agreement.objects.exists()


def test_concluded_agreements_count_signatures_in_the_region_since_the_plan(draft, attache):
    services.transition(attache, draft.pk, "negotiation", dt.date(2025, 9, 15))
    services.transition(attache, draft.pk, "signed", dt.date(2025, 11, 7))
    since = dt.date(2025, 11, 1)
    region = "latin_america_caribbean"
    assert list(services.concluded_agreements(since, dt.date(2026, 1, 1), region)) == [draft]
    assert not services.concluded_agreements(since, dt.date(2025, 11, 6), region).exists()
    assert not services.concluded_agreements(since, dt.date(2026, 1, 1), "africa").exists()
