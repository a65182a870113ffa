"""The database filter against the policy engine, over every combination that matters.

Items cover handling code × distribution × agreement (none, or in force / suspended /
signed but not in force, each with four sets of provisions) × originator × personal data
× kind; readers cover every role (and an inactive account, and administrators with and
without an exchange role) in five organisations of three states. For every reader the
set of items the database returns must equal the set the engine allows, item for item.
"""

from __future__ import annotations

import itertools

from racine.exchange import policy, services
from racine.exchange.choices import CATEGORY_OF_KIND
from racine.exchange.models import Dissemination, Item
from tests.exchange.conftest import assert_counted_by_slices, make_agreement

HANDLINGS = policy.HANDLING_ORDER
DISTRIBUTIONS = policy.DISTRIBUTIONS
STATES = ("in_force", "suspended", "signed")
CATEGORIES = ("seizure_reports", "alerts", "requests")
PROVISION_SETS = {
    "none": (),
    "all_amber": tuple((c, "amber") for c in CATEGORIES),
    "green_personal_amber": tuple((c, "green") for c in CATEGORIES) + (("personal_data", "amber"),),
    "mixed": (
        ("seizure_reports", "red"),
        ("alerts", "amber_strict"),
        ("requests", "clear"),
        ("personal_data", "green"),
    ),
}
ORIGINATORS = ("embassy", "anam", "diran")
KINDS = ("seizure", "alert", "request")


def plain_org(organisation) -> policy.Organisation:
    return policy.Organisation(organisation.pk, organisation.french_state, organisation.country_id)


def test_database_filter_equals_the_policy_for_every_combination(world):
    orgs = world.orgs
    partners = [orgs["anam"], orgs["diran"]]
    agreements = {None: None}
    plain_agreements = {None: None}
    for state, (name, provisions) in itertools.product(STATES, PROVISION_SETS.items()):
        agreement = make_agreement(orgs["embassy"], partners, state, provisions, f"{state}/{name}")
        agreements[(state, name)] = agreement
        plain_agreements[(state, name)] = policy.Agreement(
            agreement.pk,
            state == "in_force",
            frozenset(p.pk for p in partners),
            frozenset(provisions),
        )
    listings = ([orgs["anam"], orgs["ministry"]], [orgs["fgr"], orgs["diran"], orgs["embassy"]])
    named = [
        world.reader(org, role).pk for org in orgs for role in ("embassy", "partner", "inactive")
    ]
    # Written in bulk (no per-row audit entry): the matrix is about reading.
    rows = []
    combos = itertools.product(HANDLINGS, DISTRIBUTIONS, agreements, ORIGINATORS, (False, True))
    for index, (handling, distribution, key, origin, personal) in enumerate(combos):
        if handling == "clear" and personal:
            continue  # refused at creation, never stored
        kind = KINDS[index % 3]
        item = Item(
            kind=kind,
            title=f"item {index}",
            originator=orgs[origin],
            author=world.reader(origin, "sanctions"),
            category=CATEGORY_OF_KIND[kind],
            personal_data=personal,
            handling=handling,
            distribution=distribution,
            agreement=agreements[key],
        )
        listed = listings[index % 2] if distribution == "organisations" else []
        recipients = named if handling == "red" else []
        dissemination = {0: ("fgr", "accepted"), 1: ("fgr", "requested"), 2: ("diran", "refused")}
        rows.append((item, key, listed, recipients, dissemination.get(index % 5)))
    Item.objects.bulk_create([row[0] for row in rows])
    listed_links, recipient_links, disseminations, expected_items = [], [], [], []
    for item, key, listed, recipients, dissemination in rows:
        listed_links += [
            Item.organisations.through(item_id=item.pk, organisation_id=o.pk) for o in listed
        ]
        recipient_links += [Item.recipients.through(item_id=item.pk, user_id=u) for u in recipients]
        accepted = frozenset()
        if dissemination:
            target, status = orgs[dissemination[0]], dissemination[1]
            disseminations.append(
                Dissemination(
                    item=item, organisation=target, status=status, requested_by=item.author
                )
            )
            accepted = frozenset({target.pk}) if status == "accepted" else frozenset()
        expected_items.append(
            policy.Item(
                id=item.pk,
                category=item.category,
                handling=item.handling,
                distribution=item.distribution,
                originator=plain_org(item.originator),
                author=item.author_id,
                personal_data=item.personal_data,
                agreement=plain_agreements[key],
                organisations=frozenset(o.pk for o in listed),
                recipients=frozenset(recipients),
                disseminated_to=accepted,
            )
        )
    Item.organisations.through.objects.bulk_create(listed_links)
    Item.recipients.through.objects.bulk_create(recipient_links)
    Dissemination.objects.bulk_create(disseminations)
    assert len(expected_items) > 1400
    mismatches = []
    seen_counts = {}
    for (org_key, role_key), user in world.readers.items():
        reader = policy.Reader(
            user.pk, user.is_active, frozenset(user.role_codes()), plain_org(user.organisation)
        )
        allowed = {item.id for item in expected_items if policy.may_see(reader, item)}
        visible = set(services.visible_items(user).values_list("pk", flat=True))
        assert services.visible_items(user).count() == len(visible)
        assert_counted_by_slices(user, allowed)
        seen_counts[(org_key, role_key)] = len(visible)
        for wrong in visible ^ allowed:
            mismatches.append((org_key, role_key, wrong, wrong in visible))
    assert not mismatches, mismatches[:20]
    # The matrix is not trivially empty nor trivially full.
    clear = sum(1 for item in expected_items if item.handling == "clear")
    for role in ("admin", "coordinator", "viewer", "inactive"):
        assert all(seen_counts[(org, role)] == 0 for org in orgs)
    for org in orgs:
        assert clear < seen_counts[(org, "partner")] < len(expected_items)
