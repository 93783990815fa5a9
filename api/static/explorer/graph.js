// The vis-network canvas: styles nodes and edges (twin of api/explorer/export.py), keeps the
// DataSets in step with what is visible, and lays out new nodes with physics that switches off
// once stable, so a still graph costs nothing and a couple of thousand nodes stay responsive.
import { tip, local } from "./dom.js";
import { statusKey } from "./view.js";

const DASHED = new Set(["alleged", "disputed", "denied", "overturned"]);
const BIG = 400;  // above this many nodes: cheaper physics, no smooth edges, no hover

export function shortLabel(label, size = 38) {
  return label.length <= size ? label : label.slice(0, size - 1).trimEnd() + "…";
}

export function nodeStyle(family, { centre, pinned, faded }) {
  const style = {
    shape: family.shape, size: centre ? 26 : pinned ? 19 : 13,
    color: { background: family.colour, border: centre ? "#1d2430" : family.colour,
             highlight: { background: family.colour, border: "#1d2430" } },
    borderWidth: centre ? 3 : 1,
    font: { size: centre ? 16 : 14, color: "#1d2430", bold: centre },
    opacity: 1,
  };
  if (faded) { style.opacity = 0.25; style.font = { size: 13, color: "#b0b6bf" }; }
  return style;
}

export function edgeStyle(e, colours, { onPath, faded }) {
  const style = { color: { color: colours.edge, highlight: "#2c3e50" }, width: 1.4, dashes: false, label: undefined };
  if (DASHED.has(statusKey(e.status))) style.dashes = [8, 6];
  if (e.end) {
    style.color = { color: colours.ended, highlight: "#2c3e50" };
    style.dashes = style.dashes || [2, 5];
    style.width = 1.0;
  }
  if (onPath) {
    style.color = { color: colours.path, highlight: colours.path };
    style.width = 3.5;
    style.label = e.phrase || "";
    style.font = { size: 11, color: "#8a3200", strokeWidth: 3, strokeColor: "#ffffff" };
  }
  if (faded) style.color = { ...style.color, opacity: 0.15 };
  return style;
}

export function sentenceOf(e, view) {
  const name = (iri) => (view.nodes.get(iri) || {}).label || iri.split("/").pop();
  const detail = [e.detail, e.role].filter(Boolean).join(", ");
  let text = `${name(e.source)} ${e.phrase || e.kind_label || "is linked to"}${detail ? ` (${detail})` : ""} ${name(e.target)}`;
  const when = e.start && e.end ? `${e.start}–${e.end}` : e.start ? `from ${e.start}` : e.end ? `until ${e.end}` : e.date ? `in ${e.date}` : "";
  if (when) text += ", " + when;
  const status = statusKey(e.status);
  if (status !== "reported") text += ` [${status.replace("-", " ")}]`;
  return text;
}

