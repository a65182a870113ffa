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
