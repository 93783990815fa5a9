// The side panel: an entity's profile with every relation and its sources, or the paths found
// between two entities read hop by hop. Built with DOM APIs only (see dom.js).
import { append, el, clear, safeLink, slugOf } from "./dom.js";
import { statusKey } from "./view.js";

function citation(c) {
  const where = [c.document && (c.document.title || c.document.iri), c.document && c.document.publisher,
    c.footnote ? `footnote ${c.footnote}` : null, c.section ? `section “${c.section}”` : null].filter(Boolean).join(", ");
  return el("blockquote", { class: "cite" },
    el("p", { class: "quote", text: `“${c.quote || ""}”` }),
    el("footer", {}, where,
      (c.original_sources || []).map((o) => el("div", { class: "orig" }, "→ ",
        o.url ? safeLink(o.url, o.title || o.url) : (o.title || o.iri || ""),
        o.publisher ? `, ${o.publisher}` : "", o.date ? `, ${o.date}` : ""))));
}

function statusBadge(status) {
  const key = String(status || "reported").replace(/ /g, "-");
  return el("span", { class: `status status-${key}`, text: status || "reported" });
}

function dates(r) {
  const text = r.start || r.end ? `${r.start || "…"}–${r.end || ""}` : r.date || "";
  return text ? el("span", { class: "dates", text }) : null;
}

const add = (node, ...children) => append(node, children);

export function showEntity(panel, p, actions) {
  clear(panel);
  const slug = slugOf(p.iri);
  add(panel, 
    el("div", { class: "panel-head" },
      el("h2", { text: p.label }),
      el("button", { type: "button", class: "close", "aria-label": "Close panel", text: "×", onclick: actions.close })),
    el("p", { class: "types" }, p.types.filter((t) => !t.iri.endsWith("#Entity")).map((t) => el("span", { class: "type", text: t.label })),
      " ", el("code", { text: p.id })),
    el("div", { class: "actions" },
      el("button", { type: "button", text: "Centre here", onclick: () => actions.centre(slug) }),
      el("button", { type: "button", text: "Expand neighbours", onclick: () => actions.expand(slug) }),
      el("button", { type: "button", text: "Connect from here", onclick: () => actions.connectFrom(p) }),
      el("a", { href: "/id/" + encodeURIComponent(slug), text: "Full page" })));
  const names = p.names.filter((n) => n.value !== p.label);
  if (names.length || p.aliases.length) {
    add(panel, el("p", { class: "aliases" }, "Also: ",
      [...names, ...p.aliases].map((a, i) => [i ? " · " : "", a.value, a.lang && a.lang !== "en" ? el("small", { text: ` (${a.lang})` }) : null])));
  }
  if (p.description) add(panel, el("p", { class: "description", text: p.description }));
  if (p.status) add(panel, el("p", {}, "Claim status: ", statusBadge(p.status)));
  if (p.citations && p.citations.length) add(panel, el("h3", { text: "Introduced by" }), p.citations.map(citation));
  const figures = Object.entries(p.figures || {});
  if (figures.length) {
    add(panel, el("h3", { text: "Figures" }));
    for (const [measure, figs] of figures) {
      add(panel, el("h4", {}, measure, figs.length > 1 ? el("small", { text: ` — ${figs.length} figures, side by side` }) : null),
        el("div", { class: "side-by-side" }, figs.map((f) => el("div", { class: "figure" },
          el("p", { class: "value", text: [f.qualifier, f.value, f.min || f.max ? `${f.min || ""}–${f.max || ""}` : null, f.unit].filter(Boolean).join(" ") }),
          f.date ? el("p", { class: "dates", text: f.date }) : null,
          f.context ? el("p", { class: "context", text: f.context }) : null,
          statusBadge(f.status), f.citations.map(citation)))));
    }
  }
  if (p.sentence && p.sentence.length) {
    add(panel, el("h3", { text: "Sentence" }), el("ul", {}, p.sentence.map((s) => el("li", {
      text: [s.kind, s.duration, s.amount ? `${s.amount} ${s.unit || ""}` : null, s.bars ? `bars: ${s.bars}` : null,
        s.until ? `until ${s.until}` : null].filter(Boolean).join(" — ") }))));
  }
  const kinds = Object.entries(p.relations || {});
  add(panel, el("h3", { text: kinds.length ? "Relations" : "No relations recorded" }));
  for (const [kind, rels] of kinds) {
    const list = el("ul", { class: "relations" });
    for (const r of rels) {
      const other = el("button", { type: "button", class: "linkish", text: r.other.label,
        onclick: () => actions.select(slugOf(r.other.iri)) });
      const self = el("em", { text: p.label });
      const detail = [r.detail, r.role].filter(Boolean).join(", ");
      list.append(el("li", { class: `status-${statusKey(r.status).replace(/ /g, "-")}` },
        el("div", { class: "rel" }, r.direction === "in" ? [other, ` ${r.phrase} `, self] : [self, ` ${r.phrase} `, other],
          detail ? el("span", { class: "detail", text: ` (${detail})` }) : null, " ", dates(r), " ", statusBadge(r.status)),
        r.citations.map(citation)));
    }
    add(panel, el("details", { open: rels.length <= 6 },
      el("summary", {}, kind, el("small", { text: ` (${rels.length})` })), list));
  }
  if (p.links && p.links.length) {
    add(panel, el("h3", { text: "Links" }), el("ul", { class: "relations" }, p.links.map((l) => el("li", {},
      l.direction === "in" ? [el("button", { type: "button", class: "linkish", text: l.other.label, onclick: () => actions.select(slugOf(l.other.iri)) }), ` ${l.label} → this`]
        : [`${l.label}: `, el("button", { type: "button", class: "linkish", text: l.other.label, onclick: () => actions.select(slugOf(l.other.iri)) })]))));
  }
}

export function showPaths(panel, results, view, actions) {
  clear(panel);
  add(panel, el("div", { class: "panel-head" },
    el("h2", { text: "How are they connected?" }),
    el("button", { type: "button", class: "close", "aria-label": "Close panel", text: "×", onclick: actions.close })));
  for (const found of results) {
    const name = (iri) => (view.nodes.get(iri) || {}).label || iri.split("/").pop();
    add(panel, el("h3", { text: `${name(found.source)} ↔ ${name(found.target)}` }));
    if (!found.paths.length) {
      add(panel, el("p", { text: "No connection within six steps under the current filters." }));
      continue;
    }
    found.paths.forEach((hops, i) => {
      add(panel, el("h4", { text: `Path ${i + 1}: ${hops.length} step${hops.length > 1 ? "s" : ""}` }),
        el("ol", { class: "hops" }, hops.map((hop) => el("li", {},
          el("p", { class: "sentence", text: hop.sentence }),
          hop.citations.slice(0, 2).map(citation),
          hop.alternatives && hop.alternatives.length ? el("p", { class: "hint", text: `${hop.alternatives.length} more source relation(s) for this step` }) : null))));
    });
  }
  add(panel, el("button", { type: "button", text: "Clear paths", onclick: actions.clearPaths }));
}
