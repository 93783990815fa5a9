"""Counting what the graph holds: entities by class, relations by kind, claims by status."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .store import GraphStore
from .terms import SPARQL_PROLOGUE, shorten

_BY_CLASS = SPARQL_PROLOGUE + """
SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?top { kzo:Entity kzo:Relation kzo:Observation kzo:SourceDocument kzo:SentencePart }
  ?x a ?cls . ?cls rdfs:subClassOf* ?top .
  FILTER NOT EXISTS { ?x a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
} GROUP BY ?cls ORDER BY DESC(?n) ?cls
"""
_BY_STATUS = SPARQL_PROLOGUE + """
SELECT ?status (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x kzo:claimStatus ?status } GROUP BY ?status ORDER BY DESC(?n)
"""
_TOTALS = SPARQL_PROLOGUE + """
SELECT
  (COUNT(DISTINCT ?c) AS ?citations)
  (COUNT(DISTINCT ?doc) AS ?documents)
WHERE { ?s kzo:citation ?c . OPTIONAL { ?c kzo:originalSource ?doc } }
"""
_SOURCES = SPARQL_PROLOGUE + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kzo:SourceDocument }"
_DIRECT = SPARQL_PROLOGUE + """
SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf kzo:directEdge }
"""


def _int(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


@dataclass
class GraphStats:
    """The figures ``kzgraph stats`` and ``/api/stats`` show."""

    triples: int
    by_class: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    citations: int = 0
    source_documents: int = 0
    cited_reports: int = 0
    direct_edges: int = 0


def compute(store: GraphStore) -> GraphStats:
    """Count once; each figure is one aggregate query."""
    stats = GraphStats(triples=len(store))
    for row in store.select(_BY_CLASS):
        stats.by_class[shorten(str(getattr(row["cls"], "value", row["cls"])))] = _int(row["n"])
    for row in store.select(_BY_STATUS):
        stats.by_status[shorten(str(getattr(row["status"], "value", row["status"])))] = _int(row["n"])
    totals = store.select(_TOTALS)
    if totals:
        stats.citations = _int(totals[0].get("citations"))
        stats.cited_reports = _int(totals[0].get("documents"))
    sources = store.select(_SOURCES)
    stats.source_documents = _int(sources[0].get("n")) if sources else 0
    direct = store.select(_DIRECT)
    stats.direct_edges = _int(direct[0].get("n")) if direct else 0
    return stats
