"""Exports of the whole graph: RDF (Turtle, N-Triples, JSON-LD), network files (GraphML, GEXF, CSV)
and FollowTheMoney entities — one ``export`` call shared by ``kzgraph export`` and ``/api/export``.

RDF formats carry every triple (data, ontology and derived edges) so a reload is isomorphic;
network formats carry the projection (entities and edges with kind, dates, status), optionally
without alleged edges or sliced "as of" a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..projection import project
from ..store import GraphStore
from . import graphs, rdf


@dataclass(frozen=True)
class Export:
    """A serialised graph: the bytes, their media type and a suggested file name."""

    data: bytes
    media_type: str
    filename: str


MEDIA_TYPES = {
    "ttl": ("text/turtle; charset=utf-8", "kzgraph.ttl"),
    "nt": ("application/n-triples", "kzgraph.nt"),
    "jsonld": ("application/ld+json", "kzgraph.jsonld"),
    "graphml": ("application/graphml+xml", "kzgraph.graphml"),
    "gexf": ("application/gexf+xml", "kzgraph.gexf"),
    "csv": ("application/zip", "kzgraph-csv.zip"),
    "ftm": ("application/x-ndjson", "kzgraph.ftm.json"),
}
FORMATS = tuple(MEDIA_TYPES)
RDF_FORMATS = ("ttl", "nt", "jsonld")


def export(store: GraphStore, fmt: str, *, include_alleged: bool = True, as_of: str | None = None) -> Export:
    """Serialise the store in ``fmt`` (one of ``FORMATS``); the filters apply to network formats only."""
    if fmt not in MEDIA_TYPES:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    media_type, filename = MEDIA_TYPES[fmt]
    if fmt in RDF_FORMATS:
        if not include_alleged or as_of:
            raise UsageError("the alleged and as-of filters apply to graphml, gexf, csv and ftm; RDF exports are always complete")
        data = {"ttl": rdf.turtle, "nt": rdf.ntriples, "jsonld": rdf.jsonld}[fmt](store)
        return Export(data, media_type, filename)
    graph = project(store, include_alleged=include_alleged, as_of=as_of)
    if fmt == "graphml":
        data = graphs.graphml(graph)
    elif fmt == "gexf":
        data = graphs.gexf(graph)
    elif fmt == "csv":
        data = graphs.csv_zip(graph)
    else:
        from .ftm import ftm_lines  # followthemoney takes most of a second to import

        data = ftm_lines(graph, store)
    return Export(data, media_type, filename)


__all__ = ["FORMATS", "MEDIA_TYPES", "Export", "export"]
