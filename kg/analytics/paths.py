"""k shortest connections between two entities, each hop a sentence with its citation.

Built on ``kg.network.paths`` (which reads each hop in its own direction and prefers the
best-sourced edge between two entities); this adds the citations in one batch query.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ..network import EdgeFilter, paths
from ..profile import citations_for
from ..store import GraphStore


def cited_paths(graph: nx.MultiDiGraph, store: GraphStore, source: str, target: str, *, k: int = 3,
                max_hops: int = 6, edge_filter: EdgeFilter | None = None) -> list[list[dict[str, Any]]]:
    """Up to ``k`` shortest paths; every hop has ``sentence``, ``citations`` and ``citation`` (the first, or None).

    Raises ``kg.errors.NotFound`` when either entity is not in the graph; returns ``[]`` when
    they are not connected.
    """
    found = paths(graph, source, target, k, max_hops, edge_filter)
    sources = citations_for(store, [hop["relation"] for path in found for hop in path])
    for path in found:
        for hop in path:
            hop["citations"] = sources.get(hop["relation"], [])
            hop["citation"] = hop["citations"][0] if hop["citations"] else None
    return found


def describe(path: list[dict[str, Any]]) -> str:
    """A path as numbered lines: the sentence, then the source and quote of its first citation."""
    lines = []
    for number, hop in enumerate(path, 1):
        lines.append(f"{number}. {hop['sentence']}")
        citation = hop.get("citation")
        if citation:
            where = ", ".join(x for x in (citation["document"].get("title"), citation.get("section"),
                                          f"fn. {citation['footnote']}" if citation.get("footnote") else None) if x)
            lines.append(f"   — {where}: “{citation['quote']}”")
    return "\n".join(lines)
