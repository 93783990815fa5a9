"""In-memory store, for tests and notebooks: a fresh Oxigraph store swapped in on replace."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from .base import OxigraphBacked, Progress, as_quads


class MemoryStore(OxigraphBacked):
    """Nothing touches the disk; the swap is one reference assignment."""

    name = "memory"

    def __init__(self) -> None:
        self._store = ox.Store()

    def replace(self, triples: Sequence[ox.Triple], progress: Progress | None = None) -> None:
        fresh = ox.Store()
        fresh.extend(as_quads(triples, progress))
        self._store = fresh

    def close(self) -> None:
        self._store = ox.Store()
