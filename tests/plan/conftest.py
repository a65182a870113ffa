"""Fixtures of the plan API tests: the plan of November 2025 and the people who steer it.

Every fixture needs ``reference``, which also loads the plan (four axes, six objectives).

- ``coordinator``, ``second_coordinator``: two plan coordinators of the ministry (MEAE).
- ``embassy``: the French embassy in Mexico, to lead agreements.
- ``aduana``: an officer of ANAM, the Mexican customs agency (not a French State service).
"""

import pytest

from tests.factories import make_organisation


@pytest.fixture
def ministry(reference):
    return make_organisation("MEAE", kind="ministry", country="FR")


@pytest.fixture
def coordinator(make_user, ministry):
    return make_user("camille", roles=["plan_coordinator"], organisation=ministry)


@pytest.fixture
def second_coordinator(make_user, ministry):
    return make_user("claire", roles=["plan_coordinator"], organisation=ministry)


@pytest.fixture
def embassy(reference):
    return make_organisation("Ambassade de France au Mexique")


@pytest.fixture
def aduana(make_user):
    agency = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    return make_user("lucia", roles=["partner_officer"], organisation=agency)
