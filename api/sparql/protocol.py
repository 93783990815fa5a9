"""The SPARQL 1.1 Protocol itself, apart from any web framework.

``answer`` takes what a request carried (method, media type, parameters, body, Accept) and
returns the response; the FastAPI routes (for the OpenAPI docs) and the lean ASGI lane in
``endpoint.py`` (which every ``/sparql`` request takes) both call it, so there is one
implementation. Errors are raised as ``KGError`` and rendered in the one JSON error shape by
the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from starlette.responses import HTMLResponse, Response

from kg.errors import Forbidden, InputSyntaxError, StoreError, TooLarge, UsageError

from ..errors import error_response
from ..state import AppState
from .inspect import apply_update_dataset, check_query
from .negotiation import GRAPH_TYPES, choose
from .query_string import parse_query_string

SERVICE_DESCRIPTION = """
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:feature sd:DereferencesURIs ;
    dcterms:description '''kzgraph read-only SPARQL 1.1 endpoint: updates and SERVICE are refused,
        FROM and FROM NAMED name graphs of the store and are never fetched; time limit {timeout} s,
        at most {rows} result rows, requests up to {size} bytes.''' ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""

@dataclass(frozen=True)
class SparqlRequest:
    """What the protocol needs from an HTTP request."""

    method: str                      # "GET" or "POST"
    endpoint: str                    # the endpoint's absolute URL, without query string (the base IRI)
    params: dict[str, list[str]]     # URL query parameters
    accept: str | None = None
    content_type: str = ""           # POST only: the media type, lower case, without parameters
    body: bytes = b""                # POST only, already checked against the size limit


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise UsageError(f"give at most one '{name}' parameter (got {len(values)})")
    return values[0] if values else None


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputSyntaxError(f"{what} is not valid UTF-8") from None


async def answer(state: AppState, request: SparqlRequest) -> Response:
    """The protocol's answer to one request; ``KGError`` for anything the client got wrong."""
    params = request.params
    if request.method == "GET":
        if "update" in params:
            raise UsageError("updates must be sent by POST")
        query = _single(params.get("query", []), "query")
        if query is None:
            if wants_html(request.accept):
                from ..pages.query_page import render_query_page
                return HTMLResponse(render_query_page(state))
            return service_description(state, request)
        return await _execute(state, request, query, None, params)
    if request.content_type == "application/x-www-form-urlencoded":
        form = parse_query_string(_decode(request.body, "the form"))
        query = _single(form.get("query", []), "query")
        update = _single(form.get("update", []), "update")
        for key, values in params.items():
            form.setdefault(key, values)
        return await _execute(state, request, query, update, form)
    if request.content_type == "application/sparql-query":
        return await _execute(state, request, _decode(request.body, "the request body"), None, params)
    if request.content_type == "application/sparql-update":
        return await _execute(state, request, None, _decode(request.body, "the request body"), params)
    return error_response(415, "unsupported_media_type",
                          "POST a form (application/x-www-form-urlencoded), application/sparql-query "
                          "or application/sparql-update")


async def _execute(state: AppState, request: SparqlRequest, query: str | None, update: str | None,
                   params: dict[str, list[str]]) -> Response:
    settings = state.settings
    default_graphs = params.get("default-graph-uri", [])
    named_graphs = params.get("named-graph-uri", [])
    if update is not None:
        if query is not None:
            raise UsageError("give either 'query' or 'update', not both")
        if not settings.allow_updates:
            raise Forbidden("this endpoint is read-only: SPARQL updates are refused")
        if default_graphs or named_graphs:
            raise UsageError("default-graph-uri / named-graph-uri belong to queries; updates take "
                             "using-graph-uri / using-named-graph-uri")
        update = apply_update_dataset(update, params.get("using-graph-uri", []), params.get("using-named-graph-uri", []))
        payload: dict[str, Any] = {"update": update, "store": state.store_path(), "base_iri": request.endpoint}
    else:
        if query is None:
            raise UsageError("missing 'query' parameter")
        if len(query.encode()) > settings.max_request_bytes:
            raise TooLarge(f"query over the {settings.max_request_bytes}-byte limit")
        form = check_query(query)
        formats = params.get("format", [])  # SPARQLWrapper repeats it; the first one wins
        media = choose(form, request.accept, formats[0] if formats else None)
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise UsageError("using-graph-uri / using-named-graph-uri belong to updates; queries take "
                             "default-graph-uri / named-graph-uri")
        payload = {"query": query, "store": state.store_path(), "media_type": media, "max_rows": settings.max_rows,
                   "max_bytes": settings.max_result_bytes,
                   "default_graphs": default_graphs, "named_graphs": named_graphs, "base_iri": request.endpoint}
    if state.pool is None:
        raise StoreError("the SPARQL endpoint needs the embedded store (KZGRAPH_STORE=oxigraph)")
    header, body = await state.pool.run(payload, settings.query_timeout)
    status = int(header.get("status", 500))
    if status >= 300:
        return error_response(status, str(header.get("code", "query_failed")), str(header.get("error", "query failed")))
    if status == 204:
        return Response(status_code=204)
    return Response(body, media_type=str(header["content_type"]), headers={"Vary": "Accept"})


def service_description(state: AppState, request: SparqlRequest) -> Response:
    settings = state.settings
    text = SERVICE_DESCRIPTION.format(endpoint=request.endpoint, timeout=settings.query_timeout, rows=settings.max_rows,
                                      size=settings.max_request_bytes)
    formats = request.params.get("format", [])
    media = choose("construct", request.accept, formats[0] if formats else None)
    triples = [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    body = ox.serialize(triples, format={
        "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}[media]) or b""
    return Response(body, media_type=media)


def wants_html(accept: str | None) -> bool:
    accept = accept or ""
    return "text/html" in accept and not any(t in accept for t in GRAPH_TYPES)
