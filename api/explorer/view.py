"""A view of the explorer as data: what the URL says (centre, expanded nodes, filters, date) and
which nodes and edges that shows.

The live page assembles its view from ``/api/entities/{id}/neighbourhood`` and ``/api/paths``
calls; this module makes the same calls in-process, in the same order and with the same limit,
so an export of a URL shows what the page at that URL shows. ``visibility`` is the Python twin
of ``visible()`` in ``static/explorer/filters.js``; change both together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.network import EdgeFilter, neighbourhood, paths
from kg.projection import active_on
from kg.terms import PREFIXES

from .style import status_key

LIMIT = 20  # neighbours shown per expanded node before a "+N more" node
PATHS_K = 3
KZ = PREFIXES["kz"]
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def local(iri: str) -> str:
    """The last segment of an IRI: ``…ontology#FamilyTie`` → ``FamilyTie``."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ViewSpec:
    """The state the URL hash carries (``c``, ``x``, ``m``, ``p``, ``all``, ``ht``, ``hk``, ``hs``, ``d``, ``fade``)."""

    centre: str | None = None
    expanded: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    paths: tuple[tuple[str, str], ...] = ()
    whole: bool = False
    hide_types: frozenset[str] = frozenset()
    hide_kinds: frozenset[str] = frozenset()
    hide_statuses: frozenset[str] = frozenset()
    as_of: str | None = None
    fade: bool = False

    @classmethod
    def parse(cls, params: dict[str, str]) -> ViewSpec:
        """Read the URL parameters, dropping anything that is not a plain name or date."""
        def names(key: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(n for n in params.get(key, "").split(",") if NAME.match(n)))
        pairs = tuple((a, b) for a, _, b in (p.partition("~") for p in params.get("p", "").split(","))
                      if NAME.match(a) and NAME.match(b))
        centre = params.get("c", "")
        as_of = params.get("d", "")
        return cls(centre=centre if NAME.match(centre) else None, expanded=names("x"), more=names("m"), paths=pairs,
                   whole=params.get("all") == "1", hide_types=frozenset(names("ht")), hide_kinds=frozenset(names("hk")),
                   hide_statuses=frozenset(names("hs")), as_of=as_of if DATE.match(as_of) else None,
                   fade=params.get("fade") == "1")

    def path_filter(self, graph: nx.MultiDiGraph, statuses: list[str]) -> EdgeFilter:
        """The filter ``/api/paths`` gets, so paths avoid hidden kinds, statuses and (when hiding) dates."""
        kinds = {data["kind"] for _, _, data in graph.edges(data=True)} if self.hide_kinds else set()
        return EdgeFilter(
            statuses=frozenset(PREFIXES["kzv"] + s for s in statuses if s not in self.hide_statuses)
            if self.hide_statuses else frozenset(),
            kinds=frozenset(k for k in kinds if local(k) not in self.hide_kinds),
            as_of=None if self.fade else self.as_of)


@dataclass
class View:
    """Nodes and edges of a view before filtering, keyed as the page keys them."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    more: dict[str, int] = field(default_factory=dict)
    path_edges: set[str] = field(default_factory=set)
    pinned: set[str] = field(default_factory=set)

    def merge(self, part: dict[str, Any]) -> None:
        for node in part["nodes"]:
            self.nodes.setdefault(node["iri"], node)
        for edge in part["edges"]:
            self.edges.setdefault(edge["key"], edge)


def build(graph: nx.MultiDiGraph, spec: ViewSpec, statuses: list[str]) -> View:
    """Everything the page would have fetched for ``spec``, in the page's order."""
    view = View()
    if spec.whole:
        view.merge({"nodes": [{"iri": n, **d} for n, d in graph.nodes(data=True)],
                    "edges": [{"source": u, "target": v, "key": k, **d} for u, v, k, d in graph.edges(keys=True, data=True)
                              if EdgeFilter().accepts(d)]})
    for slug in ([spec.centre] if spec.centre else []) + list(spec.expanded):
        iri = KZ + slug
        if iri not in graph:
            continue
        part = neighbourhood(graph, iri, 1, LIMIT, EdgeFilter(), expand_all=slug in spec.more)
        view.merge(part)
        view.pinned.add(iri)
        if not spec.whole and part["more"].get(iri):
            view.more[iri] = part["more"][iri]
    for a, b in spec.paths:
        if KZ + a not in graph or KZ + b not in graph:
            continue
        for hops in paths(graph, KZ + a, KZ + b, PATHS_K, 6, spec.path_filter(graph, statuses)):
            for hop in hops:
                for end in (hop["source"], hop["target"]):
                    view.nodes.setdefault(end, {"iri": end, **graph.nodes[end]})
                view.edges.setdefault(hop["key"], {k: v for k, v in hop.items() if k not in ("sentence", "alternatives")})
                view.path_edges.add(hop["key"])
        view.pinned.update({KZ + a, KZ + b})
    return view


@dataclass
class Visibility:
    nodes: set[str]
    edges: set[str]
    faded_nodes: set[str]
    faded_edges: set[str]
    more: set[str]  # parents whose "+N more" node shows


def visibility(view: View, spec: ViewSpec, family: dict[str, str]) -> Visibility:
    """Which nodes and edges show, and which are faded, under the spec's filters and date.

    A node of a hidden type never shows; an edge shows if its kind and status are not hidden,
    both ends' types show and (unless fading) it may be in force on the date; a node shows if it
    is pinned (centre, expanded, path end) or has a showing edge. When fading, edges not in force
    are faded, and so are unpinned nodes all of whose showing edges are faded.
    """
    def type_ok(iri: str) -> bool:
        return family.get(view.nodes[iri].get("type", ""), "other") not in spec.hide_types
    shown_edges: set[str] = set()
    faded_edges: set[str] = set()
    for key, e in view.edges.items():
        if local(e["kind"]) in spec.hide_kinds or status_key(e.get("status")) in spec.hide_statuses:
            continue
        if not (type_ok(e["source"]) and type_ok(e["target"])):
            continue
        active = spec.as_of is None or active_on(e.get("start"), e.get("end"), e.get("date"), spec.as_of)
        if not active and not spec.fade:
            continue
        shown_edges.add(key)
        if not active:
            faded_edges.add(key)
    lively: dict[str, bool] = {}
    for key in shown_edges:
        e = view.edges[key]
        for end in (e["source"], e["target"]):
            lively[end] = lively.get(end, False) or key not in faded_edges
    shown_nodes = {n for n in view.nodes if type_ok(n) and (n in view.pinned or n in lively)}
    faded_nodes = {n for n in shown_nodes if n not in view.pinned and not lively.get(n, False)}
    return Visibility(shown_nodes, shown_edges, faded_nodes, faded_edges,
                      {n for n in view.more if n in shown_nodes})
