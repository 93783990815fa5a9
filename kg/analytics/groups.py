"""The two sides brokers are measured between: a family by its family ties, banned organisations by their bans.

Groups are read from the data, never listed by hand: the ruling family is whoever is joined to
its head by ``kzo:FamilyTie`` relations within a few steps; the banned side is every target of a
``kzo:Ban`` of the chosen kinds (extremist or terrorist designation, liquidation…).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from ..projection import NOT_IN_FORCE
from ..store import GraphStore
from ..store.binding import bind_many
from ..terms import KZO, KZV, SPARQL_PROLOGUE

FAMILY_TIE = str(KZO) + "FamilyTie"
DEFAULT_BAN_KINDS = ("extremist-designation", "terrorist-designation", "liquidation", "registration-refused")

BANNED_QUERY = SPARQL_PROLOGUE + """
SELECT DISTINCT ?org WHERE {
  ?ban a kzo:Ban ; kzo:target ?org ; kzo:banKind ?kind .
  ?org a kzo:Organisation .
  FILTER NOT EXISTS { ?ban kzo:claimStatus ?st . FILTER(?st IN (kzv:denied, kzv:overturned)) }
} ORDER BY ?org"""


def family_of(graph: nx.MultiDiGraph, head: str, *, depth: int = 2) -> set[str]:
    """``head`` and everyone within ``depth`` family ties of them (spouses, children, in-laws…).

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("p", "c"), ("c", "s"), ("s", "x")]:
    ...     _ = g.add_edge(a, b, kind=FAMILY_TIE, status=None)
    >>> sorted(family_of(g, "p", depth=2))
    ['c', 'p', 's']
    """
    if head not in graph:
        return set()
    ties = nx.Graph()
    ties.add_node(head)
    ties.add_edges_from((u, v) for u, v, d in graph.edges(data=True)
                        if d.get("kind") == FAMILY_TIE and d.get("status") not in NOT_IN_FORCE)
    return set(nx.single_source_shortest_path_length(ties, head, cutoff=depth))


def banned_organisations(store: GraphStore, kinds: Iterable[str] = DEFAULT_BAN_KINDS) -> set[str]:
    """Organisations a ban of one of ``kinds`` (``kzv:`` local names) targets."""
    terms: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = [ox.NamedNode(str(KZV) + k) for k in kinds]
    rows = store.select(bind_many(BANNED_QUERY, "kind", terms))
    return {org.value for row in rows if isinstance(org := row.get("org"), ox.NamedNode)}
