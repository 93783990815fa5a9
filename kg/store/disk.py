"""Embedded on-disk Oxigraph with atomic generation swaps.

Layout of the store directory::

    store_dir/
      current -> generations/g-1732360000000000000   (symlink, replaced atomically)
      generations/g-…/                             (complete Oxigraph databases, never written again)
      generations/.building-…/                     (a load in progress; removed if abandoned)
      load.lock

A load writes a new generation beside the old one and only then moves the ``current`` link
with ``os.replace`` (atomic on POSIX). A process killed at any point leaves ``current``
pointing at the previous, complete generation. Published generations are opened read-only,
so any number of readers (the server, the CLI) can share them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import StoreError
from .base import OxigraphBacked, Progress, as_quads

KEEP_GENERATIONS = 2


class DiskStore(OxigraphBacked):
    """The default backend; see the module docstring for the layout."""

    name = "oxigraph"

    def __init__(self, root: Path) -> None:
        self.root = root
        self._resolved_root = root.resolve()
        self._link = str(self.current_link)
        self._last: tuple[str, Path] | None = None  # the link's last target and its path
        self._store = self._open_current()

    @property
    def generations(self) -> Path:
        return self.root / "generations"

    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def current_path(self) -> Path | None:
        """The generation readers should open, or None before the first load.

        One ``readlink`` system call: the server asks on every request whether a load has
        published a new generation, and ``Path.resolve`` cost several. While the target stays
        the same, the same ``Path`` comes back (building one cost more than the system call).
        """
        try:
            target = os.readlink(self._link)
        except OSError:  # no link yet (or not a link): nothing loaded
            return None
        if self._last is None or self._last[0] != target:
            self._last = (target, Path(target) if os.path.isabs(target) else self._resolved_root / target)
        return self._last[1]

    def _open_current(self) -> ox.Store:
        path = self.current_path()
        if path is None:
            return ox.Store()  # nothing loaded yet: an empty graph
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from None

    def reopen(self) -> None:
        """Pick up a generation published by another process."""
        self._store = self._open_current()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        try:
            self.generations.mkdir(parents=True, exist_ok=True)
            handle = open(self.root / "load.lock", "w")  # noqa: SIM115 - held for the block
        except OSError as exc:
            raise StoreError(f"cannot create the store directory {self.root}: {exc}") from None
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreError(f"another load is writing {self.root}; try again when it has finished") from None
            yield

    def replace(self, triples: Sequence[ox.Triple], progress: Progress | None = None) -> None:
        self.replace_with(lambda fresh: fresh.bulk_extend(as_quads(triples, progress)))

    def replace_with(self, fill: Callable[[ox.Store], None]) -> None:
        """Build a new generation with ``fill(store)`` and publish it; if ``fill`` raises, nothing changes.

        ``fill`` writes straight into the new on-disk generation (Oxigraph's bulk loader parses
        files there without any Python objects per triple), which is what makes a load cost
        about what the engine's own loader does.
        """
        with self._lock():
            self._remove_abandoned()
            building = self.generations / f".building-{uuid.uuid4().hex}"
            try:
                final = self._publish(building, fill)
            except OSError as exc:
                raise StoreError(f"load failed, the previous store is unchanged: {exc}") from None
            finally:
                shutil.rmtree(building, ignore_errors=True)  # gone already if published
            self._store = ox.Store.read_only(str(final))
            self._prune()

    def _publish(self, building: Path, fill: Callable[[ox.Store], None]) -> Path:
        """Write a complete generation, then point ``current`` at it (the only visible step)."""
        fresh = ox.Store(str(building))
        fill(fresh)
        fresh.flush()
        del fresh
        final = self.generations / f"g-{time.time_ns()}"
        os.rename(building, final)
        link = self.root / f".current-{uuid.uuid4().hex}"
        os.symlink(Path("generations") / final.name, link)
        os.replace(link, self.current_link)
        _fsync_dir(self.root)
        return final

    def _remove_abandoned(self) -> None:
        for path in self.generations.glob(".building-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in self.root.glob(".current-*"):
            path.unlink(missing_ok=True)

    def _prune(self) -> None:
        """Keep the newest generations; an open reader of an older one keeps its files until it closes."""
        gens = sorted((p for p in self.generations.glob("g-*") if p.is_dir()), key=lambda p: p.name)
        for old in gens[:-KEEP_GENERATIONS]:
            shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        self._store = ox.Store()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
