"""The FastAPI application factory: ``create_app(settings)``.

Thin routers per resource; the store, the SPARQL worker pool and derived indexes live in one
``AppState`` built here and reached through typed dependencies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import Receive, Scope, Send

from kg import __version__
from kg.settings import Settings
from kg.store import DiskStore, open_store

from . import docs, errors
from .explorer import router as explorer_router
from .headers import SecurityHeaders
from .pages import router as pages_router
from .rest import exports as exports_router
from .rest import router as rest_router
from .sparql.endpoint import SparqlLane
from .sparql.pool import WorkerPool
from .sparql.router import router as sparql_router
from .state import AppState


class KzgraphApp(FastAPI):
    """FastAPI that hands a ``/sparql`` query straight to the SPARQL lane, before any middleware.

    Every layer of Starlette's stack (error page, body limit, telemetry, CORS, security headers)
    is a coroutine wrapping ``send``; for a one-hop query they took about 150 of the server
    process's 700 µs per request (README: Benchmarks). The lane catches every error and sends
    the security headers itself, so only a request with an ``Origin`` header, when CORS is
    configured, takes the stack (whose innermost layer is the same lane).
    """

    sparql_lane: SparqlLane | None = None
    cors: bool = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        lane = self.sparql_lane
        if lane is not None and lane.takes(scope) and not (self.cors and _has_origin(scope)):
            await lane.respond(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def _has_origin(scope: Scope) -> bool:
    return any(name.lower() == b"origin" for name, _ in scope["headers"])


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
        if settings.warm_indexes:
            state.warm()
        yield
        if state.pool is not None:
            state.pool.close()
        store.close()

    app = KzgraphApp(title="kzgraph", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="A cited, time-aware knowledge graph of power in Kazakhstan: a read-only SPARQL 1.1 "
                              "endpoint, a REST API, linked-data entity pages and the explorer.")
    app.state.kz = state
    state.warmers = [lambda: rest_router.index_of(state), lambda: explorer_router.meta_of(state)]  # meta needs the graph
    errors.install(app)
    app.add_middleware(SparqlLane, state=state)  # innermost, for the requests that need the stack: see KzgraphApp
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    app.add_middleware(SecurityHeaders)
    app.sparql_lane = SparqlLane(app.router, state)
    app.cors = bool(settings.cors_origins)

    app.include_router(sparql_router)
    app.include_router(rest_router.router)
    app.include_router(exports_router.router)
    app.include_router(explorer_router.router)
    app.include_router(pages_router.router)
    app.mount("/static", pages_router.static_files, name="static")
    app.include_router(docs.router)  # /docs from local files (see api/docs.py)
    app.mount("/docs/static", docs.assets, name="docs-static")
    return app
