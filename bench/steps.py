"""Benchmark steps, each run in a fresh process so its peak memory is its own.

    python -m bench.steps STEP JSON-ARGS     → prints one JSON line with the figures

``run.py`` starts these; they are not meant to be called by hand, but can be for profiling
(``py-spy record -- python -m bench.steps mix '{...}'``).
"""

from __future__ import annotations

import http.client
import json
import resource
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.workload import (
    DIRECT_EDGE_PROPERTIES,
    ONE_HOP,
    QUERIES,
    TWO_HOP,
    Case,
    bfs_path,
    cases,
    oxigraph_neighbours,
    sparql_text,
)

ROOT = Path(__file__).resolve().parents[1]
KZ_EXTRA = ["path/3", "one-hop/sparql", "two-hop/sparql"]  # path/3: the shortest and two alternatives, as /api/paths


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def summary(samples: list[float]) -> dict[str, Any]:
    if not samples:
        return {"n": 0}
    ordered = sorted(samples)
    return {"n": len(ordered), "p50_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
            "mean_ms": statistics.fmean(ordered) * 1000}


def named_text() -> str:
    return (ROOT / "ontology" / "queries" / "chair-of-the-senate.rq").read_text(encoding="utf-8")


class Overtime(Exception):
    """One execution ran past the hard limit (rdflib): recorded as a lower bound."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Overtime


def run_mix(run: Callable[[Case], Any], all_cases: list[Case], queries: list[str], rounds: int,
            budget_s: float, hard_limit_s: float = 0, abandon_on_overtime: bool = False) -> dict[str, Any]:
    """Warm up once per query, then time every case ``rounds`` times; a query past ``budget_s`` stops early.

    With ``hard_limit_s`` one execution is interrupted (SIGALRM) at that limit and the query is
    recorded as taking more than it; for an HTTP server the rest of the mix is abandoned, since
    the server is still busy with the abandoned query.
    """
    import signal
    if hard_limit_s:
        signal.signal(signal.SIGALRM, _alarm)
        inner = run

        def run(case: Case) -> Any:
            signal.setitimer(signal.ITIMER_REAL, hard_limit_s)
            try:
                return inner(case)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    results: dict[str, Any] = {}
    for query in queries:
        mine = [c for c in all_cases if c.query == query]
        if not mine:
            continue
        try:
            first, _ = timed(lambda c=mine[0]: run(c))  # type: ignore[misc]
        except NotImplementedError:
            continue
        except (Overtime, TimeoutError):
            results[query] = {"n": 0, "p50_ms": hard_limit_s * 1000, "p95_ms": hard_limit_s * 1000, "over": True,
                              "note": f"one execution took more than {hard_limit_s:g} s: interrupted"}
            if abandon_on_overtime:
                results["abandoned"] = {"n": 0, "note": f"stopped after {query}: the server is still busy with it"}
                break
            continue
        except Exception as exc:  # e.g. rdflib failing a query: recorded, not fatal
            results[query] = {"n": 0, "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            continue
        samples: list[float] = []
        spent = first
        skipped = None
        for _ in range(rounds):
            for case in mine:
                if spent > budget_s:
                    skipped = f"stopped after {len(samples)} samples: over the {budget_s:g} s budget"
                    break
                t, _ = timed(lambda c=case: run(c))  # type: ignore[misc]
                samples.append(t)
                spent += t
        if not samples:
            samples = [first]
        results[query] = summary(samples) | ({"note": skipped} if skipped else {})
    return results


def expand_cases(manifest: dict[str, Any], per_query: int) -> list[Case]:
    base = cases(manifest, named_text(), per_query)
    extra = [Case(c.query + "/sparql", c.params) for c in base if c.query in ("one-hop", "two-hop")]
    extra += [Case("path/3", c.params) for c in base if c.query == "path"]
    return base + extra


# ---------------------------------------------------------------------------------------- steps

def step_validate(args: dict[str, Any]) -> dict[str, Any]:
    """Where validation time goes: parse, building the store, SHACL (compiled to SPARQL, and pyshacl
    for reference where asked), quality queries, quote checks."""
    from kg.ontology import OntologyFiles
    from kg.rdfio import read_all
    from kg.settings import Settings
    from kg.validation import Validator

    settings = Settings()
    paths = [ROOT / "data" / "sources.ttl", Path(args["file"])]
    t_parse, (triples, errors, origin) = timed(lambda: read_all(paths))
    assert not errors, errors
    ontology = OntologyFiles(settings.ontology_dir)
    t_init, validator = timed(lambda: Validator(ontology, settings.seeds_dir, "sparql"))
    assert validator.engine == "sparql", "the shapes no longer compile to SPARQL"
    out: dict[str, Any] = {"parse_s": t_parse, "init_s": t_init, "triples": len(triples)}
    t_store, store = timed(lambda: validator.store(triples))
    t_shacl, findings = timed(lambda: validator._shacl(triples, origin, store))
    out |= {"store_s": t_store, "shacl_s": t_shacl, "shacl_findings": len(findings),
            "shacl_violations": sum(1 for f in findings if f.severity == "violation")}
    if args.get("pyshacl", False):
        reference = Validator(ontology, settings.seeds_dir, "pyshacl")
        t_py, expected = timed(lambda: reference._shacl(triples, origin))
        out |= {"pyshacl_s": t_py, "pyshacl_findings": len(expected),
                "same_findings": sorted(map(repr, expected)) == sorted(map(repr, findings))}
    t_q, quality = timed(lambda: validator._quality(store, origin))
    t_quotes, quotes = timed(lambda: validator._quotes(store, origin))
    out |= {"quality_s": t_q, "quotes_s": t_quotes,
            "quality_violations": sum(1 for f in quality if f.severity == "violation"), "quote_violations": len(quotes),
            "peak_mb": peak_mb()}
    return out


def step_ox_load(args: dict[str, Any]) -> dict[str, Any]:
    """Raw pyoxigraph: bulk load into an on-disk store, and load into memory."""
    t_disk, _ = timed(lambda: ox.Store(args["dir"]).bulk_load(path=args["file"], format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    t_mem, _ = timed(lambda: store.bulk_load(path=args["file"], format=ox.RdfFormat.TURTLE))
    return {"disk_s": t_disk, "memory_s": t_mem, "triples": len(store), "peak_mb": peak_mb()}


def step_kz_load(args: dict[str, Any]) -> dict[str, Any]:
    """kzgraph's loader timed inside the process, as rdflib's parse is (neither counts interpreter start-up)."""
    from kg.loader import load
    from kg.settings import Settings
    from kg.store import DiskStore

    root = Path(args["store_dir"])
    settings = Settings(store_dir=root)
    store = DiskStore(root)
    paths = [ROOT / "data" / "sources.ttl", Path(args["file"])]
    t, result = timed(lambda: load(settings, store, paths=paths, validate=bool(args.get("validate"))))
    return {"load_s": t, "triples": result.total_triples, "peak_mb": peak_mb()}


def step_rdflib_load(args: dict[str, Any]) -> dict[str, Any]:
    import rdflib
    graph = rdflib.Graph()
    t, _ = timed(lambda: graph.parse(args["file"], format=args.get("format", "turtle")))
    return {"load_s": t, "triples": len(graph), "peak_mb": peak_mb()}


def step_dump(args: dict[str, Any]) -> dict[str, Any]:
    """The loaded store as N-Triples, so rdflib and rdflib-endpoint query exactly the same triples."""
    store = ox.Store.read_only(args["generation"])
    store.dump(output=args["out"], format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return {"triples": len(store)}


def _kz_runner(store: Any, manifest: dict[str, Any]) -> tuple[Callable[[Case], Any], dict[str, Any]]:
    from bench.workload import AGGREGATION, AS_OF
    from kg import named_queries
    from kg.entities import resolve
    from kg.network import neighbourhood, paths
    from kg.projection import project, vocabulary
    from kg.search import SearchIndex
    from kg.terms import PREFIXES

    setup: dict[str, Any] = {}
    setup["search_index_s"], index = timed(lambda: SearchIndex.build(store))
    setup["vocabulary_s"], vocab = timed(lambda: vocabulary(store))
    setup["projection_s"], graph = timed(lambda: project(store, vocab))
    setup["graph_nodes"], setup["graph_edges"] = graph.number_of_nodes(), graph.number_of_edges()
    named = named_queries.get(ROOT / "ontology" / "queries", "chair-of-the-senate")

    def run(case: Case) -> Any:
        p = case.params
        q = case.query
        if q == "label":
            return resolve(store, p["label"])
        if q == "search":
            return index.search(p["text"], limit=10)
        if q == "one-hop":
            return neighbourhood(graph, p["centre"], 1)
        if q == "two-hop":
            return neighbourhood(graph, p["centre"], 2)
        if q == "path":  # one shortest path with its cited hops: the engines' breadth-first walk finds one too
            return paths(graph, p["from"], p["to"], 1, 6)
        if q == "path/3":
            return paths(graph, p["from"], p["to"], 3, 6)
        if q == "aggregation":
            return store.select(AGGREGATION)
        if q == "as-of":
            return store.select(AS_OF, {"org": ox.NamedNode(p["org"]), "d": ox.Literal(p["date"])})
        if q == "named":
            return store.select(named.text, named.bindings(store, {"post": p["post_label"]}), PREFIXES)
        if q == "one-hop/sparql":
            return store.select(ONE_HOP, {"c": ox.NamedNode(p["centre"])})
        if q == "two-hop/sparql":
            return store.select(TWO_HOP, {"c": ox.NamedNode(p["centre"])})
        raise NotImplementedError(q)
    return run, setup


def step_mix(args: dict[str, Any]) -> dict[str, Any]:
    """The query mix against one backend: kz-disk, kz-remote, raw-ox, rdflib, sparql-http, kz-rest."""
    manifest = json.loads(Path(args["manifest"]).read_text(encoding="utf-8"))
    backend = args["backend"]
    all_cases = expand_cases(manifest, args.get("per_query", 10))
    text = named_text()
    setup: dict[str, Any] = {}
    queries = QUERIES + KZ_EXTRA
    if backend in ("kz-disk", "kz-remote"):
        from kg.settings import Settings
        from kg.store import open_store
        env = {"store": "oxigraph", "store_dir": args["store_dir"]} if backend == "kz-disk" else \
            {"store": "remote", "remote_query_url": args["url"]}
        store = open_store(Settings(**env))
        run, setup = _kz_runner(store, manifest)
    elif backend == "raw-ox":
        store = ox.Store.read_only(args["generation"])
        props = [r["p"] for r in store.query(DIRECT_EDGE_PROPERTIES)]  # type: ignore[union-attr]
        neighbours = oxigraph_neighbours(store, props)

        def run(case: Case) -> Any:
            if case.query == "path":
                return bfs_path(neighbours, case.params["from"], case.params["to"])
            return list(store.query(sparql_text(_plain(case), text)))  # type: ignore[arg-type]
    elif backend == "rdflib":
        import rdflib
        graph = rdflib.Graph()
        setup["parse_s"], _ = timed(lambda: graph.parse(args["dump"], format="nt"))
        props = [rdflib.URIRef(str(r[0])) for r in graph.query(DIRECT_EDGE_PROPERTIES)]

        def neighbours_rdflib(iri: str) -> list[str]:
            node = rdflib.URIRef(iri)
            out = []
            for p in props:
                out += [str(o) for o in graph.objects(node, p) if isinstance(o, rdflib.URIRef)]
                out += [str(s) for s in graph.subjects(p, node) if isinstance(s, rdflib.URIRef)]
            return out

        def run(case: Case) -> Any:
            if case.query == "path":
                return bfs_path(neighbours_rdflib, case.params["from"], case.params["to"])
            return list(graph.query(sparql_text(_plain(case), text)))  # type: ignore[arg-type]
    elif backend == "sparql-http":
        client = SparqlClient(args["url"])

        def run(case: Case) -> Any:
            if case.query == "path":
                raise NotImplementedError
            return client.query(sparql_text(_plain(case), text))  # type: ignore[arg-type]
    elif backend == "kz-rest":
        rest = RestClient(args["url"])
        sparql = SparqlClient(args["url"] + "/sparql")

        def run(case: Case) -> Any:
            p, q = case.params, case.query
            if q == "search":
                return rest.get("/api/search", q=p["text"], limit="10")
            if q in ("one-hop", "two-hop"):
                return rest.get(f"/api/entities/{_slug(p['centre'])}/neighbourhood", depth="1" if q == "one-hop" else "2")
            if q in ("path", "path/3"):
                k = "1" if q == "path" else "3"
                return rest.get("/api/paths", **{"from": _slug(p["from"]), "to": _slug(p["to"]), "k": k})
            if q == "named":
                return rest.get("/api/queries/chair-of-the-senate", param=f"post={p['post_label']}")
            return sparql.query(sparql_text(_plain(case), text))  # type: ignore[arg-type]
        setup["first_request_s"], _ = timed(lambda: rest.get("/api/search", q="warm", limit="1"))
        setup["first_graph_s"], _ = timed(lambda: rest.get("/api/paths", **{"from": _slug(manifest["centres"][0]),
                                                                            "to": _slug(manifest["centres"][1])}))
    else:
        raise SystemExit(f"unknown backend {backend}")
    results = run_mix(run, all_cases, queries, args.get("rounds", 3), args.get("budget_s", 30.0),
                      args.get("hard_limit_s", 0), abandon_on_overtime=backend == "sparql-http")
    return {"backend": backend, "setup": setup, "queries": results, "peak_mb": peak_mb()}


def _plain(case: Case) -> Case:
    return Case(case.query.split("/")[0], case.params)


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


class SparqlClient:
    """SPARQL 1.1 Protocol by GET over one kept-alive connection."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.path = parts.path or "/"
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)

    def query(self, text: str) -> bytes:
        target = self.path + "?" + urllib.parse.urlencode({"query": text})
        try:
            self.conn.request("GET", target, headers={"Accept": "application/sparql-results+json"})
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            self.conn.close()
            self.conn.request("GET", target, headers={"Accept": "application/sparql-results+json"})
            response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{self.path}: HTTP {response.status}: {body[:300]!r}")
        return body


