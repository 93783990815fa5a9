"""Repression statistics on the mini fixture (known answers) and on the bundled data (sanity)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kg.analytics import repression, restrictions
from kg.store import MemoryStore

from .conftest import load_memory

KZ = "https://kzgraph.org/id/"


@pytest.fixture(scope="module")
def full() -> Iterator[MemoryStore]:
    store = load_memory(None)
    yield store
    store.close()


def test_prosecution_tables(mini: MemoryStore) -> None:
    cases = repression.prosecutions(mini)
    assert [c.iri.rsplit("/", 1)[-1] for c in cases] == ["t-case-1", "t-case-3", "t-case-2"]
    assert repression.by_year(cases) == [("2016", 2), ("2019", 1)]  # case-2: arrested 2018-12, the verdict year counts
    assert repression.by_article(cases) == [("Article 174", 2), ("Article 405", 1), ("not recorded", 1)]
    assert repression.by_outcome(cases) == [("convicted", 1), ("convicted in absentia", 1), ("released early", 1)]
    assert repression.by_role(cases) == [("activist", 1), ("journalist", 1), ("not recorded", 1)]
    assert repression.by_year_and(cases, "role") == {"2016": {"journalist": 1, "not recorded": 1}, "2019": {"activist": 1}}


def test_restrictions_in_force_on_a_date(mini: MemoryStore) -> None:
    items = restrictions.restrictions(mini)
    assert {(r.part.rsplit("/", 1)[-1], r.start, r.end) for r in items} == {
        ("t-sent-1", "2016-11-28", "2021-11-28"), ("t-sent-3", "2019-04-02", "2020")}
    on_2021 = restrictions.in_force_on(items, "2021-01-01")
    assert [(r.defendants, r.bars, r.status) for r in on_2021] == [
        ({KZ + "t-dissident": "Dissident Three"}, "political activity", "in force")]
    assert {r.bars for r in restrictions.in_force_on(items, "2020-06")} == {"political activity", "leaving the city"}
    assert restrictions.in_force_on(items, "2022") == []
    assert restrictions.in_force_on(items, "2015") == []


def test_bans_over_time(mini: MemoryStore) -> None:
    found = restrictions.bans(mini)
    assert [(b.year, b.kind, list(b.targets.values()), b.court) for b in found] == [
        ("2015", "liquidation", ["Test Bank"], None),
        ("2018", "banned as extremist", ["Free Party"], "City Court")]
    assert restrictions.bans_by_year(found) == {"2015": {"liquidation": 1}, "2018": {"banned as extremist": 1}}


def test_full_data_answers_the_journalist_questions(full: MemoryStore) -> None:
    cases = repression.prosecutions(full)
    assert len(cases) > 20
    roles = dict(repression.by_role(cases))
    assert roles.get("journalist", 0) > 0 and roles.get("trade union leader", 0) > 0
    on_2021 = restrictions.in_force_on(restrictions.restrictions(full), "2021-01-01")
    names = {name for r in on_2021 for name in r.defendants.values()}
    assert "Larisa Kharkova" in names or "Erlan Baltabay" in names
    assert all(r.status in ("in force", "possibly in force") for r in on_2021)
    kinds = {b.kind for b in restrictions.bans(full)}
    assert {"liquidation", "banned as extremist"} <= kinds
