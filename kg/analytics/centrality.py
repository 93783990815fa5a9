"""Who is central: degree, betweenness and eigenvector centrality of the tie graph.

Each returns ``{node: score}`` over the undirected simple view (``simple``), normalised as
networkx does, so the numbers compare with published values for networkx's example graphs.
"""

from __future__ import annotations

import networkx as nx

from .graphs import simple


def degree(graph: nx.Graph) -> dict[str, float]:
    """Share of the other entities each one is tied to directly.

    >>> import networkx as nx
    >>> round(degree(nx.florentine_families_graph())["Medici"], 3)  # 6 ties among 14 others
    0.429
    """
    return dict(nx.degree_centrality(simple(graph)))


def betweenness(graph: nx.Graph, *, k: int | None = None, seed: int = 42) -> dict[str, float]:
    """Share of shortest paths between other entities that run through each one (the brokers' measure).

    ``k`` samples that many sources (seeded) for large graphs: the measure is the costly one.

    >>> import networkx as nx
    >>> round(betweenness(nx.florentine_families_graph())["Medici"], 3)
    0.522
    """
    tie_graph = simple(graph)
    if k is not None and k >= tie_graph.number_of_nodes():
        k = None
    return dict(nx.betweenness_centrality(tie_graph, k=k, seed=seed if k else None))


def eigenvector(graph: nx.Graph, *, max_iter: int = 1000) -> dict[str, float]:
    """Centrality from being tied to central entities, per connected component.

    Computed on each component separately and scaled by the component's share of the nodes,
    because the power iteration does not converge on a disconnected graph the way a journalist
    would read it (the largest component would take all the weight).

    >>> import networkx as nx
    >>> round(eigenvector(nx.florentine_families_graph())["Medici"], 3)
    0.43
    """
    tie_graph = simple(graph)
    scores: dict[str, float] = {}
    total = tie_graph.number_of_nodes() or 1
    for nodes in nx.connected_components(tie_graph):
        if len(nodes) < 3:
            scores.update({n: 0.0 for n in nodes})
            continue
        part = nx.eigenvector_centrality(tie_graph.subgraph(nodes), max_iter=max_iter, tol=1e-08)
        weight = len(nodes) / total
        scores.update({n: s * weight for n, s in part.items()})
    return scores


def ranked(scores: dict[str, float], n: int = 10) -> list[tuple[str, float]]:
    """The top ``n`` of a score table, highest first, ties broken by node id for stable output.

    >>> ranked({"b": 1.0, "a": 1.0, "c": 2.0}, 2)
    [('c', 2.0), ('a', 1.0)]
    """
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:n]
