"""A partner officer sees, in every choice list, only what the API shows them.

The API lists to a partner agency's officer the French services and their own agency;
every form's organisation choices go through the same query
(``racine.core.services.list_organisations``). The plan is reserved to French State services.
"""

import datetime as dt

import pytest

from racine.core import services as core_services
from racine.partners import services as partners
from tests.factories import make_organisation
from tests.partners.conftest import agreement_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference, make_user):
    embassy = make_organisation("Ambassade de France au Mexique")
    anam = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    dijin = make_organisation(
        "Dirección de Investigación Criminal e Interpol",
        kind="police",
        country="CO",
        french_state=False,
    )
    attache = make_user("bruno", roles=["embassy_officer"], organisation=embassy)
    # The worst case: a partner officer who also holds every other role.
    lucia = make_user(
        "lucia",
        roles=["partner_officer", "embassy_officer", "plan_coordinator", "viewer"],
        organisation=anam,
    )
    agreement = partners.create_agreement(
        attache, agreement_data(embassy, [anam]), created_on=dt.date(2025, 9, 1)
    )
    return {
        "embassy": embassy,
        "anam": anam,
        "dijin": dijin,
        "lucia": lucia,
        "agreement": agreement,
    }


def _all_forms():
    from racine.core import forms as core_forms
    from racine.partners import forms as partner_forms
    from racine.resources import forms as resource_forms

    for module in (core_forms, partner_forms, resource_forms):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, core_forms.RacineForm):
                yield value


def test_every_organisation_choice_of_every_form_is_what_the_api_shows(world):
    from django.forms import ModelChoiceField

    from racine.core.models import Organisation

    visible = set(core_services.list_organisations(world["lucia"]).values_list("pk", flat=True))
    assert world["dijin"].pk not in visible
    checked = 0
    for form_class in _all_forms():
        try:
            form = form_class(user=world["lucia"])
        except TypeError:
            form = form_class()
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField) and field.queryset.model is Organisation:
                offered = set(field.queryset.values_list("pk", flat=True))
                assert offered <= visible, f"{form_class.__name__}.{name} leaks {offered - visible}"
                checked += 1
    assert checked >= 5


@pytest.mark.parametrize("page", ["new", "edit"])
def test_the_agreement_form_never_names_another_partner_agency(world, login, page):
    url = (
        "/partenaires/accords/nouveau/"
        if page == "new"
        else f"/partenaires/accords/{world['agreement'].pk}/modifier/"
    )
    response = login(world["lucia"]).get(url)
    assert response.status_code in (200, 403)
    assert "Interpol" not in response.content.decode()


def test_a_partner_officer_cannot_make_a_hidden_agency_party_by_forging_the_post(world, login):
    response = login(world["lucia"]).post(
        "/partenaires/accords/nouveau/",
        {
            "title": "Forged",
            "kind": "customs",
            "lead_organisation": world["embassy"].pk,
            "partner_countries": ["MX"],
            "partner_organisations": [world["dijin"].pk],
        },
    )
    assert response.status_code in (200, 400, 403)
    assert not partners.Agreement.objects.filter(title="Forged").exists()


def test_the_api_refuses_a_hidden_agency_as_party(world, login):
    response = login(world["lucia"]).post(
        "/api/agreements",
        {
            "title": "Forged",
            "kind": "customs",
            "lead_organisation": world["embassy"].pk,
            "partner_countries": ["MX"],
            "partner_organisations": [world["dijin"].pk],
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 403, 422)
    assert not partners.Agreement.objects.filter(title="Forged").exists()


def test_the_plan_map_is_refused_to_a_partner_officer(reference, login, aduana):
    assert login(aduana).get("/plan/carte.svg").status_code == 403