class RestClient:
    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)

    def get(self, path: str, **params: str) -> bytes:
        try:
            self.conn.request("GET", path + "?" + urllib.parse.urlencode(params))
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle keep-alive
            self.conn.close()
            self.conn.request("GET", path + "?" + urllib.parse.urlencode(params))
            response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}: {body[:300]!r}")
        return body


def _client_loop(url: str, texts: list[str], seconds: float, offset: int) -> tuple[int, list[float]]:
    client = SparqlClient(url)
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    i = offset
    while time.perf_counter() < end:
        t = time.perf_counter()
        client.query(texts[i % len(texts)])
        latencies.append(time.perf_counter() - t)
        i += 1
    return len(latencies), latencies


def step_throughput(args: dict[str, Any]) -> dict[str, Any]:
    """Requests per second of the one-hop query, by ``concurrency`` client processes."""
    from concurrent.futures import ProcessPoolExecutor
    manifest = json.loads(Path(args["manifest"]).read_text(encoding="utf-8"))
    texts = [sparql_text(Case("one-hop", {"centre": c}), "") or "" for c in manifest["centres"]]
    _client_loop(args["url"], texts, 0.5, 0)  # warm-up
    n = int(args["concurrency"])
    with ProcessPoolExecutor(n) as pool:
        futures = [pool.submit(_client_loop, args["url"], texts, float(args["seconds"]), i * 7) for i in range(n)]
        done = [f.result() for f in futures]
    total = sum(count for count, _ in done)
    latencies = [x for _, lat in done for x in lat]
    return {"concurrency": n, "requests": total, "rps": total / float(args["seconds"]), **summary(latencies)}


STEPS = {"validate": step_validate, "ox-load": step_ox_load, "kz-load": step_kz_load, "rdflib-load": step_rdflib_load,
         "dump": step_dump, "mix": step_mix, "throughput": step_throughput}


if __name__ == "__main__":
    result = STEPS[sys.argv[1]](json.loads(sys.argv[2]))
    sys.stdout.write("\n" + json.dumps(result) + "\n")
