"""Fixtures of the intel tests: two analysts of different organisations and what they see.

- ``network``: the French embassy in Mexico (a French State service) and the Mexican
  customs ANAM, under the France–Mexico framework in force (seizure reports and personal
  data at AMBER). ``network.shared`` is a seizure report of the embassy shared with the
  agreement's parties (both analysts see it), ``network.shared_too`` another one,
  ``network.hidden`` one kept by the embassy (distribution ``originator``: ANAM's analyst
  may not see it). ``network.french`` and ``network.mexican`` are the two analysts;
  ``network.sanctions`` a sanctions officer of the embassy, ``network.officer`` an embassy
  officer (no intel role).
- ``network.entity(item, kind, name, …)`` names an entity in an item, as the composer would.
- ``link(a, b, probability)`` stores a link as ``racine intel resolve`` would.

Items are written straight into the tables (``tests.exchange.conftest.store_item``), as
the exchange's own policy tests do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from racine.exchange.models import Entity, Item
from racine.intel.models import Link, Run
from tests.exchange.conftest import make_agreement, store_item
from tests.factories import make_organisation, make_user


@dataclass
class Network:
    french: object
    mexican: object
    sanctions: object
    officer: object
    shared: Item
    shared_too: Item
    hidden: Item

    def entity(self, item, kind="person", name="", identifier="", birth_date=None, country=None):
        return Entity.objects.create(
            item=item,
            kind=kind,
            name=name,
            identifier=identifier,
            birth_date=birth_date,
            country_id=country,
        )


@pytest.fixture
def network(reference, settings) -> Network:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    embassy = make_organisation("Ambassade de France au Mexique")
    anam = make_organisation(
        "Agencia Nacional de Aduanas de México", kind="customs", country="MX", french_state=False
    )
    agreement = make_agreement(
        embassy,
        [anam],
        provisions=[("seizure_reports", "amber"), ("personal_data", "amber")],
        title="Cadre de coopération douanière France–Mexique",
    )
    french = make_user("analyste.fr", roles=["analyst"], organisation=embassy)
    mexican = make_user("analista.mx", roles=["analyst"], organisation=anam)
    sanctions = make_user("sanctions.fr", roles=["sanctions_officer"], organisation=embassy)
    officer = make_user("attache.fr", roles=["embassy_officer"], organisation=embassy)

    def report(title, distribution, seized_on):
        item = store_item(
            originator=embassy,
            author=officer,
            agreement=agreement,
            distribution=distribution,
            personal_data=True,
            title=title,
        )
        from racine.exchange.models import Seizure

        Seizure.objects.create(item=item, seized_on=seized_on, country_id="MX")
        return item

    return Network(
        french=french,
        mexican=mexican,
        sanctions=sanctions,
        officer=officer,
        shared=report("Saisie à Manzanillo", "agreement", dt.date(2026, 3, 2)),
        shared_too=report("Saisie à Lázaro Cárdenas", "agreement", dt.date(2026, 4, 9)),
        hidden=report("Source humaine à Veracruz", "originator", dt.date(2026, 3, 20)),
    )


@pytest.fixture
def link(db):
    run = None

    def store(a, b, probability=1.0, reason="same passport number and country"):
        nonlocal run
        run = run or Run.objects.create()
        left, right = sorted((a.pk, b.pk))
        return Link.objects.create(
            left_id=left, right_id=right, probability=probability, reason=reason, run=run
        )

    return store
