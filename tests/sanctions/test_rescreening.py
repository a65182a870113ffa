"""Re-screening: a list changes, the exchange's named people, companies and vessels are
screened against it in the background, and each officer sees the new hits on the items
they may read — and nothing of the others, not even their number.

The world: the ministry's officer Sophie; an officer of the embassy (another French State
service) who may not read the ministry's own items; an item of the Mexican customs shared
with the platform but under no agreement, which no French service has a legal basis to read.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from racine.exchange.models import Entity
from racine.sanctions import rescreening, services, tasks
from racine.sanctions.models import Rescreening, ScreeningHit
from tests.exchange.conftest import store_item
from tests.factories import make_organisation
from tests.sanctions.conftest import SMALL_ADD, SMALL_ALT, SMALL_SDN
from tests.tools.concurrency import at_once

EXTRA_SDN = (
    b'4200,"CARO QUINTERO, Rafael","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,'
    b'-0- ,-0- ,"DOB 03 Oct 1952."\r\n\x1a'
)


def name(item, kind: str, text: str, **fields) -> Entity:
    return Entity.objects.create(item=item, kind=kind, name=text, **fields)


@pytest.fixture
def shared(ministry, make_user, officer):
    """Items naming listed people and a vessel, and an officer of another organisation."""
    embassy = make_organisation("Ambassade de France au Mexique")
    anam = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    colleague = make_user("marc", roles=["sanctions_officer"], organisation=embassy)
    customs = make_user("aduana", roles=["partner_officer"], organisation=anam)
    own = store_item(
        originator=ministry,
        author=officer,
        handling="amber",
        distribution="originator",
        personal_data=True,
        title="Note sur un réseau",
    )
    name(own, "person", "Gilberto José Rodríguez Orejuela")
    name(own, "person", "Jeanne Martin")  # on no list
    name(own, "container", "MSCU1234565")  # not screened
    foreign = store_item(originator=anam, author=customs, handling="amber", distribution="platform")
    name(foreign, "vessel", "Ocean Star", identifier="9187629")
    return {"own": own, "foreign": foreign, "colleague": colleague}


def import_sdn(ofac_folder, sdn: bytes = SMALL_SDN, name: str = "ofac"):
    folder = ofac_folder(name, sdn=sdn, alt=SMALL_ALT, add=SMALL_ADD)
    with transaction.atomic():
        return services.import_list(None, "ofac-csv", folder)


def test_a_new_list_version_is_screened_in_the_background_and_found_once(
    shared, officer, ofac_folder
):
    import_sdn(ofac_folder)
    assert ScreeningHit.objects.count() == 0  # the import itself screens nothing
    tasks.schedule()  # what `racine worker` does every few seconds

    hits = {(hit.name, hit.list_entity_id) for hit in ScreeningHit.objects.all()}
    assert hits == {("Gilberto José Rodríguez Orejuela", "4107"), ("Ocean Star", "9001")}
    found = ScreeningHit.objects.get(list_entity_id="4107")
    assert found.item_id == shared["own"].pk and found.list_version.number == 1
    assert found.score >= found.explanation["threshold"]
    assert "name" in found.explanation["features"]

    # Nothing changed: nothing screened again. The same person in a new version: no new hit.
    assert tasks.schedule() is False
    version = import_sdn(ofac_folder, SMALL_SDN.replace(b"\r\n\x1a", b"\r\n") + EXTRA_SDN, "v2")
    assert version.version == 2
    name(shared["own"], "person", "Rafael Caro Quintero", birth_date="1952-10-03")
    assert rescreening.rescreen_pending() == 1
    assert ScreeningHit.objects.filter(list_version__number=2).get().list_entity_id == "4200"
    assert Rescreening.objects.count() == 2


def test_an_officer_sees_only_the_hits_on_items_they_may_read(shared, officer, ofac_folder, login):
    import_sdn(ofac_folder)
    tasks.schedule()
    assert ScreeningHit.objects.count() == 2

    mine = rescreening.visible_hits(officer)
    # The vessel named by the Mexican customs outside any agreement: no legal basis, no hit.
    assert [hit.list_entity_id for hit in mine] == ["4107"]
    assert rescreening.new_hit_count(officer) == 1
    # The embassy's officer may not read the ministry's own note: neither hit nor count.
    colleague = shared["colleague"]
    assert not rescreening.visible_hits(colleague).exists()
    assert rescreening.new_hit_count(colleague) == 0

    page = login(colleague).get(reverse("sanctions:hits"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Rodríguez" not in text and "Ocean Star" not in text and "RODRIGUEZ" not in text

    client = login(officer)
    tabs = client.get(reverse("sanctions:index")).content.decode()
    assert "1 nouvelle" in tabs or "1 new" in tabs
    text = client.get(reverse("sanctions:hits")).content.decode()
    assert "Gilberto José Rodríguez Orejuela" in text
    assert reverse("exchange:item", args=[shared["own"].pk]) in text
    assert "Ocean Star" not in text
    # Seen once: no longer new.
    assert rescreening.new_hit_count(officer) == 0


def test_other_roles_get_no_hits_page(shared, aduana, login, make_user, ministry):
    analyst = make_user("lea", roles=["analyst"], organisation=ministry)
    for user in (aduana, analyst):
        assert login(user).get(reverse("sanctions:hits")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_workers_screen_a_version_once(shared, ofac_folder):
    import_sdn(ofac_folder)
    list_id = ScreeningHit._meta.get_field("sanctions_list").related_model.objects.get().pk
    outcomes = at_once(lambda: rescreening.rescreen(list_id), threads=2)
    assert sorted(outcomes, key=str) == [0, 2], outcomes
    assert ScreeningHit.objects.count() == 2 and Rescreening.objects.count() == 1
