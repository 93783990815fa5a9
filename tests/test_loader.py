"""Loading: direct edges derived from the ontology, and an interrupted load that changes nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.loader import load
from kg.settings import Settings
from kg.store import DiskStore, MemoryStore
from kg.terms import PREFIXES

from .conftest import ROOT


def test_one_direct_edge_per_relation_node() -> None:
    store = MemoryStore()
    load(Settings(store="memory"), store)
    rows = store.select("""
        SELECT (COUNT(DISTINCT ?edge) AS ?expected) WHERE {
          ?cls kzo:edgeSource ?src ; kzo:edgeTarget ?tgt ; kzo:directProperty ?direct .
          ?r a ?cls ; ?src ?s ; ?tgt ?o .
          FILTER NOT EXISTS { ?r kzo:claimStatus ?st FILTER(?st IN (kzv:denied, kzv:overturned)) }
          BIND(CONCAT(STR(?s), " ", STR(?direct), " ", STR(?o)) AS ?edge)
        }""", prefixes=PREFIXES)
    expected = int(rows[0]["expected"].value)
    actual = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf kzo:directEdge }",
                          prefixes=PREFIXES)
    assert int(actual[0]["n"].value) == expected


def test_denied_relations_get_no_direct_edge(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.ttl").write_text((ROOT / "data" / "sources.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "denied.ttl").write_text((ROOT / "ontology" / "examples" / "valid" / "relations.ttl")
                                     .read_text(encoding="utf-8").replace(
        "kz:ex-fam-1 a kzo:FamilyTie ; kzo:person kz:ex-dinara ; kzo:relative kz:ex-timur ; kzo:kinship kzv:spouse ;\n"
        "    kzo:claimStatus kzv:reported ;",
        "kz:ex-fam-1 a kzo:FamilyTie ; kzo:person kz:ex-dinara ; kzo:relative kz:ex-timur ; kzo:kinship kzv:spouse ;\n"
        "    kzo:claimStatus kzv:denied ;"), encoding="utf-8")
    store = MemoryStore()
    load(Settings(store="memory", data_dir=data), store)
    assert not store.ask("ASK { kz:ex-dinara kzo:relativeOf kz:ex-timur }", prefixes=PREFIXES)
    assert store.ask("ASK { kz:ex-dariga kzo:relativeOf kz:ex-rakhat }", prefixes=PREFIXES)
    assert store.ask("ASK { kz:ex-alga a kzo:Organisation }", prefixes=PREFIXES)  # inherited type


def _shape_of(triples: Iterable[ox.Triple]) -> tuple[set[ox.Triple], list[str]]:
    """Triples without blank nodes as a set; the rest with each blank node as ``_`` (every parse
    names blank nodes afresh), as a sorted list so that counts matter."""
    plain, anonymous = set(), []
    for t in triples:
        if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
            anonymous.append(" ".join("_" if isinstance(x, ox.BlankNode) else str(x) for x in t))
        else:
            plain.add(t)
    return plain, sorted(anonymous)


def test_unvalidated_fast_load_builds_the_same_store(tmp_path: Path) -> None:
    """``--no-validate`` parses into the new generation with Oxigraph's bulk loader and runs the
    rules there; the result must be the checked path's, triple for triple."""
    settings = Settings(store_dir=tmp_path / "fast")
    fast, checked = DiskStore(tmp_path / "fast"), MemoryStore()
    fast_result = load(settings, fast, validate=False)
    checked_result = load(settings, checked, validate=True)
    assert _shape_of(fast.triples()) == _shape_of(checked.triples())
    assert fast_result.total_triples == checked_result.total_triples == len(checked)
    assert fast_result.derived_triples == checked_result.derived_triples > 0


def test_killed_load_leaves_previous_store_intact(tmp_path: Path) -> None:
    """Kill ``kzgraph load`` at random moments: the store is always the old or the new graph, whole."""
    big = tmp_path / "big"
    big.mkdir()
    with open(big / "big.nt", "w", encoding="utf-8") as handle:
        for i in range(300_000):
            handle.write(f"<https://kzgraph.org/id/s{i}> <https://kzgraph.org/id/p> \"{i}\" .\n")
    reference = DiskStore(tmp_path / "reference")
    load(Settings(store="oxigraph", store_dir=tmp_path / "reference", data_dir=big), reference, validate=False)
    new_count = len(reference)
    reference.close()

    store_dir = tmp_path / "store"
    settings = Settings(store="oxigraph", store_dir=store_dir)
    first = DiskStore(store_dir)
    load(settings, first)
    old_count = len(first)
    first.close()

    env = {**os.environ, "KZGRAPH_STORE_DIR": str(store_dir)}
    script = Path(sys.executable).with_name("kzgraph")
    rng = random.Random(7)
    interrupted = 0
    for _ in range(6):
        proc = subprocess.Popen([str(script), "load", "--no-validate", str(big)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            interrupted += 1
        proc.wait(timeout=60)
        reader = DiskStore(store_dir)
        count = len(reader)
        has_old = reader.ask("ASK { <https://kzgraph.org/id/nursultan-nazarbayev> ?p ?o }")
        reader.close()
        assert (count, has_old) in ((old_count, True), (new_count, False))
        if count == new_count:  # the load won the race: put the real data back
            restore = DiskStore(store_dir)
            load(settings, restore)
            restore.close()
    assert interrupted >= 3, "the loads finished too fast to be interrupted; the test proves nothing"
    final = DiskStore(store_dir)
    load(settings, final)  # a later load clears what killed loads left behind
    assert len(final) == old_count
    assert not [p for p in (store_dir / "generations").iterdir() if p.name.startswith(".building")]
    final.close()
