"""An entity's profile: names, types, facts, every relation grouped by kind, figures side by side,
and for each statement the citations with their quotes and the original reports they rest on."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from .errors import NotFound
from .projection import Vocabulary, vocabulary
from .store import GraphStore
from .store.binding import bind_many
from .terms import PREFIXES, shorten
from .terms import term_value as _v

KZO = PREFIXES["kzo"]

BASICS = """
SELECT ?p ?o WHERE { ?e ?p ?o . FILTER(?p != kzo:citation) }
"""

RELATIONS = """
SELECT ?r ?cls ?dir ?other ?otherLabel ?otherType ?status ?start ?end ?date ?role ?kind WHERE {
  ?cls kzo:edgeSource ?src ; kzo:edgeTarget ?tgt .
  { ?r a ?cls ; ?src ?e ; ?tgt ?other BIND("out" AS ?dir) }
  UNION
  { ?r a ?cls ; ?tgt ?e ; ?src ?other BIND("in" AS ?dir) }
  OPTIONAL { ?r kzo:claimStatus ?status } OPTIONAL { ?r kzo:start ?start } OPTIONAL { ?r kzo:end ?end }
  OPTIONAL { ?r kzo:date ?date } OPTIONAL { ?r kzo:role ?role }
  OPTIONAL { ?r kzo:kinship|kzo:associationKind|kzo:ownershipKind|kzo:lineageKind ?kind }
  OPTIONAL { ?other skos:prefLabel ?otherLabel FILTER(LANGMATCHES(LANG(?otherLabel), "en")) }
  OPTIONAL { ?other a ?otherType . ?otherType rdfs:subClassOf* kzo:Entity
             FILTER NOT EXISTS { ?other a ?sub . ?sub rdfs:subClassOf+ ?otherType . FILTER(?sub != ?otherType) } }
} ORDER BY ?cls ?start ?date
"""

LINKS = """
SELECT ?p ?dir ?other ?otherLabel ?otherType WHERE {
  ?p a kzo:LinkProperty .
  { ?e ?p ?other BIND("out" AS ?dir) } UNION { ?other ?p ?e BIND("in" AS ?dir) }
  ?other a ?otherType . ?otherType rdfs:subClassOf* kzo:Entity .
  FILTER NOT EXISTS { ?other a ?sub . ?sub rdfs:subClassOf+ ?otherType . FILTER(?sub != ?otherType) }
  OPTIONAL { ?other skos:prefLabel ?otherLabel FILTER(LANGMATCHES(LANG(?otherLabel), "en")) }
}"""

FIGURES = """
SELECT ?obs ?measure ?value ?min ?max ?qualifier ?unit ?date ?status ?context ?note WHERE {
  ?obs kzo:about ?e ; kzo:measure ?measure .
  OPTIONAL { ?obs kzo:value ?value } OPTIONAL { ?obs kzo:minValue ?min } OPTIONAL { ?obs kzo:maxValue ?max }
  OPTIONAL { ?obs kzo:valueQualifier ?qualifier } OPTIONAL { ?obs kzo:unit ?unit }
  OPTIONAL { ?obs kzo:date|kzo:start ?date } OPTIONAL { ?obs kzo:claimStatus ?status }
  OPTIONAL { ?obs kzo:context ?context } OPTIONAL { ?obs kzo:note ?note }
} ORDER BY ?measure ?date"""

SENTENCE = """
SELECT ?part ?kind ?duration ?amount ?unit ?bars ?until WHERE {
  ?e kzo:sentence ?part . ?part kzo:sentenceKind ?kind .
  OPTIONAL { ?part kzo:duration ?duration } OPTIONAL { ?part kzo:amount ?amount } OPTIONAL { ?part kzo:unit ?unit }
  OPTIONAL { ?part kzo:bars ?bars } OPTIONAL { ?part kzo:until ?until }
}"""

CITATIONS = """
SELECT ?node ?c ?doc ?docTitle ?publisher ?footnote ?section ?quote ?orig ?origTitle ?origPublisher ?origDate ?origUrl
WHERE {
  ?node kzo:citation ?c . ?c kzo:document ?doc ; kzo:quote ?quote .
  OPTIONAL { ?doc dcterms:title ?docTitle } OPTIONAL { ?doc dcterms:publisher ?publisher }
  OPTIONAL { ?c kzo:footnote ?footnote } OPTIONAL { ?c kzo:section ?section }
  OPTIONAL { ?c kzo:originalSource ?orig .
             OPTIONAL { ?orig dcterms:title ?origTitle } OPTIONAL { ?orig dcterms:publisher ?origPublisher }
             OPTIONAL { ?orig dcterms:date ?origDate } OPTIONAL { ?orig kzo:url ?origUrl } }
}"""


def citations_for(store: GraphStore, nodes: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Citations of many nodes in one query: node IRI → [citation…]."""
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    rows = store.select(bind_many(CITATIONS, "node", [ox.NamedNode(n) for n in dict.fromkeys(nodes)]), prefixes=PREFIXES)
    for row in rows:
        node, cid = _v(row.get("node")), str(row.get("c"))
        if node is None:
            continue
        citation = found[node].setdefault(cid, {
            "document": {"iri": _v(row.get("doc")), "title": _v(row.get("docTitle")), "publisher": _v(row.get("publisher"))},
            "footnote": _v(row.get("footnote")), "section": _v(row.get("section")), "quote": _v(row.get("quote")),
            "original_sources": []})
        orig = _v(row.get("orig"))
        if orig and all(o["iri"] != orig for o in citation["original_sources"]):
            citation["original_sources"].append({
                "iri": orig, "title": _v(row.get("origTitle")), "publisher": _v(row.get("origPublisher")),
                "date": _v(row.get("origDate")), "url": _v(row.get("origUrl"))})
    return {node: sorted(c.values(), key=lambda c: (c["document"]["iri"] or "", c["footnote"] or "", c["quote"] or ""))
            for node, c in found.items()}


