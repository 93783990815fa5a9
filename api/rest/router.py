"""``/api/...``: search, entity profiles, neighbourhoods, paths, timelines, statistics, named queries."""

from __future__ import annotations

import re
from typing import Annotated, Any

import networkx as nx
import pyoxigraph as ox
from fastapi import APIRouter, Query

from kg import named_queries
from kg import stats as stats_module
from kg.entities import resolve
from kg.errors import NotFound, UsageError
from kg.network import EdgeFilter, neighbourhood, paths, sentence
from kg.profile import citations_for, profile
from kg.projection import Vocabulary, project, vocabulary
from kg.search import SearchIndex
from kg.terms import KZ, KZO, KZV, PREFIXES, shorten
from kg.timeline import timeline

from ..errors import ERROR_RESPONSES
from ..state import AppState, State
from .models import Neighbourhood, PathResults, SearchHit, SearchResults, Stats, TimelineItem

router = APIRouter(prefix="/api", tags=["REST"], responses=ERROR_RESPONSES)

DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


def vocab_of(state: AppState) -> Vocabulary:
    return state.cached("vocabulary", lambda: vocabulary(state.store))


def graph_of(state: AppState) -> nx.MultiDiGraph:
    return state.cached("graph", lambda: project(state.store, vocab_of(state)))


def index_of(state: AppState) -> SearchIndex:
    return state.cached("search", lambda: SearchIndex.build(state.store))


def entity_iri(state: AppState, name: str) -> str:
    """A slug (``nursultan-nazarbayev``), ``kz:`` name, IRI, label or alias → the entity's IRI."""
    if SLUG.match(name) and str(KZ) + name in graph_of(state):
        return str(KZ) + name
    return resolve(state.store, name).value


def _filter(status: list[str] | None, kind: list[str] | None, as_of: str | None) -> EdgeFilter:
    def expand(values: list[str] | None, base: str) -> frozenset[str]:
        out = set()
        for value in values or []:
            for part in value.split(","):
                part = part.strip()
                if not part:
                    continue
                if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{0,80}", part):
                    raise UsageError(f"not a status or kind name: {part!r}")
                out.add(base + part)
        return frozenset(out)
    return EdgeFilter(statuses=expand(status, str(KZV)), kinds=expand(kind, str(KZO)), as_of=as_of)


StatusFilter = Annotated[list[str] | None, Query(description="Claim statuses to keep: reported, alleged, disputed, "
                                                  "court-established (denied and overturned only when named).")]
KindFilter = Annotated[list[str] | None, Query(description="Relation classes or link properties to keep, e.g. "
                                                "FamilyTie, Membership, Ownership, defendant.")]
AsOf = Annotated[str | None, Query(pattern=DATE, description="Only relations that may be in force on this date "
                                                            "(YYYY, YYYY-MM or YYYY-MM-DD); undated ones are kept.")]


@router.get("/search", response_model=SearchResults, summary="Find entities by any spelling")
def search(state: State, q: Annotated[str, Query(min_length=1, max_length=200, description="A name in any spelling, "
                                                  "transliteration, word order or script.")],
           type: Annotated[list[str] | None, Query(description="Entity classes, e.g. Person, PoliticalParty.")] = None,
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> SearchResults:
    """Ranked matches for a name: exact, word-prefix, then fuzzy (typos, -yev/-ev, Zh/J, Kh/H, Q/K, Cyrillic)."""
    vocab = vocab_of(state)
    for name in type or []:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,80}", name):
            raise UsageError(f"not a class name: {name[:80]!r}")
    types = _with_subclasses(vocab, {str(KZO) + t for t in type}) if type else None
    hits = index_of(state).search(q, limit=limit, types=types)
    return SearchResults(query=q, hits=[SearchHit(iri=h.iri, id=shorten(h.iri), label=h.label, type=h.type,
                                                  type_label=vocab.label(h.type), matched=h.matched, score=h.score)
                                        for h in hits])


def _with_subclasses(vocab: Vocabulary, types: set[str]) -> set[str]:
    """The classes asked for and all their subclasses (Organisation finds parties and banks too)."""
    return types | {cls for cls, supers in vocab.superclasses.items() if supers & types}


@router.get("/entities/{entity}", summary="An entity's profile with every relation and its sources")
def entity_profile(state: State, entity: str) -> dict[str, Any]:
    """Names, aliases, types, facts; relations grouped by kind with dates, claim status and citations
    (document, footnote, verbatim quote, original report); figures by measure side by side."""
    return profile(state.store, entity_iri(state, entity), vocab_of(state))


