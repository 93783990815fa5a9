"""Data integrity while the graph is reloaded: every reader sees the old graph or the new one, never a mix.

A killed load is covered by ``tests/test_loader.py::test_killed_load_leaves_previous_store_intact``;
export → reload round trips by ``tests/test_exports.py::test_turtle_load_export_reload_is_isomorphic``.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import httpx

from kg.store import DiskStore

from .conftest import Server, run_cli

SNAPSHOT = """SELECT ?marker (COUNT(?s) AS ?n) WHERE { <urn:kzgraph:test:marker> <urn:kzgraph:test:is> ?marker .
  ?s <urn:kzgraph:test:p> ?o } GROUP BY ?marker"""


def dataset(folder: Path, marker: str, size: int) -> Path:
    folder.mkdir()
    lines = [f'<urn:kzgraph:test:marker> <urn:kzgraph:test:is> "{marker}" .']
    lines += [f'<urn:kzgraph:test:{marker}{i}> <urn:kzgraph:test:p> "{i}" .' for i in range(size)]
    (folder / "data.nt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_readers_during_reloads_see_the_old_or_the_new_graph(tmp_path: Path) -> None:
    expected = {("A", 2_000), ("B", 30_000)}
    folders = {"A": dataset(tmp_path / "a", "A", 2_000), "B": dataset(tmp_path / "b", "B", 30_000)}
    store_dir = tmp_path / "store"
    env = {"KZGRAPH_STORE_DIR": str(store_dir)}
    assert run_cli("load", "--no-validate", str(folders["A"]), env=env).returncode == 0
    server = Server({**env, "KZGRAPH_SPARQL_WORKERS": "2", "KZGRAPH_QUERY_TIMEOUT": "10"})
    seen: Counter[tuple[str, int] | str] = Counter()
    stop = threading.Event()
    lock = threading.Lock()

    def record(answer: tuple[str, int] | str) -> None:
        with lock:
            seen[answer] += 1

    def disk_reader() -> None:
        while not stop.is_set():
            reader = DiskStore(store_dir)  # opens whatever generation is current right now
            rows = reader.select(SNAPSHOT)
            reader.close()
            record(("mix", len(rows)) if len(rows) != 1 else (rows[0]["marker"].value, int(rows[0]["n"].value)))

    def http_reader() -> None:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            while not stop.is_set():
                response = client.get("/sparql", params={"query": SNAPSHOT},
                                      headers={"Accept": "application/sparql-results+json"})
                if response.status_code != 200:
                    record(f"HTTP {response.status_code}: {response.text[:200]}")
                    continue
                rows = response.json()["results"]["bindings"]
                record(("mix", len(rows)) if len(rows) != 1 else (rows[0]["marker"]["value"], int(rows[0]["n"]["value"])))

    readers = [threading.Thread(target=f) for f in (disk_reader, disk_reader, http_reader, http_reader)]
    try:
        for thread in readers:
            thread.start()
        swaps = 0
        for name in "BABABA":
            result = run_cli("load", "--no-validate", str(folders[name]), env=env)
            assert result.returncode == 0, result.stderr[-1000:]
            swaps += 1
            time.sleep(0.3)
        stop.set()
        for thread in readers:
            thread.join(timeout=60)
    finally:
        stop.set()
        server.stop()
    assert set(seen) <= expected, seen  # never a mix, never an error
    assert all(seen[answer] > 0 for answer in expected), seen  # both graphs were actually read
    assert sum(seen.values()) > 50 and swaps == 6
    print(f"\n{swaps} swaps, {sum(seen.values())} reads: {dict(seen)}")
