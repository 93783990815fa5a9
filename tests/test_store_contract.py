"""One contract, three backends: embedded on-disk Oxigraph, in-memory, and a live Oxigraph server."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import InputSyntaxError
from kg.store import DiskStore, GraphStore, MemoryStore, RemoteStore

EX = "http://example.org/"


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


TRIPLES = [
    ox.Triple(n("alice"), n("knows"), n("bob")),
    ox.Triple(n("bob"), n("knows"), n("carol")),
    ox.Triple(n("alice"), n("name"), ox.Literal("Alice", language="en")),
    ox.Triple(n("evil"), n("name"), ox.Literal('x" } ; DROP ALL ; #', language="en")),
]


@pytest.fixture(params=["memory", "disk", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    backend: GraphStore
    if request.param == "memory":
        backend = MemoryStore()
    elif request.param == "disk":
        backend = DiskStore(tmp_path / "store")
    else:
        base = request.getfixturevalue("oxigraph_server")
        backend = RemoteStore(f"{base}/query", f"{base}/update", f"{base}/store")
    backend.replace(TRIPLES)
    yield backend
    backend.close()


def test_len_and_triples(store: GraphStore) -> None:
    assert len(store) == len(TRIPLES)
    assert set(store.triples()) == set(TRIPLES)


def test_select_with_bindings(store: GraphStore) -> None:
    rows = store.select("SELECT ?o WHERE { ?s <http://example.org/knows> ?o }", {"s": n("alice")})
    assert [r["o"] for r in rows] == [n("bob")]


def test_hostile_literal_binding_is_data_not_syntax(store: GraphStore) -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; #', language="en")
    rows = store.select("SELECT ?s WHERE { ?s <http://example.org/name> ?name }", {"name": hostile})
    assert [r["s"] for r in rows] == [n("evil")]
    assert len(store) == len(TRIPLES)


def test_unbound_variables_are_absent(store: GraphStore) -> None:
    rows = store.select("SELECT ?s ?name WHERE { ?s <http://example.org/knows> ?o "
                        "OPTIONAL { ?s <http://example.org/name> ?name } } ORDER BY ?s")
    assert rows == [{"s": n("alice"), "name": ox.Literal("Alice", language="en")}, {"s": n("bob")}]


def test_prefixes(store: GraphStore) -> None:
    assert store.ask("ASK { ex:alice ex:knows ex:bob }", prefixes={"ex": EX})


def test_ask_and_construct(store: GraphStore) -> None:
    assert store.ask("ASK { ?s <http://example.org/knows> ?o }")
    assert not store.ask("ASK { ?s <http://example.org/hates> ?o }")
    built = store.construct("CONSTRUCT { ?o <http://example.org/knownBy> ?s } WHERE { ?s <http://example.org/knows> ?o }")
    assert ox.Triple(n("bob"), n("knownBy"), n("alice")) in built
    assert len(built) == 2


def test_syntax_error_names_position(store: GraphStore) -> None:
    with pytest.raises(InputSyntaxError) as info:
        store.select("SELECT ?s WHERE { ?s ?p }")
    assert "malformed query" in info.value.detail


def test_replace_swaps_everything(store: GraphStore) -> None:
    fresh = [ox.Triple(n("dave"), n("knows"), n("erin"))]
    store.replace(fresh)
    assert set(store.triples()) == set(fresh)
    store.replace(TRIPLES)
    assert set(store.triples()) == set(TRIPLES)


class Exploding(Sequence[ox.Triple]):
    """A sequence that fails half-way through, as a crashed parser or a full disk would."""

    def __init__(self, good: list[ox.Triple], fail_at: int) -> None:
        self.good, self.fail_at = good, fail_at

    def __len__(self) -> int:
        return len(self.good)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index >= self.fail_at:
            raise RuntimeError("simulated failure during load")
        return self.good[index]

    def __iter__(self) -> Iterator[ox.Triple]:
        for i in range(len(self)):
            yield self[i]


def test_failed_replace_leaves_previous_content(store: GraphStore) -> None:
    many = [ox.Triple(n(f"s{i}"), n("p"), ox.Literal(str(i))) for i in range(12000)]
    with pytest.raises(RuntimeError):
        store.replace(Exploding(many, fail_at=7000))
    assert set(store.triples()) == set(TRIPLES)
