// Which nodes and edges the view holds, and which of them show. This is the twin of
// api/explorer/view.py (build, visibility): change both together, the export depends on it.
import { api } from "./api.js";
import { local } from "./dom.js";

const KZ = "https://kzgraph.org/id/";
const KZV = "https://kzgraph.org/vocab/";

export function statusKey(status) {
  return (status || KZV + "reported").split("/").pop();
}

// kg.projection.active_on: may the edge be in force on asOf (compared at the coarser precision)?
export function activeOn(start, end, date, asOf) {
  const begin = start || date;
  if (begin) {
    const n = Math.min(begin.length, asOf.length);
    if (begin.slice(0, n) > asOf.slice(0, n)) return false;
  }
  if (end) {
    const n = Math.min(end.length, asOf.length);
    if (end.slice(0, n) < asOf.slice(0, n)) return false;
  }
  return true;
}

function pathFilter(state, meta) {
  const filter = {};
  if (state.hs.size) filter.status = meta.statuses.map((s) => s.key).filter((k) => !state.hs.has(k));
  if (state.hk.size) filter.kind = meta.kinds.map((k) => k.key).filter((k) => !state.hk.has(k));
  if (state.d && !state.fade) filter.as_of = state.d;
  return filter;
}

export async function buildView(state, meta) {
  const view = { nodes: new Map(), edges: new Map(), more: new Map(), pathEdges: new Set(), pinned: new Set(), paths: [] };
  const merge = (part) => {
    for (const n of part.nodes) if (!view.nodes.has(n.iri)) view.nodes.set(n.iri, n);
    for (const e of part.edges) if (!view.edges.has(e.key)) view.edges.set(e.key, e);
  };
  if (state.whole) merge(await api.whole());
  const slugs = (state.centre ? [state.centre] : []).concat(state.expanded);
  const parts = await Promise.all(slugs.map((slug) =>
    api.neighbourhood(slug, meta.limit, state.more.includes(slug)).catch(() => null)));
  parts.forEach((part, i) => {
    if (!part) return;
    const iri = KZ + slugs[i];
    merge(part);
    view.pinned.add(iri);
    if (!state.whole && part.more[iri]) view.more.set(iri, part.more[iri]);
  });
  const missing = new Set();
  for (const [a, b] of state.paths) {
    const found = await api.paths(a, b, pathFilter(state, meta)).catch(() => null);
    if (!found) continue;
    view.paths.push(found);
    for (const hops of found.paths) {
      for (const hop of hops) {
        for (const end of [hop.source, hop.target]) if (!view.nodes.has(end)) missing.add(end);
        if (!view.edges.has(hop.key)) view.edges.set(hop.key, hop);
        view.pathEdges.add(hop.key);
      }
    }
    view.pinned.add(KZ + a);
    view.pinned.add(KZ + b);
  }
  if (missing.size) {
    for (const n of await api.nodes([...missing].sort())) if (!view.nodes.has(n.iri)) view.nodes.set(n.iri, n);
  }
  return view;
}

export function visibility(view, state, meta) {
  const family = (iri) => meta.classes[(view.nodes.get(iri) || {}).type] || "other";
  const typeOk = (iri) => !state.ht.has(family(iri));
  const edges = new Set();
  const fadedEdges = new Set();
  for (const [key, e] of view.edges) {
    if (state.hk.has(local(e.kind)) || state.hs.has(statusKey(e.status))) continue;
    if (!typeOk(e.source) || !typeOk(e.target)) continue;
    const active = !state.d || activeOn(e.start, e.end, e.date, state.d);
    if (!active && !state.fade) continue;
    edges.add(key);
    if (!active) fadedEdges.add(key);
  }
  const lively = new Map();
  for (const key of edges) {
    const e = view.edges.get(key);
    for (const end of [e.source, e.target]) lively.set(end, lively.get(end) || !fadedEdges.has(key));
  }
  const nodes = new Set([...view.nodes.keys()].filter((n) => typeOk(n) && (view.pinned.has(n) || lively.has(n))));
  const fadedNodes = new Set([...nodes].filter((n) => !view.pinned.has(n) && !lively.get(n)));
  const more = new Set([...view.more.keys()].filter((n) => nodes.has(n)));
  return { nodes, edges, fadedNodes, fadedEdges, more, family };
}
