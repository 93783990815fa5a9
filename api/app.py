"""The FastAPI application factory: ``create_app(settings)``.

Thin routers per resource; the store, the SPARQL worker pool and derived indexes live in one
``AppState`` built here and reached through typed dependencies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from kg import __version__
from kg.settings import Settings
from kg.store import DiskStore, open_store

from . import errors
from .sparql.pool import WorkerPool
from .sparql.router import router as sparql_router
from .state import AppState

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def create_app(settings: Settings) -> FastAPI:
    """Build the app over the store the settings name; workers start with the app."""
    store = open_store(settings)
    workers = 1 if settings.allow_updates else settings.sparql_workers
    pool = WorkerPool(workers, settings.worker_memory_mb) if isinstance(store, DiskStore) or settings.allow_updates else None
    state = AppState(settings=settings, store=store, pool=pool,
                     generation=store.current_path() if isinstance(store, DiskStore) else None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if state.pool is not None:
            state.pool.close()
        store.close()

    app = FastAPI(title="kzgraph", version=__version__, lifespan=lifespan,
                  description="A cited, time-aware knowledge graph of power in Kazakhstan: a read-only SPARQL 1.1 "
                              "endpoint, a REST API, linked-data entity pages and the explorer.")
    app.state.kz = state
    errors.install(app)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.include_router(sparql_router)
    from .pages import router as pages_router
    from .rest import router as rest_router
    app.include_router(rest_router.router)
    app.include_router(pages_router.router)
    app.mount("/static", pages_router.static_files, name="static")
    return app