@router.get("/entities/{entity}/neighbourhood", response_model=Neighbourhood, summary="Neighbours of an entity")
def entity_neighbourhood(state: State, entity: str, depth: Annotated[int, Query(ge=1, le=3)] = 1,
                         limit: Annotated[int, Query(ge=1, le=500, description="Neighbours shown per node; "
                                                     "the rest are counted in 'more'.")] = 50,
                         expand: Annotated[bool, Query(description="Show every neighbour of the centre.")] = False,
                         status: StatusFilter = None, kind: KindFilter = None, as_of: AsOf = None) -> Neighbourhood:
    result = neighbourhood(graph_of(state), entity_iri(state, entity), depth, limit, _filter(status, kind, as_of), expand)
    return Neighbourhood.model_validate(result)


@router.get("/paths", response_model=PathResults, summary="How are A and B connected?")
def connection_paths(state: State,
                     source: Annotated[str, Query(alias="from", min_length=1, max_length=300,
                                                  description="Name, alias, kz: id or IRI.")],
                     target: Annotated[str, Query(alias="to", min_length=1, max_length=300)],
                     k: Annotated[int, Query(ge=1, le=10, description="How many paths.")] = 3,
                     max_hops: Annotated[int, Query(ge=1, le=8)] = 6,
                     status: StatusFilter = None, kind: KindFilter = None, as_of: AsOf = None) -> PathResults:
    """Shortest and alternative paths; every hop is a sentence with its citations."""
    graph = graph_of(state)
    a, b = entity_iri(state, source), entity_iri(state, target)
    found = paths(graph, a, b, k, max_hops, _filter(status, kind, as_of))
    sources = citations_for(state.store, [hop["relation"] for p in found for hop in p])
    for path in found:
        for hop in path:
            hop["citations"] = sources.get(hop["relation"], [])
    return PathResults.model_validate({"source": a, "target": b, "paths": found})


@router.get("/timeline", response_model=list[TimelineItem], summary="Dated statements, in order")
def dated_statements(state: State, entity: Annotated[str | None, Query(max_length=300)] = None,
                     since: AsOf = None, until: AsOf = None) -> list[TimelineItem]:
    graph = graph_of(state)
    iri = entity_iri(state, entity) if entity else None
    edges = {data["relation"]: (u, v, key, data) for u, v, key, data in graph.edges(keys=True, data=True)
             if not data.get("link")}
    items = timeline(state.store, vocab_of(state), iri, since, until)
    for item in items:
        edge = edges.get(item["node"])
        if edge is not None:
            u, v, key, data = edge
            item["sentence"] = sentence(graph, {"source": u, "target": v, "key": key, **data})
    return [TimelineItem.model_validate(i) for i in items]


@router.get("/stats", response_model=Stats, summary="What the graph holds")
def graph_stats(state: State) -> Stats:
    return Stats.model_validate(state.cached("stats", lambda: stats_module.compute(state.store)).__dict__)


@router.get("/queries", summary="The named journalist questions")
def list_queries(state: State) -> list[dict[str, Any]]:
    catalogue = named_queries.catalogue(state.settings.ontology_dir / "queries")
    return [{"name": q.name, "title": q.title, "question": q.question, "description": q.description,
             "parameters": [p.__dict__ for p in q.parameters], "sparql": q.text} for q in catalogue.values()]


@router.get("/queries/{name}", summary="Run a named question")
def run_query(state: State, name: str,
              param: Annotated[list[str] | None, Query(description="NAME=VALUE, repeated.")] = None
              ) -> dict[str, Any]:
    if not re.fullmatch(r"[a-z0-9-]{1,80}", name):
        raise NotFound(f"no named query {name!r}")
    query = named_queries.get(state.settings.ontology_dir / "queries", name)
    values = dict(p.split("=", 1) for p in (param or []) if "=" in p)
    rows = state.store.select(query.text, query.bindings(state.store, values), PREFIXES)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    return {"name": name, "title": query.title, "columns": columns,
            "rows": [{k: _plain(v) for k, v in row.items()} for row in rows]}


def _plain(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


@router.get("/health", summary="Liveness and what is loaded")
def health(state: State) -> dict[str, Any]:
    # the generation's name only: its path on disk is nobody's business
    return {"status": "ok", "store": state.settings.store, "generation": state.generation.name if state.generation else "",
            "triples": len(state.store),
            # the pool starts its workers in the background: a deployment can wait for all of them
            "sparql_workers": {"ready": state.pool.ready if state.pool else 0,
                               "configured": state.pool.size if state.pool else 0},
            # built in the background after a start or a load (KZGRAPH_WARM_INDEXES)
            "indexes_ready": sorted(name for name in list(state.derived) if ":" not in name)}