export class Canvas {
  constructor(container, meta, handlers) {
    this.meta = meta;
    this.families = Object.fromEntries(meta.families.map((f) => [f.key, f]));
    this.nodes = new vis.DataSet();
    this.edges = new vis.DataSet();
    this.ready = false;
    this.readyAt = null;
    this._waiters = [];
    this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, {
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { enabled: false, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -160, centralGravity: 0.006, springLength: 170, springConstant: 0.05, avoidOverlap: 1, damping: 0.5 },
        barnesHut: { gravitationalConstant: -6000, springLength: 120, avoidOverlap: 0.1 },
        stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: false } },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, keyboard: false },
      edges: { smooth: { type: "continuous" }, arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
      nodes: { font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
    });
    this.network.on("click", (p) => handlers.click(p.nodes[0] || null));
    this.network.on("doubleClick", (p) => p.nodes[0] && handlers.expand(p.nodes[0]));
    this.network.on("stabilizationIterationsDone", () => this._settled());
  }

  _settled() {
    this.network.setOptions({ physics: { enabled: false } });
    if (this._fitAfter) this.network.fit({ animation: false });
    this._fitAfter = false;
    this.ready = true;
    this.readyAt = performance.now();
    for (const resolve of this._waiters.splice(0)) resolve();
  }

  whenReady() {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this._waiters.push(resolve));
  }

  // Bring the DataSets in line with `shown` (from view.visibility); lay out what is new.
  render(view, shown, state) {
    const centre = state.centre ? "https://kzgraph.org/id/" + state.centre : null;
    const colours = this.meta.colours;
    const nodeRecords = [];
    for (const iri of shown.nodes) {
      const n = view.nodes.get(iri);
      const family = this.families[shown.family(iri)] || this.families.other;
      nodeRecords.push({ id: iri, label: shortLabel(n.label || iri), title: tip(`${n.label}\n${family.label}`),
        ...nodeStyle(family, { centre: iri === centre, pinned: view.pinned.has(iri), faded: shown.fadedNodes.has(iri) }) });
    }
    for (const parent of shown.more) {
      nodeRecords.push({ id: "more:" + parent, label: `+${view.more.get(parent)} more`, shape: "box", title: tip("Show the other neighbours"),
        color: { background: "#eef1f5", border: "#aab2bd" }, font: { size: 12, color: "#3c4654" }, opacity: 1 });
    }
    const edgeRecords = [];
    for (const key of shown.edges) {
      const e = view.edges.get(key);
      edgeRecords.push({ id: key, from: e.source, to: e.target, title: tip(sentenceOf(e, view)),
        ...edgeStyle(e, colours, { onPath: view.pathEdges.has(key), faded: shown.fadedEdges.has(key) }) });
    }
    for (const parent of shown.more) {
      edgeRecords.push({ id: "more:" + parent, from: parent, to: "more:" + parent, color: { color: "#c5cbd3" }, dashes: [3, 3],
        arrows: { to: { enabled: false } } });
    }
    const keepNodes = new Set(nodeRecords.map((n) => n.id));
    const keepEdges = new Set(edgeRecords.map((e) => e.id));
    this.edges.remove(this.edges.getIds().filter((id) => !keepEdges.has(id)));
    this.nodes.remove(this.nodes.getIds().filter((id) => !keepNodes.has(id)));
    const fresh = nodeRecords.filter((n) => !this.nodes.get(n.id));
    this._placeNear(fresh, edgeRecords);
    this.nodes.update(nodeRecords);
    this.edges.update(edgeRecords);
    if (fresh.length) this._layout(this.nodes.length === fresh.length);
    else if (!this.ready) this._settled();
  }

  // New nodes start on a circle around a neighbour already drawn, so the layout settles quickly
  // and the existing picture barely moves.
  _placeNear(fresh, edgeRecords) {
    const placed = new Set(this.nodes.getIds());
    if (!placed.size) return;
    const positions = this.network.getPositions([...placed]);
    const counts = new Map();
    for (const n of fresh) {
      const link = edgeRecords.find((e) => (e.from === n.id && placed.has(e.to)) || (e.to === n.id && placed.has(e.from)));
      const anchor = link ? (link.from === n.id ? link.to : link.from) : null;
      const p = anchor ? positions[anchor] : { x: 0, y: 0 };
      const i = counts.get(anchor) || 0;
      counts.set(anchor, i + 1);
      const angle = i * 2.4;
      const r = 200 + 15 * Math.sqrt(i);
      n.x = p.x + r * Math.cos(angle);
      n.y = p.y + r * Math.sin(angle);
    }
  }

  _layout(fromScratch) {
    const big = this.nodes.length > BIG;
    this.ready = false;
    this.layoutStartedAt = performance.now();
    this._fitAfter = fromScratch;
    this.network.setOptions({
      physics: { enabled: true, solver: big ? "barnesHut" : "forceAtlas2Based",
                 stabilization: { enabled: true, iterations: big ? 60 : 400, updateInterval: 25, fit: false } },
      edges: { smooth: big ? false : { type: "continuous" } },
      interaction: { hover: !big },
    });
    this.network.stabilize(big ? 60 : 400);
  }

  focus(iri) {
    if (!this.nodes.get(iri)) return;
    this.network.selectNodes([iri]);
    this.network.focus(iri, { scale: Math.max(this.network.getScale(), 0.9), animation: { duration: 400 } });
  }

  visibleIds() {
    return this.nodes.getIds();
  }
}
