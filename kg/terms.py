"""Namespaces and the prefixes every query and serialisation shares."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Namespace

KZO = Namespace("https://kzgraph.org/ontology#")
KZV = Namespace("https://kzgraph.org/vocab/")
KZ = Namespace("https://kzgraph.org/id/")
KZS = Namespace("https://kzgraph.org/shapes#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

PREFIXES: dict[str, str] = {
    "kz": str(KZ),
    "kzo": str(KZO),
    "kzv": str(KZV),
    "kzs": str(KZS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str) -> str:
    """Return ``kz:max-bokayev`` for a full IRI when a known prefix covers it."""
    for prefix, base in PREFIXES.items():
        if iri.startswith(base):
            local = iri[len(base):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def term_value(term: object) -> str | None:
    """The lexical value of an IRI or literal from a query row; None for blank nodes or unbound."""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else None
