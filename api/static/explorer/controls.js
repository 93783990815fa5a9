// Filters (entity family, relation kind, claim status), the date slider and the export buttons.
import { el, clear } from "./dom.js";
import { viewParams } from "./state.js";

function checklist(container, items, hidden, onChange) {
  clear(container);
  for (const item of items) {
    const box = el("input", { type: "checkbox", value: item.key, checked: !hidden.has(item.key), "data-filter": item.key });
    box.addEventListener("change", () => {
      if (box.checked) hidden.delete(item.key); else hidden.add(item.key);
      onChange();
    });
    container.append(el("label", { class: "check" }, box, " ", item.label, item.count ? el("small", { text: ` ${item.count}` }) : null));
  }
}

export function drawFilters(meta, state, onChange) {
  checklist(document.getElementById("f-types"), meta.families, state.ht, onChange);
  checklist(document.getElementById("f-statuses"), meta.statuses, state.hs, onChange);
  checklist(document.getElementById("f-kinds"), meta.kinds, state.hk, onChange);
  const on = document.getElementById("date-on");
  const slider = document.getElementById("date");
  const fade = document.getElementById("date-fade");
  const shown = document.getElementById("date-value");
  slider.min = String(meta.years[0]);
  slider.max = String(meta.years[1]);
  const sync = () => {
    on.checked = Boolean(state.d);
    slider.disabled = !state.d;
    if (state.d) slider.value = state.d.slice(0, 4);
    shown.textContent = state.d ? `as of ${state.d}` : "all dates";
    fade.checked = state.fade;
  };
  on.addEventListener("change", () => { state.d = on.checked ? slider.value : null; sync(); onChange(); });
  slider.addEventListener("input", () => { state.d = slider.value; sync(); onChange(); });
  fade.addEventListener("change", () => { state.fade = fade.checked; onChange(); });
  sync();
  return sync;
}

export function updateExportLink(state) {
  document.getElementById("export-html").href = "/api/export/view.html?" + viewParams(state).toString();
}

// The canvas as PNG, on white (the canvas itself is transparent).
export function exportPng(network) {
  const source = network.canvas.frame.canvas;
  const out = document.createElement("canvas");
  out.width = source.width;
  out.height = source.height;
  const ctx = out.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(source, 0, 0);
  const url = out.toDataURL("image/png");
  const a = el("a", { href: url, download: "kzgraph-view.png" });
  document.body.append(a);
  a.click();
  a.remove();
  return url;
}
