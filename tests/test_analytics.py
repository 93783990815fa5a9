"""Known-answer tests for every network measure: networkx's Florentine families and our own mini graph.

``tests/fixtures/mini.ttl`` draws its shape in its header: the ruling family (ruler, daughter,
her former husband) reaches the banned Free Party only through the fixer, and only by an
alleged association; a denied association must count for nothing.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

import kg.analytics
from kg.analytics import (
    articulation_points,
    banned_organisations,
    betweenness,
    bridges,
    brokers,
    cited_paths,
    communities,
    degree,
    eigenvector,
    family_of,
    modularity,
    ranked,
    simple,
)
from kg.errors import NotFound
from kg.loader import load
from kg.network import paths
from kg.projection import project
from kg.settings import Settings
from kg.store import MemoryStore

KZ = "https://kzgraph.org/id/"
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"


def t(name: str) -> str:
    return f"{KZ}t-{name}"


@pytest.fixture(scope="module")
def mini() -> Iterator[tuple[MemoryStore, nx.MultiDiGraph]]:
    store = MemoryStore()
    load(Settings(store="memory"), store, paths=[MINI], validate=False)  # its quotes are not in the seeds
    yield store, project(store)
    store.close()


@pytest.fixture(scope="module")
def florentine() -> nx.Graph:
    return nx.florentine_families_graph()


@pytest.mark.parametrize("module", sorted(m.name for m in pkgutil.iter_modules(kg.analytics.__path__)))
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"kg.analytics.{module}"))
    assert result.failed == 0


# --- Florentine families (Padgett's marriage network; values as published with networkx) ---

def test_degree_florentine(florentine: nx.Graph) -> None:
    scores = degree(florentine)
    assert ranked(scores, 1) == [("Medici", pytest.approx(6 / 14))]
    assert scores["Pazzi"] == pytest.approx(1 / 14)


def test_betweenness_florentine(florentine: nx.Graph) -> None:
    scores = betweenness(florentine)
    assert scores["Medici"] == pytest.approx(0.521978, abs=1e-6)
    assert scores["Guadagni"] == pytest.approx(0.254579, abs=1e-6)
    assert scores["Acciaiuoli"] == 0.0
    assert [n for n, _ in ranked(scores, 3)] == ["Medici", "Guadagni", "Albizzi"]


def test_eigenvector_florentine(florentine: nx.Graph) -> None:
    scores = eigenvector(florentine)
    assert scores["Medici"] == pytest.approx(0.430315, abs=1e-5)
    assert scores["Strozzi"] == pytest.approx(0.355973, abs=1e-5)
    assert ranked(scores, 1)[0][0] == "Medici"


def test_brokers_florentine(florentine: nx.Graph) -> None:
    found = brokers(florentine, {"Medici"}, {"Strozzi"})
    assert [(b.node, b.score) for b in found] == [("Ridolfi", 1.0)]
    assert [e["target"] for e in found[0].toward_a] == ["Medici"]
    assert [e["target"] for e in found[0].toward_b] == ["Strozzi"]


def test_bridges_and_articulation_points_florentine(florentine: nx.Graph) -> None:
    assert bridges(florentine) == [("Acciaiuoli", "Medici"), ("Albizzi", "Ginori"), ("Guadagni", "Lamberteschi"),
                                   ("Medici", "Salviati"), ("Pazzi", "Salviati")]
    assert articulation_points(florentine) == ["Albizzi", "Guadagni", "Medici", "Salviati"]


def test_communities_are_seeded_and_partition_the_graph(florentine: nx.Graph) -> None:
    first = communities(florentine, seed=7)
    assert first == communities(florentine, seed=7)
    assert set().union(*first) == set(florentine)
    assert sum(len(c) for c in first) == florentine.number_of_nodes()
    assert modularity(florentine, first) > 0.3
    assert communities(nx.barbell_graph(5, 0), method="greedy") == [set(range(5)), set(range(5, 10))]


# --- our own mini graph ---

def test_simple_view_drops_denied_and_optionally_alleged(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    _, graph = mini
    ties = simple(graph)
    assert not ties.has_edge(t("ruler"), t("dissident"))  # denied
    assert ties.has_edge(t("husband"), t("fixer"))  # alleged, kept by default
    assert not simple(graph, include_alleged=False).has_edge(t("husband"), t("fixer"))
    assert not simple(graph, relations_only=True).has_edge(t("case-1"), t("dissident"))


def test_measures_on_mini(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    _, graph = mini
    assert degree(graph)[t("husband")] == pytest.approx(4 / 16)  # daughter, fixer, bank, case-3 of 16 others
    assert ranked(betweenness(graph), 1)[0][0] == t("husband")
    assert max(eigenvector(graph).values()) > 0


def test_groups_from_the_data(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    store, graph = mini
    assert family_of(graph, t("ruler")) == {t("ruler"), t("daughter"), t("husband")}
    assert family_of(graph, t("ruler"), depth=1) == {t("ruler"), t("daughter")}
    assert banned_organisations(store) == {t("party"), t("bank")}
    assert banned_organisations(store, ["extremist-designation"]) == {t("party")}


def test_brokers_mini_with_the_relations_that_make_them(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    store, graph = mini
    family = family_of(graph, t("ruler"))
    party = banned_organisations(store, ["extremist-designation"])
    found = brokers(graph, family, party)
    # ruler, daughter and husband each reach the party only through the fixer
    assert [(b.node, b.score) for b in found] == [(t("fixer"), 3.0)]
    assert [e["kind"].rsplit("#", 1)[-1] for e in found[0].toward_a] == ["Association"]
    assert [e["kind"].rsplit("#", 1)[-1] for e in found[0].toward_b] == ["Membership"]
    assert found[0].toward_a[0]["status"].endswith("alleged")
    assert brokers(graph, family, party, include_alleged=False) == []
    assert brokers(graph, family, party, candidates=set()) == []


def test_bridges_and_articulation_points_mini(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    _, graph = mini
    assert (t("daughter"), t("ruler")) in bridges(graph)
    assert (t("fixer"), t("husband")) in bridges(graph)
    assert (t("fixer"), t("husband")) not in bridges(graph, include_alleged=False)
    assert {t("husband"), t("fixer"), t("daughter"), t("ruler")} <= set(articulation_points(graph))


def test_communities_mini_split_family_from_opposition(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    _, graph = mini
    found = communities(graph, seed=1)
    where = {n: i for i, c in enumerate(found) for n in c}
    assert where[t("ruler")] == where[t("daughter")]
    assert where[t("dissident")] == where[t("party")]
    assert where[t("ruler")] != where[t("party")]


def test_cited_paths_mini(mini: tuple[MemoryStore, nx.MultiDiGraph]) -> None:
    store, graph = mini
    found = cited_paths(graph, store, t("ruler"), t("party"), k=2)
    assert found
    first = found[0]
    names = ["Ruler One", "Daughter One", "Husband One", "Fixer Two", "Free Party"]
    for hop, (a, b) in zip(first, pairwise(names), strict=True):
        assert a in hop["sentence"] and b in hop["sentence"], hop["sentence"]  # wording is kg.network's
    assert "alleged" in first[2]["sentence"]
    assert "2001" in first[3]["sentence"] and "2005" in first[3]["sentence"]
    assert [hop["citation"]["footnote"] for hop in first] == ["1", "2", "3", "5"]
    assert all(hop["citation"]["quote"] for hop in first)
    with pytest.raises(NotFound):
        cited_paths(graph, store, t("ruler"), f"{KZ}nobody", k=1)
    # k=1 takes the bidirectional search; it must find the same first path, and nothing where none exists
    assert [hop["key"] for hop in cited_paths(graph, store, t("ruler"), t("party"), k=1)[0]] == \
        [hop["key"] for hop in first]
    island = graph.copy()
    island.add_node(f"{KZ}island", label="Island")
    assert paths(island, t("ruler"), f"{KZ}island", k=1) == paths(island, t("ruler"), f"{KZ}island", k=3) == []
