// The vis-network canvas: styles nodes and edges (twin of api/explorer/export.py), keeps the
// DataSets in step with what is visible, and lays out new nodes. Small views use vis-network's
// physics, switched off once stable; big views (the whole graph: thousands of nodes) are laid
// out by layout.js before they are drawn, and physics never runs, so they are drawn once,
// already settled, and a still graph costs nothing.
import { tip, local } from "./dom.js";
import { forceLayout } from "./layout.js";
import { statusKey } from "./view.js";

const DASHED = new Set(["alleged", "disputed", "denied", "overturned"]);
const BIG = 400;  // above this many nodes: our own layout, no smooth edges, no hover
const STEPS = 100;  // layout steps for a big view from scratch (each ~2 ms at 2,000 nodes)
const WARM_STEPS = 30;  // and when most of it is already on screen

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

// In a big view the best-connected nodes are drawn larger, and the HUBS best connected of them
// are named even when the view is zoomed out so far that vis-network leaves labels out (under
// 5 px): seen whole, the graph shows its hubs by name, and the rest are named as one zooms in.
const HUBS = 30;

export function emphasiseHubs(nodeRecords, edgeRecords) {
  const degree = new Map();
  for (const e of edgeRecords) {
    degree.set(e.from, (degree.get(e.from) || 0) + 1);
    degree.set(e.to, (degree.get(e.to) || 0) + 1);
  }
  const hubs = [];
  for (const n of nodeRecords) {
    const d = degree.get(n.id) || 0;
    if (d < 5 || !n.font || n.opacity < 1) continue;
    n.size = (n.size || 13) + Math.min(2 * Math.sqrt(d - 4), 20);
    hubs.push({ id: n.id, label: n.label, degree: d, size: n.size, font: n.font.size });
  }
  hubs.sort((a, b) => b.degree - a.degree || (a.id < b.id ? -1 : 1));
  return hubs.slice(0, HUBS);
}

