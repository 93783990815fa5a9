"""/sparql with real clients, and the safety guarantees: read-only, never fetches, bounded."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, TSV, XML, SPARQLWrapper

from .conftest import Server, free_port

PERSONS = """PREFIX kzo: <https://kzgraph.org/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?p ?name WHERE { ?p a kzo:Person ; skos:prefLabel ?name FILTER(?name = "Timur Kulibayev"@en) }"""
CONSTRUCT = """PREFIX kz: <https://kzgraph.org/id/>
CONSTRUCT { kz:nur-otan ?p ?o } WHERE { kz:nur-otan ?p ?o }"""
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def wrapper(server: Server, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server.base}/sparql")
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_in_every_format(server: Server, method: str) -> None:
    client = wrapper(server, method)
    client.setQuery(PERSONS)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    assert isinstance(data, dict)
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Timur Kulibayev"]
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()
    assert "Timur Kulibayev" in xml.toxml()  # type: ignore[union-attr]
    for fmt, separator in ((CSV, ","), (TSV, "\t")):
        client.setReturnFormat(fmt)
        text = client.queryAndConvert()
        assert isinstance(text, bytes)
        lines = text.decode().strip().splitlines()
        assert len(lines) == 2 and "Timur Kulibayev" in lines[1] and separator in lines[0]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_construct_and_ask(server: Server, method: str) -> None:
    client = wrapper(server, method)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(N3)
    graph = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert (rdflib.URIRef("https://kzgraph.org/id/nur-otan"), rdflib.RDF.type,
            rdflib.URIRef("https://kzgraph.org/ontology#PoliticalParty")) in graph
    client.setQuery("ASK { ?s ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(server: Server) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server.base}/sparql", returnFormat="json"))
    rows = list(graph.query(PERSONS))
    assert [str(r[1]) for r in rows] == ["Timur Kulibayev"]  # type: ignore[index]


@pytest.mark.parametrize("accept,marker", [
    ("application/sparql-results+json", '"bindings"'), ("application/sparql-results+xml", "<sparql"),
    ("text/csv", "p,name"), ("text/tab-separated-values", "?p\t?name")])
def test_curl_select(server: Server, accept: str, marker: str) -> None:
    out = subprocess.run(["curl", "-sS", "-D", "-", "-H", f"Accept: {accept}", "--data-urlencode", f"query={PERSONS}",
                          f"{server.base}/sparql"], capture_output=True, text=True, timeout=30).stdout
    assert f"content-type: {accept}" in out.lower() and marker in out


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_curl_construct(server: Server, accept: str, fmt: str) -> None:
    result = subprocess.run(["curl", "-sS", "-H", f"Accept: {accept}", "-H", "Content-Type: application/sparql-query",
                             "--data-binary", CONSTRUCT, f"{server.base}/sparql"], capture_output=True, timeout=30)
    graph = rdflib.Graph().parse(data=result.stdout, format=fmt)
    assert len(graph) > 3


def test_service_description(server: Server) -> None:
    response = httpx.get(f"{server.base}/sparql", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph


def test_malformed_query_is_400_with_position(server: Server) -> None:
    response = httpx.get(f"{server.base}/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "syntax_error" and "1:" in error["message"]


@pytest.mark.parametrize("update", ["DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "LOAD <http://127.0.0.1:9/data.ttl>", "CLEAR DEFAULT"])
def test_updates_are_refused_and_nothing_changes(server: Server, update: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = httpx.get(f"{server.base}/sparql", params={"query": count}).json()
    for request in (
        lambda: httpx.post(f"{server.base}/sparql", data={"update": update}),
        lambda: httpx.post(f"{server.base}/sparql", content=update, headers={"Content-Type": "application/sparql-update"}),
        lambda: httpx.post(f"{server.base}/sparql", data={"query": update}),
    ):
        response = request()
        assert response.status_code in (400, 403), response.text
        assert "error" in response.json()
    assert httpx.get(f"{server.base}/sparql", params={"query": count}).json() == before


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # http.server's naming
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def loopback_listener() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that records anything it receives (it must receive nothing)."""
    Recorder.hits = []
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    httpd.shutdown()


def test_service_is_refused_and_fetches_nothing(server: Server, loopback_listener: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{loopback_listener}sparql> {{ ?s ?p ?o }} }}"
    for variant in (query, query.replace("SERVICE", "service"), query.replace("SERVICE", "SERVICE SILENT")):
        response = httpx.post(f"{server.base}/sparql", data={"query": variant})
        assert response.status_code == 403
        assert "SERVICE" in response.json()["error"]["message"]
    time.sleep(0.5)
    assert Recorder.hits == []


def test_from_a_local_file_or_url_loads_nothing(server: Server, loopback_listener: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'leaked' .\n", encoding="utf-8")
    for source in (secret.as_uri(), "file:///etc/passwd", loopback_listener + "data.ttl"):
        query = f"SELECT ?o FROM <{source}> WHERE {{ ?s ?p ?o }}"
        response = httpx.get(f"{server.base}/sparql", params={"query": query},
                             headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200
        assert response.json()["results"]["bindings"] == []  # FROM names a graph of the store, which has none
        named = httpx.get(f"{server.base}/sparql", params={"query": f"SELECT * FROM NAMED <{source}> WHERE "
                                                                 "{ GRAPH ?g { ?s ?p ?o } }"})
        assert named.status_code == 200 and named.json()["results"]["bindings"] == []
    assert Recorder.hits == []


def test_explosive_query_is_cut_while_others_answer(server: Server) -> None:
    outcome: dict[str, object] = {}

    def explode() -> None:
        started = time.monotonic()
        response = httpx.post(f"{server.base}/sparql", data={"query": EXPLOSIVE}, timeout=60)
        outcome["status"], outcome["body"], outcome["seconds"] = response.status_code, response.json(), \
            time.monotonic() - started

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    quick = []
    for _ in range(5):
        started = time.monotonic()
        response = httpx.get(f"{server.base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        quick.append((response.status_code, time.monotonic() - started))
    thread.join(timeout=60)
    assert all(status == 200 for status, _ in quick)
    assert max(seconds for _, seconds in quick) < 2.5, quick
    assert outcome["status"] == 503
    assert "limit" in json.dumps(outcome["body"])
    assert 2.5 < float(outcome["seconds"]) < 15  # type: ignore[arg-type]
    after = httpx.get(f"{server.base}/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200  # the killed worker was replaced


def test_row_cap_is_an_error_not_a_silent_truncation(server: Server) -> None:
    response = httpx.get(f"{server.base}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "result_too_large"
    limited = httpx.get(f"{server.base}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5000"})
    assert limited.status_code == 200 and len(limited.json()["results"]["bindings"]) == 5000


def test_request_size_cap(server: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    assert httpx.post(f"{server.base}/sparql", data={"query": big}).status_code == 413
    direct = httpx.post(f"{server.base}/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert direct.status_code == 413 and direct.json()["error"]["code"] == "too_large"


def test_headers_leak_no_server_version_and_forbid_remote_script(server: Server) -> None:
    response = httpx.get(f"{server.base}/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "<textarea" in response.text
    assert "server" not in response.headers
    assert "script-src 'self'" in response.headers["content-security-policy"]
