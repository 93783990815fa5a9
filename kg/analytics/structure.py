"""Weak points of the network: ties and entities whose removal splits it.

A bridge is a tie that is the only link between two parts (remove the marriage and the two
clans fall apart); an articulation point is an entity that alone holds parts together.
"""

from __future__ import annotations

import networkx as nx

from .graphs import simple


def bridges(graph: nx.Graph, *, include_alleged: bool = True) -> list[tuple[str, str]]:
    """Ties whose removal disconnects their component, each as a sorted pair, sorted.

    >>> import networkx as nx
    >>> bridges(nx.florentine_families_graph())[:2]
    [('Acciaiuoli', 'Medici'), ('Albizzi', 'Ginori')]
    """
    ties = simple(graph, include_alleged=include_alleged)
    return sorted(tuple(sorted((str(u), str(v)))) for u, v in nx.bridges(ties))  # type: ignore[misc]


def articulation_points(graph: nx.Graph, *, include_alleged: bool = True) -> list[str]:
    """Entities whose removal disconnects their component, sorted.

    >>> import networkx as nx
    >>> articulation_points(nx.florentine_families_graph())
    ['Albizzi', 'Guadagni', 'Medici', 'Salviati']
    """
    return sorted(str(n) for n in nx.articulation_points(simple(graph, include_alleged=include_alleged)))
