"""The graph as FollowTheMoney entities (JSON lines), for Aleph, OpenSanctions tooling and ``ftm``.

The mapping is read from the ontology, not written per class: an entity class's schema is the
``owl:equivalentClass ftm:…`` of the class or its nearest ancestor (Person, Organization,
Company, PublicBody, Position, RealEstate, Event…), and a relation class's schema is its own
equivalent (Membership, Directorship, Occupancy, Family, Associate, Ownership) with the
FtM schema's edge ends filled from ours. A relation whose ends the FtM schema would refuse
(an Associate between two organisations) falls back to ``UnknownLink`` with the relation's
name as its role. Prosecutions become ``CourtCase`` with ``CourtCaseParty`` links for
defendants and plaintiffs. Every entity carries ``sourceUrl`` and ``publisher`` from its
citations where the graph has them, and relation dates as ``startDate``/``endDate``/``date``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import networkx as nx
from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema

from ..network import sentence
from ..profile import citations_for
from ..projection import NOT_IN_FORCE
from ..store import GraphStore
from ..terms import KZO, SPARQL_PROLOGUE
from ..terms import term_value as _v

FTM = "https://schema.followthemoney.tech/#"
LEGAL_CASE = {str(KZO) + "Prosecution", str(KZO) + "CivilCase"}
CASE_PARTIES = {str(KZO) + "defendant": "defendant", str(KZO) + "plaintiff": "plaintiff"}

SCHEMA_QUERY = SPARQL_PROLOGUE + """
SELECT ?cls ?ftm (COUNT(?mid) AS ?distance) WHERE {
  ?cls rdfs:subClassOf* ?mid . ?mid rdfs:subClassOf* ?anc . ?anc owl:equivalentClass ?ftm .
  FILTER(STRSTARTS(STR(?ftm), "https://schema.followthemoney.tech/#"))
} GROUP BY ?cls ?ftm"""

ALIASES_QUERY = SPARQL_PROLOGUE + """
SELECT ?e ?alias ?description WHERE {
  ?e a kzo:Entity .
  { ?e skos:altLabel ?alias } UNION { ?e skos:prefLabel ?alias FILTER(!LANGMATCHES(LANG(?alias), "en")) }
  UNION { ?e dcterms:description ?description }
}"""


def schema_map(store: GraphStore) -> dict[str, Schema]:
    """Class IRI → the FtM schema of its nearest class with an ``owl:equivalentClass ftm:…``."""
    best: dict[str, tuple[int, Schema]] = {}
    for row in store.select(SCHEMA_QUERY):
        cls, ftm = _v(row.get("cls")), _v(row.get("ftm"))
        schema = model.get(ftm[len(FTM):]) if ftm else None
        if cls is None or schema is None:
            continue
        distance = int(_v(row.get("distance")) or 0)
        if cls not in best or distance < best[cls][0]:
            best[cls] = (distance, schema)
    return {cls: schema for cls, (_, schema) in best.items()}


def entity_id(iri: str) -> str:
    """A readable, stable FtM id from an IRI: ``kzgraph-dariga-nazarbayeva``."""
    local = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return "kzgraph-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in local)[:180]


def _sources(proxy: EntityProxy, citations: list[dict[str, Any]]) -> None:
    for citation in citations:
        document = citation.get("document") or {}
        if document.get("publisher"):
            proxy.add("publisher", document["publisher"], quiet=True)
        for original in citation.get("original_sources", []):
            if original.get("url"):
                proxy.add("sourceUrl", original["url"], quiet=True)
            if original.get("publisher"):
                proxy.add("publisher", original["publisher"], quiet=True)


def _fits(schema: Schema, prop: str, end: EntityProxy) -> bool:
    range_ = schema.get(prop)
    return range_ is not None and range_.range is not None and end.schema.is_a(range_.range)


def entities(graph: nx.MultiDiGraph, store: GraphStore) -> Iterator[EntityProxy]:
    """Every mappable entity of the projection, then its relations, as FtM entity proxies."""
    schemas = schema_map(store)
    nodes: dict[str, EntityProxy] = {}
    for node, data in graph.nodes(data=True):
        schema = schemas.get(data.get("type", "")) or next((schemas[t] for t in data.get("types", ()) if t in schemas), None)
        if data.get("type") in LEGAL_CASE:
            schema = model.get("CourtCase")
        if schema is None or schema.abstract or schema.edge:
            continue
        proxy = model.make_entity(schema)
        proxy.id = entity_id(node)
        proxy.add("name", data.get("label") or node.rsplit("/", 1)[-1], quiet=True)
        nodes[node] = proxy
    for row in store.select(ALIASES_QUERY):
        proxy_or_none = nodes.get(_v(row.get("e")) or "")
        if proxy_or_none is not None:
            proxy_or_none.add("alias", _v(row.get("alias")), quiet=True)
            proxy_or_none.add("description", _v(row.get("description")), quiet=True)
    edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
             if d.get("status") not in NOT_IN_FORCE and u in nodes and v in nodes]
    cited = citations_for(store, list(nodes) + [str(d["relation"]) for *_, d in edges if not d.get("link")])
    for node, proxy in nodes.items():
        _sources(proxy, cited.get(node, []))
        yield proxy
    for u, v, key, data in edges:
        link = _relation(graph, schemas, (u, v), nodes[u], nodes[v], str(key), data)
        if link is not None:
            _sources(link, cited.get(str(data["relation"]), []) if not data.get("link") else [])
            yield link


def _relation(graph: nx.MultiDiGraph, schemas: dict[str, Schema], ends: tuple[str, str], source: EntityProxy,
              target: EntityProxy, key: str, data: dict[str, Any]) -> EntityProxy | None:
    kind = str(data.get("kind"))
    if kind in CASE_PARTIES and target.schema.is_a("CourtCase"):
        source, target = target, source
    if kind in CASE_PARTIES and source.schema.is_a("CourtCase") and target.schema.is_a("LegalEntity"):
        proxy = model.make_entity("CourtCaseParty")
        proxy.add("case", source.id)
        proxy.add("party", target.id)
        proxy.add("role", CASE_PARTIES[kind])
    else:
        schema = schemas.get(kind)
        if schema is not None and schema.edge and schema.source_prop and schema.target_prop \
                and _fits(schema, schema.source_prop.name, source) and _fits(schema, schema.target_prop.name, target):
            proxy = model.make_entity(schema)
            proxy.add(schema.source_prop.name, source.id)
            proxy.add(schema.target_prop.name, target.id)
            role_prop = "relationship" if schema.get("relationship") else "role"
            proxy.add(role_prop, data.get("detail") or data.get("role"), quiet=True)
        else:
            proxy = model.make_entity("UnknownLink")
            if not (_fits(proxy.schema, "subject", source) and _fits(proxy.schema, "object", target)):
                return None
            proxy.add("subject", source.id)
            proxy.add("object", target.id)
            proxy.add("role", data.get("phrase") or data.get("kind_label"), quiet=True)
    proxy.id = entity_id(key) if not data.get("link") else model.make_entity("UnknownLink").make_id(key)
    proxy.add("startDate", data.get("start"), quiet=True)
    proxy.add("endDate", data.get("end"), quiet=True)
    proxy.add("date", data.get("date"), quiet=True)
    status = str(data.get("status") or "").rsplit("/", 1)[-1]
    if status:
        proxy.add("status", status, quiet=True)
    proxy.add("summary", sentence(graph, {"source": ends[0], "target": ends[1], "key": key, **data}), quiet=True)
    return proxy


def ftm_lines(graph: nx.MultiDiGraph, store: GraphStore) -> bytes:
    """The entities as FtM JSON lines (one ``to_dict()`` per line), sorted by schema and id."""
    rows = sorted((p.to_dict() for p in entities(graph, store)), key=lambda d: (d["schema"], d["id"]))
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")
