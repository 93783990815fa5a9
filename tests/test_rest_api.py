"""The REST API over HTTP: search by any spelling, profiles with sources, paths cited hop by hop."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from .conftest import Server

SPELLINGS = [
    ("Nursultan Nazarbayev", "nursultan-nazarbayev"), ("Nazarbaev", "nursultan-nazarbayev"),
    ("Назарбаев", "nursultan-nazarbayev"), ("Nazarbayev Nursultan", "nursultan-nazarbayev"),
    ("Nursultan Nazarbaev", "nursultan-nazarbayev"), ("Nursultan Nazarbayv", "nursultan-nazarbayev"),
    ("Muktar Ablyazov", "mukhtar-ablyazov"), ("Mukhtar Ablyazov", "mukhtar-ablyazov"),
    ("Maks Bokaev", "max-bokayev"), ("Max Bokayev", "max-bokayev"), ("Bokaev Maks", "max-bokayev"),
    ("Talgat Ayanov", "talgat-ayan"), ("Kassym-Jomart Tokayev", "kassym-jomart-tokayev"),
    ("Qasym-Jomart Toqaev", "kassym-jomart-tokayev"), ("Тоқаев", "kassym-jomart-tokayev"),
    ("Nur Otan", "nur-otan"), ("Nur-Otan", "nur-otan"), ("DVK", "democratic-choice-of-kazakhstan"),
    ("QDT", "democratic-choice-of-kazakhstan"), ("Dariga Nazarbaeva", "dariga-nazarbayeva"),
    ("Timur Kulibaev", "timur-kulibayev"), ("Alma-Ata", "almaty"),
]


@pytest.mark.parametrize("query,slug", SPELLINGS)
def test_search_finds_the_right_entity_first(server: Server, query: str, slug: str) -> None:
    response = httpx.get(f"{server.base}/api/search", params={"q": query})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert hits and hits[0]["iri"] == f"https://kzgraph.org/id/{slug}", [h["label"] for h in hits[:3]]


def test_search_filters_by_type(server: Server) -> None:
    hits = httpx.get(f"{server.base}/api/search", params={"q": "Nazarbayev", "type": "Organisation"}).json()["hits"]
    assert all("Person" not in h["type"] for h in hits)


def test_profile_groups_relations_and_cites_them(server: Server) -> None:
    profile = httpx.get(f"{server.base}/api/entities/dariga-nazarbayeva").json()
    assert profile["label"] == "Dariga Nazarbayeva"
    assert "family tie" in profile["relations"]
    for relations in profile["relations"].values():
        for relation in relations:
            assert relation["citations"], relation
            assert all(c["quote"] and c["document"]["title"] for c in relation["citations"])


def test_paths_cite_every_hop(server: Server) -> None:
    data = httpx.get(f"{server.base}/api/paths", params={"from": "Timur Kulibayev", "to": "Nursultan Nazarbayev",
                                                         "k": 3}).json()
    assert data["paths"]
    for path in data["paths"]:
        for hop in path:
            assert hop["sentence"] and hop["citations"], hop


def test_neighbourhood_caps_with_more(server: Server) -> None:
    data = httpx.get(f"{server.base}/api/entities/nursultan-nazarbayev/neighbourhood", params={"limit": 5}).json()
    assert len(data["nodes"]) == 6
    assert data["more"]["https://kzgraph.org/id/nursultan-nazarbayev"] > 0


def test_as_of_filter_drops_later_relations(server: Server) -> None:
    url = f"{server.base}/api/entities/kassym-jomart-tokayev/neighbourhood"
    early = httpx.get(url, params={"as_of": "1995", "limit": 500}).json()
    late = httpx.get(url, params={"limit": 500}).json()
    assert len(early["edges"]) < len(late["edges"])


@pytest.mark.parametrize("path,status", [
    ("/api/entities/no-such-person", 404), ("/api/entities/%3Cscript%3E", 404),
    ("/api/search?q=", 422), ("/api/search?q=x&limit=100000", 422),
    ("/api/entities/nur-otan/neighbourhood?as_of=yesterday", 422), ("/api/paths?from=Nur%20Otan", 422),
    ("/api/paths?from=Nur%20Otan&to=Nobody%20At%20All", 404), ("/api/queries/no-such-query", 404),
    ("/id/no-such-person", 404), ("/no/such/page", 404),
])
def test_one_json_error_shape(server: Server, path: str, status: int) -> None:
    response = httpx.get(server.base + path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]


def test_entity_iris_dereference(server: Server) -> None:
    html = httpx.get(f"{server.base}/id/nur-otan", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Nur Otan" in html.text and html.headers["content-type"].startswith("text/html")
    turtle = httpx.get(f"{server.base}/id/nur-otan", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and "PoliticalParty" in turtle.text
    jsonld = httpx.get(f"{server.base}/id/nur-otan", headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and jsonld.json()


def test_openapi_docs(server: Server) -> None:
    spec = httpx.get(f"{server.base}/openapi.json").json()
    assert {"/api/search", "/api/paths", "/api/entities/{entity}", "/sparql"} <= set(spec["paths"])
    assert httpx.get(f"{server.base}/docs").status_code == 200


def test_indexes_are_built_in_the_background_after_start(server: Server) -> None:
    """The search index and the graph are built ahead of use, and /api/health says when they are."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        health = httpx.get(f"{server.base}/api/health").json()
        if {"search", "graph", "explorer-meta"} <= set(health["indexes_ready"]):
            break
        time.sleep(0.2)
    assert {"search", "graph", "vocabulary", "explorer-meta"} <= set(health["indexes_ready"]), health


def test_without_warming_an_index_is_built_on_first_use(loaded_store_dir: Path) -> None:
    running = Server({"KZGRAPH_STORE_DIR": str(loaded_store_dir), "KZGRAPH_WARM_INDEXES": "false",
                      "KZGRAPH_SPARQL_WORKERS": "1"})
    try:
        assert httpx.get(f"{running.base}/api/health").json()["indexes_ready"] == []
        assert httpx.get(f"{running.base}/api/search", params={"q": "Nazarbayev"}).status_code == 200
        ready = httpx.get(f"{running.base}/api/health").json()["indexes_ready"]
        assert "search" in ready and "graph" not in ready  # the search needed no graph projection
    finally:
        running.stop()
