"""Run SHACL validation as SPARQL inside a pyoxigraph Store (the fast engine; pyshacl stays the reference).

The shapes are compiled once (``kg.shacl_compile``); each run is then one query per constraint
over a Store holding the data and the ontology together, so class targets and ``sh:class``
follow ``rdfs:subClassOf*`` exactly as pyshacl does over its data graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from .shacl_compile import CompiledQuery, UnsupportedShapeError, compile_shapes

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class ShaclResult:
    """One validation result: the focus node, the value node (if the constraint has one) and the constraint."""

    focus: Term
    value: Term | None
    constraint: CompiledQuery


class SparqlShacl:
    """SHACL validation by compiled SPARQL; raises ``UnsupportedShapeError`` at construction if it cannot."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.queries = compile_shapes(shapes)

    def validate(self, store: ox.Store) -> Iterator[ShaclResult]:
        """Every validation result, query by query (a focus node may appear under several constraints)."""
        for query in self.queries:
            solutions = store.query(query.sparql)
            assert isinstance(solutions, ox.QuerySolutions)
            has_value = any(v.value == "value" for v in solutions.variables)
            for row in solutions:
                focus = row["this"]
                if focus is not None:
                    yield ShaclResult(focus, row["value"] if has_value else None, query)


def citing_subject(store: ox.Store, node: Term) -> Term:
    """A blank node is reported through the entity that carries it (e.g. a citation through its statement)."""
    seen: set[Term] = set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        quad = next(iter(store.quads_for_pattern(None, None, node)), None)
        if quad is None:
            break
        node = quad.subject
    return node


__all__ = ["CompiledQuery", "ShaclResult", "SparqlShacl", "UnsupportedShapeError", "citing_subject"]
