// The view's state and its URL form. The hash carries everything needed to rebuild the view
// (centre, expanded nodes, "+N more" expansions, paths, filters, date); /api/export/view.html
// takes the same parameters, so an export shows what the page shows.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function emptyState() {
  return { centre: null, expanded: [], more: [], paths: [], whole: false,
           ht: new Set(), hk: new Set(), hs: new Set(), d: null, fade: false, sel: null };
}

function names(value) {
  return [...new Set((value || "").split(",").filter((n) => NAME.test(n)))];
}

export function parseHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const s = emptyState();
  if (NAME.test(p.get("c") || "")) s.centre = p.get("c");
  s.expanded = names(p.get("x"));
  s.more = names(p.get("m"));
  s.paths = (p.get("p") || "").split(",").map((x) => x.split("~")).filter((x) => x.length === 2 && NAME.test(x[0]) && NAME.test(x[1]));
  s.whole = p.get("all") === "1";
  s.ht = new Set(names(p.get("ht")));
  s.hk = new Set(names(p.get("hk")));
  s.hs = new Set(names(p.get("hs")));
  if (DATE.test(p.get("d") || "")) s.d = p.get("d");
  s.fade = p.get("fade") === "1";
  if (NAME.test(p.get("sel") || "")) s.sel = p.get("sel");
  return s;
}

// The view parameters (shared with the export endpoint), without the selection.
export function viewParams(s) {
  const p = new URLSearchParams();
  if (s.centre) p.set("c", s.centre);
  if (s.expanded.length) p.set("x", s.expanded.join(","));
  if (s.more.length) p.set("m", s.more.join(","));
  if (s.paths.length) p.set("p", s.paths.map((x) => x.join("~")).join(","));
  if (s.whole) p.set("all", "1");
  if (s.ht.size) p.set("ht", [...s.ht].join(","));
  if (s.hk.size) p.set("hk", [...s.hk].join(","));
  if (s.hs.size) p.set("hs", [...s.hs].join(","));
  if (s.d) p.set("d", s.d);
  if (s.fade) p.set("fade", "1");
  return p;
}

export function toHash(s) {
  const p = viewParams(s);
  if (s.sel) p.set("sel", s.sel);
  return "#" + p.toString().replace(/%2C/g, ",").replace(/%7E/g, "~");
}

// The structural part: when it changes the view must be fetched again; filters only re-render.
export function structureKey(s) {
  return JSON.stringify([s.centre, s.expanded, s.more, s.paths, s.whole,
    s.paths.length ? [[...s.hk].sort(), [...s.hs].sort(), s.fade ? null : s.d] : null]);
}
