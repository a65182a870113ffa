"""The names of an exchange item are screened when the item is shared: a background job
queued after the commit (never before, never on a rolled-back write), through the same
re-screening path, its hits shown only to officers who may see the item.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from racine.exchange import compose
from racine.exchange import services as exchange
from racine.sanctions import rescreening, services
from racine.sanctions.models import ScreeningHit
from tests.exchange.conftest import (  # noqa: F401 — the exchange's world and its fixture
    fast_passwords,
    seizure,
    world,
)
from tests.sanctions.conftest import SMALL_ADD, SMALL_ALT, SMALL_SDN

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(world, ofac_folder):  # noqa: F811 — the fixture imported above
    """The small OFAC list imported, and already re-screened (nothing named on it yet)."""
    folder = ofac_folder(sdn=SMALL_SDN, alt=SMALL_ALT, add=SMALL_ADD)
    with transaction.atomic():
        services.import_list(None, "ofac-csv", folder)
    rescreening.rescreen_pending()
    return world


def share(world, *names):  # noqa: F811
    data = seizure(agreement=world.agreements["mexico"].pk)
    data.entities = [compose.EntityData("person", name) for name in names]
    return compose.create_item(world.reader("anam", "partner"), data)


def test_a_shared_items_names_are_screened_after_commit(
    listed, django_capture_on_commit_callbacks, run_jobs
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        item = share(listed, "Gilberto José Rodríguez Orejuela", "Jeanne Martin")
        assert not DBTaskResult.objects.exists()  # queued only once committed
    assert DBTaskResult.objects.filter(task_path__endswith="screen_items").count() == 1
    run_jobs()
    hit = ScreeningHit.objects.get()
    assert (hit.item_id, hit.name, hit.list_entity_id) == (
        item.pk,
        "Gilberto José Rodríguez Orejuela",
        "4107",
    )
    assert hit.list_version == hit.sanctions_list.current_version
    assert hit.score >= hit.explanation["threshold"]
    # Officers see the hit exactly when they may see the item (the sharing policy).
    officers = [user for (_org, role), user in listed.readers.items() if role == "sanctions"]
    for officer in officers:
        may_see = exchange.visible_items(officer).filter(pk=item.pk).exists()
        assert rescreening.visible_hits(officer).filter(pk=hit.pk).exists() == may_see
    assert any(exchange.visible_items(o).filter(pk=item.pk).exists() for o in officers)
    assert not all(exchange.visible_items(o).filter(pk=item.pk).exists() for o in officers)
    # Screening the item again finds nothing new; a re-screening of the list neither.
    assert rescreening.screen_items([item.pk]) == 0
    assert ScreeningHit.objects.count() == 1


def test_a_rolled_back_share_queues_nothing(listed, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        share(listed, "Gilberto José Rodríguez Orejuela")
        raise RuntimeError("the write fails after the item")
    assert not DBTaskResult.objects.exists()
    assert not ScreeningHit.objects.exists()
