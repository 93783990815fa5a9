"""Brokers: who sits on the shortest ties between two groups, and through which relations.

A broker between group A (say the ruling family) and group B (banned movements) is an entity in
neither group through which shortest A–B paths run. Its score counts the A–B pairs whose
shortest paths pass through it, each pair weighted by the share of its shortest paths that do
(networkx's subset betweenness, un-normalised). The relations that make it a broker are its
edges on those paths: to a neighbour one step nearer A, and to one one step nearer B.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .graphs import simple


@dataclass(frozen=True)
class Broker:
    """One broker: its pair score, its overall betweenness, and the ties toward each side."""

    node: str
    score: float
    betweenness: float
    toward_a: list[dict[str, Any]] = field(default_factory=list)
    toward_b: list[dict[str, Any]] = field(default_factory=list)


def brokers(graph: nx.Graph, group_a: Iterable[str], group_b: Iterable[str], *, limit: int = 20,
            include_alleged: bool = True, relations_only: bool = False,
            candidates: Iterable[str] | None = None) -> list[Broker]:
    """Entities outside both groups on shortest paths between them, highest score first.

    ``relations_only`` ignores link edges (see ``simple``); ``candidates`` limits who may be
    reported as a broker (e.g. persons only) without changing the paths. ``toward_a`` and
    ``toward_b`` hold the edges (``source``, ``target``, ``key`` and, on the projection, the
    relation's attributes) joining the broker to the neighbours that lead on to each side.

    >>> import networkx as nx
    >>> g = nx.florentine_families_graph()
    >>> [(b.node, b.score) for b in brokers(g, {"Medici"}, {"Strozzi"})]
    [('Ridolfi', 1.0)]
    """
    ties = simple(graph, include_alleged=include_alleged, relations_only=relations_only)
    allowed = set(candidates) if candidates is not None else None
    a = {n for n in group_a if n in ties}
    b = {n for n in group_b if n in ties}
    if not a or not b:
        return []
    pair = nx.betweenness_centrality_subset(ties, sources=sorted(a), targets=sorted(b), normalized=False)
    scale = 1.0 if ties.is_directed() else 2.0  # networkx halves undirected subset scores
    overall = nx.betweenness_centrality(ties) if ties.number_of_nodes() <= 3000 else {}
    dist_a = nx.multi_source_dijkstra_path_length(ties, a)
    dist_b = nx.multi_source_dijkstra_path_length(ties, b)
    found = []
    for node, raw in pair.items():
        if raw <= 0 or node in a or node in b or (allowed is not None and node not in allowed):
            continue
        toward_a = [n for n in ties[node] if dist_a.get(n, -1) == dist_a[node] - 1 and n not in b]
        toward_b = [n for n in ties[node] if dist_b.get(n, -1) == dist_b[node] - 1 and n not in a]
        found.append(Broker(node, round(raw * scale, 6), round(overall.get(node, 0.0), 6),
                            _edges(graph, node, toward_a), _edges(graph, node, toward_b)))
    found.sort(key=lambda br: (-br.score, -br.betweenness, br.node))
    return found[:limit]


def _edges(graph: nx.Graph, node: str, neighbours: list[str]) -> list[dict[str, Any]]:
    """The original edges (every statement, both directions) between ``node`` and each neighbour."""
    out: list[dict[str, Any]] = []
    for other in neighbours:
        for u, v in ((node, other), (other, node)):
            if not graph.has_edge(u, v):
                continue
            if graph.is_multigraph():
                for key, data in graph.get_edge_data(u, v).items():
                    out.append({"source": u, "target": v, "key": key, **data})
            else:
                out.append({"source": u, "target": v, "key": f"{u}|{v}", **graph.edges[u, v]})
            if not graph.is_directed():
                break
    return out
