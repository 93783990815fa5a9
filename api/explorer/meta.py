"""What the explorer's legend, filters and date slider offer, derived from the loaded graph.

Built once per load (``AppState.cached``): the family of every entity class (from the ontology's
subclass tree, so a new class needs no code), the relation kinds present with their counts, and
the span of years the dated relations cover.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.store import GraphStore
from kg.terms import PREFIXES

from .style import family_of, legend
from .view import LIMIT, local

ANCESTORS = """
SELECT ?c ?sup WHERE { ?c rdfs:subClassOf* ?sup . ?sup rdfs:subClassOf* kzo:Entity . ?c rdfs:subClassOf* kzo:Entity }
"""


def class_families(store: GraphStore) -> dict[str, str]:
    """Every entity class IRI → family key."""
    ancestors: dict[str, set[str]] = defaultdict(set)
    for row in store.select(ANCESTORS, prefixes=PREFIXES):
        c, sup = row.get("c"), row.get("sup")
        if isinstance(c, ox.NamedNode) and isinstance(sup, ox.NamedNode):
            ancestors[c.value].add(sup.value)
    return {cls: family_of(cls, ancestors).key for cls in ancestors}


def explorer_meta(store: GraphStore, graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The JSON ``/api/explorer/meta`` serves."""
    families = class_families(store)
    for _, data in graph.nodes(data=True):  # a type outside the subclass tree still gets a family
        families.setdefault(data.get("type", ""), "other")
    kinds: Counter[str] = Counter()
    labels: dict[str, str] = {}
    years: list[int] = []
    for _, _, data in graph.edges(data=True):
        key = local(data["kind"])
        kinds[key] += 1
        labels.setdefault(key, data.get("kind_label") or key)
        for value in (data.get("start"), data.get("end"), data.get("date")):
            if value and value[:4].isdigit():
                years.append(int(value[:4]))
    return {**legend(), "classes": families, "limit": LIMIT,
            "kinds": [{"key": k, "label": labels[k], "count": n} for k, n in sorted(kinds.items(), key=lambda kv: labels[kv[0]])],
            "years": [min(years), max(years)] if years else [1991, 2024]}
