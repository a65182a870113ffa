"""A designation is adopted only under an adopted regime: before the regime's own adoption
is recorded, « adopt » is refused with the reason (service, page and API) and writes nothing.
"""

import datetime as dt

import pytest

from racine.core.errors import Conflict
from racine.sanctions import designations as d
from racine.sanctions.models import Designation, DesignationEvent, SanctionsList

pytestmark = pytest.mark.django_db

ACT = {"legal_act_reference": "Règlement d'exécution (UE) 2026/101", "legal_act_date": "2026-03-02"}


@pytest.fixture
def under_review(officer, coordinator, ministry):
    """A designation under review, the regime only under negotiation."""
    d.record_stage(coordinator, "eu-oc", d.StageData(2, dt.date(2026, 1, 26), "CR RELEX"))
    data = d.DesignationData(
        schema="Person",
        name="Aurelio Quintanar Pozo",
        statement_of_reasons="Dirige un réseau (fictif).",
        evidence="Jugement (fictif).",
        proposing_organisation=ministry.pk,
    )
    designation = d.create_designation(officer, "eu-oc", data)
    d.transition(officer, designation.pk, d.TransitionData("propose"))
    d.transition(coordinator, designation.pk, d.TransitionData("review"))
    return designation


def _nothing_written(designation):
    designation.refresh_from_db()
    assert designation.status == "under_review" and designation.legal_act_reference == ""
    assert not DesignationEvent.objects.filter(to_status="adopted").exists()
    assert not SanctionsList.objects.filter(code="eu-oc").exists()


def test_the_service_refuses_to_adopt_under_a_regime_not_adopted(coordinator, under_review):
    step = d.TransitionData("adopt", "", ACT["legal_act_reference"], dt.date(2026, 3, 2))
    with pytest.raises(Conflict, match="n’est pas adopté") as refused:
        d.transition(coordinator, under_review.pk, step)
    assert "en négociation" in refused.value.detail
    _nothing_written(under_review)
    d.record_stage(coordinator, "eu-oc", d.StageData(4, dt.date(2026, 2, 20), "Décision PESC"))
    assert d.transition(coordinator, under_review.pk, step).status == "adopted"


def test_the_page_shows_the_refusal_on_the_form(login, coordinator, under_review):
    response = login(coordinator).post(f"/sanctions/designations/{under_review.pk}/adopt/", ACT)
    assert response.status_code == 400
    assert "n’est pas adopté" in response.content.decode()
    _nothing_written(under_review)


def test_the_api_answers_409_with_the_reason(login, coordinator, under_review):
    response = login(coordinator).post(
        f"/api/sanctions/designations/{under_review.pk}/transitions",
        {"action": "adopt", **ACT},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "n’est pas adopté" in response.json()["detail"]
    _nothing_written(under_review)
    assert Designation.objects.get().status == "under_review"
