"""Time-to-interactive of the explorer with about 2,000 nodes on screen, in headless Chromium.

The repository's graph holds about 900 connected entities, so the bench adds synthetic people
(each associated with a real entity and with one another) to a temporary copy of ``data/``,
loads it with ``--no-validate`` into a temporary store, serves it on a free loopback port and
opens the explorer's whole-graph view (``/#all=1``) in a fresh page per run.

"Interactive" means the settled picture is on screen and the page answers input, so a run
measures, from navigation start:

* ready: the page's ``kzExplorer.ready`` (layout settled, physics off, view fitted);
* painted: the first animation frame after ready has run, so that picture has been drawn;
* interactive: the later of painted and the end of the last long task (the main thread held
  for over 50 ms, as a 10 ms heartbeat timer sees it) up to half a second after painted, i.e.
  when the page is drawn and its main thread is free (a long task in that half second counts,
  so work left running after ready, such as physics, would show);

then probes it like a person would: a real mouse click on the best-connected node on screen
must select it (time from the press to vis-network's click event) and open its panel (time to
the panel's heading), and a drag must pan the view. Finally one redraw at scale 0.5 is timed
(what panning and zooming cost). The headline is the median of ``interactive``.

Screenshots: /tmp/explorer-bench.png (the view as loaded) and /tmp/explorer-bench-zoom.png
(scale 1 around the best-connected node).

    python bench/explorer_bench.py [--nodes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
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


# Installed before the page's own scripts. A heartbeat timer every 10 ms records each time the
# main thread was held for over 50 ms (a long task: input would have waited), and, watching every
# animation frame, when the first frame that began with the page ready has been presented (the
# next frame's start): the settled picture is then on screen.
WATCH = """window.kzBusy = [];
(function beat(last) {
  setTimeout(() => { const now = performance.now(); if (now - last > 60) window.kzBusy.push([last, now]); beat(now); }, 10);
})(performance.now());
window.kzPainted = null;
(function watch() {
  requestAnimationFrame(() => {
    if (window.kzExplorer && window.kzExplorer.ready === true)
      requestAnimationFrame(() => { window.kzPainted = performance.now(); });
    else watch();
  });
})();"""

# After ready and painted, and half a second more of watching for long tasks (before any input of
# ours, whose own work must not count): pick the probe node, the node with the most edges that is
# on screen, outside the legend, and is itself what is under its centre.
AFTER_READY = """async () => {
  const k = window.kzExplorer, c = k.canvas, net = c.network;
  const quiet = window.kzPainted + 500 - performance.now();
  if (quiet > 0) await new Promise((resolve) => setTimeout(resolve, quiet));
  const busy = window.kzBusy.slice();
  const box = document.getElementById("graph").getBoundingClientRect();
  const legend = document.getElementById("legend").getBoundingClientRect();
  const positions = net.getPositions();
  let probe = null, best = -1;
  for (const id of c.nodes.getIds()) {
    if (id.startsWith("more:")) continue;
    const d = net.canvasToDOM(positions[id]);
    const x = box.left + d.x, y = box.top + d.y;
    if (x < box.left + 20 || x > box.right - 20 || y < box.top + 20 || y > box.bottom - 20) continue;
    if (x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom) continue;
    const degree = net.getConnectedEdges(id).length;
    if (degree > best && net.getNodeAt(d) === id) { best = degree; probe = { id, x, y, label: k.view.nodes.get(id).label }; }
  }
  window.kzProbe = { pressed: null, clicked: null, selected: null };
  document.getElementById("graph").addEventListener("pointerdown", (e) => { window.kzProbe.pressed = e.timeStamp; },
                                                     { capture: true, once: true });
  net.once("click", (p) => { window.kzProbe.clicked = performance.now(); window.kzProbe.selected = p.nodes; });
  return { painted: window.kzPainted, probe, ready: c.readyAt, render: c.renderStartedAt, layoutStart: c.layoutStartedAt,
           layout: c.layoutTime, nodes: c.nodes.length, edges: c.edges.length, busy,
           graph: (performance.getEntriesByType("resource").find((r) => r.name.endsWith("/api/explorer/graph")) || {})
             .responseEnd };
}"""


def measure(base: str, runs: int) -> None:
    rows: list[dict[str, float]] = []
    nodes = edges = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for run in range(runs):
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.add_init_script(WATCH)
            page.goto(base + "/#all=1")
            page.wait_for_function("() => window.kzExplorer && window.kzExplorer.ready === true && window.kzPainted !== null",
                                   timeout=120_000)
            state = page.evaluate(AFTER_READY)
            nodes, edges, probe = state["nodes"], state["edges"], state["probe"]
            if run == 0:
                page.screenshot(path="/tmp/explorer-bench.png")
            if probe is None:
                raise SystemExit("no node on screen to click")
            # Interactive: drawn, and the main thread free from the end of the last long task
            # (up to half a second after the picture was presented, before any click).
            busy = [end for _start, end in state["busy"]]
            interactive = max([state["painted"], *busy])
            page.mouse.click(probe["x"], probe["y"])
            page.wait_for_function("() => window.kzProbe.clicked !== null", timeout=10_000)
            heading = page.locator("#panel h2")
            page.wait_for_function("(label) => { const h = document.querySelector('#panel h2');"
                                   " return h && h.textContent === label; }", arg=probe["label"], timeout=10_000)
            opened = page.evaluate("() => performance.now()")
            clicked = page.evaluate("() => window.kzProbe")
            if probe["id"] not in clicked["selected"]:
                raise SystemExit(f"the click selected {clicked['selected']}, not {probe['id']}")
            assert heading.text_content() == probe["label"]
            # A drag pans the view.
            before = page.evaluate("() => window.kzExplorer.canvas.network.getViewPosition()")
            page.mouse.move(probe["x"] + 5, probe["y"] + 120)
            page.mouse.down()
            page.mouse.move(probe["x"] + 105, probe["y"] + 170, steps=5)
            page.mouse.up()
            after = page.evaluate("() => window.kzExplorer.canvas.network.getViewPosition()")
            if abs(after["x"] - before["x"]) + abs(after["y"] - before["y"]) < 1:
                raise SystemExit("dragging did not pan the view")
            redraw = page.evaluate("""() => { const net = window.kzExplorer.canvas.network;
                const t0 = performance.now(); net.moveTo({ scale: 0.5 }); net.redraw(); return performance.now() - t0; }""")
            if run == 0:
                page.evaluate("(id) => window.kzExplorer.canvas.network.focus(id, { scale: 1, animation: false })", probe["id"])
                page.mouse.move(5, 5)
                page.screenshot(path="/tmp/explorer-bench-zoom.png")
            rows.append({"ready": state["ready"] / 1000, "painted": state["painted"] / 1000,
                         "interactive": interactive / 1000, "graph": (state["graph"] or 0) / 1000,
                         "render": (state["render"] or 0) / 1000, "layout": (state["layout"] or 0) / 1000,
                         "draw": (state["ready"] - (state["layoutStart"] or state["ready"]) - (state["layout"] or 0)) / 1000,
                         "click": clicked["clicked"] - clicked["pressed"], "panel": opened - clicked["pressed"],
                         "redraw": redraw, "long": len(busy)})
            page.close()
        browser.close()

    def line(key: str, unit: str = "s") -> str:
        values = [r[key] for r in rows]
        fmt = (lambda v: f"{v:.2f}") if unit == "s" else (lambda v: f"{v:.0f}")
        return f"median {fmt(statistics.median(values))} {unit}, runs {', '.join(fmt(v) for v in values)}"

    print(f"explorer whole-graph view: {nodes} nodes, {edges} edges on screen")
    print(f"time to interactive (navigation start → settled picture drawn, main thread free): {line('interactive')}")
    print(f"  graph JSON received: {line('graph')}")
    print(f"  view built, rendering starts: {line('render')}")
    print(f"  ready (layout settled, physics off): {line('ready')}")
    print(f"    of which computing the layout: {line('layout')}")
    print(f"    of which vis-network taking the data and drawing it: {line('draw')}")
    print(f"  settled picture presented (next frame): {line('painted')}")
    print(f"  main thread held > 50 ms, times up to then: {line('long', 'times')}")
    print(f"click on a node → selected: {line('click', 'ms')}; → its panel open: {line('panel', 'ms')}")
    print(f"one redraw at scale 0.5: {line('redraw', 'ms')}")
    # last line, for `python -m bench`: the figures as JSON
    print(json.dumps({"nodes": nodes, "edges": edges, "interactive_s": statistics.median(r["interactive"] for r in rows),
                      "runs": rows}))


if __name__ == "__main__":
    main()
