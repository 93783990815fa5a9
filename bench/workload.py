"""The query mix, written once for every backend.

Each query has a *kzgraph* form (the code path kzgraph itself runs: ``kg.entities.resolve``,
``SearchIndex.search``, ``kg.network.neighbourhood`` / ``paths`` over the projection, named
queries, ``store.select`` with bindings) and a *SPARQL* form — the same question as one query
string with the parameters already in it, which raw pyoxigraph, rdflib, ``oxigraph
serve-read-only``, ``rdflib-endpoint`` and kzgraph's ``/sparql`` all run unchanged. Where kzgraph
uses its own index (search, paths) the SPARQL form is the engine's best without one: a
substring scan, and a breadth-first walk of the direct edges through the engine's triple
pattern API (SPARQL has no shortest path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.entities import name_forms_query
from kg.store.binding import bind
from kg.terms import SPARQL_PROLOGUE

QUERIES = ["label", "search", "one-hop", "two-hop", "path", "aggregation", "as-of", "named"]

ONE_HOP = SPARQL_PROLOGUE + """
SELECT ?p ?n ?label WHERE {
  { ?c ?p ?n } UNION { ?n ?p ?c }
  ?p rdfs:subPropertyOf kzo:directEdge .
  OPTIONAL { ?n skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
}"""

TWO_HOP = SPARQL_PROLOGUE + """
SELECT DISTINCT ?m ?n WHERE {
  { SELECT DISTINCT ?m WHERE { { ?c ?p ?m } UNION { ?m ?p ?c } ?p rdfs:subPropertyOf kzo:directEdge } LIMIT 50 }
  { ?m ?q ?n } UNION { ?n ?q ?m }
  ?q rdfs:subPropertyOf kzo:directEdge .
} LIMIT 2550"""

SEARCH = SPARQL_PROLOGUE + """
SELECT DISTINCT ?e ?label WHERE {
  ?e skos:prefLabel|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?text))))
} LIMIT 10"""

AGGREGATION = SPARQL_PROLOGUE + """
SELECT ?org (COUNT(DISTINCT ?m) AS ?members) WHERE {
  ?r a kzo:Membership ; kzo:member ?m ; kzo:organization ?org .
  FILTER NOT EXISTS { ?r kzo:claimStatus ?s FILTER(?s IN (kzv:denied, kzv:overturned)) }
} GROUP BY ?org ORDER BY DESC(?members) LIMIT 10"""

AS_OF = SPARQL_PROLOGUE + """
SELECT ?m ?label ?start ?end WHERE {
  ?r a kzo:Membership ; kzo:organization ?org ; kzo:member ?m .
  OPTIONAL { ?r kzo:start ?start } OPTIONAL { ?r kzo:end ?end }
  OPTIONAL { ?m skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  FILTER(!BOUND(?start) || SUBSTR(STR(?start), 1, STRLEN(?d)) <= SUBSTR(?d, 1, STRLEN(STR(?start))))
  FILTER(!BOUND(?end) || SUBSTR(STR(?end), 1, STRLEN(?d)) >= SUBSTR(?d, 1, STRLEN(STR(?end))))
} ORDER BY ?label"""

DIRECT_EDGE_PROPERTIES = SPARQL_PROLOGUE + "SELECT ?p WHERE { ?p rdfs:subPropertyOf kzo:directEdge }"


@dataclass(frozen=True)
class Case:
    """One query with one set of parameters."""

    query: str
    params: dict[str, str]


def cases(manifest: dict[str, Any], named_text: str, per_query: int = 10) -> list[Case]:
    """The parameters each query runs with, drawn from the generator's manifest (deterministic)."""
    out: list[Case] = []
    for i in range(per_query):
        out.append(Case("label", {"label": manifest["labels"][i % len(manifest["labels"])]}))
        out.append(Case("search", {"text": manifest["searches"][i % len(manifest["searches"])]}))
        out.append(Case("one-hop", {"centre": manifest["centres"][i % len(manifest["centres"])]}))
        out.append(Case("two-hop", {"centre": manifest["centres"][i % len(manifest["centres"])]}))
        a, b = manifest["pairs"][i % len(manifest["pairs"])]
        out.append(Case("path", {"from": a, "to": b}))
        out.append(Case("aggregation", {}))
        out.append(Case("as-of", {"org": manifest["orgs"][i % len(manifest["orgs"])],
                                  "date": manifest["dates"][i % len(manifest["dates"])]}))
        out.append(Case("named", {"post": manifest["posts"][i % len(manifest["posts"])],
                                  "post_label": manifest["post_labels"][i % len(manifest["post_labels"])]}))
    return out


def sparql_text(case: Case, named_text: str) -> str | None:
    """The SPARQL form of a case, parameters already bound (None for path: no SPARQL form)."""
    p = case.params
    if case.query == "label":
        return name_forms_query(p["label"])  # what kg.entities.resolve sends for a name spelt as stored
    if case.query == "search":
        # the engine's best without an index: the longest word of the query as a substring
        word = max(p["text"].split(), key=len)
        return bind(SEARCH, {"text": ox.Literal(word)})
    if case.query == "one-hop":
        return bind(ONE_HOP, {"c": ox.NamedNode(p["centre"])})
    if case.query == "two-hop":
        return bind(TWO_HOP, {"c": ox.NamedNode(p["centre"])})
    if case.query == "aggregation":
        return AGGREGATION
    if case.query == "as-of":
        return bind(AS_OF, {"org": ox.NamedNode(p["org"]), "d": ox.Literal(p["date"])})
    if case.query == "named":
        return bind(named_text, {"post": ox.NamedNode(p["post"])})
    return None


def bfs_path(neighbours: Callable[[str], list[str]], source: str, target: str, max_hops: int = 6) -> list[str] | None:
    """Bidirectional breadth-first search over ``neighbours``; the engine-only way to a shortest path."""
    if source == target:
        return [source]
    parents: list[dict[str, str | None]] = [{source: None}, {target: None}]
    frontiers = [[source], [target]]
    for _ in range(max_hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        nxt: list[str] = []
        for node in frontiers[side]:
            for other in neighbours(node):
                if other in parents[side]:
                    continue
                parents[side][other] = node
                if other in parents[1 - side]:
                    return _join(parents, other)
                nxt.append(other)
        frontiers[side] = nxt
        if not nxt:
            return None
    return None


def _join(parents: list[dict[str, str | None]], meet: str) -> list[str]:
    left: list[str] = []
    node: str | None = meet
    while node is not None:
        left.append(node)
        node = parents[0][node]
    right: list[str] = []
    node = parents[1][meet]
    while node is not None:
        right.append(node)
        node = parents[1][node]
    return left[::-1] + right


def oxigraph_neighbours(store: ox.Store, properties: list[ox.NamedNode]) -> Callable[[str], list[str]]:
    def neighbours(iri: str) -> list[str]:
        node = ox.NamedNode(iri)
        out: list[str] = []
        for p in properties:
            out += [q.object.value for q in store.quads_for_pattern(node, p, None) if isinstance(q.object, ox.NamedNode)]
            out += [q.subject.value for q in store.quads_for_pattern(None, p, node) if isinstance(q.subject, ox.NamedNode)]
        return out
    return neighbours
