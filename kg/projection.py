"""The graph as networkx: one edge per direct edge, generated from the ontology's edge rules.

Relation classes yield edges through their ``kzo:edgeSource``/``kzo:edgeTarget`` annotations and
link properties (``a kzo:LinkProperty``) yield edges as they stand; no relation kind is named
in this module. Every edge keeps the relation IRI, kind, label, dates, claim status and the IRIs
of its citations, so callers can filter "as of" a date or by status, and cite each hop.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .store import GraphStore
from .terms import PREFIXES, SPARQL_PROLOGUE
from .terms import term_value as _v

NODES_QUERY = SPARQL_PROLOGUE + """
SELECT ?e ?type ?label WHERE {
  ?e a ?type . ?type rdfs:subClassOf* kzo:Entity .
  FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
  OPTIONAL { ?e skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
}"""

RELATION_EDGES_QUERY = SPARQL_PROLOGUE + """
SELECT ?r ?cls ?direct ?s ?o ?status ?start ?end ?date ?role ?kindConcept WHERE {
  ?cls kzo:edgeSource ?src ; kzo:edgeTarget ?tgt .
  OPTIONAL { ?cls kzo:directProperty ?direct }
  ?r a ?cls ; ?src ?s ; ?tgt ?o .
  OPTIONAL { ?r kzo:claimStatus ?status }
  OPTIONAL { ?r kzo:start ?start } OPTIONAL { ?r kzo:end ?end } OPTIONAL { ?r kzo:date ?date }
  OPTIONAL { ?r kzo:role ?role }
  OPTIONAL { ?r kzo:kinship|kzo:associationKind|kzo:ownershipKind|kzo:lineageKind ?kindConcept }
}"""

LINK_EDGES_QUERY = SPARQL_PROLOGUE + """
SELECT ?s ?p ?o ?status ?start ?end ?date WHERE {
  ?p a kzo:LinkProperty .
  ?s ?p ?o .
  ?s a ?st . ?st rdfs:subClassOf* kzo:Entity .
  ?o a ?ot . ?ot rdfs:subClassOf* kzo:Entity .
  OPTIONAL { ?s kzo:claimStatus ?status }
  OPTIONAL { ?s kzo:start ?start } OPTIONAL { ?s kzo:end ?end }
  OPTIONAL { ?s kzo:date|kzo:verdictDate|kzo:arrestDate ?date }
}"""

LABELS_QUERY = SPARQL_PROLOGUE + """
SELECT ?x ?label WHERE {
  { ?x a owl:Class } UNION { ?x a owl:ObjectProperty } UNION { ?x a skos:Concept }
  ?x rdfs:label|skos:prefLabel ?label .
  OPTIONAL { ?x kzo:edgeLabel ?phrase }
}"""

PHRASES_QUERY = SPARQL_PROLOGUE + "SELECT ?x ?phrase WHERE { ?x kzo:edgeLabel ?phrase }"
EDGE_PROPERTIES_QUERY = SPARQL_PROLOGUE + """
SELECT DISTINCT ?p WHERE { { ?p rdfs:subPropertyOf kzo:directEdge } UNION { ?p a kzo:LinkProperty } }"""
SUPERCLASSES_QUERY = SPARQL_PROLOGUE + """
SELECT ?cls ?super WHERE { ?cls rdfs:subClassOf+ ?super . FILTER(STRSTARTS(STR(?cls), STR(kzo:))) }"""


@dataclass(frozen=True)
class Vocabulary:
    """Human names of classes, properties and concepts, and edge phrases, from the ontology."""

    labels: dict[str, str]
    phrases: dict[str, str]
    edge_properties: frozenset[str] = frozenset()
    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)

    def label(self, iri: str | None) -> str:
        if iri is None:
            return ""
        return self.labels.get(iri) or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def most_specific(self, types: set[str]) -> list[str]:
        """Drop every type that is a superclass of another one (Person, not Entity and Person)."""
        inherited = set().union(*(self.superclasses.get(t, frozenset()) for t in types)) if types else set()
        return sorted(t for t in types if t not in inherited)


def vocabulary(store: GraphStore) -> Vocabulary:
    labels: dict[str, str] = {}
    for row in store.select(LABELS_QUERY):
        iri, label = _v(row.get("x")), _v(row.get("label"))
        if iri and label:
            labels.setdefault(iri, label)
    phrases = {}
    for row in store.select(PHRASES_QUERY):
        iri, phrase = _v(row.get("x")), _v(row.get("phrase"))
        if iri and phrase:
            phrases[iri] = phrase
    edge_properties = frozenset(v for row in store.select(EDGE_PROPERTIES_QUERY) if (v := _v(row.get("p"))))
    supers: dict[str, set[str]] = {}
    for row in store.select(SUPERCLASSES_QUERY):
        cls, sup = _v(row.get("cls")), _v(row.get("super"))
        if cls and sup:
            supers.setdefault(cls, set()).add(sup)
    return Vocabulary(labels, phrases, edge_properties, {k: frozenset(v) for k, v in supers.items()})


def project(store: GraphStore, vocab: Vocabulary | None = None, *, include_alleged: bool = True,
            as_of: str | None = None) -> nx.MultiDiGraph:
    """Build the projection: nodes are entities, edges are relations and links.

    Every relation is kept, denied and overturned ones too (with their status), so a caller can
    show a denial; ``include_alleged=False`` drops alleged edges and ``as_of`` (YYYY[-MM[-DD]])
    keeps only edges that may be in force on that date (see ``sliced``). Citations are attached on
    demand by ``with_citations``, since most callers never read them.
    """
    vocab = vocab or vocabulary(store)
    graph = nx.MultiDiGraph()
    for row in store.select(NODES_QUERY):
        iri = _v(row.get("e"))
        if iri is None:
            continue
        type_iri = _v(row.get("type")) or ""
        attrs = graph.nodes[iri] if iri in graph else {}
        types = set(attrs.get("types", ())) | {type_iri}
        label = _v(row.get("label")) or attrs.get("label") or iri.rsplit("/", 1)[-1]
        graph.add_node(iri, label=label, types=tuple(sorted(types)), type=min(types, key=_specific_first))
    for row in store.select(RELATION_EDGES_QUERY):
        s, o, r, cls = _v(row.get("s")), _v(row.get("o")), _v(row.get("r")), _v(row.get("cls"))
        if not (s and o and r and cls) or s not in graph or o not in graph:
            continue
        concept = _v(row.get("kindConcept"))
        graph.add_edge(s, o, key=r, relation=r, kind=cls, kind_label=vocab.label(cls),
                       phrase=vocab.phrases.get(cls, vocab.label(cls)), detail=vocab.label(concept) if concept else None,
                       role=_v(row.get("role")), status=_v(row.get("status")), start=_v(row.get("start")),
                       end=_v(row.get("end")), date=_v(row.get("date")), link=False, direct=_v(row.get("direct")))
    for row in store.select(LINK_EDGES_QUERY):
        s, p, o = _v(row.get("s")), _v(row.get("p")), _v(row.get("o"))
        if not (s and p and o) or s not in graph or o not in graph:
            continue
        graph.add_edge(s, o, key=f"{s} {p} {o}", relation=s, kind=p, kind_label=vocab.label(p),
                       phrase=vocab.phrases.get(p, vocab.label(p)), detail=None, role=None,
                       status=_v(row.get("status")), start=_v(row.get("start")), end=_v(row.get("end")),
                       date=_v(row.get("date")), link=True, direct=p)
    if include_alleged and as_of is None:
        return graph
    return sliced(graph, include_alleged=include_alleged, as_of=as_of)


def _specific_first(type_iri: str) -> tuple[int, str]:
    """Order types so a node's ``type`` is a subclass (PoliticalParty) rather than a superclass."""
    generic = {PREFIXES["kzo"] + n for n in ("Entity", "Organisation", "Event", "LegalAction", "Place", "Asset")}
    return (1 if type_iri in generic else 0, type_iri)


def active_on(start: str | None, end: str | None, date: str | None, as_of: str) -> bool:
    """True if an edge may be in force on ``as_of`` (YYYY[-MM[-DD]]), comparing at the coarser precision.

    An edge with no dates at all is kept (undated is not the same as ended); one that starts
    after the date, or ended before it, is not.
    """
    begin = start or date
    if begin is not None:
        n = min(len(begin), len(as_of))
        if begin[:n] > as_of[:n]:
            return False
    if end is not None:
        n = min(len(end), len(as_of))
        if end[:n] < as_of[:n]:
            return False
    return True


ALLEGED = PREFIXES["kzv"] + "alleged"
NOT_IN_FORCE = frozenset({PREFIXES["kzv"] + "denied", PREFIXES["kzv"] + "overturned"})


def sliced(graph: nx.MultiDiGraph, *, include_alleged: bool = True, as_of: str | None = None,
           drop_statuses: frozenset[str] = frozenset()) -> nx.MultiDiGraph:
    """A copy of ``graph`` keeping every node but only the edges that pass the filters.

    ``include_alleged=False`` drops alleged edges (a journalist printing only what is reported);
    ``as_of`` keeps edges that may be in force on the date (``active_on``: undated edges stay);
    ``drop_statuses`` drops further statuses, e.g. ``NOT_IN_FORCE``.
    """
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        status = data.get("status")
        if status in drop_statuses or (not include_alleged and status == ALLEGED):
            continue
        if as_of is not None and not active_on(data.get("start"), data.get("end"), data.get("date"), as_of):
            continue
        out.add_edge(u, v, key=key, **data)
    return out


def with_citations(graph: nx.MultiDiGraph, store: GraphStore) -> nx.MultiDiGraph:
    """Attach each edge's citations (document, footnote, quote…) as ``citations``, in place; returns ``graph``.

    A link edge is cited by the statement it starts from (the prosecution naming a defendant),
    a relation edge by its relation node; both are ``relation`` on the edge.
    """
    from .profile import citations_for  # profile imports this module

    relations = [str(data["relation"]) for _, _, data in graph.edges(data=True) if data.get("relation")]
    found = citations_for(store, relations)
    for _, _, data in graph.edges(data=True):
        data["citations"] = found.get(str(data.get("relation")), [])
    return graph
