"""The FastAPI application factory: ``create_app(settings)``.

Thin routers per resource; the store, the SPARQL worker pool and derived indexes live in one
``AppState`` built here and reached through typed dependencies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg import __version__
from kg.settings import Settings
from kg.store import DiskStore, open_store

from . import docs, errors
from .explorer import router as explorer_router
from .pages import router as pages_router
from .rest import exports as exports_router
from .rest import router as rest_router
from .sparql.endpoint import SparqlLane
from .sparql.pool import WorkerPool
from .sparql.router import router as sparql_router
from .state import AppState

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set them itself.

    Plain ASGI on purpose: ``@app.middleware("http")`` (Starlette's BaseHTTPMiddleware) runs each
    request in an extra task with memory streams, which cost more than a small SPARQL query
    (bench/README: /sparql throughput).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                message = {**message, "headers": headers + [(k, v) for k, v in SECURITY_HEADERS if k not in present]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings) -> FastAPI:
    """Build the app over the store the settings name; workers start with the app."""
    store = open_store(settings)
    workers = 1 if settings.allow_updates else settings.sparql_workers
    state = AppState(settings=settings, store=store, pool=None,
                     generation=store.current_path() if isinstance(store, DiskStore) else None)
    if isinstance(store, DiskStore) or settings.allow_updates:
        state.pool = WorkerPool(workers, settings.worker_memory_mb, settings.worker_in_memory_triples, state.store_path)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if state.pool is not None:
            state.pool.close()
        store.close()

    app = FastAPI(title="kzgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="A cited, time-aware knowledge graph of power in Kazakhstan: a read-only SPARQL 1.1 "
                              "endpoint, a REST API, linked-data entity pages and the explorer.")
    app.state.kz = state
    errors.install(app)
    app.add_middleware(SparqlLane, state=state)  # innermost: CORS and the security headers wrap it
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    app.add_middleware(SecurityHeaders)

    app.include_router(sparql_router)
    app.include_router(rest_router.router)
    app.include_router(exports_router.router)
    app.include_router(explorer_router.router)
    app.include_router(pages_router.router)
    app.mount("/static", pages_router.static_files, name="static")
    app.include_router(docs.router)  # /docs from local files (see api/docs.py)
    app.mount("/docs/static", docs.assets, name="docs-static")
    return app
