"""What the app holds while it runs: settings, the store, the SPARQL pool, derived indexes.

Built once by ``create_app`` and reached from handlers through typed dependencies, never as
module globals, so tests can run several apps side by side.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Request

from kg.settings import Settings
from kg.store import DiskStore, GraphStore

from .sparql.pool import WorkerPool

T = TypeVar("T")
log = logging.getLogger("kzgraph.api")


@dataclass
class AppState:
    settings: Settings
    store: GraphStore
    pool: WorkerPool | None
    generation: Path | None = None
    derived: dict[str, object] = field(default_factory=dict)  # indexes built from the current graph
    warmers: list[Callable[[], object]] = field(default_factory=list)  # what ``warm`` builds, in order
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _building: dict[str, threading.Lock] = field(default_factory=dict)  # one lock per index being built
    _epoch: int = 0  # bumped by each reload, so an index built from the old graph is not kept

    def store_path(self) -> str:
        """The generation SPARQL workers should open (":memory:" when updates are allowed): the one
        ``refresh`` last saw, so a request asks the file system once, not twice."""
        if self.settings.allow_updates or not isinstance(self.store, DiskStore):
            return ":memory:"
        return str(self.generation) if self.generation is not None else ":memory:"

    def refresh(self) -> bool:
        """Reopen the store if a load published a new generation; True if it changed."""
        if not isinstance(self.store, DiskStore):
            return False
        current = self.store.current_path()
        if current is self.generation:  # the same object while the link is unchanged (DiskStore.current_path)
            return False
        with self._lock:
            changed = current != self.generation
            if changed:
                self.store.reopen()
                self.generation = current
                self.derived.clear()
                self._epoch += 1
        if changed and self.settings.warm_indexes:
            self.warm()
        return changed


    def cached(self, name: str, build: Callable[[], T]) -> T:
        """An index derived from the current graph, built once after each load.

        A built index is read without a lock, and each index has its own build lock: at 1M
        triples the projection takes 25 s to build, and one lock for all of them made every
        search wait for it too.
        """
        found = self.derived.get(name)
        if found is not None:
            return cast(T, found)
        with self._lock:
            building = self._building.setdefault(name, threading.Lock())
            epoch = self._epoch
        with building:
            found = self.derived.get(name)
            if found is not None:
                return cast(T, found)
            value = build()
            with self._lock:
                if self._epoch == epoch:  # not if a reload came meanwhile: the next request builds afresh
                    self.derived[name] = value
            return value

    def warm(self) -> threading.Thread:
        """Build the ``warmers``' indexes in a background thread, so the first search or graph
        request after a start or a load does not wait for them (at 1M triples: 20 s and 25 s)."""
        def run() -> None:
            for warmer in self.warmers:
                try:
                    warmer()
                except Exception as exc:  # the request that needs it will report the problem
                    log.warning("building an index ahead of use failed: %s", exc)
        thread = threading.Thread(target=run, name="kzgraph-warm", daemon=True)
        thread.start()
        return thread


async def get_state(request: Request) -> AppState:
    """Async so FastAPI does not hop to its threadpool for it on every request (the check is two
    stat calls; reopening after a load takes milliseconds, once per load)."""
    state: AppState = request.app.state.kz
    state.refresh()
    return state


State = Annotated[AppState, Depends(get_state)]
