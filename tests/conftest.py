"""Fixtures shared by the whole suite.

- ``reference``: countries and roles, loaded into the test database (idempotent).
- ``make_user``: create an account with roles in one call (see ``tests/factories.py``).
- ``administrator``, ``viewer``: two ready-made accounts.
- ``ministry`` and its ``coordinator`` (a plan coordinator); ``aduana``, an officer of the
  Mexican customs agency ANAM (a partner agency, not a French State service).
- ``login``: a Django test client signed in as a given user.
- Hypothesis profiles: ``reproducible`` (default, derandomized) and ``thorough``.
- ``demo_world``: the demo data (one user per role), loaded once per test module and
  committed; each test still runs in its own transaction, rolled back after it.
- ``audit_checkpoints`` (automatic): each test's audit checkpoints go to its own file, so
  no test sees another's checkpoints (the real file lives in ``RACINE_DATA_DIR``).
- ``browser`` / ``page`` (``tests/browser/conftest.py``): Playwright driving Debian's Chromium.

The suite runs unchanged on SQLite and on PostgreSQL: ``RACINE_DATABASE_URL`` decides.
"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from tests import factories

# Property tests run the same examples on every run and database unless asked otherwise
# (``--hypothesis-profile=thorough``): a failure in CI can be replayed as it was.
settings.register_profile(
    "reproducible",
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("reproducible")  # the plugin's --hypothesis-profile overrides it


@pytest.fixture(autouse=True)
def audit_checkpoints(settings, tmp_path):
    settings.RACINE_AUDIT_CHECKPOINTS = tmp_path / "audit-checkpoints.jsonl"
    return settings.RACINE_AUDIT_CHECKPOINTS


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
def ministry(reference):
    return factories.make_organisation("MEAE", kind="ministry", country="FR")


@pytest.fixture
def coordinator(make_user, ministry):
    return make_user("camille", roles=["plan_coordinator"], organisation=ministry)


@pytest.fixture
def aduana(make_user):
    agency = factories.make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    return make_user("lucia", roles=["partner_officer"], organisation=agency)


@pytest.fixture
def login():
    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture(autouse=True)
def own_cache(settings, tmp_path):
    """Give each test its own file cache, imports and attachments folders: parallel workers
    each have their own database, and cached figures must never cross from one to another."""
    settings.RACINE_IMPORTS_DIR = tmp_path / "imports"
    settings.RACINE_ATTACHMENTS_DIR = tmp_path / "attachments"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }


@pytest.fixture
def run_jobs():
    """Run the queued background jobs here and now, as ``racine worker`` would.

    django-tasks-db's own worker runs each task (status, result, failure); only its loop,
    which closes database connections between tasks, is left out so that the test's
    transaction survives.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        ran = 0
        for row in DBTaskResult.objects.ready():
            row.claim("test-worker")
            worker.run_task(row)
            ran += 1
        return ran

    return run


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """Load the demo data once for a module (slow to build), and remove it afterwards."""
    from django.core.management import call_command

    from racine.core import demo
    from racine.core import reference as reference_data

    with django_db_blocker.unblock():
        reference_data.load()
        demo.load()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
