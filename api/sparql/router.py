"""``/sparql``: the SPARQL 1.1 Protocol, read-only and bounded.

Queries by GET, POST form and POST ``application/sparql-query``; dataset parameters name
graphs of the store and are never dereferenced; results by content negotiation; a service
description when no query is given; every failure in the one JSON error shape.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from kg.errors import Forbidden, InputSyntaxError, StoreError, TooLarge, UsageError

from ..errors import ErrorResponse, error_response
from ..state import AppState, State
from .inspect import apply_update_dataset, check_query
from .negotiation import GRAPH_TYPES, SOLUTION_TYPES, choose

router = APIRouter(tags=["SPARQL"])

_ANY: dict[str, object] = {"schema": {}}
SPARQL_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"description": "Results (SELECT/ASK), a graph (CONSTRUCT/DESCRIBE), the service description, or the "
                         "query page for a browser", "content": {m: _ANY for m in [*SOLUTION_TYPES, *GRAPH_TYPES, "text/html"]}},
    204: {"description": "Update applied (test-only instances with KZGRAPH_ALLOW_UPDATES)"},
    **{status: {"model": ErrorResponse, "description": text} for status, text in (
        (400, "Malformed query or request"), (403, "An update, LOAD or SERVICE on the read-only endpoint"),
        (413, "Query or body over the size limit"), (415, "Unsupported request media type"),
        (422, "Result over the row cap"), (503, "Query past the time or memory limit, or every worker busy"))},
}

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

_DATASET_PARAMS = [
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
     "description": "A graph of the store to use as the default graph (never fetched)."},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": {"type": "array", "items": {"type": "string"}},
     "description": "A graph of the store to make available by name (never fetched)."},
]
GET_EXTRA: dict[str, Any] = {"parameters": [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The SPARQL query; without it, the service description."},
    {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "Result format overriding Accept: json, xml, csv, tsv, turtle, nt, jsonld, rdfxml."},
    *_DATASET_PARAMS]}
POST_EXTRA: dict[str, Any] = {"parameters": _DATASET_PARAMS, "requestBody": {"required": True, "content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                     "properties": {"query": {"type": "string"}}}},
    "application/sparql-query": {"schema": {"type": "string"}}}}}


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise UsageError(f"give at most one '{name}' parameter (got {len(values)})")
    return values[0] if values else None


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"request body over the {limit}-byte limit")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"request body over the {limit}-byte limit")
    return body


async def _execute(state: AppState, request: Request, query: str | None, update: str | None,
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
        payload: dict[str, Any] = {"update": update, "store": state.store_path(), "base_iri": _endpoint(request)}
    else:
        if query is None:
            raise UsageError("missing 'query' parameter")
        if len(query.encode()) > settings.max_request_bytes:
            raise TooLarge(f"query over the {settings.max_request_bytes}-byte limit")
        form = check_query(query)
        formats = params.get("format", [])  # SPARQLWrapper repeats it; the first one wins
        media = choose(form, request.headers.get("accept"), formats[0] if formats else None)
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise UsageError("using-graph-uri / using-named-graph-uri belong to updates; queries take "
                             "default-graph-uri / named-graph-uri")
        payload = {"query": query, "store": state.store_path(), "media_type": media, "max_rows": settings.max_rows,
                   "max_bytes": settings.max_result_bytes,
                   "default_graphs": default_graphs, "named_graphs": named_graphs, "base_iri": _endpoint(request)}
    if state.pool is None:
        raise StoreError("the SPARQL endpoint needs the embedded store (KZGRAPH_STORE=oxigraph)")
    header, body = await run_in_threadpool(state.pool.run, payload, settings.query_timeout)
    status = int(header.get("status", 500))
    if status >= 300:
        return error_response(status, str(header.get("code", "query_failed")), str(header.get("error", "query failed")))
    if status == 204:
        return Response(status_code=204)
    return Response(body, media_type=str(header["content_type"]), headers={"Vary": "Accept"})


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _service_description(request: Request, state: AppState) -> Response:
    settings = state.settings
    endpoint = _endpoint(request)
    text = SERVICE_DESCRIPTION.format(endpoint=endpoint, timeout=settings.query_timeout, rows=settings.max_rows,
                                      size=settings.max_request_bytes)
    media = choose("construct", request.headers.get("accept"), request.query_params.get("format"))
    triples = [q.triple for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)]
    body = ox.serialize(triples, format={
        "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}[media]) or b""
    return Response(body, media_type=media)


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not any(t in accept for t in GRAPH_TYPES)


@router.get("/sparql", summary="SPARQL 1.1 query by GET", response_model=None,
            responses=SPARQL_RESPONSES, openapi_extra=GET_EXTRA)
async def sparql_get(request: Request, state: State) -> Response:
    """Run ``?query=…`` (with optional ``default-graph-uri`` / ``named-graph-uri``); without a query,
    the service description (or the query page for a browser)."""
    params = {k: request.query_params.getlist(k) for k in request.query_params}
    if "update" in params:
        raise UsageError("updates must be sent by POST")
    query = _single(params.get("query", []), "query")
    if query is None:
        if _wants_html(request):
            from ..pages.query_page import render_query_page
            return HTMLResponse(render_query_page(state))
        return _service_description(request, state)
    return await _execute(state, request, query, None, params)


@router.post("/sparql", summary="SPARQL 1.1 query by POST (form or application/sparql-query)",
             response_model=None, responses=SPARQL_RESPONSES, openapi_extra=POST_EXTRA)
async def sparql_post(request: Request, state: State) -> Response:
    """POST a form (``query=…``) or the query itself as ``application/sparql-query``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _body(request, state.settings.max_request_bytes)
    url_params = {k: request.query_params.getlist(k) for k in request.query_params}
    if content_type == "application/x-www-form-urlencoded":
        try:
            params = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise InputSyntaxError("the form is not valid UTF-8") from None
        query = _single(params.get("query", []), "query")
        update = _single(params.get("update", []), "update")
        for key, values in url_params.items():
            params.setdefault(key, values)
        return await _execute(state, request, query, update, params)
    if content_type in ("application/sparql-query", "application/sparql-update"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise InputSyntaxError("the request body is not valid UTF-8") from None
        if content_type == "application/sparql-query":
            return await _execute(state, request, text, None, url_params)
        return await _execute(state, request, None, text, url_params)
    return error_response(415, "unsupported_media_type",
                          "POST a form (application/x-www-form-urlencoded), application/sparql-query "
                          "or application/sparql-update")
