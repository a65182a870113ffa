"""Fixtures of the resources API tests: two embassies, a ministry, and one user of each kind.

- ``mexico``, ``bogota``: the French embassies in Mexico and in Colombia.
- ``attache``: an embassy officer in Mexico, who edits only Mexico's posts and lines.
``coordinator`` and ``aduana`` come from ``tests/conftest.py``.
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
def attache(make_user, mexico):
    return make_user("bruno", roles=["embassy_officer"], organisation=mexico)
