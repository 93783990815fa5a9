// A search box with suggestions from /api/search (any spelling, script or word order).
// Arrow keys move, Enter or a click chooses; the list is built with DOM text nodes.
import { api } from "./api.js";
import { el, clear } from "./dom.js";

export function suggest(input, onChoose) {
  const list = el("ul", { class: "suggestions", role: "listbox", hidden: true });
  input.after(list);
  input.setAttribute("autocomplete", "off");
  input.setAttribute("role", "combobox");
  let hits = [];
  let active = -1;
  let timer = null;
  let asked = "";

  const close = () => { list.hidden = true; active = -1; };
  const choose = (hit) => { close(); input.value = hit.label; onChoose(hit); };
  const draw = () => {
    clear(list);
    hits.forEach((h, i) => {
      list.append(el("li", { role: "option", class: i === active ? "active" : "", "aria-selected": i === active ? "true" : "false",
        onmousedown: (ev) => { ev.preventDefault(); choose(h); } },
        el("span", { class: "label", text: h.label }), " ", el("span", { class: "type", text: h.type_label }),
        h.matched && h.matched !== h.label ? el("small", { text: ` “${h.matched}”` }) : null));
    });
    list.hidden = hits.length === 0;
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { hits = []; draw(); return; }
    timer = setTimeout(async () => {
      asked = q;
      const res = await api.search(q).catch(() => ({ hits: [] }));
      if (asked !== q) return;
      hits = res.hits;
      active = hits.length ? 0 : -1;
      draw();
    }, 120);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!hits.length) return;
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
      draw();
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (hits[active]) choose(hits[active]);
    } else if (ev.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { set: (text) => { input.value = text; } };
}
