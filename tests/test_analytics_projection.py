"""The projection: one edge per direct edge in the store, all edge data kept, alleged and as-of slices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.loader import load
from kg.projection import NOT_IN_FORCE, project, sliced, with_citations
from kg.settings import Settings
from kg.store import MemoryStore
from kg.terms import PREFIXES

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
KZ = "https://kzgraph.org/id/"

DIRECT_TRIPLES = """
SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf kzo:directEdge . ?s ?p ?o }"""
LINK_TRIPLES = """
SELECT DISTINCT ?s ?p ?o WHERE { ?p a kzo:LinkProperty . ?s ?p ?o . ?s a kzo:Entity . ?o a kzo:Entity }"""
RELATION_ENDS = """
SELECT DISTINCT ?r ?s ?o WHERE { ?cls kzo:edgeSource ?src ; kzo:edgeTarget ?tgt . ?r a ?cls ; ?src ?s ; ?tgt ?o .
  ?s a kzo:Entity . ?o a kzo:Entity }"""


def _triples(store: MemoryStore, query: str) -> set[tuple[str, ...]]:
    return {tuple(t.value for t in row.values() if isinstance(t, ox.NamedNode)) for row in store.select(query, prefixes=PREFIXES)}


@pytest.fixture(scope="module", params=["mini", "data"])
def loaded(request: pytest.FixtureRequest) -> Iterator[tuple[MemoryStore, nx.MultiDiGraph]]:
    store = MemoryStore()
    load(Settings(store="memory"), store, paths=[MINI] if request.param == "mini" else None, validate=False)
    yield store, project(store)
    store.close()


def test_one_edge_per_direct_edge(loaded: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    store, graph = loaded
    relation_edges = [(u, d["direct"], v, d["relation"]) for u, v, d in graph.edges(data=True) if not d["link"]]
    link_edges = [(u, d["direct"], v) for u, v, d in graph.edges(data=True) if d["link"]]
    in_force = {(u, p, v) for u, p, v, _ in relation_edges
                if graph.edges[u, v, _]["status"] not in NOT_IN_FORCE}
    assert in_force == _triples(store, DIRECT_TRIPLES)  # materialised kzo:directEdge sub-property triples
    assert len(relation_edges) == len(_triples(store, RELATION_ENDS))  # one edge per relation and pair of ends
    assert len(link_edges) == len(set(link_edges)) == len(_triples(store, LINK_TRIPLES))
    assert set(link_edges) == _triples(store, LINK_TRIPLES)


def test_edges_keep_relation_kind_dates_status(loaded: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    _, graph = loaded
    for _, _, data in graph.edges(data=True):
        assert {"relation", "kind", "status", "start", "end", "date", "direct", "link"} <= set(data)
        assert data["relation"] and data["kind"] and data["direct"]


def test_alleged_and_as_of_slices() -> None:
    store = MemoryStore()
    load(Settings(store="memory"), store, paths=[MINI], validate=False)
    graph = project(store)
    assert graph.has_edge(KZ + "t-husband", KZ + "t-fixer")
    no_alleged = project(store, include_alleged=False)
    assert not no_alleged.has_edge(KZ + "t-husband", KZ + "t-fixer")
    assert no_alleged.number_of_nodes() == graph.number_of_nodes()
    in_2010 = project(store, as_of="2010")
    assert not in_2010.has_edge(KZ + "t-daughter", KZ + "t-husband")  # divorced 2007-05
    assert in_2010.has_edge(KZ + "t-ruler", KZ + "t-post")  # 1991-12-16 to 2019-03-20
    assert not project(store, as_of="2020").has_edge(KZ + "t-ruler", KZ + "t-post")
    assert project(store, as_of="2007").has_edge(KZ + "t-daughter", KZ + "t-husband")  # same year: may be in force
    assert in_2010.has_edge(KZ + "t-ruler", KZ + "t-daughter")  # undated: kept
    dropped = sliced(graph, drop_statuses=NOT_IN_FORCE)
    assert not dropped.has_edge(KZ + "t-ruler", KZ + "t-dissident")


def test_citations_attached_on_demand() -> None:
    store = MemoryStore()
    load(Settings(store="memory"), store, paths=[MINI], validate=False)
    graph = with_citations(project(store), store)
    data = graph.get_edge_data(KZ + "t-ruler", KZ + "t-daughter")
    (edge,) = data.values()
    assert [(c["footnote"], c["quote"], c["document"]["publisher"]) for c in edge["citations"]] == [
        ("1", "his daughter", "Test Watch")]
    (link,) = graph.get_edge_data(KZ + "t-case-1", KZ + "t-dissident").values()
    assert link["citations"][0]["footnote"] == "12"  # a link edge is cited by its statement
