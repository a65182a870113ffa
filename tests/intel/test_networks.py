"""Networks: the engine, and each reader's graph within the sharing policy (pages and API)."""

import io

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from racine.core.errors import InvalidInput, NotFound
from racine.intel import networks
from racine.intel.graph import network as engine

# --- the engine ------------------------------------------------------------------------------


def chain():
    """e1 – i1 – e2 – i2 – e3 – i3 – e4, and a triangle-ish community e5, e6 in i4."""
    nodes = [engine.Node(f"e{n}", engine.ENTITY, n, f"E{n}", "person") for n in range(1, 7)]
    nodes += [engine.Node(f"i{n}", engine.ITEM, n, f"I{n}", "seizure") for n in range(1, 5)]
    edges = [("e1", "i1"), ("e2", "i1"), ("e2", "i2"), ("e3", "i2"), ("e3", "i3"), ("e4", "i3")]
    edges += [("e5", "i4"), ("e6", "i4"), ("e9", "i4")]  # e9 unknown: dropped
    return engine.build(nodes, edges)


def test_the_engine_computes_neighbourhoods_paths_communities_and_centrality():
    graph = chain()
    assert graph.number_of_edges() == 8
    assert set(engine.neighbourhood(graph, "e1", 1)) == {"e1", "i1", "e2"}
    assert set(engine.neighbourhood(graph, "e1", 2)) == {"e1", "i1", "e2", "i2", "e3"}
    assert "e4" in engine.neighbourhood(graph, "e1", 3)
    for wrong in (0, 4, -1):
        with pytest.raises(ValueError):
            engine.neighbourhood(graph, "e1", wrong)
    assert engine.shortest_path(graph, "e1", "e3") == ["e1", "i1", "e2", "i2", "e3"]
    assert engine.shortest_path(graph, "e1", "e5") is None
    assert engine.shortest_path(graph, "e1", "nowhere") is None
    groups = engine.communities(graph)
    assert sorted(map(sorted, groups)) == sorted(map(sorted, groups))  # stable
    assert ["e5", "e6", "i4"] in groups
    top = engine.central_nodes(graph, 3)
    assert top[0].key == "e3" or top[0].key == "i2"
    assert top[0].betweenness >= top[1].betweenness
    positions = engine.layout(graph, 900, 600)
    assert all(0 <= x <= 900 and 0 <= y <= 600 for x, y in positions.values())
    back = nx.read_graphml(io.BytesIO(engine.graphml(graph)))
    assert set(back) == set(graph) and back.nodes["e1"]["label"] == "E1"


def test_the_engine_handles_empty_and_single_graphs():
    empty = engine.build([], [])
    assert engine.communities(empty) == [] and engine.central_nodes(empty) == []
    assert engine.layout(empty, 10, 10) == {}
    one = engine.build([engine.Node("e1", engine.ENTITY, 1, "A", "person")], [])
    assert engine.communities(one) == [["e1"]]
    assert engine.layout(one, 100, 50) == {"e1": (50, 25)}
    assert engine.central_nodes(one)[0].key == "e1"


# --- the reader's network -----------------------------------------------------------------


@pytest.fixture
def web(network, link):
    """A — shared — B — hidden — C — shared_too — D, and E resolved as A (same passport).

    The hidden item joins B and C for the embassy's analyst only.
    """
    a = network.entity(network.shared, name="Ana Torres", identifier="PA111111", country="CO")
    b = network.entity(network.shared, kind="company", name="Frutas del Pacífico")
    b_hidden = network.entity(network.hidden, kind="company", name="Frutas del Pacífico SA")
    c = network.entity(network.hidden, name="Carlos Secreto")
    c_shared = network.entity(network.shared_too, name="Carlos Secreto")
    d = network.entity(network.shared_too, kind="vessel", name="MSC Aurora")
    link(b, b_hidden)  # B is the same company in the hidden item
    link(c, c_shared)  # C too
    return {"a": a, "b": b, "b_hidden": b_hidden, "c": c, "c_shared": c_shared, "d": d}


def labels(view):
    return {node["label"] for node in view.nodes}


def test_two_analysts_see_two_networks(network, web):
    french = networks.entity_network(network.french, web["a"].pk, 3)
    mexican = networks.entity_network(network.mexican, web["a"].pk, 3)
    assert "Source humaine à Veracruz" in labels(french)
    assert "MSC Aurora" in labels(french)
    assert "Source humaine à Veracruz" not in labels(mexican)
    assert "Carlos Secreto" not in labels(mexican) and "MSC Aurora" not in labels(mexican)
    assert labels(mexican) == {"Ana Torres", "Frutas del Pacífico", "Saisie à Manzanillo"}
    assert len(mexican.edges) == 2 and len(french.edges) > 2
    path = networks.entity_path(network.french, web["a"].pk, web["d"].pk)
    assert [node["label"] for node in path][-1] == "MSC Aurora"
    assert "Source humaine à Veracruz" in [node["label"] for node in path]
    assert networks.entity_path(network.mexican, web["a"].pk, web["d"].pk) is None
    with pytest.raises(NotFound):
        networks.entity_network(network.mexican, web["c"].pk, 1)
    with pytest.raises(NotFound):
        networks.entity_path(network.mexican, web["a"].pk, web["c"].pk)
    with pytest.raises(NotFound):
        networks.entity_network(network.mexican, 10**12, 1)


