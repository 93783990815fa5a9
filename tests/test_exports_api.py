"""``/api/export`` and ``/api/context.jsonld`` over HTTP."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import networkx as nx
import pytest
import rdflib

from .conftest import Server


@pytest.mark.parametrize("fmt,media", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                       ("jsonld", "application/ld+json"), ("graphml", "application/graphml+xml"),
                                       ("gexf", "application/gexf+xml"), ("csv", "application/zip"),
                                       ("ftm", "application/x-ndjson")])
def test_export_formats(server: Server, fmt: str, media: str) -> None:
    response = httpx.get(f"{server.base}/api/export", params={"format": fmt}, timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "ttl":
        assert len(rdflib.Graph().parse(data=response.text, format="turtle")) > 10000
    elif fmt == "gexf":
        assert nx.read_gexf(io.BytesIO(response.content)).number_of_edges() > 100
    elif fmt == "csv":
        assert sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == ["edges.csv", "nodes.csv"]
    elif fmt == "ftm":
        assert all(json.loads(line)["schema"] for line in response.text.splitlines())


def test_export_slices_and_bad_input(server: Server) -> None:
    whole = httpx.get(f"{server.base}/api/export", params={"format": "graphml"}, timeout=120)
    sliced = httpx.get(f"{server.base}/api/export", params={"format": "graphml", "as_of": "2005", "alleged": "false"},
                       timeout=120)
    assert sliced.status_code == 200
    assert nx.read_graphml(io.BytesIO(sliced.content)).number_of_edges() < \
        nx.read_graphml(io.BytesIO(whole.content)).number_of_edges()
    assert httpx.get(f"{server.base}/api/export", params={"format": "xml"}).status_code in (400, 422)
    bad = httpx.get(f"{server.base}/api/export", params={"format": "ttl", "as_of": "2005"})
    assert bad.status_code == 400 and "as-of" in bad.json()["error"]["message"]


def test_context_is_published(server: Server) -> None:
    response = httpx.get(f"{server.base}/api/context.jsonld")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["@context"]["kzo"] == "https://kzgraph.org/ontology#"
