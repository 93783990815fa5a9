"""A bounded load test on 127.0.0.1: a fixed number of requests from a fixed number of clients.

The mix is what the explorer and API clients do: search, profiles, neighbourhoods, paths, timelines,
entity pages, the home page, statistics, and small SPARQL queries. Prints throughput, p50/p95/p99
latency and the error count (anything that is not the expected status), as text and as JSON.

    python scripts/loadtest.py --base http://127.0.0.1:8000 --requests 2000 --clients 8
    python scripts/loadtest.py --requests 2000 --clients 8      # starts its own server on the default store

Exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = ["nursultan-nazarbayev", "kassym-jomart-tokayev", "timur-kulibayev", "dariga-nazarbayeva", "nur-otan",
          "mukhtar-ablyazov", "rakhat-aliyev", "karim-massimov"]
NAMES = ["Nazarbayev", "Назарбаев", "Tokaev", "Kulibaev", "Ablyazov", "Nur Otan", "Dariga", "Aliev", "Zhanaozen",
         "Democratic Choice", "Massimov", "Bokaev"]
SPARQL = [
    "SELECT ?p ?name WHERE { ?p a <https://kzgraph.org/ontology#Person> ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?name } LIMIT 20",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://kzgraph.org/ontology#Person> }",
    "ASK { <https://kzgraph.org/id/nur-otan> ?p ?o }",
    "CONSTRUCT { <https://kzgraph.org/id/nur-otan> ?p ?o } WHERE { <https://kzgraph.org/id/nur-otan> ?p ?o }",
]


def request_mix(rng: random.Random, people: list[str]) -> tuple[str, str, dict[str, str], dict[str, str]]:
    """(label, path, params, headers) of one request, drawn with the weights of a realistic session."""
    person, other = rng.choice(people), rng.choice(people)
    choices: list[tuple[int, tuple[str, str, dict[str, str], dict[str, str]]]] = [
        (20, ("search", "/api/search", {"q": rng.choice(NAMES)}, {})),
        (15, ("profile", f"/api/entities/{person}", {}, {})),
        (15, ("neighbourhood", f"/api/entities/{person}/neighbourhood", {"depth": str(rng.choice([1, 2]))}, {})),
        (8, ("paths", "/api/paths", {"from": person, "to": other}, {})),
        (5, ("timeline", "/api/timeline", {"entity": person}, {})),
        (10, ("entity page", f"/id/{person}", {}, {"Accept": "text/html"})),
        (4, ("entity turtle", f"/id/{person}", {}, {"Accept": "text/turtle"})),
        (5, ("home", "/", {}, {"Accept": "text/html"})),
        (3, ("stats", "/api/stats", {}, {})),
        (15, ("sparql", "/sparql", {"query": rng.choice(SPARQL)}, {"Accept": "application/sparql-results+json"})),
    ]
    total = sum(weight for weight, _ in choices)
    pick = rng.uniform(0, total)
    for weight, choice in choices:
        pick -= weight
        if pick <= 0:
            return choice
    return choices[-1][1]


def known_entities(base: str) -> list[str]:
    """The sample people that exist in the served graph (a request for a missing one would be a 404)."""
    found = [slug for slug in PEOPLE if httpx.get(f"{base}/api/entities/{slug}", timeout=30).status_code == 200]
    if not found:
        raise SystemExit("none of the sample entities is in the served graph")
    return found


def run(base: str, requests: int, clients: int, seed: int) -> dict[str, object]:
    people = known_entities(base)
    rng = random.Random(seed)
    plan = [request_mix(rng, people) for _ in range(requests)]
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    lock = threading.Lock()
    cursor = iter(range(requests))

    def client() -> None:
        with httpx.Client(base_url=base, timeout=60) as session:
            while True:
                with lock:
                    index = next(cursor, None)
                if index is None:
                    return
                label, path, params, headers = plan[index]
                started = time.perf_counter()
                try:
                    status = session.get(path, params=params, headers=headers).status_code
                except httpx.HTTPError as exc:
                    status, label = 0, f"{label}: {type(exc).__name__}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    by_kind[label] += 1
                    if status != 200:
                        errors[f"{label} -> {status}"] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))]

    return {"requests": len(latencies), "clients": clients, "seconds": round(wall, 2),
            "throughput_rps": round(len(latencies) / wall, 1), "p50_ms": round(pct(0.50) * 1000, 1),
            "p95_ms": round(pct(0.95) * 1000, 1), "p99_ms": round(pct(0.99) * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1), "errors": sum(errors.values()), "error_kinds": dict(errors),
            "mix": dict(by_kind)}


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    script = Path(sys.executable).with_name("kzgraph")
    proc = subprocess.Popen([str(script), "serve", "--port", str(port)], cwd=ROOT, env=os.environ,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running server; default: start one on the configured store")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    proc = None
    base = args.base
    if base is None:
        proc, base = start_server()
    try:
        for _ in range(2):  # warm the caches (search index, projection) so the figures are steady-state
            run(base, 40, 2, args.seed + 1)
        result = run(base, args.requests, args.clients, args.seed)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
    print(f"{result['requests']} requests from {result['clients']} clients in {result['seconds']} s: "
          f"{result['throughput_rps']} req/s, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms, errors {result['errors']}")
    print(json.dumps(result, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
