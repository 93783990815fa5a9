"""The journalist questions: every named query parses, runs and returns its expected answer."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import named_queries
from kg.loader import load
from kg.settings import Settings
from kg.store import MemoryStore
from kg.terms import PREFIXES

QUERIES = Settings(store="memory").ontology_dir / "queries"
EXPECTED = QUERIES / "expected"
CATALOGUE = named_queries.catalogue(QUERIES)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    memory = MemoryStore()
    load(Settings(store="memory"), memory)
    return memory


def _cell(term: object) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else ""


def _diff(missing: set[tuple[str, ...]], extra: set[tuple[str, ...]], columns: list[str]) -> str:
    lines = [f"columns: {', '.join(columns)}"]
    lines += [f"  missing: {row}" for row in sorted(missing)]
    lines += [f"  unexpected: {row}" for row in sorted(extra)]
    return "\n".join(lines)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_named_query_returns_expected_answer(store: MemoryStore, name: str) -> None:
    query = CATALOGUE[name]
    expected_file = EXPECTED / f"{name}.csv"
    assert expected_file.exists(), f"{name}: no expected answer {expected_file.name}"
    with expected_file.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        columns = next(reader)
        expected = {tuple(row) for row in reader}
    rows = store.select(query.text, query.bindings(store, {}), PREFIXES)
    got = {tuple(_cell(row.get(col)) for col in columns) for row in rows}
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"{name}: answer differs from {expected_file.name}\n" + _diff(missing, extra, columns)


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_named_query_parses_and_has_header(path: Path) -> None:
    query = named_queries.NamedQuery.read(path)
    assert query.title and query.title != path.stem, f"{path.name}: no '# title:' line"
    assert query.question and re.fullmatch(r"\d+", query.question), f"{path.name}: no '# question: N' line"
    assert query.description, f"{path.name}: no '# description:' line"
    # parses on its own, with its own PREFIX lines (runs in any SPARQL client)
    ox.Store().query(query.text)
    for param in query.parameters:
        assert re.search(rf"\?{param.name}\b", query.text.split("WHERE", 1)[1]), \
            f"{path.name}: parameter {param.name} is not a variable of the WHERE clause"
        assert param.default is not None, f"{path.name}: parameter {param.name} has no default"


def test_every_question_has_a_query_or_a_reason() -> None:
    answered = {q.question for q in CATALOGUE.values()}
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for number in range(1, 13):
        if str(number) in answered:
            continue
        assert re.search(rf"^\|\s*{number}\s*\|.*\|", readme, re.M), \
            f"question {number} has no named query and no reason in ontology/queries/README.md"
