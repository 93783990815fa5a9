// The REST API the explorer is built on; responses are cached per URL for the page's lifetime
// (the graph changes only on a load, and a reload of the page picks that up).
const cache = new Map();

export async function getJSON(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const url = path + (query.toString() ? "?" + query : "");
  if (!cache.has(url)) {
    cache.set(url, fetch(url, { headers: { Accept: "application/json" } }).then(async (r) => {
      if (!r.ok) {
        cache.delete(url);
        const body = await r.json().catch(() => ({}));
        throw new Error((body.error && body.error.message) || r.statusText);
      }
      return r.json();
    }));
  }
  return cache.get(url);
}

export const api = {
  meta: () => getJSON("/api/explorer/meta"),
  whole: () => getJSON("/api/explorer/graph"),
  search: (q) => getJSON("/api/search", { q, limit: 8 }),
  entity: (slug) => getJSON("/api/entities/" + encodeURIComponent(slug)),
  neighbourhood: (slug, limit, expand) =>
    getJSON("/api/entities/" + encodeURIComponent(slug) + "/neighbourhood", { depth: 1, limit, expand: expand ? "true" : "" }),
  nodes: (ids) => getJSON("/api/explorer/nodes", { id: ids }),
  paths: (from, to, filter) => getJSON("/api/paths", { from, to, k: 3, ...filter }),
};
