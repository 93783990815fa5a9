"""Exports: RDF round trips are isomorphic, GraphML/GEXF/CSV parse and keep the edge data, FtM validates."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from followthemoney import model
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import UsageError
from kg.exports import FORMATS, export
from kg.exports.ftm import entity_id
from kg.exports.rdf import CONTEXT_PATH, to_rdflib
from kg.projection import project
from kg.store import MemoryStore
from kg.terms import PREFIXES

from .conftest import MINI, load_memory

KZ = "https://kzgraph.org/id/"


@pytest.fixture(scope="module", params=["mini", "data"])
def store(request: pytest.FixtureRequest) -> Iterator[MemoryStore]:
    loaded = load_memory([MINI] if request.param == "mini" else None)
    yield loaded
    loaded.close()


def _canonical(graph: rdflib.Graph) -> set[ox.Quad]:
    """Oxigraph's RDFC-1.0 canonical form: rdflib's ``isomorphic`` takes minutes on the full data's blank nodes."""
    dataset = ox.Dataset(ox.parse(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def _assert_isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> None:
    if len(a) > 5000:  # the bundled data
        assert len(a) == len(b)
        assert _canonical(a) == _canonical(b)
        return
    if isomorphic(a, b):
        return
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    pytest.fail("graphs differ:\nonly before:\n" + only_a.serialize(format="nt")[:2000]
                + "\nonly after:\n" + only_b.serialize(format="nt")[:2000])


@pytest.mark.parametrize("fmt,suffix", [("ttl", ".ttl"), ("nt", ".nt")])
def test_turtle_load_export_reload_is_isomorphic(mini: MemoryStore, tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_bytes(export(mini, fmt).data)
    reloaded = load_memory([path])
    _assert_isomorphic(to_rdflib(mini), to_rdflib(reloaded))


def test_jsonld_parses_back_isomorphic(store: MemoryStore) -> None:
    data = export(store, "jsonld").data
    document = json.loads(data)
    assert document["@context"]["kzo"] == PREFIXES["kzo"]
    parsed = rdflib.Graph().parse(data=data, format="json-ld")
    _assert_isomorphic(to_rdflib(store), parsed)


def test_published_context_is_the_one_embedded() -> None:
    context = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))
    assert {p: context["@context"][p] for p in PREFIXES} == PREFIXES


def test_graphml_and_gexf_parse_with_networkx_and_keep_edge_data(store: MemoryStore) -> None:
    graph = project(store)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        parsed = reader(io.BytesIO(export(store, fmt).data))
        assert parsed.number_of_nodes() == graph.number_of_nodes(), fmt
        assert parsed.number_of_edges() == graph.number_of_edges(), fmt
        kinds = {d.get("kind") for *_, d in parsed.edges(data=True)}
        assert kinds == {d["kind"] for *_, d in graph.edges(data=True)}, fmt
        for node, data in parsed.nodes(data=True):
            assert data.get("type") and data.get("label"), (fmt, node)


def test_gexf_carries_dates_and_status_as_attributes(mini: MemoryStore) -> None:
    parsed = nx.read_gexf(io.BytesIO(export(mini, "gexf").data))
    found = parsed.get_edge_data(KZ + "t-daughter", KZ + "t-husband")
    edge = next(iter(found.values())) if parsed.is_multigraph() else found
    assert (edge["start_date"], edge["end_date"]) == ("1990", "2007-05")
    assert edge["status"].endswith("/reported") and edge["kind"].endswith("#FamilyTie")


def test_network_export_filters(mini: MemoryStore) -> None:
    everything = nx.read_graphml(io.BytesIO(export(mini, "graphml").data))
    reported = nx.read_graphml(io.BytesIO(export(mini, "graphml", include_alleged=False).data))
    assert everything.has_edge(KZ + "t-husband", KZ + "t-fixer") and not reported.has_edge(KZ + "t-husband", KZ + "t-fixer")
    in_2010 = nx.read_graphml(io.BytesIO(export(mini, "graphml", as_of="2010").data))
    assert not in_2010.has_edge(KZ + "t-daughter", KZ + "t-husband")
    with pytest.raises(UsageError):
        export(mini, "ttl", as_of="2010")
    with pytest.raises(UsageError):
        export(mini, "xml")


def test_csv_zip_has_nodes_and_edges(store: MemoryStore) -> None:
    graph = project(store)
    with zipfile.ZipFile(io.BytesIO(export(store, "csv").data)) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert {e["source"] for e in edges} <= {n["iri"] for n in nodes}


def _ftm_rows(store: MemoryStore) -> list[dict[str, object]]:
    return [json.loads(line) for line in export(store, "ftm").data.decode().splitlines()]


def test_ftm_entities_validate_against_the_model(store: MemoryStore) -> None:
    rows = _ftm_rows(store)
    ids = {r["id"] for r in rows}
    assert len(ids) == len(rows)
    for row in rows:
        schema = model.get(str(row["schema"]))
        assert schema is not None and not schema.abstract
        assert schema.validate(row) is None, row  # required properties present, values of the right type
        proxy = model.get_proxy(row, cleaned=False)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (row["id"], prop.name, value)  # every reference resolves


def test_ftm_mapping_of_the_mini_graph(mini: MemoryStore) -> None:
    rows = {r["id"]: r for r in _ftm_rows(mini)}
    assert rows[entity_id(KZ + "t-ruler")]["schema"] == "Person"
    assert rows[entity_id(KZ + "t-party")]["schema"] == "Organization"
    assert rows[entity_id(KZ + "t-court")]["schema"] == "PublicBody"
    assert rows[entity_id(KZ + "t-bank")]["schema"] == "Company"
    assert rows[entity_id(KZ + "t-post")]["schema"] == "Position"
    assert rows[entity_id(KZ + "t-case-1")]["schema"] == "CourtCase"
    family = rows[entity_id(KZ + "t-fam-2")]
    assert family["schema"] == "Family"
    assert family["properties"]["relationship"] == ["former spouse"]
    assert family["properties"]["startDate"] == ["1990"] and family["properties"]["endDate"] == ["2007-05"]
    assert family["properties"]["publisher"] == ["Test Watch"]
    schemas = {r["schema"] for r in rows.values()}
    assert {"Membership", "Directorship", "Ownership", "Occupancy", "Associate", "CourtCaseParty"} <= schemas
    assert entity_id(KZ + "t-assoc-2") not in rows  # denied relations are not exported as links


def test_ftm_validate_cli_accepts_the_export(mini: MemoryStore, tmp_path: Path) -> None:
    source = tmp_path / "entities.ftm.json"
    source.write_bytes(export(mini, "ftm").data)
    ftm = Path(sys.executable).with_name("ftm")
    result = subprocess.run([str(ftm), "validate", "-i", str(source), "-o", str(tmp_path / "out.json")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len((tmp_path / "out.json").read_text().splitlines()) == len(source.read_text().splitlines())


def test_every_format_has_a_media_type(mini: MemoryStore) -> None:
    for fmt in FORMATS:
        result = export(mini, fmt)
        assert result.data and result.media_type and result.filename
