// DOM building without innerHTML: every string from the data goes in as a text node, so a
// label such as <img src=x onerror=alert(1)> is shown, never parsed.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// A link to an original report: only http(s) URLs become links, and they open no opener.
export function safeLink(url, text) {
  let parsed = null;
  try { parsed = new URL(url); } catch (e) { parsed = null; }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) return document.createTextNode(text || "");
  return el("a", { href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank", text: text || parsed.href });
}

// A tooltip for vis-network as a DOM element: vis would otherwise decide how to treat a string.
export function tip(text) {
  return el("div", { class: "kz-tip", text });
}

export function slugOf(iri) {
  return iri.replace("https://kzgraph.org/id/", "");
}

export function local(iri) {
  return String(iri || "").split("#").pop().split("/").pop();
}
