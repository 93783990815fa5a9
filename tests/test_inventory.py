"""Inventory self-check: the people and organisations each seed document names are findable.

``tests/inventory/<doc>.tsv`` lists, for each seed document, every named person and
organisation the text relies on, one row per spelling the document uses (canonical name TAB
spelling). For each document at least 95% of the named entities must be found by name search
(some spelling's top-3 hits include an entity carrying that spelling or its fold as a label),
and at least 90% of the spellings must be a prefLabel or altLabel exactly (case-insensitive).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.loader import load
from kg.search import SearchIndex, fold
from kg.settings import Settings
from kg.store import MemoryStore
from kg.terms import PREFIXES

INVENTORY = Path(__file__).parent / "inventory"
DOCS = sorted(INVENTORY.glob("*.tsv"))
LABELS = """SELECT ?e ?l WHERE { ?e skos:prefLabel|skos:altLabel ?l }"""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def _rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        return [(row[0], row[1]) for row in reader if row]


@pytest.fixture(scope="module")
def graph() -> tuple[SearchIndex, dict[str, set[str]], set[str]]:
    store = MemoryStore()
    load(Settings(store="memory"), store)
    labels: dict[str, set[str]] = defaultdict(set)
    for row in store.select(LABELS, None, PREFIXES):
        entity, label = row["e"], row["l"]
        if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
            labels[entity.value].add(label.value)
    exact = {_norm(label) for values in labels.values() for label in values}
    return SearchIndex.build(store), labels, exact


def _findable(index: SearchIndex, labels: dict[str, set[str]], spelling: str) -> bool:
    wanted = {_norm(spelling), fold(spelling)}
    for hit in index.search(spelling, limit=3):
        for label in labels.get(hit.iri, set()):
            if _norm(label) in wanted or fold(label) in wanted:
                return True
    return False


def measure(path: Path, graph: tuple[SearchIndex, dict[str, set[str]], set[str]]) -> tuple[float, float, list[str], list[str]]:
    index, labels, exact = graph
    rows = _rows(path)
    spellings: dict[str, list[str]] = defaultdict(list)
    for canonical, spelling in rows:
        spellings[canonical].append(spelling)
    lost = [name for name, forms in spellings.items() if not any(_findable(index, labels, s) for s in forms)]
    absent = [s for _, s in rows if _norm(s) not in exact]
    found = 1 - len(lost) / len(spellings)
    present = 1 - len(absent) / len(rows)
    return found, present, lost, absent


def test_inventory_lists_every_seed_document() -> None:
    seeds = Settings(store="memory").seeds_dir
    assert {p.stem for p in DOCS} == {p.stem for p in seeds.glob("*.txt")}


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_inventory_spellings_are_in_the_document(path: Path) -> None:
    text = _norm((Settings(store="memory").seeds_dir / f"{path.stem}.txt").read_text(encoding="utf-8"))
    missing = [s for _, s in _rows(path) if _norm(s) not in text]
    assert not missing, f"{path.stem}: spellings not found in the document: {missing}"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.stem)
def test_named_entities_are_findable(path: Path, graph: tuple[SearchIndex, dict[str, set[str]], set[str]]) -> None:
    found, present, lost, absent = measure(path, graph)
    print(f"{path.stem}: findable {found:.1%}, spellings present {present:.1%}")
    assert found >= 0.95, f"{path.stem}: only {found:.1%} of named entities findable; not found: {lost}"
    assert present >= 0.90, f"{path.stem}: only {present:.1%} of spellings are labels; missing: {absent}"
