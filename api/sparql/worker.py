"""A SPARQL worker process: runs one query at a time against a read-only store.

The server starts workers in an empty network namespace (``unshare -n``) with an address-space
cap, so a query that tries to reach the network (SERVICE, LOAD) finds none and a query that eats
memory dies alone; a query past the time limit is killed with its worker and a fresh worker
takes its place. Protocol on stdin/stdout: one JSON line per request; per answer one JSON
header line followed by ``length`` bytes of body.
"""

from __future__ import annotations

import json
import resource
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

from .results import SOLUTION_WRITERS, write_boolean

RDF_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class Worker:
    """Holds the store between requests and reopens it when the server names another one."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: ox.Store = ox.Store()

    def _store_for(self, path: str) -> ox.Store:
        if path != self.path:
            self.store = ox.Store() if path == ":memory:" else ox.Store.read_only(path)
            self.path = path
        return self.store

    def handle(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        header, body = self._answer(request)
        cap = request.get("max_bytes")
        if cap is not None and len(body) > int(cap):
            return {"status": 422, "code": "result_too_large",
                    "error": f"the result is over {int(cap)} bytes; select fewer or shorter values"}, b""
        return header, body

    def _answer(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        store = self._store_for(request["store"])
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
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            for solution in result:
                if len(rows) == cap:
                    return _too_many(cap)
                rows.append([solution[v] for v in variables])
            return {"status": 200, "content_type": media}, SOLUTION_WRITERS[media](variables, rows)
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == cap:
                return _too_many(cap)
            triples.append(triple)
        body = ox.serialize(triples, format=RDF_MEDIA[media]) or b""
        return {"status": 200, "content_type": media}, body


def _too_many(cap: int) -> tuple[dict[str, Any], bytes]:
    return {"status": 422, "code": "result_too_large",
            "error": f"the result has more than {cap} rows; add a LIMIT (at most {cap}) or narrow the query"}, b""


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    worker = Worker()
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
        stdout.write(json.dumps(header).encode() + b"\n" + body)
        stdout.flush()


def main() -> None:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
