"""The one module that touches pyvis: a networkx graph in, one self-contained HTML file out.

pyvis (0.3.2, unmaintained since 2023) is used for what it is good at, turning networkx node and
edge attributes into vis-network's node/edge records. Its own template is not used: it loads
Bootstrap from a CDN even with ``cdn_resources="in_line"``, does not autoescape, and switches
tooltips to ``innerHTML`` when a title contains "href". Ours inlines vis-network from the copy in
``api/static/vendor`` (so the file opens offline), carries the data as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the inline
script builds tooltips with ``textContent``. Notebooks call :func:`to_html` directly.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"
HERE = Path(__file__).resolve().parent
ENV = Environment(loader=FileSystemLoader(HERE), autoescape=select_autoescape(default=True, default_for_string=True))

OPTIONS: dict[str, Any] = {
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 400, "fit": True},
                "forceAtlas2Based": {"gravitationalConstant": -160, "centralGravity": 0.006, "springLength": 170,
                                     "springConstant": 0.05, "avoidOverlap": 1, "damping": 0.5}},
    "interaction": {"hover": True, "tooltipDelay": 150},
    "edges": {"smooth": {"type": "continuous"}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
}


def script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no HTML entities."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def inline_script(path: Path) -> str:
    """A vendored script's text, made safe to sit between ``<script>`` tags."""
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script").replace("<!--", "<\\!--")


def network_data(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network node and edge records for a graph whose attributes are vis options.

    Node ids must be strings; ``title`` must be plain text (it is shown with ``textContent``).
    """
    copy = nx.MultiDiGraph()
    copy.add_nodes_from((str(n), dict(d)) for n, d in graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = dict(data)
        attrs.setdefault("id", str(key))
        attrs["weight"] = attrs.pop("width", 1.4)  # pyvis overwrites "width" with "weight"
        copy.add_edge(str(u), str(v), key=key, **attrs)
    net = Network(directed=True, cdn_resources="remote")
    net.from_nx(copy, default_node_size=14)
    nodes = [{k: v for k, v in n.items() if k != "font" or v} for n in net.nodes]
    return nodes, list(net.edges)


def to_html(graph: nx.MultiDiGraph, title: str = "kzgraph view", note: str = "",
            legend: list[dict[str, str]] | None = None, options: dict[str, Any] | None = None) -> str:
    """One HTML file that draws ``graph`` with vis-network, with no network access needed.

    ``legend`` rows (``label``, ``colour``, ``shape``) are listed beside the graph; ``note`` says
    where the view came from. Every string reaches the page escaped.
    """
    nodes, edges = network_data(graph)
    vis_js, boot_js = _scripts()
    return ENV.get_template("export.html.j2").render(
        title=title, note=note, legend=legend or [], csp=content_security_policy(vis_js, boot_js),
        data=script_json({"nodes": nodes, "edges": edges, "options": options or OPTIONS}),
        vis_js=vis_js, vis_css=(VENDOR / "vis-network.css").read_text(encoding="utf-8"), boot_js=boot_js)


def content_security_policy(*scripts: str) -> str:
    """Only the file's own inline scripts may run (by hash); nothing may be fetched."""
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: blob:; "
            "base-uri 'none'; form-action 'none'")


@functools.cache
def _scripts() -> tuple[str, str]:
    return inline_script(VENDOR / "vis-network.min.js"), inline_script(HERE / "export_boot.js")


def policy() -> str:
    """The Content-Security-Policy of an export, also sent as a header when the file is served."""
    return content_security_policy(*_scripts())
