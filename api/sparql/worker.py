"""A SPARQL worker process: runs one query at a time against a read-only store.

The server starts workers in an empty network namespace (``unshare -n``) with an address-space
cap, so a query that tries to reach the network (SERVICE, LOAD) finds none and a query that eats
memory dies alone; a query past the time limit is killed with its worker and a fresh worker
takes its place. Protocol on stdin/stdout: one JSON line per request; per answer one JSON
header line followed by ``length`` bytes of body.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from .results import serialize_solutions, write_boolean

RDF_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


MAX_BYTES = 1 << 40  # when a request names no byte cap (the server always does)
BYTES_PER_TRIPLE = 600  # an in-memory pyoxigraph store took ~450 bytes per triple (bench, 100k); with room


class Worker:
    """Holds the store between requests and reopens it when the server names another one.

    A generation of up to ``in_memory_triples`` triples that fits in half the memory cap is
    copied into an in-memory store: a one-hop query took 0.23 ms there against 0.9 ms on the
    read-only RocksDB store (README: Benchmarks). Bigger ones are read from disk.
    """

    def __init__(self, in_memory_triples: int = 0, memory_mb: int = 0) -> None:
        self.path: str | None = None
        self.store: ox.Store = ox.Store()
        self.in_memory = False  # whether the open generation was copied into memory
        self.in_memory_triples = in_memory_triples
        self.memory_budget = memory_mb * 2**20 // 2 if memory_mb else None

    def open(self, path: str) -> ox.Store:
        if path != self.path:
            self.store = ox.Store() if path == ":memory:" else self._open_generation(path)
            self.path = path
        return self.store

    def _open_generation(self, path: str) -> ox.Store:
        self.in_memory = False
        disk = ox.Store.read_only(path)
        size = len(disk) if self.in_memory_triples else 0
        if not 0 < size <= self.in_memory_triples:
            return disk
        if self.memory_budget is not None and size * BYTES_PER_TRIPLE > self.memory_budget:
            return disk
        memory = ox.Store()
        memory.bulk_extend(disk.quads_for_pattern(None, None, None))
        self.in_memory = True
        return memory

    def handle(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        max_bytes = int(request.get("max_bytes") or MAX_BYTES)
        header, body = self._answer(request, max_bytes)
        if len(body) > max_bytes:  # graphs and booleans; solutions stop at the cap while they are written
            return _too_big(max_bytes)
        return header, body

    def _answer(self, request: dict[str, Any], max_bytes: int) -> tuple[dict[str, Any], bytes]:
        store = self.open(request["store"])
        if request.get("update") is not None:
            store.update(request["update"], base_iri=request.get("base_iri"))
            return {"status": 204}, b""
        options: dict[str, Any] = {}
        if request.get("default_graphs"):
            options["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        if request.get("named_graphs"):
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
            options.setdefault("default_graph", [])
        result = store.query(request["query"], base_iri=request.get("base_iri"), **options)
        media = request["media_type"]
        cap = int(request["max_rows"])
        if isinstance(result, ox.QueryBoolean):
            return {"status": 200, "content_type": media}, write_boolean(bool(result), media)
        if isinstance(result, ox.QuerySolutions):
            body, over = serialize_solutions(result, media, cap, max_bytes)
            if over == "rows":
                return _too_many(cap)
            if body is None:
                return _too_big(max_bytes)
            return {"status": 200, "content_type": media}, body
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == cap:
                return _too_many(cap)
            triples.append(triple)
        body = ox.serialize(triples, format=RDF_MEDIA[media]) or b""
        return {"status": 200, "content_type": media}, body


def _too_big(cap: int) -> tuple[dict[str, Any], bytes]:
    return {"status": 422, "code": "result_too_large",
            "error": f"the result is over {cap} bytes; select fewer or shorter values"}, b""


def _too_many(cap: int) -> tuple[dict[str, Any], bytes]:
    return {"status": 422, "code": "result_too_large",
            "error": f"the result has more than {cap} rows; add a LIMIT (at most {cap}) or narrow the query"}, b""


def serve(stdin: BinaryIO, stdout: BinaryIO, worker: Worker) -> None:
    for line in stdin:
        try:
            header, body = worker.handle(json.loads(line))
        except SyntaxError as exc:
            header, body = {"status": 400, "code": "syntax_error", "error": f"malformed query: {exc}"}, b""
        except MemoryError:
            header, body = {"status": 503, "code": "out_of_memory", "error": "the query needed more memory than allowed"}, b""
        except (OSError, RuntimeError, ValueError) as exc:
            header, body = {"status": 400, "code": "query_failed", "error": f"the query could not be evaluated: {exc}"}, b""
        header["length"] = len(body)
        _write_all(stdout.fileno(), [json.dumps(header).encode() + b"\n", body])


def _write_all(fd: int, buffers: list[bytes]) -> None:
    """Header and body in one ``writev`` (the server wakes once, not twice), resumed if partial."""
    views = [memoryview(b) for b in buffers if b]
    while views:
        written = os.writev(fd, views)
        while views and written >= len(views[0]):
            written -= len(views[0])
            views.pop(0)
        if views:
            views[0] = views[0][written:]


def main() -> None:
    """``python -m api.sparql.worker MEMORY_MB IN_MEMORY_TRIPLES [STORE]``: open STORE (if given),
    then say ``ready`` and serve; the pool hands out a worker only once it is ready."""
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    in_memory = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    worker = Worker(in_memory, memory_mb)
    if len(sys.argv) > 3:
        try:
            worker.open(sys.argv[3])
        except (OSError, MemoryError):  # the first query will say what is wrong
            worker.path = None
    sys.stdout.buffer.write(b'{"ready": true}\n')
    sys.stdout.buffer.flush()
    serve(sys.stdin.buffer, sys.stdout.buffer, worker)


if __name__ == "__main__":
    main()
