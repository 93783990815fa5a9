"""``/api/explorer/...`` and ``/api/export/...``: what the explorer page needs beyond the REST API.

The legend and filter choices, the whole graph for big views, and the offline HTML export of a
view described by the same parameters as the page's URL hash.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from ..errors import ERROR_RESPONSES
from ..rest.router import graph_of
from ..state import AppState, State
from .export import BY_KEY, vis_graph
from .meta import explorer_meta
from .pyvis_export import policy, to_html
from .style import STATUSES
from .view import KZ, ViewSpec, build, visibility

router = APIRouter(prefix="/api", tags=["Explorer"], responses=ERROR_RESPONSES)


def meta_of(state: AppState) -> dict[str, Any]:
    return state.cached("explorer-meta", lambda: explorer_meta(state.store, graph_of(state)))


@router.get("/explorer/meta", summary="Legend, filters and date range of the explorer")
def meta(state: State) -> dict[str, Any]:
    """Entity families (colour, shape, classes), claim statuses, relation kinds present with counts,
    the span of years dated relations cover, and the per-node neighbour limit."""
    return meta_of(state)


@router.get("/explorer/graph", summary="The whole graph, for the explorer's big view")
def whole_graph(state: State) -> dict[str, Any]:
    """Every entity and every edge that is not denied or overturned, in the neighbourhood shape."""
    view = build(graph_of(state), ViewSpec(whole=True), [])
    return {"nodes": list(view.nodes.values()), "edges": list(view.edges.values())}


@router.get("/explorer/nodes", summary="Labels and types of some entities")
def nodes(state: State,
          id: Annotated[list[str], Query(max_length=200, description="Entity IRIs, repeated.")]) -> list[dict[str, Any]]:
    """What the explorer draws for entities it reaches by a path rather than a neighbourhood."""
    graph = graph_of(state)
    return [{"iri": iri, **graph.nodes[iri]} for iri in id[:500] if iri in graph]


@router.get("/export/view.html", response_class=HTMLResponse, summary="The view as one offline HTML file")
def export_view(state: State,
                c: Annotated[str | None, Query(max_length=200, description="Centre entity id (slug).")] = None,
                x: Annotated[str | None, Query(max_length=8000, description="Expanded entity ids, comma-separated.")] = None,
                m: Annotated[str | None, Query(max_length=8000, description="Entities whose '+N more' was expanded.")] = None,
                p: Annotated[str | None, Query(max_length=4000, description="Paths as from~to, comma-separated.")] = None,
                whole: Annotated[str | None, Query(alias="all", pattern="^[01]$", description="1: the whole graph.")] = None,
                ht: Annotated[str | None, Query(max_length=2000, description="Hidden entity families.")] = None,
                hk: Annotated[str | None, Query(max_length=4000, description="Hidden relation kinds.")] = None,
                hs: Annotated[str | None, Query(max_length=2000, description="Hidden claim statuses.")] = None,
                d: Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="As of this date.")] = None,
                fade: Annotated[str | None, Query(pattern="^[01]$", description="1: fade, not hide, what the date excludes.")]
                = None) -> HTMLResponse:
    """The page's view (same parameters as its URL hash) drawn by vis-network inlined in the file,
    with the data and legend; it opens with networking off."""
    given = {"c": c, "x": x, "m": m, "p": p, "all": whole, "ht": ht, "hk": hk, "hs": hs, "d": d, "fade": fade}
    spec = ViewSpec.parse({k: v for k, v in given.items() if v})
    graph = graph_of(state)
    meta = meta_of(state)
    view = build(graph, spec, [k for k, _ in STATUSES])
    shown = visibility(view, spec, meta["classes"])
    centre = KZ + spec.centre if spec.centre else None
    title = "kzgraph: " + (graph.nodes[centre]["label"] if centre in graph else "whole graph" if spec.whole else "view")
    note = f"{len(shown.nodes)} entities, {len(shown.edges)} relations" + (f", as of {spec.as_of}" if spec.as_of else "") + \
        ". Exported from kzgraph; every relation carries its sources in the graph."
    legend = [{"label": BY_KEY[k].label, "colour": BY_KEY[k].colour, "shape": BY_KEY[k].shape}
              for k in dict.fromkeys(meta["classes"].get(view.nodes[n].get("type", ""), "other") for n in shown.nodes)]
    html = to_html(vis_graph(view, shown, graph, meta["classes"], centre), title=title, note=note, legend=legend)
    slug = (spec.centre or "view").replace(".", "-")
    return HTMLResponse(html, headers={"Content-Security-Policy": policy(),
                                       "Content-Disposition": f'attachment; filename="kzgraph-{slug}.html"'})
