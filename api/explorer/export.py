"""An explorer view as a vis-ready networkx graph: the styling the live page applies in
``static/explorer/style.js``, done in Python for the offline HTML export."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.network import sentence

from .style import FAMILIES, OTHER, PATH_COLOUR, Family, edge_style
from .view import View, Visibility

BY_KEY = {f.key: f for f in (*FAMILIES, OTHER)}


def short(label: str, size: int = 38) -> str:
    """Labels longer than ``size`` characters are cut (the tooltip and panel keep the whole name)."""
    return label if len(label) <= size else label[: size - 1].rstrip() + "…"


def node_style(family: Family, *, centre: bool, pinned: bool, faded: bool) -> dict[str, Any]:
    style: dict[str, Any] = {
        "shape": family.shape, "size": 26 if centre else 19 if pinned else 13,
        "color": {"background": family.colour, "border": "#1d2430" if centre else family.colour,
                  "highlight": {"background": family.colour, "border": "#1d2430"}},
        "borderWidth": 3 if centre else 1,
        "font": {"size": 16 if centre else 14, "color": "#1d2430", "bold": centre}}
    if faded:
        style["opacity"] = 0.25
        style["font"] = {"size": 13, "color": "#b0b6bf"}
    return style


def vis_graph(view: View, vis: Visibility, graph: nx.MultiDiGraph, families: dict[str, str],
              centre: str | None) -> nx.MultiDiGraph:
    """The visible part of ``view`` with vis-network options as attributes (titles as plain text)."""
    out = nx.MultiDiGraph()
    for iri in sorted(vis.nodes):
        node = view.nodes[iri]
        family = BY_KEY.get(families.get(node.get("type", ""), "other"), OTHER)
        out.add_node(iri, label=short(node.get("label", iri)), title=f"{node.get('label', iri)}\n{family.label}",
                     **node_style(family, centre=iri == centre, pinned=iri in view.pinned, faded=iri in vis.faded_nodes))
    for parent in sorted(vis.more):
        more = "more:" + parent
        out.add_node(more, label=f"+{view.more[parent]} more", shape="box", title="Neighbours not shown yet",
                     color={"background": "#eef1f5", "border": "#aab2bd"}, font={"size": 12, "color": "#3c4654"})
        out.add_edge(parent, more, key=more, id=more, color={"color": "#c5cbd3"}, dashes=[3, 3], arrows={"to": False})
    for key in sorted(vis.edges):
        e = view.edges[key]
        style = edge_style(e.get("status"), e.get("end"))
        if key in view.path_edges:
            style.update(color={"color": PATH_COLOUR, "highlight": PATH_COLOUR}, width=3.5, label=e.get("phrase", ""),
                         font={"size": 11, "color": "#8a3200", "strokeWidth": 3, "strokeColor": "#ffffff"})
        if key in vis.faded_edges:
            style["color"] = {**style["color"], "opacity": 0.15}
        out.add_edge(e["source"], e["target"], key=key, id=key, title=sentence(graph, e), **style)
    return out
