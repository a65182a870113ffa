"""Fixtures of the partners tests: an embassy, a partner agency, and one officer of each.

- ``mexico``: the French embassy in Mexico and ANAM, the Mexican customs agency.
- ``attache`` (embassy officer in Mexico), ``aduana`` (ANAM officer).
- ``draft``: a draft agreement led by the embassy with ANAM as party.
"""

import datetime as dt

import pytest

from racine.partners import services
from tests.factories import make_organisation


@pytest.fixture
def mexico(reference):
    embassy = make_organisation("Ambassade de France au Mexique")
    anam = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    return embassy, anam


@pytest.fixture
def attache(make_user, mexico):
    return make_user("bruno", roles=["embassy_officer"], organisation=mexico[0])


@pytest.fixture
def aduana(make_user, mexico):
    return make_user("lucia", roles=["partner_officer"], organisation=mexico[1])


def agreement_data(lead, partners=(), countries=("MX",), **changes):
    data = services.AgreementData(
        title="Cadre de coopération douanière France–Mexique",
        kind="customs",
        lead_organisation=lead.pk,
        partner_countries=list(countries),
        partner_organisations=[p.pk for p in partners],
        sharing=[("seizure_reports", "amber")],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def draft(attache, mexico):
    embassy, anam = mexico
    return services.create_agreement(
        attache, agreement_data(embassy, [anam]), created_on=dt.date(2025, 9, 1)
    )
