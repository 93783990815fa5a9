# ruff: noqa: E501  (the cell sources are long lines of notebook code)
"""Write the notebooks in this folder from the cell sources below, then run them to store their outputs.

    /work/venv/bin/python notebooks/build.py          # write and execute all
    /work/venv/bin/python notebooks/build.py --no-run # write only

Keeping the sources here makes the notebooks reviewable as Python and regenerable after a data
change; tests/test_notebooks.py executes the committed .ipynb files themselves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent

SETUP = """\
%matplotlib inline
import kg
from kg.loader import load
from kg.settings import Settings
from kg.store import MemoryStore

settings = Settings(store="memory")
store = MemoryStore()
result = load(settings, store)  # validate the bundled data and load it, as `kzgraph load` does
print(f"kzgraph {kg.__version__}: {result.total_triples:,} triples ({result.derived_triples:,} derived)")"""

KZ = 'KZ = "https://kzgraph.org/id/"'

DRAW = """\
import matplotlib.pyplot as plt
import networkx as nx

PALETTE = {"Person": "#d62728", "PoliticalParty": "#1f77b4", "Movement": "#1f77b4", "Company": "#2ca02c",
           "Bank": "#2ca02c", "RealEstate": "#8c564b", "Asset": "#8c564b", "Post": "#9467bd", "StateBody": "#7f7f7f"}


