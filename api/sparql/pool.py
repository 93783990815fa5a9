"""A pool of SPARQL worker processes with a hard time limit per query.

pyoxigraph cannot cancel a running query from another thread, so the limit is enforced the only
way that always works: the worker running past it is killed (its whole process group) and a new
worker takes its place. Other requests keep running on the other workers meanwhile. Waiting for
a worker and for its answer is asynchronous (the event loop watches the worker's pipe), so a
query costs no thread hop and a slow one holds up nothing but its own request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from functools import cache
from typing import Any

from kg.errors import QueryTimeout, StoreError

log = logging.getLogger("kzgraph.sparql")
READY_TIMEOUT = 600.0  # opening (and copying into memory) a store of a few million triples
SPAWN_ATTEMPTS = 3
# A pipe holds 64 KiB, so one read never returns more; asking for 1 MiB made every read allocate
# (and give back) 1 MiB, 17 µs per read for a 9 kB answer against 4 µs.
PIPE_READ = 1 << 16


@cache
def network_sandbox() -> list[str]:
    """``["unshare", "-n"]`` when this machine lets us start processes without a network."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        ok = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        log.warning("unshare -n is not permitted here: SPARQL workers run with the network "
                    "(SERVICE and LOAD are still refused before execution)")
    return [unshare, "-n"] if ok else []


class WorkerDied(StoreError):
    """The worker exited while answering (killed by the memory cap, or crashed)."""

    code = "query_aborted"


class WorkerGone(WorkerDied):
    """The worker was already dead when a query was sent to it."""


