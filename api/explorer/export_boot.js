// Draws the exported view. Runs inline in a file opened offline: no fetch, no innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kz-data").textContent);
  function tip(text) {            // tooltips as DOM text, never parsed as HTML
    var div = document.createElement("div");
    div.textContent = text;
    return div;
  }
  data.nodes.forEach(function (n) { if (typeof n.title === "string") { n.title = tip(n.title); } });
  data.edges.forEach(function (e) { if (typeof e.title === "string") { e.title = tip(e.title); } });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  var state = { network: network, nodes: nodes, edges: edges, ready: false };
  window.kzExport = state;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });   // a still picture, and a responsive one
    network.fit();
    state.ready = true;
  });
})();
