"""Fixtures shared by the whole suite.

- ``reference``: countries and roles, loaded into the test database (idempotent).
- ``make_user``: create an account with roles in one call (see ``tests/factories.py``).
- ``administrator``, ``viewer``: two ready-made accounts.
- ``login``: a Django test client signed in as a given user.
- ``browser`` / ``page`` (``tests/browser/conftest.py``): Playwright driving Debian's Chromium.

The suite runs unchanged on SQLite and on PostgreSQL: ``RACINE_DATABASE_URL`` decides.
"""

import pytest
from django.test import Client

from tests import factories


@pytest.fixture
def reference(db):
    from racine.core import reference as reference_data

    reference_data.load()


@pytest.fixture
def make_user(reference):
    return factories.make_user


@pytest.fixture
def administrator(make_user):
    return make_user("alice", roles=["administrator"])


@pytest.fixture
def viewer(make_user):
    return make_user("victor", roles=["viewer"])


@pytest.fixture
def login():
    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in
