// The SPARQL page: run the editor's query against /sparql and show rows as a table.
// Every value is inserted with textContent, never as HTML.
"use strict";
(function () {
  const editor = document.getElementById("query");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const params = new URLSearchParams(location.search);
  if (params.get("query")) editor.value = params.get("query");

  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => { editor.value = button.dataset.sparql; run(); });
  });
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (e) => { if ((e.ctrlKey || e.metaKey) && e.key === "Enter") run(); });

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      const local = term.value.startsWith("https://kzgraph.org/id/") ? "/id/" + term.value.slice(23) : term.value;
      a.href = local; a.textContent = term.value.replace("https://kzgraph.org/id/", "kz:");
      if (!local.startsWith("/")) a.rel = "noopener noreferrer";
      td.appendChild(a);
    } else {
      td.textContent = term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
    }
    return td;
  }

  async function run() {
    status.textContent = "running…"; results.replaceChildren();
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql", { method: "POST", body: new URLSearchParams({ query: editor.value }),
        headers: { "Accept": "application/sparql-results+json, text/turtle;q=0.9" } });
    } catch (err) { status.textContent = "network error: " + err; return; }
    const type = response.headers.get("content-type") || "";
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error.message; } catch (e) { /* keep statusText */ }
      status.textContent = "error " + response.status + ": " + message; return;
    }
    if (type.includes("sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) { status.textContent = "answer: " + data.boolean + " (" + ms + " ms)"; return; }
      const table = document.createElement("table");
      const head = table.createTHead().insertRow();
      data.head.vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
      const body = table.createTBody();
      data.results.bindings.forEach((b) => {
        const tr = body.insertRow(); data.head.vars.forEach((v) => tr.appendChild(cell(b[v])));
      });
      results.appendChild(table);
      status.textContent = data.results.bindings.length + " rows (" + ms + " ms)";
    } else {
      const pre = document.createElement("pre"); pre.textContent = await response.text();
      results.appendChild(pre); status.textContent = "graph result (" + ms + " ms)";
    }
  }
})();
