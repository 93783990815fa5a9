"""Communities: groups of entities more tied among themselves than to the rest.

Louvain (networkx, seeded so the same data gives the same groups) or greedy modularity
(deterministic, slower); both on the undirected tie view.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx

from .graphs import simple


def communities(graph: nx.Graph, *, method: Literal["louvain", "greedy"] = "louvain", seed: int = 42,
                resolution: float = 1.0, include_alleged: bool = True) -> list[set[str]]:
    """Communities, largest first (ties by smallest member), isolated entities each on their own.

    >>> import networkx as nx
    >>> sorted(len(c) for c in communities(nx.barbell_graph(5, 0)))
    [5, 5]
    """
    ties = simple(graph, include_alleged=include_alleged)
    if ties.number_of_edges() == 0:
        return [{n} for n in sorted(ties)]
    if method == "greedy":
        found = nx.community.greedy_modularity_communities(ties, resolution=resolution)
    else:
        found = nx.community.louvain_communities(ties, seed=seed, resolution=resolution)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def modularity(graph: nx.Graph, groups: list[set[str]]) -> float:
    """How much more the groups are tied within than chance would give (−0.5 … 1).

    >>> import networkx as nx
    >>> round(modularity(nx.barbell_graph(5, 0), [set(range(5)), set(range(5, 10))]), 3)
    0.452
    """
    return float(nx.community.modularity(simple(graph), groups))
