"""Time-to-interactive of the explorer with about 2,000 nodes on screen, in headless Chromium.

The repository's graph holds about 900 connected entities, so the bench adds synthetic people
(each associated with a real entity and with one another) to a temporary copy of ``data/``,
loads it with ``--no-validate`` into a temporary store, serves it on a free loopback port and
opens the explorer's whole-graph view (``/#all=1``). It prints the number of nodes drawn, the
time until the layout has settled and physics is off (the page's ``ready``), and the time one
redraw takes afterwards (what panning and zooming cost).

    python bench/explorer_bench.py [--nodes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
PREFIXES = """@prefix kz: <https://kzgraph.org/id/> .
@prefix kzo: <https://kzgraph.org/ontology#> .
@prefix kzv: <https://kzgraph.org/vocab/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def synthetic(extra: int, anchors: list[str], seed: int = 7) -> str:
    """``extra`` people, each tied to a real entity and to an earlier synthetic person."""
    rng = random.Random(seed)
    lines = [PREFIXES]
    for i in range(extra):
        lines.append(f'kz:bench-{i} a kzo:Person ; skos:prefLabel "Bench person {i}"@en .')
        other = rng.choice(anchors) if i < 10 or rng.random() < 0.5 else f"kz:bench-{rng.randrange(i)}"
        status = "kzv:alleged" if rng.random() < 0.1 else "kzv:reported"
        lines.append(f"kz:bench-assoc-{i} a kzo:Association ; kzo:actor kz:bench-{i} ; kzo:associate {other} ; "
                     f"kzo:claimStatus {status} ; kzo:start \"{rng.randrange(1991, 2023)}\" .")
    return "\n".join(lines) + "\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=2000, help="Nodes to put on screen (about).")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        env = {**os.environ, "KZGRAPH_DATA_DIR": str(data), "KZGRAPH_STORE_DIR": str(Path(tmp) / "store"),
               "KZGRAPH_STORE": "oxigraph"}
        subprocess.run([str(bin_dir / "kzgraph"), "load"], env=env, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([str(bin_dir / "kzgraph"), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(base)
            whole = httpx.get(base + "/api/explorer/graph", timeout=60).json()
            proc.terminate()
            proc.wait(timeout=20)
            shown = {e["source"] for e in whole["edges"]} | {e["target"] for e in whole["edges"]}
            anchors = ["kz:" + n.removeprefix("https://kzgraph.org/id/") for n in sorted(shown)]
            (data / "zz-bench.ttl").write_text(synthetic(max(0, args.nodes - len(shown)), anchors), encoding="utf-8")
            subprocess.run([str(bin_dir / "kzgraph"), "load", "--no-validate"], env=env, check=True, capture_output=True)
            proc = subprocess.Popen([str(bin_dir / "kzgraph"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for(base)
            httpx.get(base + "/api/explorer/graph", timeout=60)  # build the server's caches before timing
            measure(base, args.runs)
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def wait_for(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("kzgraph serve did not start")


def measure(base: str, runs: int) -> None:
    ready: list[float] = []
    redraw: list[float] = []
    layout: list[float] = []
    nodes = edges = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.goto(base + "/#all=1")
            page.wait_for_function("() => window.kzExplorer && window.kzExplorer.ready === true", timeout=120_000)
            result = page.evaluate("""() => { const c = window.kzExplorer.canvas;
                const t0 = performance.now(); c.network.moveTo({ scale: 0.5 }); c.network.redraw();
                const t1 = performance.now();
                return { ready: c.readyAt, layout: c.readyAt - c.layoutStartedAt, redraw: t1 - t0,
                         nodes: c.nodes.length, edges: c.edges.length }; }""")
            ready.append(result["ready"] / 1000)
            layout.append(result["layout"] / 1000)
            redraw.append(result["redraw"])
            nodes, edges = result["nodes"], result["edges"]
            page.screenshot(path="/tmp/explorer-bench.png")
            page.close()
        browser.close()
    print(f"explorer whole-graph view: {nodes} nodes, {edges} edges on screen")
    print(f"time to interactive (navigation start → layout settled, physics off): "
          f"median {statistics.median(ready):.2f} s, runs {', '.join(f'{r:.2f}' for r in ready)}")
    print(f"  of which the physics layout: median {statistics.median(layout):.2f} s")
    print(f"one redraw afterwards: median {statistics.median(redraw):.0f} ms")


if __name__ == "__main__":
    main()