def test_depth_bounds_the_neighbourhood(network, web):
    one = networks.entity_network(network.french, web["a"].pk, 1)
    assert labels(one) == {"Ana Torres", "Frutas del Pacífico", "Saisie à Manzanillo"}
    two = networks.entity_network(network.french, web["a"].pk, 2)
    assert "Source humaine à Veracruz" in labels(two) and "Carlos Secreto" in labels(two)
    assert "MSC Aurora" not in labels(two)
    assert "MSC Aurora" in labels(networks.entity_network(network.french, web["a"].pk, 3))
    for wrong in (0, 4, "deux", None):
        with pytest.raises(InvalidInput):
            networks.entity_network(network.french, web["a"].pk, wrong)


def test_the_node_bound_truncates(network, web, monkeypatch):
    monkeypatch.setattr(networks, "MAX_NODES", 3)
    view = networks.entity_network(network.french, web["a"].pk, 3)
    assert view.truncated and len(view.nodes) <= 3


def test_the_pages_and_api_show_only_the_visible_network(network, web, login):
    mexican, french = login(network.mexican), login(network.french)
    a, c, d = web["a"].pk, web["c"].pk, web["d"].pk
    page = mexican.get(f"/renseignement/entites/{a}/reseau/?profondeur=3")
    assert page.status_code == 200
    assert "<svg" in page.text and "Frutas del Pacífico" in page.text
    assert "Veracruz" not in page.text and "MSC Aurora" not in page.text
    assert f"/echanges/{network.shared.pk}/" in page.text
    assert "Veracruz" in french.get(f"/renseignement/entites/{a}/reseau/?profondeur=3").text
    assert mexican.get(f"/renseignement/entites/{c}/reseau/").status_code == 404
    no_path = mexican.get(f"/renseignement/entites/{a}/reseau/?vers={d}")
    assert no_path.status_code == 200 and "MSC Aurora" not in no_path.text
    hidden_end = mexican.get(f"/renseignement/entites/{a}/reseau/?vers={c}")
    assert hidden_end.status_code == 400 and "Carlos" not in hidden_end.text
    found = french.get(f"/renseignement/entites/{a}/reseau/?vers={d}")
    assert found.status_code == 200 and "MSC Aurora" in found.text
    answer = mexican.get(f"/api/intel/entities/{a}/network?depth=3").json()
    assert {node["label"] for node in answer["nodes"]} == {
        "Ana Torres",
        "Frutas del Pacífico",
        "Saisie à Manzanillo",
    }
    assert mexican.get(f"/api/intel/entities/{a}/network?depth=4").status_code == 422
    assert mexican.get(f"/api/intel/entities/{c}/network").status_code == 404
    assert mexican.get(f"/api/intel/entities/{a}/path/{d}").json() == {
        "found": False,
        "nodes": [],
    }
    assert mexican.get(f"/api/intel/entities/{a}/path/{c}").status_code == 404
    assert french.get(f"/api/intel/entities/{a}/path/{d}").json()["found"] is True
    assert login(network.officer).get(f"/renseignement/entites/{a}/reseau/").status_code == 403
    schema = mexican.get("/api/openapi.json").json()["paths"]
    assert "/api/intel/entities/{pk}/network" in schema
    assert "/api/intel/entities/{pk}/path/{other}" in schema


def test_graphml_holds_only_visible_nodes(network, web, login):
    a = web["a"].pk
    for user, hidden_in in ((network.mexican, False), (network.french, True)):
        answer = login(user).get(f"/renseignement/entites/{a}/reseau/graphml/?profondeur=3")
        assert answer.status_code == 200
        graph = nx.read_graphml(io.BytesIO(answer.content))
        found = {graph.nodes[key]["label"] for key in graph}
        assert ("Source humaine à Veracruz" in found) is hidden_in
        assert ("Carlos Secreto" in found) is hidden_in
    hidden = login(network.mexican).get(f"/renseignement/entites/{web['c'].pk}/reseau/graphml/")
    assert hidden.status_code == 404


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "\x00", "<script>", "9" * 40, "-1", "0", "4", "2", "1e3"]),
)


@settings(max_examples=50)  # each example builds a network four times
@given(depth=HOSTILE, other=HOSTILE)
def test_hostile_query_parameters_never_break_the_network_pages(network, login, depth, other):
    a = network.entity(network.shared, name="Ana Torres")
    network.entity(network.shared, kind="vessel", name="MSC Aurora")
    client = login(network.mexican)
    base = f"/renseignement/entites/{a.pk}/reseau/"
    assert client.get(base, {"profondeur": depth, "vers": other}).status_code in {200, 400}
    assert client.get(base + "graphml/", {"profondeur": depth}).status_code in {200, 400}
    answer = client.get(f"/api/intel/entities/{a.pk}/network", {"depth": depth})
    assert answer.status_code in {200, 400, 422}  # 400: a NUL byte (core/limits.py)
    assert client.get(base).status_code == 200
