"""Repression statistics: prosecutions by year, article, outcome and the defendant's role; freedom
restrictions in force on a date and what they bar; bans and liquidations over time.

The store answers one SPARQL query per table (``prosecutions``, ``restrictions``, ``bans``);
the counting is plain Python over those rows, so notebooks need no dataframe library. Appeals
and other proceedings that are ``kzo:partOf`` a prosecution are not counted as cases of their
own, and denied or overturned claims are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..store import GraphStore
from ..terms import SPARQL_PROLOGUE
from ..terms import term_value as _v

UNKNOWN = "not recorded"

PROSECUTIONS_QUERY = SPARQL_PROLOGUE + """
SELECT ?case ?label ?when ?chargeText ?article ?articleLabel ?outcome ?outcomeLabel
       ?defendant ?defendantLabel ?occupation ?occupationLabel WHERE {
  ?case a kzo:Prosecution .
  FILTER NOT EXISTS { ?case kzo:partOf ?parent . ?parent a kzo:Prosecution }
  FILTER NOT EXISTS { ?case kzo:claimStatus ?st . FILTER(?st IN (kzv:denied, kzv:overturned)) }
  OPTIONAL { ?case skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?case kzo:verdictDate ?verdict } OPTIONAL { ?case kzo:date ?date }
  OPTIONAL { ?case kzo:start ?start } OPTIONAL { ?case kzo:arrestDate ?arrest }
  BIND(COALESCE(?verdict, ?date, ?start, ?arrest) AS ?when)
  OPTIONAL { ?case kzo:chargeText ?chargeText }
  OPTIONAL { ?case kzo:charge ?article . OPTIONAL { ?article kzo:articleNumber ?articleLabel } }
  OPTIONAL { ?case kzo:outcome ?outcome . OPTIONAL { ?outcome skos:prefLabel ?outcomeLabel } }
  OPTIONAL { ?case kzo:defendant ?defendant .
             OPTIONAL { ?defendant skos:prefLabel ?defendantLabel FILTER(LANGMATCHES(LANG(?defendantLabel), "en")) }
             OPTIONAL { ?defendant kzo:occupation ?occupation . OPTIONAL { ?occupation skos:prefLabel ?occupationLabel } } }
}"""

RESTRICTIONS_QUERY = SPARQL_PROLOGUE + """
SELECT ?case ?caseLabel ?part ?kind ?kindLabel ?partStart ?verdict ?when ?duration ?until ?bars ?defendant ?defendantLabel WHERE {
  ?case kzo:sentence ?part . ?part kzo:sentenceKind ?kind .
  FILTER NOT EXISTS { ?case kzo:claimStatus ?st . FILTER(?st IN (kzv:denied, kzv:overturned)) }
  OPTIONAL { ?kind skos:prefLabel ?kindLabel }
  OPTIONAL { ?case skos:prefLabel ?caseLabel FILTER(LANGMATCHES(LANG(?caseLabel), "en")) }
  OPTIONAL { ?part kzo:start ?partStart } OPTIONAL { ?case kzo:verdictDate ?verdict }
  OPTIONAL { ?case kzo:date|kzo:arrestDate ?when }
  OPTIONAL { ?part kzo:duration ?duration } OPTIONAL { ?part kzo:until ?until } OPTIONAL { ?part kzo:bars ?bars }
  OPTIONAL { ?case kzo:defendant ?defendant .
             OPTIONAL { ?defendant skos:prefLabel ?defendantLabel FILTER(LANGMATCHES(LANG(?defendantLabel), "en")) } }
}"""

BANS_QUERY = SPARQL_PROLOGUE + """
SELECT ?ban ?label ?kind ?kindLabel ?when ?target ?targetLabel ?court ?courtLabel ?grounds WHERE {
  ?ban a kzo:Ban .
  FILTER NOT EXISTS { ?ban kzo:claimStatus ?st . FILTER(?st IN (kzv:denied, kzv:overturned)) }
  OPTIONAL { ?ban skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), "en")) }
  OPTIONAL { ?ban kzo:banKind ?kind . OPTIONAL { ?kind skos:prefLabel ?kindLabel } }
  OPTIONAL { ?ban kzo:date|kzo:start ?when }
  OPTIONAL { ?ban kzo:target ?target .
             OPTIONAL { ?target skos:prefLabel ?targetLabel FILTER(LANGMATCHES(LANG(?targetLabel), "en")) } }
  OPTIONAL { ?ban kzo:court ?court . OPTIONAL { ?court skos:prefLabel ?courtLabel FILTER(LANGMATCHES(LANG(?courtLabel), "en")) } }
  OPTIONAL { ?ban kzo:grounds ?grounds }
}"""


@dataclass
class Case:
    """One prosecution: its year, articles, outcomes, and defendants with their occupations."""

    iri: str
    label: str
    year: str | None = None
    articles: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    defendants: dict[str, str] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)
    charges: set[str] = field(default_factory=set)


def prosecutions(store: GraphStore) -> list[Case]:
    """Every prosecution (appeals folded into their case), dated by its verdict, else its own date, else the arrest.

    The verdict year is the one reports count by ("sentenced in 2016"); an arrest late in the
    previous year would otherwise move the case.
    """
    cases: dict[str, Case] = {}
    years: dict[str, list[str]] = defaultdict(list)
    for row in store.select(PROSECUTIONS_QUERY):
        iri = _v(row.get("case"))
        if iri is None:
            continue
        case = cases.setdefault(iri, Case(iri, _v(row.get("label")) or iri.rsplit("/", 1)[-1]))
        when = _v(row.get("when"))
        if when:
            years[iri].append(when[:4])
        if row.get("chargeText") is not None:
            case.charges.add(_v(row.get("chargeText")) or "")
        if row.get("article") is not None:
            number = _v(row.get("articleLabel"))
            case.articles.add(f"Article {number}" if number else (_v(row.get("article")) or "").rsplit("/", 1)[-1])
        if row.get("outcome") is not None:
            case.outcomes.add(_v(row.get("outcomeLabel")) or (_v(row.get("outcome")) or "").rsplit("/", 1)[-1])
        defendant = _v(row.get("defendant"))
        if defendant:
            case.defendants[defendant] = _v(row.get("defendantLabel")) or defendant.rsplit("/", 1)[-1]
        if row.get("occupation") is not None:
            case.roles.add(_v(row.get("occupationLabel")) or (_v(row.get("occupation")) or "").rsplit("/", 1)[-1])
    for iri, found in years.items():
        cases[iri].year = min(found)
    return sorted(cases.values(), key=lambda c: (c.year or "9999", c.iri))


def _tally(values: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for group in values:
        counts.update(set(group) or {UNKNOWN})
    return sorted(counts.items(), key=lambda item: (item[0] == UNKNOWN, -item[1], item[0]))


def by_year(cases: list[Case]) -> list[tuple[str, int]]:
    """Cases per year, in year order (undated last).

    >>> by_year([Case("a", "A", year="2016"), Case("b", "B", year="2016"), Case("c", "C")])
    [('2016', 2), ('not recorded', 1)]
    """
    counts = Counter(c.year or UNKNOWN for c in cases)
    return sorted(counts.items(), key=lambda item: (item[0] == UNKNOWN, item[0]))


def by_article(cases: list[Case]) -> list[tuple[str, int]]:
    """Cases per criminal-code article, most frequent first; a case with two articles counts under both.

    >>> by_article([Case("a", "A", articles={"Article 174"}), Case("b", "B", articles={"Article 174", "Article 405"})])
    [('Article 174', 2), ('Article 405', 1)]
    """
    return _tally(c.articles for c in cases)


def by_charge(cases: list[Case]) -> list[tuple[str, int]]:
    """Cases per article where one is linked, else per charge as the source words it.

    Most sources name the offence ("inciting social discord") rather than the article number.

    >>> by_charge([Case("a", "A", articles={"Article 174"}, charges={"inciting discord"}), Case("b", "B", charges={"fraud"})])
    [('Article 174', 1), ('fraud', 1)]
    """
    return _tally(c.articles or c.charges for c in cases)


def by_outcome(cases: list[Case]) -> list[tuple[str, int]]:
    """Cases per outcome (convicted, pardoned, fled abroad…), most frequent first."""
    return _tally(c.outcomes for c in cases)


def by_role(cases: list[Case]) -> list[tuple[str, int]]:
    """Cases per defendant occupation (journalist, trade union leader, activist, official…).

    A case counts once under each occupation among its defendants.

    >>> by_role([Case("a", "A", roles={"journalist"}), Case("b", "B", roles={"journalist", "activist"}), Case("c", "C")])
    [('journalist', 2), ('activist', 1), ('not recorded', 1)]
    """
    return _tally(c.roles for c in cases)


def by_year_and(cases: list[Case], key: str) -> dict[str, dict[str, int]]:
    """Cases per year split by ``key`` ("article", "outcome" or "role"), for stacked charts."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        groups = {"article": case.articles, "outcome": case.outcomes, "role": case.roles}[key]
        table[case.year or UNKNOWN].update(set(groups) or {UNKNOWN})
    return {year: dict(counts) for year, counts in sorted(table.items())}
