"""The lane every ``/sparql`` request takes: plain ASGI straight into the protocol.

A SPARQL endpoint is judged by how many small queries it answers per second, and for a
one-hop query FastAPI's routing, request object and dependency solving cost as much as the
query itself (bench/README: /sparql throughput). This middleware recognises ``/sparql``
before any of that, builds the protocol's ``SparqlRequest`` from the ASGI scope, and renders
failures in the one JSON error shape. It sits inside the security-header and CORS
middlewares, so those apply as to every other page.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import KGError, TooLarge, UsageError

from ..errors import error_response
from ..state import AppState
from .protocol import SparqlRequest, answer

log = logging.getLogger("kzgraph.api")
PATH = "/sparql"


async def read_body(receive: Receive, declared: str | None, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to pass ``limit`` bytes."""
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"request body over the {limit}-byte limit")
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise UsageError("the client closed the connection before sending the whole request")
        body += message.get("body", b"")
        if len(body) > limit:
            raise TooLarge(f"request body over the {limit}-byte limit")
        if not message.get("more_body", False):
            return bytes(body)


def _headers(scope: Scope) -> dict[str, str]:
    """Request headers by lower-case name; repeated ones joined with commas (RFC 9110 §5.3)."""
    found: dict[str, str] = {}
    for raw_name, raw_value in scope["headers"]:
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        found[name] = f"{found[name]}, {value}" if name in found else value
    return found


class SparqlLane:
    """ASGI middleware answering ``GET``/``POST /sparql``; everything else passes through."""

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        state = self.state
        try:
            state.refresh()
            headers = _headers(scope)
            # the same decoding as Starlette's QueryParams, so both routes read parameters alike
            params = parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            endpoint = str(URL(scope=scope).replace(query="", fragment=""))
            if scope["method"] == "GET":
                request = SparqlRequest("GET", endpoint, params, headers.get("accept"))
            else:
                content_type = headers.get("content-type", "").split(";")[0].strip().lower()
                body = await read_body(receive, headers.get("content-length"), state.settings.max_request_bytes)
                request = SparqlRequest("POST", endpoint, params, headers.get("accept"), content_type, body)
            response = await answer(state, request)
        except KGError as exc:
            response = error_response(exc.status, exc.code, exc.detail)
        except Exception as exc:  # a bug: logged here, a 500 in the one shape for the client
            log.error("unhandled error", exc_info=exc)
            response = error_response(500, "internal_error", "internal error; it has been logged")
        await response(scope, receive, send)
