"""Group records into clusters: the connected components of the links (union-find).

Done in Python rather than with Splink's clustering so that the deterministic links and
the model's pairs go through one place; union-find with path halving handles millions of
links in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def connected_components(count: int, links: Iterable[tuple[int, int]]) -> list[int]:
    """Return, for each of ``count`` records, the index of its cluster's first record."""
    parent = list(range(count))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in links:
        a, b = root(left), root(right)
        if a != b:
            parent[max(a, b)] = min(a, b)  # the smallest index stays the root
    return [root(node) for node in range(count)]


def cluster_ids(ids: Sequence[str], links: Iterable[tuple[int, int]]) -> list[str]:
    """Return each record's cluster id: the id of the cluster's first record in input order."""
    return [ids[root] for root in connected_components(len(ids), links)]
