"""Fixtures of the resources API tests: two embassies, a ministry, and one user of each kind.

- ``mexico``, ``bogota``: the French embassies in Mexico and in Colombia.
- ``coordinator``: a plan coordinator of the ministry (MEAE).
- ``attache``: an embassy officer in Mexico, who edits only Mexico's posts and lines.
- ``aduana``: an officer of ANAM, the Mexican customs agency (not a French State service).
"""

import pytest

from tests.factories import make_organisation


@pytest.fixture
def mexico(reference):
    return make_organisation("Ambassade de France au Mexique")


@pytest.fixture
def bogota(reference):
    return make_organisation("Ambassade de France en Colombie", country="CO")


@pytest.fixture
def coordinator(make_user):
    ministry = make_organisation("MEAE", kind="ministry", country="FR")
    return make_user("camille", roles=["plan_coordinator"], organisation=ministry)


@pytest.fixture
def attache(make_user, mexico):
    return make_user("bruno", roles=["embassy_officer"], organisation=mexico)


@pytest.fixture
def aduana(make_user):
    agency = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    return make_user("lucia", roles=["partner_officer"], organisation=agency)
