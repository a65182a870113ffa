"""The exchange's demo data: loaded once, lawful under the policy, different inboxes."""

from __future__ import annotations

import random

import pytest

from racine.core import demo
from racine.core.models import Organisation, User
from racine.exchange import policy, services
from racine.exchange.models import Item


@pytest.mark.django_db
def test_the_demo_items_are_lawful_and_each_account_has_its_own_inbox(reference):
    counts = demo.load()
    assert counts["exchange items"] >= 2000
    assert demo.load()["exchange items"] == 0  # idempotent
    for item in random.Random(1).sample(list(Item.objects.all()), 60):
        plain = services.policy_item(item)
        named = list(Organisation.objects.filter(pk__in=plain.organisations))
        if plain.agreement:
            named += list(Organisation.objects.filter(pk__in=plain.agreement.partner_organisations))
        orgs = [services.as_policy_org(o) for o in named]
        assert policy.creation_refusals(plain, orgs) == [], item.pk
        assert not (item.handling == "clear" and item.personal_data)
    inbox = {
        username: services.visible_items(User.objects.get(username=username)).count()
        for username in (
            "aduana.mexico",
            "diran.colombia",
            "senae.ecuador",
            "attache.mexique",
            "douane.havre",
            "lecteur",
        )
    }
    assert inbox["lecteur"] == 0
    assert len(set(inbox.values())) == len(inbox), inbox
    assert inbox["attache.mexique"] > inbox["aduana.mexico"]  # the embassy sees several partners
