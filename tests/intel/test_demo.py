"""The intel app's demo: pairs to review, merged entities, their pages, within the policy."""

from __future__ import annotations

import pytest
from django.urls import reverse

from racine.core import demo
from racine.core.choices import RoleCode
from racine.core.models import Organisation, User
from racine.exchange import services as exchange
from racine.exchange.models import Entity
from racine.intel import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_analysts_have_pairs_to_review_and_merged_entities(demo_world, login):
    for username in ("analyste", "douane.havre"):
        analyst = User.objects.get(username=username)
        assert services.review_queue(analyst).exists(), username
    analyst = User.objects.get(username="analyste")
    # the same passport and country in two French reports: one person
    diego = Entity.objects.get(name="Diego Ficticio Ramírez")
    members = services.cluster_members(analyst, diego.pk)
    assert len(members) >= 2
    assert Entity.objects.filter(pk__in=members).values("item").distinct().count() >= 2
    # the Mexican report naming him is not the ministry's to read: not in its cluster
    assert Entity.objects.get(name="Diego Ficticio Ramirez").pk not in members
    client = login(analyst)
    assert client.get(reverse("intel:review")).status_code == 200
    assert client.get(reverse("intel:entity", args=[diego.pk])).status_code == 200
    assert client.get(reverse("intel:network", args=[diego.pk])).status_code == 200
    again = demo.load()
    assert again["entity links"] == 0
    assert again["recurring entities"] == 0


def test_an_analyst_does_not_see_the_entities_of_items_hidden_from_them(demo_world, login):
    # The embassy in Mexico reads the partners' reports, not the French customs' ones.
    embassy = Organisation.objects.get(name=demo.EMBASSY_MEXICO)
    analyst = make_user("analyste.mexique", [RoleCode.ANALYST], embassy)
    french = Entity.objects.get(name="Diego Ficticio Ramírez")
    assert not exchange.visible_items(analyst).filter(pk=french.item_id).exists()
    # the vessel of a Colombian report is the French customs' one (same IMO number) for the
    # ministry's analyst; the embassy's sees the Colombian record alone
    colombian = Entity.objects.get(name="MV Ficticia Estrella")
    ministry = User.objects.get(username="analyste")
    assert len(services.cluster_members(ministry, colombian.pk)) == 2
    assert services.cluster_members(analyst, colombian.pk) == {colombian.pk}
    hidden = set(
        Entity.objects.filter(item__author__username="douane.havre").values_list("pk", flat=True)
    )
    for link in services.review_queue(analyst):
        assert not {link.left_id, link.right_id} & hidden
    client = login(analyst)
    assert client.get(reverse("intel:entity", args=[french.pk])).status_code == 404
    assert client.get(reverse("intel:network", args=[french.pk])).status_code == 404
    page = client.get(reverse("intel:entity", args=[colombian.pk]))
    assert page.status_code == 200
    assert "FICTICIA ESTRELLA" not in page.content.decode()
