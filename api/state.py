"""What the app holds while it runs: settings, the store, the SPARQL pool, derived indexes.

Built once by ``create_app`` and reached from handlers through typed dependencies, never as
module globals, so tests can run several apps side by side.
"""

from __future__ import annotations

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


@dataclass
class AppState:
    settings: Settings
    store: GraphStore
    pool: WorkerPool | None
    generation: Path | None = None
    derived: dict[str, object] = field(default_factory=dict)  # indexes built from the current graph
    _lock: threading.RLock = field(default_factory=threading.RLock)

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
            if current != self.generation:
                self.store.reopen()
                self.generation = current
                self.derived.clear()
                return True
        return False


    def cached(self, name: str, build: Callable[[], T]) -> T:
        """An index derived from the current graph, built on first use after each load."""
        with self._lock:
            if name not in self.derived:
                self.derived[name] = build()
            return cast(T, self.derived[name])


async def get_state(request: Request) -> AppState:
    """Async so FastAPI does not hop to its threadpool for it on every request (the check is two
    stat calls; reopening after a load takes milliseconds, once per load)."""
    state: AppState = request.app.state.kz
    state.refresh()
    return state


State = Annotated[AppState, Depends(get_state)]
