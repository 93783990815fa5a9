"""The view every measure reads: undirected, one edge per pair of entities, relations in force only.

Centrality and community measures count *ties*, not statements: three sources reporting the
same marriage are one tie, and a denied or overturned relation is no tie at all. Direction is
dropped because "A owns B" and "B is owned by A" tie the same two entities.
"""

from __future__ import annotations

import networkx as nx

from ..projection import NOT_IN_FORCE


def simple(graph: nx.Graph, *, include_alleged: bool = True, relations_only: bool = False) -> nx.Graph:
    """An undirected simple graph of ``graph``'s ties; each tie keeps the keys of the edges behind it.

    ``relations_only`` keeps relation edges (family, membership, ownership…) and drops link
    edges (place, jurisdiction, court, charge…), so that a country or a city does not pass for a
    broker between people. A plain ``nx.Graph`` without claim statuses (networkx's example graphs) comes back unchanged.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="r1", status=None)
    'r1'
    >>> g.add_edge("b", "a", key="r2", status=None)
    'r2'
    >>> g.add_edge("a", "c", key="r3", status="https://kzgraph.org/vocab/denied")
    'r3'
    >>> sorted(simple(g).edges()), sorted(simple(g).nodes())
    ([('a', 'b')], ['a', 'b', 'c'])
    """
    if not graph.is_multigraph() and not graph.is_directed():
        return graph
    out = nx.Graph()
    out.add_nodes_from(graph.nodes(data=True))
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, (u, v), d) for u, v, d in graph.edges(data=True))
    for u, v, key, data in edges:
        status = data.get("status")
        if status in NOT_IN_FORCE or (not include_alleged and status == "https://kzgraph.org/vocab/alleged"):
            continue
        if u == v or (relations_only and data.get("link")):
            continue
        if out.has_edge(u, v):
            out.edges[u, v]["keys"].append(key)
        else:
            out.add_edge(u, v, keys=[key])
    return out