def profile(store: GraphStore, iri: str, vocab: Vocabulary | None = None) -> dict[str, Any]:
    """Everything the graph says about ``iri``, each statement with its sources."""
    vocab = vocab or vocabulary(store)
    entity = ox.NamedNode(iri)
    basics = store.select(BASICS, {"e": entity}, PREFIXES)
    if not basics:
        raise NotFound(f"no entity {shorten(iri)} in the graph")
    names: list[dict[str, str | None]] = []
    aliases: list[dict[str, str | None]] = []
    types: list[str] = []
    facts: list[dict[str, Any]] = []
    description = None
    for row in basics:
        p, o = _v(row.get("p")), row.get("o")
        if p == PREFIXES["skos"] + "prefLabel" and isinstance(o, ox.Literal):
            names.append({"value": o.value, "lang": o.language})
        elif p == PREFIXES["skos"] + "altLabel" and isinstance(o, ox.Literal):
            aliases.append({"value": o.value, "lang": o.language})
        elif p == PREFIXES["rdf"] + "type" and isinstance(o, ox.NamedNode):
            if o.value.startswith(KZO):
                types.append(o.value)
        elif p == PREFIXES["dcterms"] + "description" and isinstance(o, ox.Literal):
            description = o.value
        elif p and p.startswith(KZO) and p != KZO + "sentence" and p not in vocab.edge_properties \
                and not isinstance(o, ox.BlankNode):
            facts.append({"property": p, "label": vocab.label(p), "value": _v(o),
                          "value_label": vocab.label(_v(o)) if isinstance(o, ox.NamedNode) else None})
    label = next((n["value"] for n in names if (n["lang"] or "").startswith("en")), None) or \
        (names[0]["value"] if names else shorten(iri))

    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    relation_rows = store.select(RELATIONS, {"e": entity}, PREFIXES)
    seen: set[tuple[str | None, str | None]] = set()
    for row in relation_rows:
        r, cls = _v(row.get("r")), _v(row.get("cls"))
        if (r, _v(row.get("dir"))) in seen:
            continue
        seen.add((r, _v(row.get("dir"))))
        kind = _v(row.get("kind"))
        relations[vocab.label(cls)].append({
            "relation": r, "kind": cls, "direction": _v(row.get("dir")), "phrase": vocab.phrases.get(cls or "", ""),
            "other": {"iri": _v(row.get("other")), "label": _v(row.get("otherLabel")) or shorten(_v(row.get("other")) or ""),
                      "type": _v(row.get("otherType"))},
            "detail": vocab.label(kind) if kind else None, "role": _v(row.get("role")),
            "status": vocab.label(_v(row.get("status"))) if row.get("status") else None,
            "start": _v(row.get("start")), "end": _v(row.get("end")), "date": _v(row.get("date")), "citations": []})
    links = []
    for row in store.select(LINKS, {"e": entity}, PREFIXES):
        p = _v(row.get("p"))
        links.append({"property": p, "label": vocab.label(p), "phrase": vocab.phrases.get(p or "", ""),
                      "direction": _v(row.get("dir")),
                      "other": {"iri": _v(row.get("other")), "label": _v(row.get("otherLabel")) or
                                shorten(_v(row.get("other")) or ""), "type": _v(row.get("otherType"))}})
    figures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.select(FIGURES, {"e": entity}, PREFIXES):
        figures[vocab.label(_v(row.get("measure")))].append({
            "observation": _v(row.get("obs")), "value": _v(row.get("value")), "min": _v(row.get("min")),
            "max": _v(row.get("max")), "qualifier": _v(row.get("qualifier")), "unit": _v(row.get("unit")),
            "date": _v(row.get("date")), "context": _v(row.get("context")), "note": _v(row.get("note")),
            "status": vocab.label(_v(row.get("status"))) if row.get("status") else None, "citations": []})
    sentence = [{"kind": vocab.label(_v(row.get("kind"))), "duration": _v(row.get("duration")),
                 "amount": _v(row.get("amount")), "unit": _v(row.get("unit")), "bars": _v(row.get("bars")),
                 "until": _v(row.get("until"))} for row in store.select(SENTENCE, {"e": entity}, PREFIXES)]

    cited = [iri] + [r["relation"] for rs in relations.values() for r in rs if r["relation"]] + \
        [f["observation"] for fs in figures.values() for f in fs if f["observation"]]
    sources = citations_for(store, cited)
    for relation_list in relations.values():
        for rel in relation_list:
            rel["citations"] = sources.get(rel["relation"], [])
    for figure_list in figures.values():
        for fig in figure_list:
            fig["citations"] = sources.get(fig["observation"], [])
    status = next((f["value_label"] for f in facts if f["property"] == KZO + "claimStatus"), None)
    return {
        "iri": iri, "id": shorten(iri), "label": label, "names": names, "aliases": aliases,
        "types": [{"iri": t, "label": vocab.label(t)} for t in vocab.most_specific(set(types))],
        "description": description, "status": status,
        "facts": [f for f in facts if f["property"] != KZO + "claimStatus"],
        "citations": sources.get(iri, []), "relations": dict(relations), "links": links,
        "figures": dict(figures), "sentence": sentence,
    }
