"""Who sees a joint operation: the database filter against the policy engine.

The matrix crosses leaders (a French embassy, the Mexican customs) × participants (one
state or three) × legal basis (none; an agreement in force, suspended or only signed,
with or without a provision for joint operations; one the reader is not party to) ×
handling codes, against 45 readers (every role, inactive accounts, five organisations of
three states). The property test draws operations, linked items and readers at random:
the list, its count, the detail page and the API never show a forbidden operation, and
an operation never reveals an item its reader may not see.
"""

from __future__ import annotations

import itertools
import json

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racine.exchange import operations, policy, services
from racine.exchange.models import JointOperation, OperationItem, OperationParticipant
from tests.exchange.conftest import make_agreement, store_item

PROVISIONS = {
    "operations_amber": (("joint_operations", "amber"),),
    "operations_green": (("joint_operations", "green"),),
    "no_operations": (("seizure_reports", "clear"),),
}
STATES = ("in_force", "suspended", "signed")
HANDLINGS = ("green", "amber", "red")
LEADERS = ("embassy", "anam")
PARTICIPANT_SETS = (("ministry",), ("anam", "fgr", "diran", "ministry"), ("embassy", "fgr"))


def plain_org(organisation) -> policy.Organisation:
    return policy.Organisation(organisation.pk, organisation.french_state, organisation.country_id)


def plain_reader(user) -> policy.Reader:
    organisation = plain_org(user.organisation) if user.organisation else None
    return policy.Reader(user.pk, user.is_active, frozenset(user.role_codes()), organisation)


def store_operation(world, code, leader, participants, handling="amber", agreement=None):
    """Write an operation straight into the tables, bypassing the legal-basis checks."""
    operation = JointOperation.objects.create(
        code=code,
        name=f"Opération {code}",
        leader=world.orgs[leader],
        starts_on="2026-03-01",
        objectives="Cibler les conteneurs.",
        handling=handling,
        agreement=agreement,
        created_by=world.reader(leader, "embassy"),
    )
    for key in {leader, *participants}:
        OperationParticipant.objects.create(operation=operation, organisation=world.orgs[key])
    return operation


def test_database_filter_equals_the_policy_for_every_combination(world):
    orgs = world.orgs
    agreements = {None: (None, None)}
    for state, name in itertools.product(STATES, PROVISIONS):
        stored = make_agreement(
            orgs["embassy"], [orgs["anam"], orgs["diran"]], state, PROVISIONS[name], name
        )
        agreements[(state, name)] = (
            stored,
            policy.Agreement(
                stored.pk,
                state == "in_force",
                frozenset({orgs["anam"].pk, orgs["diran"].pk}),
                frozenset(PROVISIONS[name]),
            ),
        )
    # An agreement in force covering operations, to which FGR is no party.
    stored = make_agreement(
        orgs["embassy"], [orgs["anam"]], "in_force", PROVISIONS["operations_amber"], "anam only"
    )
    agreements["anam_only"] = (
        stored,
        policy.Agreement(
            stored.pk, True, frozenset({orgs["anam"].pk}), frozenset(PROVISIONS["operations_amber"])
        ),
    )
    expected = []
    combos = itertools.product(LEADERS, PARTICIPANT_SETS, agreements, HANDLINGS)
    for index, (leader, participants, key, handling) in enumerate(combos):
        stored_agreement, plain_agreement = agreements[key]
        operation = store_operation(
            world, f"OP-{index}", leader, participants, handling, stored_agreement
        )
        expected.append(
            policy.Operation(
                operation.pk,
                handling,
                plain_org(orgs[leader]),
                frozenset(orgs[k].pk for k in {leader, *participants}),
                plain_agreement,
            )
        )
    mismatches, seen = [], {}
    for (org_key, role_key), user in world.readers.items():
        reader = plain_reader(user)
        allowed = {op.id for op in expected if policy.may_see_operation(reader, op)}
        visible = set(operations.visible_operations(user).values_list("pk", flat=True))
        assert operations.visible_operations(user).count() == len(visible)
        seen[(org_key, role_key)] = len(visible)
        mismatches += [(org_key, role_key, pk, pk in visible) for pk in visible ^ allowed]
    assert not mismatches, mismatches[:20]
    # Neither trivially empty nor trivially full.
    for role in ("admin", "coordinator", "viewer", "inactive"):
        assert all(seen[(org, role)] == 0 for org in orgs)
    for org in orgs:
        assert 0 < seen[(org, "partner")] < len(expected)
    # Across states the legal basis decides: FGR (Mexico) under a French lead sees only
    # operations whose agreement makes it a party, which none of these does.
    assert seen[("fgr", "partner")] == sum(
        1
        for op in expected
        if op.leader.id == orgs["anam"].pk and orgs["fgr"].pk in op.participants
    )


