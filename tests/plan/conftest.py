"""Fixtures of the plan API tests: the plan of November 2025 and the people who steer it.

Every fixture needs ``reference``, which also loads the plan (four axes, six objectives).

- ``second_coordinator``: a second plan coordinator of the ministry, beside ``coordinator``
  (``tests/conftest.py``), for proposals that someone else validates.
- ``embassy``: the French embassy in Mexico, to lead agreements.
"""

import pytest

from tests.factories import make_organisation


@pytest.fixture
def second_coordinator(make_user, ministry):
    return make_user("claire", roles=["plan_coordinator"], organisation=ministry)


@pytest.fixture
def embassy(reference):
    return make_organisation("Ambassade de France au Mexique")


@pytest.fixture
def stage_by_proposals(reference):
    """Set the European regime's objective back to proposals validated by a coordinator.

    The reference plan reads the regime's stage from the sanctions app; proposals remain
    the rule for figures no record gives, and these tests exercise them on that objective.
    """
    from racine.plan.models import Objective

    Objective.objects.filter(code="regime-sanctions-ue").update(rule="validated_stage")
