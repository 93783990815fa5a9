"""Dated statements in order: of one entity, or of the whole graph."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .projection import Vocabulary
from .store import GraphStore
from .terms import PREFIXES

TIMELINE = """
SELECT DISTINCT ?node ?cls ?label ?when ?what WHERE {
  VALUES (?prop ?what) { (kzo:start "start") (kzo:end "end") (kzo:date "date") (kzo:arrestDate "arrest")
                         (kzo:verdictDate "verdict") }
  ?node ?prop ?when ; a ?cls .
  FILTER(STRSTARTS(STR(?cls), STR(kzo:)))
  FILTER NOT EXISTS { ?node a ?sub . ?sub rdfs:subClassOf+ ?cls . FILTER(?sub != ?cls) }
  FILTER NOT EXISTS { ?node a kzo:Observation }
  OPTIONAL { ?node skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  FILTER(!BOUND(?focus) || ?node = ?focus || EXISTS { ?node ?p1 ?focus } )
} ORDER BY ?when LIMIT 5000
"""


def timeline(store: GraphStore, vocab: Vocabulary, entity: str | None = None, since: str | None = None,
             until: str | None = None) -> list[dict[str, Any]]:
    """Every dated node (relations, events, legal actions, organisations) touching ``entity``."""
    bindings = {"focus": ox.NamedNode(entity)} if entity else None
    items = []
    for row in store.select(TIMELINE, bindings, PREFIXES):
        when_term, what, label = row.get("when"), row.get("what"), row.get("label")
        node, cls = row.get("node"), row.get("cls")
        when = when_term.value if isinstance(when_term, ox.Literal) else None
        if when is None or (since and when[:len(since)] < since) or (until and when[:len(until)] > until):
            continue
        items.append({"date": when, "what": what.value if isinstance(what, ox.Literal) else "",
                      "node": node.value if isinstance(node, ox.NamedNode) else None,
                      "kind": vocab.label(cls.value if isinstance(cls, ox.NamedNode) else None),
                      "label": label.value if isinstance(label, ox.Literal) else None})
    return items