operation_specs = st.fixed_dictionaries(
    {
        "leader": st.sampled_from(("ministry", "embassy", "anam", "fgr", "diran")),
        "participants": st.frozensets(
            st.sampled_from(("ministry", "embassy", "anam", "fgr", "diran"))
        ),
        "handling": st.sampled_from(policy.HANDLING_ORDER),
        "agreement": st.sampled_from((None, "in_force", "suspended")),
        "level": st.sampled_from(policy.HANDLING_ORDER),
        "linked": st.lists(
            st.tuples(
                st.sampled_from(("ministry", "embassy", "anam", "diran")),
                st.sampled_from(("green", "amber", "red")),
                st.sampled_from(("originator", "agreement", "platform")),
            ),
            max_size=3,
        ),
    }
)
reader_keys = st.tuples(
    st.sampled_from(("ministry", "embassy", "anam", "fgr", "diran")),
    st.sampled_from(("embassy", "partner", "analyst", "admin", "inactive")),
)


@pytest.mark.django_db
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=st.lists(operation_specs, min_size=1, max_size=3), reader_key=reader_keys)
def test_no_path_shows_a_forbidden_operation_or_item(world, specs, reader_key):
    with transaction.atomic():
        orgs = world.orgs
        expected = []
        for index, spec in enumerate(specs):
            agreement, plain_agreement = None, None
            if spec["agreement"]:
                provisions = (("joint_operations", spec["level"]), ("seizure_reports", "green"))
                agreement = make_agreement(
                    orgs["embassy"],
                    [orgs["anam"], orgs["diran"]],
                    spec["agreement"],
                    provisions,
                    f"accord {index}",
                )
                plain_agreement = policy.Agreement(
                    agreement.pk,
                    spec["agreement"] == "in_force",
                    frozenset({orgs["anam"].pk, orgs["diran"].pk}),
                    frozenset(provisions),
                )
            operation = store_operation(
                world,
                f"P-{index}",
                spec["leader"],
                spec["participants"],
                spec["handling"],
                agreement,
            )
            for origin, handling, distribution in spec["linked"]:
                item = store_item(
                    originator=orgs[origin],
                    author=world.reader(origin, "partner"),
                    handling=handling,
                    distribution=distribution,
                    agreement=agreement,
                    title=f"rapport lié {origin}",
                )
                OperationItem.objects.create(
                    operation=operation, item=item, linked_by=world.reader(origin, "partner")
                )
            expected.append(
                policy.Operation(
                    operation.pk,
                    spec["handling"],
                    plain_org(orgs[spec["leader"]]),
                    frozenset(orgs[k].pk for k in {spec["leader"], *spec["participants"]}),
                    plain_agreement,
                )
            )
        user = world.reader(*reader_key)
        reader = plain_reader(user)
        allowed = {op.id for op in expected if policy.may_see_operation(reader, op)}
        listed = set(operations.list_operations(user).values_list("pk", flat=True))
        assert listed == allowed
        assert operations.list_operations(user).count() == len(allowed)
        client = Client()
        client.force_login(user)
        if not user.is_active:  # signed out at once: the API answers 401, pages redirect
            assert client.get("/api/exchange/operations").status_code == 401
            transaction.set_rollback(True)
            return
        api_list = client.get("/api/exchange/operations").json()
        assert {row["id"] for row in api_list["results"]} == allowed
        assert api_list["count"] == len(allowed)
        missing = client.get("/api/exchange/operations/999999999")
        visible_items = set(services.visible_items(user).values_list("pk", flat=True))
        for op in expected:
            api = client.get(f"/api/exchange/operations/{op.id}")
            page = client.get(f"/echanges/operations/{op.id}/")
            if op.id not in allowed:
                assert api.status_code == page.status_code == 404
                assert api.json() | {"detail": ""} == missing.json() | {"detail": ""}
                continue
            assert api.status_code == page.status_code == 200
            shown = {row["id"] for row in api.json()["items"]}
            linked = set(
                OperationItem.objects.filter(operation_id=op.id).values_list("item_id", flat=True)
            )
            assert shown == linked & visible_items
            links = client.get(f"/api/exchange/operations/{op.id}/links").json()
            assert {row["id"] for row in links} == shown
            for hidden in linked - visible_items:
                assert f"/echanges/{hidden}/".encode() not in page.content
            assert page.context["item_count"] == len(shown)
        transaction.set_rollback(True)


def test_a_hidden_operation_answers_as_a_missing_one(world):
    operation = store_operation(world, "X-1", "anam", ("fgr",))
    client = Client()
    client.force_login(world.reader("diran", "partner"))
    hidden = client.get(f"/api/exchange/operations/{operation.pk}")
    missing = client.get("/api/exchange/operations/987654321")
    assert hidden.status_code == missing.status_code == 404
    assert json.loads(hidden.content)["code"] == json.loads(missing.content)["code"]
    for suffix in ("log", "links", "outcomes"):
        assert client.get(f"/api/exchange/operations/{operation.pk}/{suffix}").status_code == 404
    assert client.get(f"/echanges/operations/{operation.pk}/").status_code == 404
