"""The benchmark's generator at a tiny size: deterministic, valid against the shapes, loadable, queryable.

The benchmark itself (``python -m bench``) is not part of the test suite; this only keeps its
generator honest (see README "Benchmarks").
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.generate import generate
from kg.entities import resolve
from kg.loader import load
from kg.network import neighbourhood, paths
from kg.ontology import OntologyFiles
from kg.projection import project
from kg.search import SearchIndex
from kg.settings import PROJECT_ROOT, Settings
from kg.store import MemoryStore
from kg.validation import validate_paths

SOURCES = PROJECT_ROOT / "data" / "sources.ttl"


def test_generated_graph_validates_loads_and_answers(tmp_path: Path) -> None:
    out = tmp_path / "kz-10k.ttl"
    manifest = generate(10_000, out)
    assert 10_000 <= manifest["triples"] < 10_100  # type: ignore[operator]
    again = tmp_path / "again.ttl"
    generate(10_000, again)
    assert again.read_bytes() == out.read_bytes(), "the generator must be deterministic"

    settings = Settings(store="memory")
    report, triples = validate_paths([SOURCES, out], OntologyFiles(settings.ontology_dir), settings.seeds_dir)
    assert report.ok, "\n".join(f.render() for f in report.violations[:5]) or report.syntax_errors
    assert len(triples) >= 10_000

    store = MemoryStore()
    result = load(settings, store, paths=[SOURCES, out], validate=False)
    assert result.derived_triples > 500
    saved = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    label = saved["labels"][0]
    iri = resolve(store, label).value
    assert SearchIndex.build(store).search(label)[0].iri == iri
    graph = project(store)
    assert neighbourhood(graph, saved["centres"][0], 1)["nodes"]
    a, b = saved["pairs"][0]
    assert paths(graph, a, b, 1, 8), "heavy-tailed graphs of this size are connected through their hubs"
