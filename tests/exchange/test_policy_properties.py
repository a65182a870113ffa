"""Property tests: no query path returns an item the policy forbids.

Hypothesis draws agreements (any status, any provisions), items (any handling code,
distribution, originator, listed organisations, named recipients, disseminations,
hostile titles) and readers; every path — the list, its count, a search, the detail,
the API list and the API detail — must answer exactly what the engine allows, and an
item the reader may not see must answer 404 exactly like one that does not exist.
Each example runs in a savepoint rolled back afterwards.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from racine.core.errors import NotFound
from racine.exchange import policy, services
from racine.exchange.choices import CATEGORY_OF_KIND
from racine.exchange.models import Dissemination, Item
from racine.partners.models import SharingProvision
from tests.exchange.conftest import assert_counted_by_slices, make_agreement

ORGS = ("ministry", "embassy", "anam", "fgr", "diran")
STATUSES = ("in_force", "suspended", "expired", "terminated", "signed", "draft")
CATEGORIES = ("seizure_reports", "alerts", "requests", "personal_data")
TOKEN = "cocaina"
HOSTILE = st.lists(
    st.sampled_from(list("%_\\'\"; -*aAéÉß0)(<>") + ["' OR 1=1 --", "DROP TABLE", "İ", "\u202e"]),
    max_size=8,
).map("".join)

agreement_states = st.tuples(
    st.sampled_from(STATUSES),
    # One level per category, as the partners app holds it.
    st.dictionaries(st.sampled_from(CATEGORIES), st.sampled_from(policy.HANDLING_ORDER)).map(
        lambda levels: frozenset(levels.items())
    ),
    st.frozensets(st.sampled_from(("anam", "fgr", "diran"))),
)
item_specs = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(("seizure", "alert", "request")),
        "handling": st.sampled_from(policy.HANDLING_ORDER),
        "distribution": st.sampled_from(policy.DISTRIBUTIONS),
        "agreement": st.sampled_from((None, 0, 1)),
        "originator": st.sampled_from(ORGS),
        "author_role": st.sampled_from(("partner", "analyst", "embassy", "inactive")),
        "personal": st.booleans(),
        "listed": st.frozensets(st.sampled_from(ORGS)),
        "named": st.frozensets(
            st.tuples(st.sampled_from(ORGS), st.sampled_from(("partner", "analyst", "embassy")))
        ),
        "disseminations": st.dictionaries(
            st.sampled_from(ORGS), st.sampled_from(("requested", "accepted", "refused"))
        ),
        "title": st.tuples(st.booleans(), HOSTILE),
    }
)
readers = st.lists(
    st.tuples(
        st.sampled_from(ORGS),
        st.sampled_from(("embassy", "partner", "analyst", "sanctions", "admin", "inactive")),
    ),
    min_size=1,
    max_size=3,
    unique=True,
)


def plain_org(organisation) -> policy.Organisation:
    return policy.Organisation(organisation.pk, organisation.french_state, organisation.country_id)


def build(world, agreement_draws, specs):
    """Store the drawn agreements and items; return the items as the engine sees them."""
    agreements, plain_agreements = [], []
    for index, (status, provisions, partner_keys) in enumerate(agreement_draws):
        partners = [world.orgs[key] for key in sorted(partner_keys)]
        agreement = make_agreement(world.orgs["embassy"], partners, status, (), f"A{index}")
        SharingProvision.objects.bulk_create(
            SharingProvision(agreement=agreement, category=c, handling_code=h)
            for c, h in provisions
        )
        agreements.append(agreement)
        plain_agreements.append(
            policy.Agreement(
                agreement.pk,
                status == "in_force",
                frozenset(p.pk for p in partners),
                frozenset(provisions),
            )
        )
    plain_items = []
    for spec in specs:
        personal = spec["personal"] and spec["handling"] != "clear"
        with_token, noise = spec["title"]
        originator = world.orgs[spec["originator"]]
        author = world.reader(spec["originator"], spec["author_role"])
        chosen = spec["agreement"]
        item = Item.objects.create(
            kind=spec["kind"],
            title=(f"Saisie {TOKEN.upper()} " if with_token else "Saisie ") + noise,
            body=noise,
            originator=originator,
            author=author,
            category=CATEGORY_OF_KIND[spec["kind"]],
            personal_data=personal,
            handling=spec["handling"],
            distribution=spec["distribution"],
            agreement=None if chosen is None else agreements[chosen],
        )
        listed = [world.orgs[key] for key in spec["listed"]]
        named = [world.reader(org, role) for org, role in spec["named"]]
        item.organisations.set(listed)
        item.recipients.set(named)
        for org_key, status in spec["disseminations"].items():
            Dissemination.objects.create(
                item=item, organisation=world.orgs[org_key], status=status, requested_by=author
            )
        accepted = {world.orgs[k].pk for k, s in spec["disseminations"].items() if s == "accepted"}
        plain_items.append(
            policy.Item(
                id=item.pk,
                category=item.category,
                handling=item.handling,
                distribution=item.distribution,
                originator=plain_org(originator),
                author=author.pk,
                personal_data=personal,
                agreement=None if chosen is None else plain_agreements[chosen],
                organisations=frozenset(o.pk for o in listed),
                recipients=frozenset(u.pk for u in named),
                disseminated_to=frozenset(accepted),
            )
        )
    return plain_items


def api_ids(client, query: str) -> tuple[int, set[int]]:
    ids, page, count = set(), 1, None
    while True:
        answer = client.get("/api/exchange/items", {"q": query, "page": page})
        assert answer.status_code == 200, answer.content
        body = answer.json()
        count = body["count"]
        ids |= {row["id"] for row in body["results"]}
        if page >= body["pages"]:
            return count, ids
        page += 1


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    agreement_draws=st.lists(agreement_states, min_size=2, max_size=2),
    specs=st.lists(item_specs, min_size=1, max_size=6),
    chosen_readers=readers,
    query=HOSTILE,
)
def test_no_query_path_returns_a_forbidden_item(
    world, agreement_draws, specs, chosen_readers, query
):
    with transaction.atomic():
        items = build(world, agreement_draws, specs)
        missing = max(item.id for item in items) + 1000
        for org_key, role_key in chosen_readers:
            user = world.reader(org_key, role_key)
            reader = policy.Reader(
                user.pk, user.is_active, frozenset(user.role_codes()), plain_org(user.organisation)
            )
            allowed = {item.id for item in items if policy.may_see(reader, item)}
            titled = {i.id for i in items if TOKEN in Item.objects.get(pk=i.id).title.lower()}
            # list, count, search
            assert set(services.list_items(user).values_list("pk", flat=True)) == allowed
            assert services.list_items(user).count() == len(allowed)
            assert_counted_by_slices(user, allowed)
            found = set(services.list_items(user, search=TOKEN).values_list("pk", flat=True))
            assert found == allowed & titled
            hostile = set(services.list_items(user, search=query).values_list("pk", flat=True))
            assert hostile <= allowed
            # detail
            for item in items:
                try:
                    services.get_item(user, item.id)
                    assert item.id in allowed
                except NotFound:
                    assert item.id not in allowed
            # API list and detail (an inactive account is refused before any query)
            client = Client()
            client.force_login(user)
            if not user.is_active:
                continue
            count, ids = api_ids(client, "")
            assert (count, ids) == (len(allowed), allowed)
            count, ids = api_ids(client, query)
            assert ids <= allowed and count == len(ids)
            absent = client.get(f"/api/exchange/items/{missing}")
            assert absent.status_code == 404
            for item in items:
                answer = client.get(f"/api/exchange/items/{item.id}")
                if item.id in allowed:
                    assert answer.status_code == 200
                else:
                    assert answer.status_code == 404
                    body = answer.json()
                    assert body["code"] == absent.json()["code"]
                    assert body["detail"].replace(str(item.id), "N") == absent.json()[
                        "detail"
                    ].replace(str(missing), "N")
        transaction.set_rollback(True)