export class Canvas {
  constructor(container, meta, handlers) {
    this.meta = meta;
    this.container = container;
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
        stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: false } },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, keyboard: false },
      edges: { smooth: { type: "continuous" }, arrows: { to: { enabled: true, scaleFactor: 0.5 } } },
      nodes: { font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" } },
    });
    this.network.on("click", (p) => handlers.click(p.nodes[0] || null));
    this.network.on("doubleClick", (p) => p.nodes[0] && handlers.expand(p.nodes[0]));
    this.network.on("stabilizationIterationsDone", () => this._settled());
    this.network.on("afterDrawing", (ctx) => this._nameHubs(ctx));
    this._hubs = [];
  }

  // Hub names over a zoomed-out big view, at a size one can read, the best connected first and
  // none over another; vis-network's own labels take over once they are large enough to draw.
  _nameHubs(ctx) {
    const scale = this.network.getScale();
    const hubs = this._hubs.filter((h) => h.font * scale < 4.5);
    if (!hubs.length) return;
    const positions = this.network.getPositions(hubs.map((h) => h.id));
    const taken = [];
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3 / scale;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#1d2430";
    for (const h of hubs) {
      const p = positions[h.id];
      if (!p) continue;
      const px = Math.min(10 + Math.log2(h.degree), 18);
      ctx.font = `${px / scale}px system-ui, sans-serif`;
      const width = ctx.measureText(h.label).width;
      const box = { left: p.x - width / 2, right: p.x + width / 2, top: p.y + h.size + 3 / scale };
      box.bottom = box.top + 1.2 * px / scale;
      if (taken.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom)) continue;
      taken.push(box);
      ctx.strokeText(h.label, p.x, box.top);
      ctx.fillText(h.label, p.x, box.top);
    }
    ctx.restore();
  }

  _settled() {
    this.network.setOptions({ physics: { enabled: false } });
    if (this._fitAfter) this.network.fit({ animation: false });
    this._fitAfter = false;
    this._ready();
  }

  _ready() {
    this.ready = true;
    this.readyAt = performance.now();
    for (const resolve of this._waiters.splice(0)) resolve();
  }

  whenReady() {
    return this.ready ? Promise.resolve() : new Promise((resolve) => this._waiters.push(resolve));
  }

  // Bring the DataSets in line with `shown` (from view.visibility); lay out what is new.
  render(view, shown, state) {
    this.renderStartedAt = performance.now();
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
    const big = nodeRecords.length > BIG;
    this._hubs = big ? emphasiseHubs(nodeRecords, edgeRecords) : [];
    const keepNodes = new Set(nodeRecords.map((n) => n.id));
    const keepEdges = new Set(edgeRecords.map((e) => e.id));
    this.edges.remove(this.edges.getIds().filter((id) => !keepEdges.has(id)));
    this.nodes.remove(this.nodes.getIds().filter((id) => !keepNodes.has(id)));
    const fresh = nodeRecords.filter((n) => !this.nodes.get(n.id));
    // Out of a big view into a small one, what stays is spread as the whole graph had it: lay it
    // out again as a small view.
    const shrunk = this._big === true && !big && nodeRecords.length > 0;
    this._mode(big);
    if (big && fresh.length) {
      this._bigLayout(nodeRecords, edgeRecords, fresh.length);
    } else {
      this._placeNear(fresh, edgeRecords);
      this.nodes.update(nodeRecords);
      this.edges.update(edgeRecords);
      if (fresh.length || shrunk) return this._layout(shrunk || this.nodes.length === fresh.length);
    }
    if (!this.ready) this._settled();
  }

  // Options that depend on the size of the view: smooth edges and hover only for small ones.
  _mode(big) {
    if (this._big === big) return;
    this._big = big;
    this.network.setOptions({ edges: { smooth: big ? false : { type: "continuous" } },
      interaction: { hover: !big, hideEdgesOnZoom: big } });
  }

  // A big view: positions from layout.js, then one update of the DataSets with physics off. From
  // scratch (most nodes new) the view is fitted before anything is drawn, so the first picture
  // is the settled one; otherwise the nodes on screen seed the layout and the view stays put.
  _bigLayout(nodeRecords, edgeRecords, freshCount) {
    this.network.stopSimulation();
    this.network.setOptions({ physics: { enabled: false } });
    this.ready = false;
    this._fitAfter = false;
    this.layoutStartedAt = performance.now();
    const fromScratch = freshCount > nodeRecords.length / 2 || !this._layoutScale;
    const ids = nodeRecords.map((n) => n.id);
    const index = new Map(ids.map((id, i) => [id, i]));
    const links = [];
    for (const e of edgeRecords) {
      const a = index.get(e.from), b = index.get(e.to);
      if (a !== undefined && b !== undefined && a !== b) links.push([a, b]);
    }
    const known = fromScratch ? null : new Map(Object.entries(this.network.getPositions()));
    const { x, y, scale } = forceLayout(ids, links, { known, scale: fromScratch ? 0 : this._layoutScale,
                                                      steps: fromScratch ? STEPS : WARM_STEPS });
    this._layoutScale = scale;
    this.layoutTime = performance.now() - this.layoutStartedAt;  // the bench reports it
    nodeRecords.forEach((n, i) => { n.x = x[i]; n.y = y[i]; });
    // vis-network draws the whole canvas on every DataSet change while physics is off; hold that
    // (its own stabilisation does the same) and draw once, when nodes and edges are all in.
    const emitter = this.network.body && this.network.body.emitter;
    if (emitter) emitter.emit("_blockRedraw");
    try {
      if (fromScratch) this._fitTo(x, y);
      this.nodes.update(nodeRecords);
      this.edges.update(edgeRecords);
    } finally {
      if (emitter) emitter.emit("_allowRedraw");
    }
    this.network.redraw();
    this._ready();
  }

  // What network.fit() does, from positions not yet drawn.
  _fitTo(x, y) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < x.length; i++) {
      minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
      minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
    }
    const width = this.container.clientWidth || 800, height = this.container.clientHeight || 600;
    const pad = 40;  // units: half a node and its border
    const scale = Math.min(1, (width - 20) / (maxX - minX + 2 * pad), (height - 20) / (maxY - minY + 2 * pad));
    this.network.moveTo({ position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 }, scale, animation: false });
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

  // A small view: vis-network's physics until stable (see _settled).
  _layout(fromScratch) {
    this.ready = false;
    this.layoutStartedAt = performance.now();
    this._fitAfter = fromScratch;
    this.network.setOptions({
      physics: { enabled: true, solver: "forceAtlas2Based",
                 stabilization: { enabled: true, iterations: 400, updateInterval: 25, fit: false } },
    });
    this.network.stabilize(400);
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
