"""The security headers every response carries, and the middleware that adds them.

They live apart from the app factory so the ``/sparql`` lane, which answers before the
middleware stack (api/sparql/endpoint.py), sends the very same ones.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set them itself.

    Plain ASGI on purpose: ``@app.middleware("http")`` (Starlette's BaseHTTPMiddleware) runs each
    request in an extra task with memory streams, which cost more than a small SPARQL query
    (README: Benchmarks).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_security_headers(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` plus each security header it does not set itself."""
    present = {name.lower() for name, _ in headers}
    return headers + [(k, v) for k, v in SECURITY_HEADERS if k not in present]
