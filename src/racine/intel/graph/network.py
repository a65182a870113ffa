"""A network of entities and the items they appear in, on networkx; no Django, no database.

The graph is bipartite: an **entity** node (a resolved entity, one per cluster) is joined
to each **item** node it appears in, so two entities named in the same item are two steps
apart, through that item. A *depth* counts entity-to-entity steps: depth 1 is the items an
entity appears in and the other entities of those items (two edges), depth 2 goes one item
further (four edges), and so on. Whoever builds the graph decides what goes in; the engine
only computes on what it is given.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities

ENTITY = "entity"
ITEM = "item"
MIN_DEPTH, MAX_DEPTH = 1, 3


@dataclass(frozen=True)
class Node:
    """A node: ``key`` is unique in the graph (``e12``, ``i7``), ``ref`` the record's id."""

    key: str
    role: str  # ENTITY or ITEM
    ref: int
    label: str
    kind: str


@dataclass(frozen=True)
class Central:
    """A node's centrality: its degree and betweenness (both normalised, 0–1)."""

    key: str
    degree: float
    betweenness: float


def build(nodes: list[Node], edges: list[tuple[str, str]]) -> nx.Graph:
    """Return the graph of ``nodes`` and ``edges``; an edge naming an unknown node is dropped."""
    graph = nx.Graph()
    for node in nodes:
        graph.add_node(node.key, role=node.role, ref=node.ref, label=node.label, kind=node.kind)
    graph.add_edges_from((a, b) for a, b in edges if a in graph and b in graph and a != b)
    return graph


def check_depth(depth: int) -> int:
    """Return ``depth`` if it is between MIN_DEPTH and MAX_DEPTH, else raise ValueError."""
    if not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between {MIN_DEPTH} and {MAX_DEPTH}")
    return depth


def neighbourhood(graph: nx.Graph, key: str, depth: int) -> nx.Graph:
    """Return the subgraph within ``depth`` entity-to-entity steps (2 × depth edges) of ``key``."""
    return nx.ego_graph(graph, key, radius=2 * check_depth(depth))


def shortest_path(graph: nx.Graph, source: str, target: str) -> list[str] | None:
    """Return the keys of a shortest path from ``source`` to ``target``, or None if none."""
    if source not in graph or target not in graph:
        return None
    try:
        return nx.shortest_path(graph, source, target)
    except nx.NetworkXNoPath:
        return None


def communities(graph: nx.Graph) -> list[list[str]]:
    """Return the communities (greedy modularity), largest first, each sorted by key.

    Deterministic for a given graph; a graph without edges is one community per node.
    """
    if graph.number_of_edges() == 0:
        groups = [{key} for key in graph]
    else:
        groups = greedy_modularity_communities(graph)
    return sorted((sorted(group) for group in groups), key=lambda group: (-len(group), group))


def central_nodes(graph: nx.Graph, limit: int = 10) -> list[Central]:
    """Return the ``limit`` most central nodes: by betweenness, then degree, then key."""
    if len(graph) == 0:
        return []
    degree = nx.degree_centrality(graph) if len(graph) > 1 else {key: 0.0 for key in graph}
    between = nx.betweenness_centrality(graph)
    ranked = sorted(graph, key=lambda key: (-between[key], -degree[key], key))
    return [Central(key, degree[key], between[key]) for key in ranked[:limit]]


def layout(graph: nx.Graph, width: float, height: float, margin: float = 30) -> dict:
    """Return each node's (x, y) in a ``width`` × ``height`` picture (a seeded spring layout)."""
    if len(graph) == 0:
        return {}
    if len(graph) == 1:
        return {next(iter(graph)): (width / 2, height / 2)}
    positions = nx.spring_layout(graph, seed=7)
    xs = [x for x, _y in positions.values()]
    ys = [y for _x, y in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {
        key: (
            round(margin + (x - min(xs)) / span_x * (width - 2 * margin), 1),
            round(margin + (y - min(ys)) / span_y * (height - 2 * margin), 1),
        )
        for key, (x, y) in positions.items()
    }


def graphml(graph: nx.Graph) -> bytes:
    """Return the graph as GraphML (UTF-8), its nodes' role, ref, label and kind as attributes."""
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()
