"""Any SPARQL 1.1 endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever…) as the store.

Reads use the SPARQL 1.1 Protocol; a load uploads into a staging graph (Graph Store Protocol
``PUT`` when a store URL is configured, else ``INSERT DATA`` in chunks) and publishes it with
one ``MOVE <staging> TO DEFAULT`` update, so a failed upload leaves the default graph as it was.

Bindings travel as a ``VALUES`` block (see ``binding.py``), as in the embedded backends.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import httpx
import pyoxigraph as ox

from ..errors import InputSyntaxError, StoreError
from .base import Bindings, Prefixes, Progress, Row, rows_of
from .binding import bind

STAGING_GRAPH = "https://kzgraph.org/graph/staging"
CHUNK = 5000


def with_prefixes(query: str, prefixes: Prefixes | None) -> str:
    """Declare ``prefixes`` in front of the query (the protocol has no other way)."""
    if not prefixes:
        return query
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()) + query


class RemoteStore:
    """A store behind HTTP; see the module docstring."""

    name = "remote"

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 *, timeout: float = 60.0) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.store_url = store_url
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)

    def _post_query(self, query: str, accept: str) -> httpx.Response:
        try:
            response = self._http.post(self.query_url, data={"query": query}, headers={"Accept": accept})
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL endpoint {self.query_url} unreachable: {exc}") from None
        if response.status_code == 400:
            raise InputSyntaxError(f"malformed query: {response.text.strip()[:500]}")
        if response.status_code >= 300:
            raise StoreError(f"SPARQL endpoint answered {response.status_code}: {response.text[:300]}")
        return response

    def _solutions(self, query: str, bindings: Bindings | None, prefixes: Prefixes | None) -> object:
        response = self._post_query(bind(with_prefixes(query, prefixes), bindings),
                                    "application/sparql-results+json")
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def select(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[Row]:
        return rows_of(self._solutions(query, bindings, prefixes))

    def ask(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> bool:
        result = self._solutions(query, bindings, prefixes)
        if not isinstance(result, ox.QueryBoolean):
            raise InputSyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[ox.Triple]:
        response = self._post_query(bind(with_prefixes(query, prefixes), bindings), "application/n-triples")
        return [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]

    def _update(self, update: str) -> None:
        if not self.update_url:
            raise StoreError("this remote store is read-only: set KZGRAPH_REMOTE_UPDATE_URL to load into it")
        try:
            response = self._http.post(self.update_url, data={"update": update})
        except httpx.HTTPError as exc:
            raise StoreError(f"SPARQL update endpoint {self.update_url} unreachable: {exc}") from None
        if response.status_code >= 300:
            raise StoreError(f"SPARQL update answered {response.status_code}: {response.text[:300]}")

    def replace(self, triples: Sequence[ox.Triple], progress: Progress | None = None) -> None:
        if not triples:
            self._update("CLEAR DEFAULT")
            return
        self._update(f"DROP SILENT GRAPH <{STAGING_GRAPH}>")
        if self.store_url:
            buffer = io.BytesIO()
            ox.serialize(triples, buffer, format=ox.RdfFormat.N_TRIPLES)
            try:
                response = self._http.put(self.store_url, params={"graph": STAGING_GRAPH}, content=buffer.getvalue(),
                                          headers={"Content-Type": "application/n-triples"})
            except httpx.HTTPError as exc:
                raise StoreError(f"graph store {self.store_url} unreachable: {exc}") from None
            if response.status_code >= 300:
                raise StoreError(f"graph store answered {response.status_code}: {response.text[:300]}")
            if progress is not None:
                progress(len(triples))
        else:
            for start in range(0, len(triples), CHUNK):
                chunk = triples[start:start + CHUNK]
                body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in chunk)
                self._update(f"INSERT DATA {{ GRAPH <{STAGING_GRAPH}> {{\n{body}\n}} }}")
                if progress is not None:
                    progress(len(chunk))
        self._update(f"MOVE SILENT <{STAGING_GRAPH}> TO DEFAULT")

    def triples(self) -> Iterator[ox.Triple]:
        yield from self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        value = rows[0].get("n") if rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def close(self) -> None:
        self._http.close()
