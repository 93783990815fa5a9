"""The SPARQL query page: an editor, the gallery of named questions, results as a table."""

from __future__ import annotations

import contextlib

from kg import named_queries
from kg.errors import KGError
from kg.store.binding import bind

from ..state import AppState
from .render import render

DEFAULT_QUERY = """PREFIX kz: <https://kzgraph.org/id/>
PREFIX kzo: <https://kzgraph.org/ontology#>
PREFIX kzv: <https://kzgraph.org/vocab/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?relative ?kinship ?start ?end WHERE {
  ?tie a kzo:FamilyTie ; kzo:person kz:nursultan-nazarbayev ; kzo:relative ?r ; kzo:kinship ?k .
  ?r skos:prefLabel ?relative . ?k skos:prefLabel ?kinship .
  OPTIONAL { ?tie kzo:start ?start } OPTIONAL { ?tie kzo:end ?end }
} LIMIT 100"""

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in
                   (("kz", "https://kzgraph.org/id/"), ("kzo", "https://kzgraph.org/ontology#"),
                    ("kzv", "https://kzgraph.org/vocab/"), ("skos", "http://www.w3.org/2004/02/skos/core#"),
                    ("dcterms", "http://purl.org/dc/terms/"), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
                    ("xsd", "http://www.w3.org/2001/XMLSchema#")))


def render_query_page(state: AppState) -> str:
    gallery = []
    for q in named_queries.catalogue(state.settings.ontology_dir / "queries").values():
        text = q.text
        if q.parameters:
            # the gallery runs each question with its default parameters, bound as VALUES; a
            # parameter without a default stays a variable for the reader to fill in
            with contextlib.suppress(KGError):
                text = bind(text, q.bindings(state.store, {}))
        gallery.append({"name": q.name, "title": q.title, "question": q.question,
                        "sparql": text if "PREFIX" in text else PROLOGUE + text,
                        "parameters": q.parameters})
    return render("query.html", gallery=gallery, default_query=DEFAULT_QUERY, settings=state.settings)
