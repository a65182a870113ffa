"""The networks of the intel app: the entities and items around an entity, as a reader sees them.

A reader's network is built from :func:`racine.exchange.services.visible_entities` and
:func:`~racine.exchange.services.visible_items` only, inside the queries: an **entity node**
is one of the reader's clusters (:func:`racine.intel.services.clusters_around`, links
between two visible records only), an **item node** an item they may see, and an edge
joins a cluster to each item one of its visible records appears in. Two entities of the
same item are therefore two steps apart, through it; nothing of an item the reader may not
see — its entities, its edges, a path through it — is ever in their graph, so every count,
community and centrality is computed on what they may see.

The graph is never built whole: a neighbourhood grows from one entity, level by level, up
to ``depth`` (1–3 entity-to-entity steps) and at most ``MAX_NODES`` nodes (nodes in id
order; ``truncated`` says when the bound cut the answer). A path is searched in the
neighbourhood of its first entity at the greatest depth and ``PATH_MAX_NODES`` nodes: no
path means none within three steps among what the reader sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from racine.core.errors import InvalidInput
from racine.exchange import services as exchange
from racine.intel import services
from racine.intel.graph import network as engine

MAX_NODES = 200  # nodes of a neighbourhood drawn, listed, counted and exported
PATH_MAX_NODES = 1000  # nodes searched for a path
WIDTH, HEIGHT = 900, 600  # the picture, in SVG units


def entity_key(cluster: int) -> str:
    return f"e{cluster}"


def item_key(item: int) -> str:
    return f"i{item}"


@dataclass
class Grown:
    """A neighbourhood as grown from the database: the engine's graph and the seed's key."""

    graph: object
    root: str
    clusters: dict[int, int]
    truncated: bool


def _grow(user, pk: int, depth: int, max_nodes: int) -> Grown:
    """Grow the reader's graph around entity ``pk`` (404 when hidden), level by level."""
    services.get_entity(user, pk)
    visible = exchange.visible_entities(user)
    clusters = services.clusters_around(user, {pk})
    root = clusters[pk]
    included, items = {root}, set()
    frontier = {record for record, cluster in clusters.items() if cluster == root}
    truncated = False
    for _level in range(depth):
        reached = set(visible.filter(pk__in=frontier).values_list("item_id", flat=True))
        new_items = sorted(reached - items)
        room = max_nodes - len(included) - len(items)
        if len(new_items) > room:
            truncated, new_items = True, new_items[: max(room, 0)]
        if not new_items:
            break
        items.update(new_items)
        records = list(
            visible.filter(item_id__in=new_items)
            .order_by("pk")
            .values_list("pk", flat=True)[: 5 * max_nodes + 1]
        )
        if len(records) > 5 * max_nodes:
            truncated, records = True, records[:-1]
        clusters.update(services.clusters_around(user, set(records) - set(clusters)))
        new_clusters = sorted({clusters[record] for record in records} - included)
        room = max_nodes - len(included) - len(items)
        if len(new_clusters) > room:
            truncated, new_clusters = True, new_clusters[: max(room, 0)]
        included.update(new_clusters)
        chosen = set(new_clusters)
        frontier = {record for record, cluster in clusters.items() if cluster in chosen}
    members = [record for record, cluster in clusters.items() if cluster in included]
    edges = {
        (entity_key(clusters[record]), item_key(item))
        for record, item in visible.filter(pk__in=members, item_id__in=items).values_list(
            "pk", "item_id"
        )
    }
    nodes = _entity_nodes(user, included, root, pk) + _item_nodes(user, items)
    graph = engine.build(nodes, sorted(edges))
    return Grown(graph, entity_key(root), clusters, truncated)


