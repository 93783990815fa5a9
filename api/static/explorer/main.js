// The explorer: wires search, panel, filters, date slider, paths and exports to the canvas.
// The URL hash is the source of truth: every action edits the state, writes the hash, and the
// view is rebuilt from it, so a copied URL restores the same view.
import { api } from "./api.js";
import { el, slugOf } from "./dom.js";
import { Canvas } from "./graph.js";
import { drawLegend } from "./legend.js";
import { showEntity, showPaths } from "./panel.js";
import { suggest } from "./search.js";
import { parseHash, structureKey, toHash } from "./state.js";
import { buildView, visibility } from "./view.js";
import { drawFilters, exportPng, updateExportLink } from "./controls.js";

const KZ = "https://kzgraph.org/id/";
const $ = (id) => document.getElementById(id);

async function main() {
  const state = parseHash(location.hash);
  if (state.whole) api.whole().catch(() => null);  // the big download, started alongside the legend's
  const meta = await api.meta();
  let view = null;
  let builtFor = null;
  let writtenHash = null;
  const panel = $("panel");
  const status = $("status");
  const explorer = { state, view: null, canvas: null, ready: false, busy: 0, errors: [] };
  window.kzExplorer = explorer;

  const canvas = new Canvas($("graph"), meta, {
    click: (id) => {
      if (!id) return;
      if (id.startsWith("more:")) return expandMore(slugOf(id.slice(5)));
      select(slugOf(id));
    },
    expand: (id) => !id.startsWith("more:") && expand(slugOf(id)),
  });
  explorer.canvas = canvas;

  const commit = () => {  // state → hash → view
    writtenHash = toHash(state);
    if (location.hash !== writtenHash) history.pushState(null, "", writtenHash);
    return refresh();
  };

  async function refresh() {
    explorer.busy += 1;
    explorer.ready = false;
    explorer.state = state;
    try {
      const key = structureKey(state);
      if (key !== builtFor) {
        status.textContent = "Loading…";
        view = await buildView(state, meta);
        builtFor = key;
      }
      explorer.view = view;
      const shown = visibility(view, state, meta);
      canvas.render(view, shown, state);
      updateExportLink(state);
      $("empty").hidden = Boolean(state.centre || state.whole || state.paths.length);
      status.textContent = `${shown.nodes.size} entities · ${shown.edges.size} relations` + (state.d ? ` · as of ${state.d}` : "");
      await canvas.whenReady();
      if (view.paths.length && !state.sel) { panel.hidden = false; showPaths(panel, view.paths, view, panelActions); }
    } catch (err) {
      explorer.errors.push(String(err));
      status.textContent = "Could not load: " + err.message;
    } finally {
      explorer.busy -= 1;
      explorer.ready = explorer.busy === 0;
    }
  }

  async function select(slug) {
    state.sel = slug;
    writtenHash = toHash(state);
    history.replaceState(null, "", writtenHash);
    panel.hidden = false;
    try {
      const profile = await api.entity(slug);
      if (state.sel === slug) showEntity(panel, profile, panelActions);
    } catch (err) {
      panel.textContent = "Could not load: " + err.message;
    }
    canvas.focus(KZ + slug);
  }

  function centreOn(slug) {
    Object.assign(state, { centre: slug, expanded: [], more: [], paths: [], whole: false, sel: slug });
    commit().then(() => { canvas.network.fit({ animation: false }); select(slug); });
  }

  function expand(slug) {
    if (!state.centre && !state.whole) return centreOn(slug);
    if (slug !== state.centre && !state.expanded.includes(slug)) state.expanded = [...state.expanded, slug];
    return commit();
  }

  function expandMore(slug) {
    if (!state.more.includes(slug)) state.more = [...state.more, slug];
    return commit();
  }

  const connect = { from: null, to: null };
  const connectFrom = suggest($("path-from"), (hit) => { connect.from = slugOf(hit.iri); });
  suggest($("path-to"), (hit) => { connect.to = slugOf(hit.iri); });
  $("path-go").addEventListener("click", () => {
    if (!connect.from || !connect.to) { status.textContent = "Choose two entities from the suggestions."; return; }
    state.paths = [[connect.from, connect.to]];
    state.sel = null;
    panel.hidden = false;
    commit();
  });

  const panelActions = {
    close: () => { panel.hidden = true; state.sel = null; history.replaceState(null, "", toHash(state)); },
    centre: (slug) => centreOn(slug),
    expand: (slug) => expand(slug),
    select: (slug) => (canvas.nodes.get(KZ + slug) ? select(slug) : centreOn(slug)),
    connectFrom: (p) => { connect.from = slugOf(p.iri); connectFrom.set(p.label); $("path-to").focus(); },
    clearPaths: () => { state.paths = []; panel.hidden = true; commit(); },
  };

  suggest($("q"), (hit) => centreOn(slugOf(hit.iri)));
  drawLegend($("legend"), meta);
  const syncDate = drawFilters(meta, state, () => commit());
  $("whole").addEventListener("click", () => { Object.assign(state, { whole: true, sel: null }); commit(); });
  $("fit").addEventListener("click", () => canvas.network.fit({ animation: { duration: 300 } }));
  $("export-png").addEventListener("click", () => exportPng(canvas.network));
  $("copy-link").addEventListener("click", async () => {
    await navigator.clipboard.writeText(location.href).catch(() => null);
    status.textContent = "Link to this view copied.";
  });
  window.addEventListener("popstate", () => {
    if (location.hash === writtenHash) return;
    const next = parseHash(location.hash);
    for (const key of ["ht", "hk", "hs"]) { state[key].clear(); next[key].forEach((v) => state[key].add(v)); }
    Object.assign(state, { ...next, ht: state.ht, hk: state.hk, hs: state.hs });
    syncDate();
    refresh();
  });

  await refresh();
  if (state.sel) await select(state.sel);
  else if (!state.centre && !state.whole && !state.paths.length) $("q").focus();
}

main().catch((err) => {
  window.kzExplorer = { ready: false, errors: [String(err)] };
  document.getElementById("status").append(el("span", { text: " Could not start: " + err.message }));
});
