"""Clusters as each analyst sees them: only through the items the sharing policy lets them see.

The rule of issue 10, as examples: a link through an item the analyst may not see joins
nothing for them; an entity they may not see answers 404 like a missing one; decisions
(same, different) apply at every read, and a later one overrides an earlier one.
"""

import pytest

from racine.core.errors import NotFound, PermissionDenied
from racine.intel import services
from racine.intel.services import DecisionData


def test_a_chain_through_a_hidden_item_joins_nothing_for_who_may_not_see_it(network, link):
    # A and C are named in reports both analysts see; B only in the embassy's own report.
    a = network.entity(network.shared, name="Juan Pérez", identifier="PA123456", country="CO")
    b = network.entity(network.hidden, name="Juan Perez", identifier="PA123456", country="CO")
    c = network.entity(network.shared_too, name="J. Pérez", birth_date=None)
    link(a, b)
    link(b, c, 0.97, "same name and date of birth")

    # The embassy's analyst sees the three records as one person…
    assert services.cluster_members(network.french, a.pk) == {a.pk, b.pk, c.pk}
    assert services.cluster_members(network.french, c.pk) == {a.pk, b.pk, c.pk}
    # …ANAM's analyst sees A and C apart, and nothing of B.
    assert services.cluster_members(network.mexican, a.pk) == {a.pk}
    assert services.cluster_members(network.mexican, c.pk) == {c.pk}
    with pytest.raises(NotFound) as hidden:
        services.entity_cluster(network.mexican, b.pk)
    with pytest.raises(NotFound) as missing:
        services.entity_cluster(network.mexican, b.pk + 1000)
    assert str(hidden.value.detail).replace(str(b.pk), "N") == str(missing.value.detail).replace(
        str(b.pk + 1000), "N"
    )
    # What the page shows: the records, their items, the timeline — visible ones only.
    seen = services.entity_cluster(network.mexican, a.pk)
    assert [r.pk for r in seen.records] == [a.pk]
    assert [i.pk for i in seen.items] == [network.shared.pk]
    full = services.entity_cluster(network.french, a.pk)
    assert [event["item"].pk for event in full.timeline] == [
        network.shared.pk,  # 2 March
        network.hidden.pk,  # 20 March
        network.shared_too.pk,  # 9 April
    ]


def test_a_direct_link_between_visible_records_joins_them_for_both(network, link):
    a = network.entity(network.shared, kind="vessel", name="MSC Aurora", identifier="9301483")
    c = network.entity(network.shared_too, kind="vessel", name="Aurora", identifier="9301483")
    link(a, c)
    for analyst in (network.french, network.mexican, network.sanctions):
        assert services.cluster_members(analyst, a.pk) == {a.pk, c.pk}


def test_uncertain_links_join_nothing_until_accepted(network, link):
    a = network.entity(network.shared, kind="company", name="Frutas del Pacífico SA")
    c = network.entity(network.shared_too, kind="company", name="Frutas del Pacifico S.A.")
    link(a, c, 0.6, "same name")
    assert services.cluster_members(network.mexican, a.pk) == {a.pk}
    assert [(q.left_id, q.right_id) for q in services.review_queue(network.mexican)] == [
        (a.pk, c.pk)
    ]
    services.decide(network.mexican, DecisionData(a.pk, c.pk, "same", "Même RFC au registre."))
    # The decision holds for every reader who sees both records, and leaves the queue.
    for analyst in (network.french, network.mexican):
        assert services.cluster_members(analyst, a.pk) == {a.pk, c.pk}
        assert list(services.review_queue(analyst)) == []


def test_a_rejected_pair_stays_apart_even_through_other_records(network, link):
    a = network.entity(network.shared, name="Ana Díaz", identifier="AB998877", country="CO")
    b = network.entity(network.shared_too, name="Ana Diaz", identifier="AB998877", country="CO")
    c = network.entity(network.shared_too, name="Ana Diaz Ruiz", birth_date=None)
    link(a, b)
    link(b, c, 0.95)
    assert services.cluster_members(network.french, a.pk) == {a.pk, b.pk, c.pk}
    services.decide(network.french, DecisionData(a.pk, c.pk, "different", "Homonymes."))
    # The strongest links are joined first: A–B (1.0), then B–C would put A with C: refused.
    assert services.cluster_members(network.french, a.pk) == {a.pk, b.pk}
    assert services.cluster_members(network.french, c.pk) == {c.pk}


def test_a_merge_is_reversed_by_a_later_decision_and_the_history_kept(network, link):
    a = network.entity(network.shared, kind="company", name="Naviera Andina")
    c = network.entity(network.shared_too, kind="company", name="Naviera Andina")
    link(a, c, 0.6, "same name")
    first = services.decide(network.french, DecisionData(a.pk, c.pk, "same", "Même adresse."))
    assert services.cluster_members(network.mexican, c.pk) == {a.pk, c.pk}
    # Un-merge: a later decision names the revision it replaces.
    services.decide(
        network.mexican, DecisionData(c.pk, a.pk, "different", "Deux sociétés.", revises=1)
    )
    assert services.cluster_members(network.french, a.pk) == {a.pk}
    first.refresh_from_db()
    assert (first.verdict, first.revision) == ("different", 2)
    assert [(r.number, r.verdict) for r in first.revisions.all()] == [
        (1, "same"),
        (2, "different"),
    ]


def test_only_analysts_review_and_only_readers_open_entities(network, link):
    a = network.entity(network.shared, kind="phone", identifier="+525512345678")
    assert services.cluster_members(network.sanctions, a.pk) == {a.pk}
    with pytest.raises(PermissionDenied):
        services.review_queue(network.sanctions)
    with pytest.raises(PermissionDenied):
        services.entity_cluster(network.officer, a.pk)