def _entity_nodes(user, included: set[int], root: int, pk: int) -> list[engine.Node]:
    # A cluster is named by its smallest record, the seed's by the seed itself.
    refs = {cluster: (pk if cluster == root else cluster) for cluster in included}
    records = exchange.visible_entities(user).filter(pk__in=refs.values()).only("name", "kind")
    by_pk = {record.pk: record for record in records}
    return [
        engine.Node(
            entity_key(cluster),
            engine.ENTITY,
            ref,
            by_pk[ref].name or str(by_pk[ref]),
            by_pk[ref].get_kind_display(),
        )
        for cluster, ref in sorted(refs.items())
        if ref in by_pk
    ]


def _item_nodes(user, items: set[int]) -> list[engine.Node]:
    found = exchange.visible_items(user).filter(pk__in=items).only("title", "kind")
    return [
        engine.Node(item_key(item.pk), engine.ITEM, item.pk, item.title, item.get_kind_display())
        for item in sorted(found, key=lambda item: item.pk)
    ]


def check_depth(depth) -> int:
    """Return ``depth`` as an int from 1 to 3, or raise :class:`InvalidInput`."""
    try:
        return engine.check_depth(int(depth))
    except (TypeError, ValueError):
        raise InvalidInput(
            _("The depth is a number from %(low)s to %(high)s.")
            % {"low": engine.MIN_DEPTH, "high": engine.MAX_DEPTH},
            field="depth",
        ) from None


@dataclass
class NetworkView:
    """What a reader sees of an entity's neighbourhood: nodes, edges, picture and measures."""

    entity: object
    depth: int
    graph: object
    root: str
    truncated: bool
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    central: list[dict] = field(default_factory=list)
    communities: list[list[dict]] = field(default_factory=list)


def entity_network(user, pk: int, depth: int = 1) -> NetworkView:
    """Return entity ``pk``'s neighbourhood to ``depth`` as ``user`` sees it (404 if hidden)."""
    depth = check_depth(depth)
    entity = services.get_entity(user, pk)
    grown = _grow(user, pk, depth, MAX_NODES)
    graph = grown.graph
    groups = engine.communities(graph)
    community = {key: number for number, group in enumerate(groups, 1) for key in group}
    positions = engine.layout(graph, WIDTH, HEIGHT)
    nodes = {
        key: {
            "key": key,
            **attributes,
            "x": positions[key][0],
            "y": positions[key][1],
            "community": community[key],
            "degree": graph.degree(key),
            "root": key == grown.root,
        }
        for key, attributes in graph.nodes(data=True)
    }
    central = [
        {**nodes[c.key], "centrality": c.degree, "betweenness": c.betweenness}
        for c in engine.central_nodes(graph, 10)
    ]
    return NetworkView(
        entity=entity,
        depth=depth,
        graph=graph,
        root=grown.root,
        truncated=grown.truncated,
        nodes=sorted(nodes.values(), key=lambda node: (node["role"], node["ref"])),
        edges=[{"source": nodes[a], "target": nodes[b]} for a, b in sorted(graph.edges())],
        central=central,
        communities=[[nodes[key] for key in group] for group in groups],
    )


def entity_graphml(user, pk: int, depth: int = 1) -> bytes:
    """Return entity ``pk``'s neighbourhood as ``user`` sees it, as GraphML."""
    depth = check_depth(depth)
    return engine.graphml(_grow(user, pk, depth, MAX_NODES).graph)


def entity_path(user, source: int, target: int) -> list[dict] | None:
    """Return a shortest path from entity ``source`` to ``target`` as ``user`` sees it.

    Nodes from the first to the last (entities and the items between them), or None when
    there is none within three entity-to-entity steps among what ``user`` may see. Either
    entity hidden or missing raises :class:`NotFound`.
    """
    services.get_entity(user, target)
    grown = _grow(user, source, engine.MAX_DEPTH, PATH_MAX_NODES)
    target_cluster = services.clusters_around(user, {target})[target]
    keys = engine.shortest_path(grown.graph, grown.root, entity_key(target_cluster))
    if keys is None:
        return None
    return [{"key": key, **grown.graph.nodes[key]} for key in keys]