def draw(graph, title, highlight=(), size=(11, 8), seed=3, labels=None):
    \"\"\"A static picture of a small graph: colour by type, dashed edges for alleged relations.\"\"\"
    undirected = nx.Graph(graph)
    pos = nx.spring_layout(undirected, seed=seed, k=1.4 / max(1, len(undirected)) ** 0.5)
    colours = [PALETTE.get(graph.nodes[n].get("type", "").rsplit("#", 1)[-1], "#bbbbbb") for n in undirected]
    sizes = [900 if n in highlight else 300 for n in undirected]
    fig, ax = plt.subplots(figsize=size)
    alleged = [(u, v) for u, v, d in graph.edges(data=True) if str(d.get("status", "")).endswith("alleged")]
    solid = [(u, v) for u, v in undirected.edges() if (u, v) not in alleged and (v, u) not in alleged]
    nx.draw_networkx_edges(undirected, pos, edgelist=solid, alpha=0.5, ax=ax)
    nx.draw_networkx_edges(undirected, pos, edgelist=alleged, style="dashed", alpha=0.7, ax=ax)
    nx.draw_networkx_nodes(undirected, pos, node_color=colours, node_size=sizes, alpha=0.9, ax=ax)
    names = labels or {n: graph.nodes[n].get("label", n)[:28] for n in undirected}
    nx.draw_networkx_labels(undirected, pos, labels=names, font_size=8, ax=ax)
    ax.set_title(title)
    ax.axis("off")
    plt.show()"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "tour.ipynb": [
        ("md", "# A tour of kzgraph\n\nLoad the graph into memory, search it by any spelling, read a profile with its "
               "sources, run a few of the journalist questions, and draw a neighbourhood as an offline HTML page."),
        ("code", SETUP),
        ("code", KZ + "\nfrom kg import stats\nfigures = stats.compute(store)\nprint(figures.triples, 'triples,', "
                 "figures.direct_edges, 'direct edges,', figures.citations, 'citations')\n"
                 "list(figures.by_class.items())[:10]"),
        ("md", "## Search by any spelling\nTransliterations, Cyrillic and word order are forgiven."),
        ("code", "from kg.search import SearchIndex\nindex = SearchIndex.build(store)\n"
                 "for query in ['Nazarbaev', 'Назарбаев', 'Maks Bokaev', 'Qasym-Jomart Toqaev']:\n"
                 "    hit = index.search(query, limit=1)[0]\n    print(f'{query!r:24} → {hit.label} ({hit.score})')"),
        ("md", "## A profile: every relation with dates, claim status and sources"),
        ("code", "from kg.profile import profile\np = profile(store, KZ + 'dariga-nazarbayeva')\n"
                 "print(p['label'], '—', p['description'])\n"
                 "for kind, relations in p['relations'].items():\n    for r in relations:\n"
                 "        quote = r['citations'][0]['quote'] if r['citations'] else '(uncited)'\n"
                 "        when = '–'.join(x for x in (r['start'], r['end']) if x) or r['date'] or ''\n"
                 "        print(f\"{kind:12} {r['other']['label'][:30]:30} {when:12} {r['status'] or '':9} “{quote[:60]}”\")"),
        ("md", "## Named questions\nThe journalist questions live in `ontology/queries/*.rq`; each has a title and "
               "parameters with defaults."),
        ("code", "from kg import named_queries\nfrom kg.terms import PREFIXES, shorten\n"
                 "catalogue = named_queries.catalogue(settings.ontology_dir / 'queries')\n"
                 "for name in ['chair-of-the-senate', 'zhanaozen-death-toll', 'banned-parties-and-movements']:\n"
                 "    if name not in catalogue:\n        continue\n    q = catalogue[name]\n"
                 "    rows = store.select(q.text, q.bindings(store, {}), PREFIXES)\n"
                 "    print(f'\\n{q.title}  ({len(rows)} rows)')\n"
                 "    for row in rows[:6]:\n"
                 "        print('   ', ' | '.join(shorten(v.value) if hasattr(v, 'value') and str(v).startswith('<') "
                 "else getattr(v, 'value', str(v))[:40] for v in row.values()))"),
        ("md", "## A neighbourhood, drawn\nAs a picture here, and as a self-contained HTML page (vis-network inlined, "
               "no CDN, every label escaped) that opens offline."),
        ("code", DRAW),
        ("code", "from kg.network import neighbourhood\nfrom kg.projection import project\n"
                 "graph = project(store)\ncentre = KZ + 'timur-kulibayev'\n"
                 "hood = neighbourhood(graph, centre, depth=1, limit=40)\n"
                 "sub = graph.subgraph([n['iri'] for n in hood['nodes']]).copy()\n"
                 "draw(sub, 'Timur Kulibayev and his neighbours', highlight={centre})"),
        ("code", "import tempfile\nfrom pathlib import Path\nfrom api.explorer.pyvis_export import to_html\n"
                 "for n, d in sub.nodes(data=True):\n    d.update(title=d['label'], label=d['label'][:30])\n"
                 "for u, v, k, d in sub.edges(keys=True, data=True):\n    d['title'] = d.get('phrase', '')\n"
                 "page = to_html(sub, title='Timur Kulibayev: neighbourhood', note='kzgraph tour notebook')\n"
                 "out = Path(tempfile.mkdtemp()) / 'kulibayev.html'\nout.write_text(page, encoding='utf-8')\n"
                 "import re\nassert not re.search(r'(src|href)=[\"\\']?https?:', page)  # nothing fetched from the network\n"
                 "print(f'{out} ({len(page):,} characters, works offline)')"),
    ],
    "family_network.ipynb": [
        ("md", "# The first president's family and business network\n\nNursultan Nazarbayev's relatives within two "
               "family ties, what each owns, leads or belongs to, and the assets with their sources."),
        ("code", SETUP),
        ("code", KZ + "\nfrom kg.analytics import family_of\nfrom kg.projection import project, NOT_IN_FORCE\n"
                 "graph = project(store)\nhead = KZ + 'nursultan-nazarbayev'\nfamily = family_of(graph, head, depth=2)\n"
                 "sorted(graph.nodes[n]['label'] for n in family)"),
        ("code", "KINDS = {'FamilyTie', 'Ownership', 'Leadership', 'Founding', 'Association', 'Funding'}\n"
                 "keep = set(family)\nfor u, v, d in graph.edges(data=True):\n"
                 "    if d['status'] in NOT_IN_FORCE or d['kind'].rsplit('#', 1)[-1] not in KINDS:\n        continue\n"
                 "    if u in family or v in family:\n        keep |= {u, v}\n"
                 "network = graph.edge_subgraph([(u, v, k) for u, v, k, d in graph.edges(keys=True, data=True)\n"
                 "    if u in keep and v in keep and d['kind'].rsplit('#', 1)[-1] in KINDS and d['status'] not in NOT_IN_FORCE]).copy()\n"
                 "print(network.number_of_nodes(), 'entities,', network.number_of_edges(), 'relations')"),
        ("code", DRAW),
        ("code", "draw(network, 'The Nazarbayev family: kin, businesses, assets (dashed: alleged)', highlight=family, size=(13, 10))"),
        ("md", "## Assets owned or controlled by the family, with claim status and source"),
        ("code", "from kg.projection import with_citations\nwith_citations(network, store)\n"
                 "for u, v, d in sorted(network.edges(data=True), key=lambda e: network.nodes[e[0]]['label']):\n"
                 "    if not d['kind'].endswith('Ownership'):\n        continue\n"
                 "    quote = d['citations'][0]['quote'] if d['citations'] else '(uncited)'\n"
                 "    status = (d['status'] or '').rsplit('/', 1)[-1]\n"
                 "    print(f\"{network.nodes[u]['label'][:24]:24} {d.get('detail') or 'owns':16} {network.nodes[v]['label'][:40]:40} {status:9} “{quote[:70]}”\")"),
        ("md", "## Who in the family is most connected?"),
        ("code", "from kg.analytics import degree, ranked\nscores = degree(network)\n"
                 "top = ranked({n: s for n, s in scores.items() if n in family}, 10)\n"
                 "fig, ax = plt.subplots(figsize=(8, 3.5))\n"
                 "ax.barh([network.nodes[n]['label'] for n, _ in top][::-1], [s for _, s in top][::-1], color='#d62728')\n"
                 "ax.set_xlabel('degree centrality in the family network')\nplt.tight_layout()\nplt.show()"),
    ],
    "repression.ipynb": [
        ("md", "# Prosecutions, freedom restrictions and bans\n\nCounts by year, article or charge, outcome and the "
               "defendant's role; who was under a freedom restriction on 1 January 2021; bans and liquidations "
               "over time. Appeals are folded into their case; denied or overturned claims are left out."),
        ("code", SETUP),
        ("code", "import matplotlib.pyplot as plt\nfrom kg.analytics import repression, restrictions\n"
                 "cases = repression.prosecutions(store)\nprint(len(cases), 'prosecutions')\nrepression.by_year(cases)"),
        ("code", "years = [y for y, _ in repression.by_year(cases) if y != repression.UNKNOWN]\n"
                 "table = repression.by_year_and(cases, 'role')\nroles = [r for r, _ in repression.by_role(cases)]\n"
                 "fig, ax = plt.subplots(figsize=(10, 4))\nbottom = [0] * len(years)\n"
                 "for role in roles:\n    counts = [table.get(y, {}).get(role, 0) for y in years]\n"
                 "    ax.bar(years, counts, bottom=bottom, label=role)\n"
                 "    bottom = [b + c for b, c in zip(bottom, counts)]\n"
                 "ax.set_title('Prosecutions by year and the defendant\\'s role (dated cases; a case counts under each role)')\nax.set_ylabel('cases')\n"
                 "ax.legend(fontsize=8, ncol=2)\nplt.tight_layout()\nplt.show()"),
        ("code", "def bars(pairs, title, colour):\n    labels = [k[:45] for k, _ in pairs][::-1]\n"
                 "    fig, ax = plt.subplots(figsize=(9, 0.3 * len(pairs) + 1.2))\n"
                 "    ax.barh(labels, [n for _, n in pairs][::-1], color=colour)\n    ax.set_title(title)\n"
                 "    plt.tight_layout()\n    plt.show()\n\n"
                 "print('by article:', repression.by_article(cases))\n"
                 "bars(repression.by_charge(cases)[:15], 'Cases by article, or by the charge as worded', '#1f77b4')"),
        ("code", "bars(repression.by_outcome(cases), 'Cases by outcome', '#ff7f0e')\n"
                 "bars(repression.by_role(cases), 'Cases by the defendant\\'s role', '#2ca02c')"),
        ("md", "## Freedom restrictions in force on 1 January 2021"),
        ("code", "for r in restrictions.in_force_on(restrictions.restrictions(store), '2021-01-01'):\n"
                 "    who = ', '.join(r.defendants.values())\n"
                 "    print(f\"{who[:28]:28} {r.kind:22} {r.start or '?':10} → {r.end or '?':10} {r.status:18} bars: {r.bars or 'not stated'}\")"),
        ("md", "## Bans and liquidations over time"),
        ("code", "table = restrictions.bans_by_year(restrictions.bans(store))\n"
                 "years = [y for y in table if y != repression.UNKNOWN]\nkinds = sorted({k for y in table.values() for k in y})\n"
                 "fig, ax = plt.subplots(figsize=(9, 3.5))\nbottom = [0] * len(years)\n"
                 "for kind in kinds:\n    counts = [table[y].get(kind, 0) for y in years]\n"
                 "    ax.bar(years, counts, bottom=bottom, label=kind)\n    bottom = [b + c for b, c in zip(bottom, counts)]\n"
                 "ax.set_title('Bans, liquidations, suspensions and closures by year')\nax.legend(fontsize=8)\n"
                 "plt.tight_layout()\nplt.show()\n"
                 "for b in restrictions.bans(store):\n"
                 "    print(b.year or '?', f'{b.kind:22}', ', '.join(b.targets.values())[:50], '—', b.court or 'court not named')"),
    ],
    "brokers.ipynb": [
        ("md", "# Brokers and communities between the elite and the opposition\n\nThe ruling family (Nazarbayev and "
               "relatives within two family ties) on one side, organisations banned as extremist, liquidated or refused "
               "registration on the other. A broker is a person outside both groups on the shortest ties between them; "
               "links such as places and courts are not counted as ties."),
        ("code", SETUP),
        ("code", KZ + "\nfrom kg.analytics import banned_organisations, brokers, family_of\nfrom kg.projection import project\n"
                 "graph = project(store)\nfamily = family_of(graph, KZ + 'nursultan-nazarbayev')\n"
                 "banned = banned_organisations(store)\n"
                 "people = {n for n, t in graph.nodes(data='type') if t.endswith('#Person')}\n"
                 "found = brokers(graph, family, banned, relations_only=True, candidates=people)\n"
                 "label = lambda n: graph.nodes[n]['label']\n"
                 "for b in found[:10]:\n"
                 "    ties = sorted({f\"{e['kind_label']} {label(e['target'] if e['source'] == b.node else e['source'])}\" for e in b.toward_a + b.toward_b})\n"
                 "    print(f'{label(b.node):24} pairs {b.score:6.2f}  betweenness {b.betweenness:.4f}  via: ' + '; '.join(ties)[:150])"),
        ("code", "import matplotlib.pyplot as plt\ntop = found[:12]\nfig, ax = plt.subplots(figsize=(9, 4))\n"
                 "ax.barh([label(b.node) for b in top][::-1], [b.score for b in top][::-1], color='#9467bd')\n"
                 "ax.set_xlabel('family–banned pairs whose shortest ties run through the broker')\n"
                 "ax.set_title('Brokers between the ruling family and banned organisations')\nplt.tight_layout()\nplt.show()"),
        ("code", DRAW),
        ("code", "edges = {(e['source'], e['target'], e['key']) for b in found[:8] for e in b.toward_a + b.toward_b}\n"
                 "bridge = graph.edge_subgraph(edges).copy()\n"
                 "draw(bridge, 'Brokers (large) and the relations that make them brokers', highlight={b.node for b in found[:8]})"),
        ("md", "## Communities\nLouvain, seeded, on ties between entities (relations only)."),
        ("code", "from kg.analytics import communities, modularity, simple\n"
                 "ties = simple(graph, relations_only=True)\ngroups = communities(ties, seed=42)\n"
                 "print(sum(len(g) > 2 for g in groups), 'communities of three or more (the rest are isolated or pairs);',\n"
                 "      'modularity', round(modularity(ties, groups), 3))\n"
                 "where = {n: i for i, g in enumerate(groups) for n in g}\n"
                 "for name in ['nursultan-nazarbayev', 'mukhtar-ablyazov', 'democratic-choice-of-kazakhstan', 'nur-otan']:\n"
                 "    i = where.get(KZ + name)\n    members = sorted(label(n) for n in groups[i] if graph.nodes[n]['type'].endswith('Person'))[:8]\n"
                 "    print(f'{name:34} community {i} ({len(groups[i])} members): ' + ', '.join(members))"),
        ("code", "sizes = [len(g) for g in groups[:15]]\nfig, ax = plt.subplots(figsize=(8, 3))\n"
                 "ax.bar(range(len(sizes)), sizes, color='#17becf')\nax.set_xlabel('community (largest first)')\n"
                 "ax.set_ylabel('entities')\nax.set_title('Community sizes')\nplt.tight_layout()\nplt.show()"),
    ],
    "network_2011_vs_2021.ipynb": [
        ("md", "# The network in 2011 and in 2021\n\nThe graph \"as of\" each date keeps relations that may have been in "
               "force then (undated relations are kept in both: undated is not ended). Who was central, and what "
               "changed?"),
        ("code", SETUP),
        ("code", KZ + "\nfrom kg.analytics import betweenness, degree, ranked, simple\nfrom kg.projection import project\n"
                 "years = {year: project(store, as_of=year) for year in ('2011', '2021')}\n"
                 "ties = {year: simple(g, relations_only=True) for year, g in years.items()}\n"
                 "for year, t in ties.items():\n"
                 "    active = [n for n in t if t.degree(n)]\n"
                 "    print(year, len(active), 'tied entities,', t.number_of_edges(), 'ties')"),
        ("code", "import matplotlib.pyplot as plt\nlabel = lambda g, n: g.nodes[n]['label']\n"
                 "fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))\n"
                 "for ax, (year, g) in zip(axes, years.items()):\n"
                 "    people = {n: s for n, s in betweenness(ties[year]).items() if g.nodes[n]['type'].endswith('#Person')}\n"
                 "    top = ranked(people, 10)\n"
                 "    ax.barh([label(g, n)[:26] for n, _ in top][::-1], [s for _, s in top][::-1], color='#d62728' if year == '2011' else '#1f77b4')\n"
                 "    ax.set_title(f'Most central people, as of {year} (betweenness)')\n"
                 "plt.tight_layout()\nplt.show()"),
        ("code", "before, after = ties['2011'], ties['2021']\n"
                 "lost = sorted(set(before.edges()) - set(after.edges()) - {(v, u) for u, v in after.edges()})\n"
                 "new = sorted(set(after.edges()) - set(before.edges()) - {(v, u) for u, v in before.edges()})\n"
                 "print(len(lost), 'ties in force in 2011 but not 2021;', len(new), 'new by 2021')\n"
                 "g = years['2021']\nfor u, v in new[:12]:\n    print('  +', label(g, u)[:35], '—', label(g, v)[:35])"),
        ("code", "kinds = sorted({d['kind_label'] for y in years.values() for *_, d in y.edges(data=True) if not d['link']})\n"
                 "counts = {year: [sum(1 for *_, d in g.edges(data=True) if d['kind_label'] == k) for k in kinds] for year, g in years.items()}\n"
                 "fig, ax = plt.subplots(figsize=(10, 3.8))\nxs = range(len(kinds))\n"
                 "ax.bar([x - 0.2 for x in xs], counts['2011'], width=0.4, label='2011')\n"
                 "ax.bar([x + 0.2 for x in xs], counts['2021'], width=0.4, label='2021')\n"
                 "ax.set_xticks(list(xs), kinds, rotation=30, ha='right')\nax.legend()\n"
                 "ax.set_title('Relations in force, by kind')\nplt.tight_layout()\nplt.show()"),
    ],
}


def build(name: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
                      for kind, src in cells]
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{Path(name).stem.replace('_', '-')}-{index}"
    return notebook


def main(run: bool = True) -> None:
    for name, cells in NOTEBOOKS.items():
        notebook = build(name, cells)
        if run:
            NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
        nbformat.write(notebook, HERE / name)
        print("wrote", name)


if __name__ == "__main__":
    main(run="--no-run" not in sys.argv)
