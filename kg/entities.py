"""Naming entities the way people do: by IRI, by ``kz:`` name, by label or by alias."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import NotFound, UsageError
from .store import GraphStore
from .store.binding import Term, bind_many
from .terms import KZ, SPARQL_PROLOGUE, shorten

# Exact look-up of a few spellings of the name (index hits: well under a millisecond) …
NAME_FORMS_QUERY = SPARQL_PROLOGUE + """
SELECT DISTINCT ?e ?label WHERE {
  ?e skos:prefLabel|skos:altLabel ?name .
  FILTER EXISTS { ?e a ?type . ?type rdfs:subClassOf* kzo:Entity }
  OPTIONAL { ?e skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
} ORDER BY ?e LIMIT 20
"""

# … and, only when none matches, a case-insensitive scan of every label (O(labels)).
EXACT_NAME_QUERY = SPARQL_PROLOGUE + """
SELECT DISTINCT ?e ?label WHERE {
  ?e skos:prefLabel|skos:altLabel ?name .
  FILTER(LCASE(STR(?name)) = LCASE(STR(?wanted)))
  FILTER EXISTS { ?e a ?type . ?type rdfs:subClassOf* kzo:Entity }
  OPTIONAL { ?e skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
} ORDER BY ?e LIMIT 20
"""

LABEL_LANGUAGES = ("en", "ru", "kk", None)


def name_forms_query(name: str) -> str:
    """The exact look-up for ``name`` as typed, lower-, title- and upper-cased, in the label languages."""
    forms = dict.fromkeys([name, name.lower(), name.title(), name.upper()])
    terms: list[Term] = [ox.Literal(f, language=lang) if lang else ox.Literal(f) for f in forms for lang in LABEL_LANGUAGES]
    return bind_many(NAME_FORMS_QUERY, "name", terms)

EXISTS_QUERY = "ASK { { ?e ?p ?o } UNION { ?s ?p ?e } }"


def resolve(store: GraphStore, name: str) -> ox.NamedNode:
    """The IRI ``name`` stands for; ``NotFound`` if none, ``UsageError`` if several."""
    name = name.strip()
    if not name:
        raise UsageError("empty entity name")
    candidate: ox.NamedNode | None = None
    if name.startswith(("http://", "https://")):
        candidate = ox.NamedNode(name)
    elif name.startswith("kz:") and len(name) > 3:
        candidate = ox.NamedNode(str(KZ) + name[3:])
    if candidate is not None:
        if store.ask(EXISTS_QUERY, {"e": candidate}):
            return candidate
        raise NotFound(f"no entity {shorten(candidate.value)} in the graph")
    # A spelling that matches exactly wins; the case-insensitive scan runs only when none does.
    rows = store.select(name_forms_query(name)) or store.select(EXACT_NAME_QUERY, {"wanted": ox.Literal(name)})
    iris = list(dict.fromkeys(row["e"] for row in rows if isinstance(row["e"], ox.NamedNode)))
    if len(iris) == 1:
        return iris[0]
    if not iris:
        raise NotFound(f"no entity is called {name!r}; try `kzgraph search {name!r}`")
    listing = ", ".join(shorten(i.value) for i in iris)
    raise UsageError(f"{name!r} names several entities ({listing}); give one of these IRIs instead")
