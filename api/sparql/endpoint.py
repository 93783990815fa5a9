"""The lane every ``/sparql`` request takes: plain ASGI straight into the protocol.

A SPARQL endpoint is judged by how many small queries it answers per second, and for a
one-hop query FastAPI's routing, request object and dependency solving cost as much as the
query itself, and its six layers of middleware half as much again (README:
Benchmarks). The lane builds the protocol's ``SparqlRequest`` straight from the ASGI scope,
renders every failure in the one JSON error shape itself and sends the security headers, so
the app (api/app.py) hands it a ``/sparql`` request before any middleware. Only a request
that needs CORS headers goes through the stack, where the same lane sits innermost.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from starlette.datastructures import URL
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.errors import KGError, TooLarge, UsageError

from ..errors import error_response
from ..headers import with_security_headers
from ..state import AppState
from .protocol import SparqlRequest, answer
from .query_string import parse_query_string

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


@lru_cache(maxsize=64)
def _endpoint_url(scheme: str, host: str | None, server: tuple[str, int] | None, root_path: str, path: str) -> str:
    """The endpoint's own URL (the base IRI of queries), as Starlette's ``URL`` builds it from a
    request; remembered, since a server is reached under a handful of names."""
    scope = {"type": "http", "scheme": scheme, "server": server, "root_path": root_path, "path": path,
             "query_string": b"", "headers": [] if host is None else [(b"host", host.encode("latin-1"))]}
    return str(URL(scope=scope))


class SparqlLane:
    """ASGI middleware answering ``GET``/``POST /sparql``; everything else passes through.

    ``KzgraphApp`` calls ``respond`` directly for the requests that need no middleware.
    """

    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state

    @staticmethod
    def takes(scope: Scope) -> bool:
        """Whether this is a request the lane answers."""
        return scope["type"] == "http" and scope["path"] == PATH and scope["method"] in ("GET", "POST")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.takes(scope):
            await self.respond(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def respond(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a request ``takes`` accepted; never raises."""
        state = self.state
        try:
            state.refresh()
            headers = _headers(scope)
            # the same decoding as Starlette's QueryParams, so both routes read parameters alike
            params = parse_query_string(scope["query_string"].decode("latin-1"))
            server = scope.get("server")
            endpoint = _endpoint_url(scope["scheme"], headers.get("host"), tuple(server) if server else None,
                                     scope.get("root_path", ""), scope["path"])
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
        await send_response(response, send)


async def send_response(response: Response, send: Send) -> None:
    """Send a complete (not streaming) response with the security headers, as two ASGI messages."""
    await send({"type": "http.response.start", "status": response.status_code,
                "headers": with_security_headers(response.raw_headers)})
    await send({"type": "http.response.body", "body": bytes(response.body)})
