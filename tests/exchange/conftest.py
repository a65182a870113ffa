"""Fixtures of the exchange tests: a small world of organisations, readers and agreements.

- ``world``: the French ministry and embassy in Mexico (French State services), the Mexican
  customs ANAM and prosecutor FGR, the Colombian police DIRAN; one agreement in force
  (the France–Mexico framework, ANAM and DIRAN as partners, seizure reports, alerts and
  requests at AMBER and personal data at AMBER); readers of every role in every
  organisation (``world.reader(org, role)``), plus an inactive analyst in each.
- ``seizure_data``: a valid seizure report to change field by field.

The policy tests build items straight into the tables (``store_item``), so that they
can hold states the composer refuses today but that arise later, when an agreement is
suspended or a provision removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import models

from racine.core.models import Organisation, User
from racine.exchange import compose
from racine.exchange.choices import CATEGORY_OF_KIND
from racine.exchange.models import Dissemination, Item
from racine.partners.models import Agreement, SharingProvision
from tests.factories import make_organisation, make_user

ROLE_SETS = {
    "embassy": ["embassy_officer"],
    "partner": ["partner_officer"],
    "analyst": ["analyst"],
    "sanctions": ["sanctions_officer"],
    "admin": ["administrator"],
    "coordinator": ["plan_coordinator"],
    "viewer": ["viewer"],
    "admin_analyst": ["administrator", "analyst"],
    "inactive": ["analyst"],
}


@dataclass
class World:
    orgs: dict[str, Organisation]
    readers: dict[tuple[str, str], User] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)

    def reader(self, org: str, role: str) -> User:
        return self.readers[(org, role)]


def assert_counted_by_slices(user, allowed: set[int]) -> None:
    """Check that the policy's slices partition what ``user`` may see, and count it.

    No item in two slices, together exactly ``allowed``; and a count of the visible
    items runs one COUNT per slice (a slice that cannot hold an item is not asked),
    not one COUNT of the whole filter.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from racine.exchange import services

    slices = services.visibility_slices(user)
    parts = [set(Item.objects.filter(part).values_list("pk", flat=True)) for part in slices]
    union = set().union(*parts)
    assert sum(len(part) for part in parts) == len(union), "an item falls in two slices"
    assert union == allowed
    whole = Item.objects.filter(services.visibility_filter(user))
    assert set(whole.values_list("pk", flat=True)) == allowed
    # As the API counts (list_items), and as the inbox page does (read marks, unread).
    inbox = services.with_read_marks(user, services.list_items(user, kind="seizure"))
    ways = [
        (services.list_items(user), allowed),
        (
            services.unread(user, inbox),
            set(Item.objects.filter(pk__in=allowed, kind="seizure").values_list("pk", flat=True)),
        ),
    ]
    # Distinct values and groups may span slices: those are counted whole.
    originators = set(Item.objects.filter(pk__in=allowed).values_list("originator", flat=True))
    visible = services.visible_items(user)
    # Inside another query (Django renames its tables), the filter still tests each item.
    inside = Item.objects.filter(pk__in=visible.values("pk"))
    assert set(inside.values_list("pk", flat=True)) == allowed
    assert visible.values("originator").distinct().count() == len(originators)
    grouped = visible.values("originator").annotate(n=models.Count("pk"))
    assert grouped.count() == len(originators)
    for items, expected in ways:
        with CaptureQueriesContext(connection) as queries:
            assert items.count() == len(expected)
        counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        if len(slices) > 1:
            assert 1 < len(counts) <= len(slices)


def make_agreement(lead, partners, status="in_force", provisions=(), title="Accord"):
    agreement = Agreement.objects.create(
        title=title,
        kind="customs",
        status=status,
        lead_organisation=lead,
        signed_on=dt.date(2025, 11, 7),
        in_force_on=dt.date(2026, 1, 15) if status in {"in_force", "suspended"} else None,
    )
    agreement.partner_organisations.set(partners)
    agreement.partner_countries.set({p.country_id for p in partners} or {"MX"})
    for category, code in provisions:
        SharingProvision.objects.create(agreement=agreement, category=category, handling_code=code)
    return agreement


@pytest.fixture
def fast_passwords(settings):
    # Forty-five accounts: argon2's deliberate slowness would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(reference, fast_passwords) -> World:
    orgs = {
        "ministry": make_organisation(
            "Ministère de l'Europe et des Affaires étrangères", kind="ministry", country="FR"
        ),
        "embassy": make_organisation("Ambassade de France au Mexique"),
        "anam": make_organisation(
            "Agencia Nacional de Aduanas de México",
            kind="customs",
            country="MX",
            french_state=False,
        ),
        "fgr": make_organisation(
            "Fiscalía General de la República", kind="prosecutor", country="MX", french_state=False
        ),
        "diran": make_organisation(
            "Dirección de Antinarcóticos", kind="police", country="CO", french_state=False
        ),
    }
    built = World(orgs)
    for org_key, organisation in orgs.items():
        for role_key, roles in ROLE_SETS.items():
            user = make_user(f"{org_key}-{role_key}", roles=roles, organisation=organisation)
            if role_key == "inactive":
                User.objects.filter(pk=user.pk).update(is_active=False)
                user.refresh_from_db()
            built.readers[(org_key, role_key)] = user
    built.agreements["mexico"] = make_agreement(
        orgs["embassy"],
        [orgs["anam"], orgs["diran"]],
        provisions=[
            ("seizure_reports", "amber"),
            ("alerts", "amber"),
            ("requests", "amber"),
            ("personal_data", "amber"),
        ],
        title="Cadre de coopération douanière France–Mexique",
    )
    return built


def store_item(
    *,
    kind="seizure",
    handling="amber",
    distribution="agreement",
    originator,
    author,
    agreement=None,
    personal_data=False,
    organisations=(),
    recipients=(),
    accepted=(),
    title="Saisie de cocaïne",
    body="",
) -> Item:
    """Write an item straight into the tables, bypassing the composer's checks."""
    item = Item.objects.create(
        kind=kind,
        title=title,
        body=body,
        originator=originator,
        author=author,
        category=CATEGORY_OF_KIND[kind],
        personal_data=personal_data,
        handling=handling,
        distribution=distribution,
        agreement=agreement,
    )
    item.organisations.set(organisations)
    item.recipients.set(recipients)
    for organisation in accepted:
        Dissemination.objects.create(
            item=item, organisation=organisation, status="accepted", requested_by=author
        )
    return item


def seizure(**changes) -> compose.ItemData:
    """Return a valid AMBER seizure report shared with the agreement's parties."""
    data = compose.ItemData(
        kind="seizure",
        title="Saisie de 1,2 t de cocaïne au port de Manzanillo",
        body="Conteneur frigorifique de bananes en provenance de Guayaquil.",
        handling="amber",
        distribution="agreement",
        seizure=compose.SeizureData(
            seized_on=dt.date(2026, 3, 2),
            country="MX",
            place="MXZLO",
            drugs=[compose.DrugData("cocaine_hydrochloride", "1200", "kg")],
            conveyance="container",
            origin="EC",
            transits=["PA"],
            destination="BE",
        ),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data
