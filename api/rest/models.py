"""Response models of the REST API (they document /docs and are checked by schemathesis)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class SearchHit(BaseModel):
    iri: str = Field(examples=["https://kzgraph.org/id/nursultan-nazarbayev"])
    id: str = Field(examples=["kz:nursultan-nazarbayev"])
    label: str = Field(examples=["Nursultan Nazarbayev"])
    type: str = Field(examples=["https://kzgraph.org/ontology#Person"])
    type_label: str = Field(examples=["person"])
    matched: str = Field(description="The label or alias that matched.", examples=["Nazarbaev"])
    score: float = Field(description="100 exact, 90–95 all words as prefixes, below 90 fuzzy.")


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]


class Node(BaseModel):
    iri: str
    label: str
    type: str
    types: list[str]
    depth: int | None = None


class Edge(BaseModel):
    source: str
    target: str
    key: str
    relation: str = Field(description="The relation node (or, for a link, the entity carrying it).")
    kind: str
    kind_label: str
    phrase: str
    detail: str | None = None
    role: str | None = None
    status: str | None = None
    start: str | None = None
    end: str | None = None
    date: str | None = None
    link: bool = False


class Neighbourhood(BaseModel):
    centre: str
    nodes: list[Node]
    edges: list[Edge]
    more: dict[str, int] = Field(description="Neighbours not shown, per node (the '+N more').")


class Hop(Edge):
    sentence: str
    citations: list[dict[str, Any]]
    alternatives: list[Edge] = []


class PathResults(BaseModel):
    source: str
    target: str
    paths: list[list[Hop]]


class TimelineItem(BaseModel):
    date: str
    what: str
    node: str | None
    kind: str
    label: str | None
    sentence: str | None = None


class Stats(BaseModel):
    triples: int
    by_class: dict[str, int]
    by_status: dict[str, int]
    citations: int
    source_documents: int
    cited_reports: int
    direct_edges: int
