"""HTML pages and linked data: the explorer (home page), search results, entity pages that dereference."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from kg.errors import NotFound, UsageError
from kg.terms import KZ, PREFIXES

from ..rest.router import entity_iri, graph_of, index_of, vocab_of
from ..sparql.negotiation import ALIASES
from ..state import State
from .render import render

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
             "application/n-triples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}

DESCRIBE = """
CONSTRUCT { ?e ?p ?o . ?r ?rp ?ro . ?c ?cp ?co . ?sp ?spp ?spo }
WHERE {
  { ?e ?p ?o }
  UNION { ?r ?link ?e . ?r a ?rc . ?rc rdfs:subClassOf* kzo:Relation . ?r ?rp ?ro }
  UNION { { ?e kzo:citation ?c } UNION { ?r2 ?l2 ?e . ?r2 kzo:citation ?c } ?c ?cp ?co }
  UNION { ?e kzo:sentence ?sp . ?sp ?spp ?spo }
}"""


@router.get("/", response_class=HTMLResponse)
@router.get("/explore", response_class=HTMLResponse)
def home(state: State) -> HTMLResponse:
    """The explorer: a static shell; its scripts (static/explorer/) build the view from the URL hash."""
    return HTMLResponse(render("explorer.html", entities=len(graph_of(state))))


@router.get("/search", response_class=HTMLResponse)
def search_page(state: State, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    vocab = vocab_of(state)
    hits = index_of(state).search(q, limit=30) if q.strip() else []
    rows = [{"slug": h.iri.removeprefix(str(KZ)), "label": h.label, "type": vocab.label(h.type), "matched": h.matched,
             "score": h.score} for h in hits]
    return HTMLResponse(render("search.html", q=q, hits=rows))


def _wanted_rdf(request: Request) -> str | None:
    fmt = request.query_params.get("format")
    if fmt:
        media = ALIASES.get(fmt.lower(), fmt.lower())
        if media in RDF_TYPES:
            return media
        raise UsageError(f"unknown format {fmt!r}; use turtle, jsonld, nt or rdfxml")
    accept = request.headers.get("accept", "")
    for part in accept.split(","):
        media = ALIASES.get(part.split(";")[0].strip().lower(), part.split(";")[0].strip().lower())
        if media == "text/html":
            return None
        if media in RDF_TYPES:
            return media
    return None


@router.get("/id/{slug}")
def entity_page(state: State, request: Request, slug: str) -> Response:
    """The entity's IRI, dereferenced: HTML for a browser, RDF for a client asking for it."""
    if not SLUG.match(slug):
        raise NotFound("no such entity")
    iri = str(KZ) + slug
    media = _wanted_rdf(request)
    if media is not None:
        triples = state.store.construct(DESCRIBE, {"e": ox.NamedNode(iri)}, PREFIXES)
        if not triples:
            raise NotFound(f"no entity kz:{slug} in the graph")
        with_prefixes = media in ("text/turtle", "application/rdf+xml", "application/ld+json")
        body = ox.serialize(triples, format=RDF_TYPES[media], prefixes=dict(PREFIXES) if with_prefixes else None)
        return Response(body or b"", media_type=media, headers={"Vary": "Accept"})
    from kg.profile import profile
    data = profile(state.store, entity_iri(state, slug) if iri not in graph_of(state) else iri, vocab_of(state))
    return HTMLResponse(render("entity.html", p=data, slug=slug), headers={"Vary": "Accept"})


@router.get("/entity")
def entity_by_name(state: State, name: Annotated[str, Query(min_length=1, max_length=300)]) -> RedirectResponse:
    iri = entity_iri(state, name)
    return RedirectResponse("/id/" + iri.removeprefix(str(KZ)), status_code=303)


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon, for clients that ask the conventional address (pages link /static/favicon.svg)."""
    return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


static_files = StaticFiles(directory=STATIC)
