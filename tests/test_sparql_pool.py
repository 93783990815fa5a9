"""The SPARQL worker pool on its own: in-memory copies, waiting for a free worker, the time limit."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from api.sparql.pool import WorkerPool
from api.sparql.worker import Worker
from kg.errors import QueryTimeout
from kg.loader import load
from kg.settings import Settings
from kg.store import DiskStore

ONE_HOP = """PREFIX kzo: <https://kzgraph.org/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?n WHERE { VALUES ?c { <https://kzgraph.org/id/nursultan-nazarbayev> }
  { ?c ?p ?n } UNION { ?n ?p ?c } ?p rdfs:subPropertyOf kzo:directEdge } ORDER BY ?p ?n"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def generation(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("pool-store")
    store = DiskStore(root)
    load(Settings(store_dir=root), store, validate=False)
    current = store.current_path()
    assert current is not None
    return str(current)


def _payload(generation: str, query: str) -> dict[str, object]:
    return {"query": query, "store": generation, "media_type": "text/csv", "max_rows": 10_000,
            "max_bytes": 10_000_000, "default_graphs": [], "named_graphs": [], "base_iri": "http://127.0.0.1/sparql"}


def test_small_generations_are_copied_into_memory_with_the_same_answers(generation: str) -> None:
    on_disk, in_memory = Worker(0), Worker(10_000_000, memory_mb=2048)
    tight = Worker(10_000_000, memory_mb=1)  # the copy would not fit in half the memory cap
    answers = [w.handle(_payload(generation, ONE_HOP)) for w in (on_disk, in_memory, tight)]
    assert (on_disk.in_memory, in_memory.in_memory, tight.in_memory) == (False, True, False)
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0]["status"] == 200 and answers[0][1].count(b"\n") > 5  # header + many rows


def test_requests_wait_for_a_free_worker_and_a_runaway_query_is_killed(generation: str) -> None:
    async def scenario() -> tuple[list[tuple[dict[str, object], bytes]], float, float]:
        pool = WorkerPool(1, 2048, 10_000_000, store=lambda: generation)
        try:
            answers = await asyncio.gather(*[pool.run(_payload(generation, ONE_HOP), 30) for _ in range(6)])
            started = time.monotonic()
            with pytest.raises(QueryTimeout):
                await pool.run(_payload(generation, SLOW), 1.0)
            stopped = time.monotonic() - started
            started = time.monotonic()
            after = await pool.run(_payload(generation, ONE_HOP), 60)  # the replacement worker answers
            return [*answers, after], stopped, time.monotonic() - started
        finally:
            pool.close()

    answers, stopped, _ = asyncio.run(scenario())
    assert len({body for _, body in answers}) == 1 and all(h["status"] == 200 for h, _ in answers)
    assert stopped < 5, f"the 1 s limit took {stopped:.1f} s to stop the query"


def test_a_busy_pool_answers_busy_rather_than_queueing_forever(generation: str) -> None:
    async def scenario() -> list[BaseException | tuple[dict[str, object], bytes]]:
        pool = WorkerPool(1, 2048, 0, store=lambda: generation)
        try:
            await pool.run(_payload(generation, ONE_HOP), 60)  # ready
            return await asyncio.gather(pool.run(_payload(generation, SLOW), 1.5),
                                        pool.run(_payload(generation, ONE_HOP), 0.5), return_exceptions=True)
        finally:
            pool.close()

    slow, waiting = asyncio.run(scenario())
    assert isinstance(slow, QueryTimeout) and isinstance(waiting, QueryTimeout)
    assert "busy" in str(waiting)



TRICKY = ['"plain"', '"two\\nlines"@en', '"<result> and },{\\" and \\t tab"', '""', "<https://example.org/x>"]


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                   "text/tab-separated-values"])
def test_row_cap_is_exact_in_every_format_whatever_the_values(media: str) -> None:
    """Oxigraph writes the result; the rows are counted from the bytes, so values that look like
    separators (newlines, ``<result>``, ``},{"``, tabs) and rows with nothing bound must not fool it."""
    worker = Worker()

    def ask(rows: int, cap: int) -> tuple[dict[str, object], bytes]:
        values = " ".join(f"({TRICKY[i % len(TRICKY)] if i % 3 else 'UNDEF'})" for i in range(rows))
        query = f"SELECT ?v WHERE {{ VALUES (?v) {{ {values} }} }}"
        return worker.handle({"query": query, "store": ":memory:", "media_type": media, "max_rows": cap,
                              "max_bytes": 1_000_000})

    for rows in (1, 3, 7, 40):
        header, body = ask(rows, rows)
        assert header["status"] == 200, (rows, header)
        assert body
        header, _ = ask(rows + 1, rows)
        assert header["status"] == 422 and header["code"] == "result_too_large", (rows, header)
        assert f"more than {rows} rows" in str(header["error"])


def test_byte_cap_stops_the_writer() -> None:
    worker = Worker()
    big = "SELECT ?v WHERE { VALUES ?v { " + " ".join(f'"{"x" * 200}{i}"' for i in range(100)) + " } }"
    header, body = worker.handle({"query": big, "store": ":memory:", "media_type": "application/sparql-results+json",
                                  "max_rows": 1000, "max_bytes": 5000})
    assert header["status"] == 422 and "5000 bytes" in str(header["error"]) and body == b""
    header, body = worker.handle({"query": big, "store": ":memory:", "media_type": "application/sparql-results+json",
                                  "max_rows": 1000, "max_bytes": 100_000})
    assert header["status"] == 200 and len(json.loads(body)["results"]["bindings"]) == 100
