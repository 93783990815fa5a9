"""The projection as GraphML and GEXF for Gephi, yEd or Cytoscape, and as two CSV tables.

Writers need flat values: every attribute becomes a string or a number and a missing one is
left out (networkx's writers reject ``None``, and Gephi reads an empty string as a value).
Dates are kept as ISO strings under ``start_date``/``end_date``/``date`` — not GEXF's own
``start``/``end``, which would make the file dynamic and require one date format.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ..terms import shorten

NODE_FIELDS = ("id", "iri", "label", "type", "types")
EDGE_FIELDS = ("id", "source", "target", "relation", "kind", "kind_label", "phrase", "detail", "role", "status",
               "start_date", "end_date", "date", "link", "direct")
_RENAME = {"start": "start_date", "end": "end_date"}


def _flat(value: Any) -> str | int | float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, Iterable):
        return " ".join(str(v) for v in value)
    return str(value)


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose node and edge attributes are strings or numbers only (no None, lists or dicts).

    Nodes get ``iri`` and a short ``id``-like ``curie``; edges get ``id`` (their key), which Gephi shows.
    """
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if k != "citations"}
        attrs.update(iri=node, curie=shorten(node))
        out.add_node(node, **{k: v for k, v in attrs.items() if v is not None and v != ""})
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {_RENAME.get(k, k): _flat(value) for k, value in data.items() if k not in ("citations", "alternatives")}
        attrs["id"] = str(key)
        out.add_edge(u, v, key=str(key), **{k: val for k, val in attrs.items() if val is not None and val != ""})
    return out


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML text (UTF-8) of the projection."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(graph), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 text (UTF-8) of the projection; Gephi shows ``label`` and colours by ``type``."""
    buffer = io.BytesIO()
    flat = flat_graph(graph)
    for _, data in flat.nodes(data=True):
        data.setdefault("label", data.get("curie", ""))
    nx.write_gexf(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def csv_tables(graph: nx.MultiDiGraph) -> dict[str, str]:
    """``nodes.csv`` and ``edges.csv`` as text: one row per entity and one per edge."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(NODE_FIELDS)
    for node, data in sorted(graph.nodes(data=True)):
        writer.writerow([shorten(node), node, data.get("label", ""), data.get("type", ""),
                         _flat(data.get("types", ())) or ""])
    edges = io.StringIO()
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(EDGE_FIELDS)
    for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        row = {**{_RENAME.get(k, k): _flat(val) for k, val in data.items()}, "id": str(key), "source": u, "target": v}
        writer.writerow(["" if row.get(f) is None else row[f] for f in EDGE_FIELDS])
    return {"nodes.csv": nodes.getvalue(), "edges.csv": edges.getvalue()}


def csv_zip(graph: nx.MultiDiGraph) -> bytes:
    """The two CSV tables in one zip file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in csv_tables(graph).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def write_csv_folder(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (created if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in csv_tables(graph).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