class WorkerProcess:
    """One worker subprocess and the framing of its pipe protocol."""

    def __init__(self, memory_mb: int, in_memory_triples: int = 0, store: str | None = None) -> None:
        command = [*network_sandbox(), sys.executable, "-m", "api.sparql.worker", str(memory_mb), str(in_memory_triples),
                   *([store] if store else [])]
        # glibc reserves 64 MiB of address space per malloc arena and thread; under RLIMIT_AS that made
        # RocksDB's thread creation fail at random in fresh workers (innocent queries answered 503).
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in_fd = self.proc.stdin.fileno()
        self._fd = self.proc.stdout.fileno()
        self._buffer = bytearray()  # appended in place: ``bytes +=`` copied a large answer quadratically

    def wait_ready(self, timeout: float) -> bool:
        """Block (in a spawning thread) until the worker has opened its store and says so."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if ready:
                chunk = os.read(self._fd, PIPE_READ)
                if not chunk:
                    return False
                self._buffer += chunk
        line, _, rest = self._buffer.partition(b"\n")
        self._buffer = bytearray(rest)
        return bool(json.loads(line).get("ready"))

    async def _read(self, loop: asyncio.AbstractEventLoop, deadline: float, want: int | None) -> bytes:
        """Read a header line (want=None) or ``want`` bytes, or raise at the deadline."""
        while True:
            if want is None and b"\n" in self._buffer:
                line, _, rest = self._buffer.partition(b"\n")
                self._buffer = bytearray(rest)
                return bytes(line)
            if want is not None and len(self._buffer) >= want:
                data = bytes(self._buffer[:want])
                del self._buffer[:want]
                return data
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeout("time limit")
            await _readable(loop, self._fd, remaining)
            chunk = os.read(self._fd, PIPE_READ)
            if not chunk:
                raise WorkerDied("the query was stopped: it needed more memory than allowed or was nested too "
                                 "deeply; simplify it")
            self._buffer += chunk

    async def request(self, payload: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + timeout
        try:  # an idle worker is reading its pipe, so this returns at once (one system call, no buffer layer)
            data = json.dumps(payload).encode() + b"\n"
            view = memoryview(data)
            while view:
                view = view[os.write(self._in_fd, view):]
        except (BrokenPipeError, OSError):
            raise WorkerGone("the SPARQL worker is gone") from None
        header: dict[str, Any] = json.loads(await self._read(loop, deadline, None))
        body = await self._read(loop, deadline, int(header.get("length", 0))) if header.get("length") else b""
        return header, body

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


async def _readable(loop: asyncio.AbstractEventLoop, fd: int, timeout: float) -> None:
    """Wait until ``fd`` has data, or raise ``QueryTimeout`` after ``timeout`` seconds."""
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    def expire() -> None:
        if not ready.done():
            ready.set_exception(QueryTimeout("time limit"))

    loop.add_reader(fd, wake)
    timer = loop.call_later(timeout, expire)
    try:
        await ready
    finally:
        timer.cancel()
        loop.remove_reader(fd)


class WorkerPool:
    """``size`` workers; a request waits at most the time limit for one to be free.

    Requests may come from more than one event loop (tests run several apps and clients), so
    the idle list is guarded by a thread lock and a waiting request is woken on its own loop.
    """

    def __init__(self, size: int, memory_mb: int, in_memory_triples: int = 0,
                 store: Callable[[], str] | None = None) -> None:
        self.memory_mb = memory_mb
        self.in_memory_triples = in_memory_triples
        self._store = store  # the generation a new worker should open before it is handed out
        self._idle: deque[WorkerProcess] = deque()
        self._waiting: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[WorkerProcess]]] = deque()
        self._all: set[WorkerProcess] = set()
        self._ready: set[WorkerProcess] = set()  # started and said ready, not yet retired
        self.size = size
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):  # side by side: each may spend seconds copying a big store into memory
            threading.Thread(target=self._spawn, daemon=True).start()

    def _spawn(self) -> None:
        for _attempt in range(SPAWN_ATTEMPTS):
            worker = WorkerProcess(self.memory_mb, self.in_memory_triples, self._store() if self._store else None)
            with self._lock:
                if self._closed:
                    worker.kill()
                    return
                self._all.add(worker)
            if worker.wait_ready(READY_TIMEOUT):
                with self._lock:
                    self._ready.add(worker)
                self._release(worker)
                return
            with self._lock:
                self._all.discard(worker)
            worker.kill()
            time.sleep(1)
        log.error("a SPARQL worker failed to start %d times; the pool runs one short", SPAWN_ATTEMPTS)

    @property
    def ready(self) -> int:
        """How many workers are up and able to take a query (idle or busy)."""
        with self._lock:
            return len(self._ready)

    def _retire(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._all.discard(worker)
            self._ready.discard(worker)
        worker.kill()
        if not self._closed:
            self._spawn()

    def _retire_in_background(self, worker: WorkerProcess) -> None:
        """Killing and starting a process takes a while: never on the event loop."""
        threading.Thread(target=self._retire, args=(worker,), daemon=True).start()

    def _release(self, worker: WorkerProcess) -> None:
        """Hand ``worker`` to the longest-waiting request, or put it back on the idle list."""
        with self._lock:
            while self._waiting:
                loop, waiter = self._waiting.popleft()
                if not waiter.done():
                    loop.call_soon_threadsafe(self._hand_over, waiter, worker)
                    return
            self._idle.append(worker)

    def _hand_over(self, waiter: asyncio.Future[WorkerProcess], worker: WorkerProcess) -> None:
        if waiter.done():  # the request gave up meanwhile: the next one gets it
            self._release(worker)
        else:
            waiter.set_result(worker)

    async def _acquire(self, timeout: float) -> WorkerProcess:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._idle:  # the most recently used: its copy of the store is still in the CPU caches
                return self._idle.pop()
            waiter: asyncio.Future[WorkerProcess] = loop.create_future()
            self._waiting.append((loop, waiter))
        try:
            return await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            raise QueryTimeout(f"the server is busy: no SPARQL worker became free within {timeout:g} s; "
                               "try again shortly") from None

    async def run(self, payload: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        started = time.monotonic()
        for attempt in range(2):
            worker = await self._acquire(max(0.1, timeout - (time.monotonic() - started)))
            remaining = max(0.1, timeout - (time.monotonic() - started))
            try:
                result = await worker.request(payload, remaining)
            except QueryTimeout:
                self._retire_in_background(worker)
                raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped; "
                                   "narrow it, add a LIMIT, or bound property paths") from None
            except WorkerGone:
                # it died while idle (e.g. the kernel's OOM killer), before it saw this query: try another once
                self._retire_in_background(worker)
                if attempt == 0:
                    continue
                raise
            except WorkerDied:
                self._retire_in_background(worker)
                raise
            except BaseException:  # cancelled mid-answer (client gone): its pipe may hold half an answer
                self._retire_in_background(worker)
                raise
            break
        self._release(worker)
        return result

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._ready.clear()
            self._idle.clear()
        for worker in workers:
            worker.kill()
