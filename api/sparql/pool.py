"""A pool of SPARQL worker processes with a hard time limit per query.

pyoxigraph cannot cancel a running query from another thread, so the limit is enforced the only
way that always works: the worker running past it is killed (its whole process group) and a new
worker takes its place. Other requests keep running on the other workers meanwhile; the
waiting happens in FastAPI's threadpool, never on the event loop.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import cache
from typing import Any

from kg.errors import QueryTimeout, StoreError

log = logging.getLogger("kzgraph.sparql")


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

    def __init__(self, memory_mb: int) -> None:
        command = [*network_sandbox(), sys.executable, "-m", "api.sparql.worker", str(memory_mb)]
        # glibc reserves 64 MiB of address space per malloc arena and thread; under RLIMIT_AS that made
        # RocksDB's thread creation fail at random in fresh workers (innocent queries answered 503).
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in = self.proc.stdin
        self._fd = self.proc.stdout.fileno()
        self._buffer = bytearray()  # appended in place: ``bytes +=`` copied a large answer quadratically

    def _read_until(self, deadline: float, want: int | None) -> bytes:
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
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                raise WorkerDied("the query was stopped: it needed more memory than allowed or was nested too "
                                 "deeply; simplify it")
            self._buffer += chunk

    def request(self, payload: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        deadline = time.monotonic() + timeout
        try:
            self._in.write(json.dumps(payload).encode() + b"\n")
            self._in.flush()
        except (BrokenPipeError, OSError):
            raise WorkerGone("the SPARQL worker is gone") from None
        header: dict[str, Any] = json.loads(self._read_until(deadline, None))
        body = self._read_until(deadline, int(header.get("length", 0))) if header.get("length") else b""
        return header, body

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


class WorkerPool:
    """``size`` workers; a request waits at most the time limit for one to be free."""

    def __init__(self, size: int, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._all: set[WorkerProcess] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        worker = WorkerProcess(self.memory_mb)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            self._spawn()

    def run(self, payload: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        started = time.monotonic()
        for attempt in range(2):
            try:
                worker = self._idle.get(timeout=max(0.1, timeout - (time.monotonic() - started)))
            except queue.Empty:
                raise QueryTimeout(f"the server is busy: no SPARQL worker became free within {timeout:g} s; "
                                   "try again shortly") from None
            remaining = max(0.1, timeout - (time.monotonic() - started))
            try:
                result = worker.request(payload, remaining)
            except QueryTimeout:
                threading.Thread(target=self._retire, args=(worker,), daemon=True).start()
                raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped; "
                                   "narrow it, add a LIMIT, or bound property paths") from None
            except WorkerGone:
                # it died while idle (e.g. the kernel's OOM killer), before it saw this query: try another once
                threading.Thread(target=self._retire, args=(worker,), daemon=True).start()
                if attempt == 0:
                    continue
                raise
            except WorkerDied:
                threading.Thread(target=self._retire, args=(worker,), daemon=True).start()
                raise
            break
        self._idle.put(worker)
        return result

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
