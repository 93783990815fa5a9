// The legend: one symbol per entity family (colour and shape as drawn) and the edge styles.
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const SHAPES = {
  dot: () => svg("circle", { cx: 8, cy: 8, r: 6 }),
  square: () => svg("rect", { x: 2, y: 2, width: 12, height: 12 }),
  diamond: () => svg("polygon", { points: "8,1 15,8 8,15 1,8" }),
  triangle: () => svg("polygon", { points: "8,1 15,14 1,14" }),
  triangleDown: () => svg("polygon", { points: "1,2 15,2 8,15" }),
  hexagon: () => svg("polygon", { points: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" }),
  star: () => svg("polygon", { points: "8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.6 3.2,15 5,9.5 0.5,6 6,6" }),
};

function symbol(family) {
  const box = svg("svg", { width: 16, height: 16, viewBox: "0 0 16 16", "aria-hidden": "true" });
  const shape = (SHAPES[family.shape] || SHAPES.dot)();
  shape.setAttribute("fill", family.colour);
  box.append(shape);
  return box;
}

function line(colour, dash, width) {
  const box = svg("svg", { width: 30, height: 10, "aria-hidden": "true" });
  const l = svg("line", { x1: 1, y1: 5, x2: 29, y2: 5, stroke: colour, "stroke-width": width });
  if (dash) l.setAttribute("stroke-dasharray", dash);
  box.append(l);
  return box;
}

export function drawLegend(container, meta) {
  const c = meta.colours;
  container.append(
    el("h3", { text: "Legend" }),
    el("ul", { class: "legend-types" }, meta.families.map((f) => el("li", {}, symbol(f), el("span", { text: f.label })))),
    el("ul", { class: "legend-edges" },
      el("li", {}, line(c.edge, null, 2), el("span", { text: "reported / established by a court" })),
      el("li", {}, line(c.edge, "6 4", 2), el("span", { text: "alleged or disputed" })),
      el("li", {}, line(c.ended, "2 4", 2), el("span", { text: "ended" })),
      el("li", {}, line(c.path, null, 3.5), el("span", { text: "on a connecting path" })),
      el("li", {}, el("span", { class: "more-sample", text: "+N more" }), el("span", { text: "click to show the rest" }))));
}
