"""``/sparql`` in the OpenAPI docs: the SPARQL 1.1 Protocol, read-only and bounded.

Queries by GET, POST form and POST ``application/sparql-query``; dataset parameters name
graphs of the store and are never dereferenced; results by content negotiation; a service
description when no query is given; every failure in the one JSON error shape. The protocol
lives in ``protocol.py`` and every request reaches it through the lean ASGI lane in
``endpoint.py``, which answers before routing; these routes call the same function and are
here so that ``/docs`` describes the endpoint.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..errors import ErrorResponse
from ..state import State
from .endpoint import read_body
from .negotiation import GRAPH_TYPES, SOLUTION_TYPES
from .protocol import SparqlRequest, answer

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


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def _params(request: Request) -> dict[str, list[str]]:
    return {k: request.query_params.getlist(k) for k in request.query_params}


@router.get("/sparql", summary="SPARQL 1.1 query by GET", response_model=None,
            responses=SPARQL_RESPONSES, openapi_extra=GET_EXTRA)
async def sparql_get(request: Request, state: State) -> Response:
    """Run ``?query=…`` (with optional ``default-graph-uri`` / ``named-graph-uri``); without a query,
    the service description (or the query page for a browser)."""
    return await answer(state, SparqlRequest("GET", _endpoint(request), _params(request), request.headers.get("accept")))


@router.post("/sparql", summary="SPARQL 1.1 query by POST (form or application/sparql-query)",
             response_model=None, responses=SPARQL_RESPONSES, openapi_extra=POST_EXTRA)
async def sparql_post(request: Request, state: State) -> Response:
    """POST a form (``query=…``) or the query itself as ``application/sparql-query``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request.receive, request.headers.get("content-length"), state.settings.max_request_bytes)
    return await answer(state, SparqlRequest("POST", _endpoint(request), _params(request), request.headers.get("accept"),
                                             content_type, body))
