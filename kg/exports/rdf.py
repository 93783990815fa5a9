"""The graph as RDF files: Turtle and N-Triples by Oxigraph, JSON-LD by rdflib with our published context.

Turtle and N-Triples are written straight from the store's triples (fast, exact). JSON-LD is
compacted with ``ontology/context.jsonld`` — the same context the API publishes at
``/api/context.jsonld`` — and embeds it, so the file reads back without fetching anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from ..settings import PROJECT_ROOT
from ..store import GraphStore
from ..terms import PREFIXES

CONTEXT_PATH = PROJECT_ROOT / "ontology" / "context.jsonld"


def context(path: Path = CONTEXT_PATH) -> dict[str, Any]:
    """The JSON-LD context document (``{"@context": {...}}``): our prefixes and a few short terms."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def turtle(store: GraphStore) -> bytes:
    """Every triple as Turtle with the project prefixes."""
    return ox.serialize(store.triples(), format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)) or b""


def ntriples(store: GraphStore) -> bytes:
    """Every triple as N-Triples (one per line: diffable, streamable)."""
    return ox.serialize(store.triples(), format=ox.RdfFormat.N_TRIPLES) or b""


def to_rdflib(store: GraphStore) -> rdflib.Graph:
    """The store's triples in an rdflib graph (for rdflib's serialisers and ``rdflib.compare``)."""
    graph = rdflib.Graph()
    graph.parse(data=ntriples(store), format="nt")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=True)
    return graph


def jsonld(store: GraphStore) -> bytes:
    """Every triple as compacted JSON-LD with the embedded kzgraph context."""
    text = to_rdflib(store).serialize(format="json-ld", context=context()["@context"], auto_compact=True, indent=1)
    return text.encode("utf-8")
