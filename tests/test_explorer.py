"""The explorer in a real browser: `kzgraph serve` on 127.0.0.1 over the repository data plus one
entity whose name is markup, driven with Debian's Chromium through Playwright.

Every wait is bounded. Screenshots go to /tmp/explorer-*.png for a person to look at. A
JavaScript dialog at any point fails the test: the markup-named entity must show as text.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright import sync_api as playwright_api
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kg.settings import PROJECT_ROOT

from .conftest import Server, run_cli

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WAIT_MS = 20_000
XSS = "<img src=x onerror=alert(1)>"
XSS_TTL = """@prefix kz: <https://kzgraph.org/id/> .
@prefix kzo: <https://kzgraph.org/ontology#> .
@prefix kzv: <https://kzgraph.org/vocab/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

kz:xss-probe a kzo:Person ;
    skos:prefLabel "<img src=x onerror=alert(1)>"@en ;
    skos:altLabel "<script>alert(2)</script>"@en ;
    dcterms:description "A test entity whose name is markup: it must show as text."@en ;
    kzo:citation [ kzo:document kz:src-fpc-intro-2021 ; kzo:section "Cashing in" ;
                   kzo:quote "her husband Timur Kulibayev, a businessman" ] .

kz:xss-probe-assoc a kzo:Association ;
    kzo:actor kz:xss-probe ; kzo:associate kz:timur-kulibayev ; kzo:associationKind kzv:associate ;
    kzo:claimStatus kzv:reported ;
    kzo:citation [ kzo:document kz:src-fpc-intro-2021 ; kzo:section "Cashing in" ;
                   kzo:quote "her husband Timur Kulibayev, a businessman" ] .
"""



@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository data plus the XSS probe, loaded and served on a free loopback port."""
    root = tmp_path_factory.mktemp("explorer")
    data = root / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    (data / "xss-probe.ttl").write_text(XSS_TTL, encoding="utf-8")
    env = {"KZGRAPH_DATA_DIR": str(data), "KZGRAPH_STORE_DIR": str(root / "store"), "KZGRAPH_STORE": "oxigraph"}
    loaded = run_cli("load", env=env, timeout=300)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    running = Server(env)
    yield running.base
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Session:
    """A page with the guards every test wants: no dialog, no request off the loopback server, no
    failed request (a missing asset or icon shows as an error in the browser's console)."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1500, "height": 900}, accept_downloads=True)
        self.dialogs: list[str] = []
        self.remote: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:") or url.startswith("blob:") or url.startswith("file:"):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, fragment: str = "") -> None:
        self.page.goto(self.base + "/" + fragment)
        self.wait()

    def wait(self) -> None:
        self.page.wait_for_function("() => window.kzExplorer && window.kzExplorer.ready === true", timeout=WAIT_MS)

    def visible(self) -> list[str]:
        ids: list[str] = self.page.evaluate("() => window.kzExplorer.canvas.visibleIds()")
        return sorted(ids)

    def click_node(self, node: str) -> None:
        # Zoom in until the node is the one under its own centre (in a crowded view a neighbour's
        # shape can overlap it), then click there like a person would.
        x, y = self.page.evaluate("""(id) => {
            const net = window.kzExplorer.canvas.network;
            let d = null;
            for (const scale of [1.0, 2.5, 5.0, 10.0]) {
              net.focus(id, { scale, animation: false });
              d = net.canvasToDOM(net.getPositions([id])[id]);
              if (net.getNodeAt(d) === id) break;
            }
            const r = document.getElementById("graph").getBoundingClientRect();
            return [r.left + d.x, r.top + d.y]; }""", node)
        self.page.mouse.click(x, y)

    def open_panel_by_click(self, node: str, title: str) -> None:
        """Click a node until its panel opens: a view that is still animating towards its focus
        can move the node between measuring and clicking, so a person (and this test) clicks again."""
        heading = self.page.locator("#panel h2", has_text=title)
        for _ in range(4):
            self.click_node(node)
            try:
                heading.wait_for(timeout=5000)
                return
            except PlaywrightTimeout:
                self.page.wait_for_timeout(500)
        heading.wait_for(timeout=WAIT_MS)

    def choose(self, field: str, text: str, label: str) -> None:
        self.page.fill(field, text)
        self.page.locator(f"{field} + ul.suggestions li", has_text=label).first.click(timeout=WAIT_MS)

    def close(self) -> None:
        self.context.close()
        assert self.dialogs == [], f"a dialog fired: {self.dialogs}"
        assert self.remote == [], f"requests left the server: {self.remote}"
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"


@pytest.fixture
def session(browser: Any, server: str) -> Iterator[Session]:
    s = Session(browser, server)
    yield s
    s.close()


PERSON = "https://kzgraph.org/id/"


def test_page_sends_csp_and_serves_assets_locally(server: str) -> None:
    page = httpx.get(server + "/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "<script>" not in page.text and "http://" not in page.text.replace("http://www.w3.org", "")
    assert "@version 9.1.2" in httpx.get(server + "/static/vendor/vis-network.min.js").text[:300]
    assert "MIT License" in httpx.get(server + "/static/vendor/LICENSE-vis-network.txt").text


def test_search_select_shows_quote(session: Session) -> None:
    session.open()
    session.choose("#q", "Kulibaev", "Timur Kulibayev")
    session.wait()
    panel = session.page.locator("#panel")
    panel.locator("blockquote.cite p.quote").first.wait_for(timeout=WAIT_MS)
    assert panel.locator("h2").text_content() == "Timur Kulibayev"
    assert "“" in (panel.locator("blockquote.cite p.quote").first.text_content() or "")
    links = panel.locator("blockquote.cite a")
    assert links.count() > 0
    for i in range(links.count()):
        assert (links.nth(i).get_attribute("href") or "").startswith(("http://", "https://"))
        assert "noopener" in (links.nth(i).get_attribute("rel") or "")
    assert "c=timur-kulibayev" in session.page.url
    assert PERSON + "timur-kulibayev" in session.visible()
    session.page.screenshot(path="/tmp/explorer-search.png")


def test_expand_and_more(session: Session) -> None:
    session.open("#c=nursultan-nazarbayev")
    before = session.visible()
    more = "more:" + PERSON + "nursultan-nazarbayev"
    assert more in before, "Nazarbayev has more neighbours than the limit"
    session.click_node(more)
    session.page.wait_for_function("() => location.hash.includes('m=nursultan-nazarbayev')", timeout=WAIT_MS)
    session.wait()
    after = session.visible()
    assert more not in after and len(after) > len(before)
    session.open_panel_by_click(PERSON + "dariga-nazarbayeva", "Dariga Nazarbayeva")
    session.page.locator("#panel button", has_text="Expand neighbours").click()
    session.page.wait_for_function("() => location.hash.includes('x=dariga-nazarbayeva')", timeout=WAIT_MS)
    session.wait()
    assert len(session.visible()) >= len(after)
    session.page.evaluate("() => window.kzExplorer.canvas.network.fit()")
    session.page.screenshot(path="/tmp/explorer-expanded.png")


def test_path_between_two_named_entities(session: Session) -> None:
    session.open()
    session.choose("#path-from", "Timur Kulibayev", "Timur Kulibayev")
    session.choose("#path-to", "Mukhtar Ablyazov", "Mukhtar Ablyazov")
    session.page.click("#path-go")
    session.page.wait_for_function("() => location.hash.includes('p=timur-kulibayev~mukhtar-ablyazov')", timeout=WAIT_MS)
    session.wait()
    hops = session.page.locator("#panel ol.hops li .sentence")
    hops.first.wait_for(timeout=WAIT_MS)
    text = " ".join(hops.all_text_contents())
    assert "Kulibayev" in text and "Ablyazov" in text
    assert session.page.locator("#panel ol.hops blockquote.cite").count() > 0
    on_path = session.page.evaluate(
        "() => [...window.kzExplorer.view.pathEdges].filter(k => window.kzExplorer.canvas.edges.get(k))")
    assert on_path, "path edges are drawn"
    session.page.screenshot(path="/tmp/explorer-path.png")


STILL = """() => { const c = window.kzExplorer.canvas; const p = c.network.getPositions();
    return Object.fromEntries(c.nodes.getIds().map((id) => [id, [Math.round(p[id].x), Math.round(p[id].y)]])); }"""


def test_whole_graph_is_laid_out_before_it_is_drawn(session: Session, browser: Any, server: str) -> None:
    """The whole graph is a big view: laid out by layout.js, drawn still (no physics), the same
    for the same graph, and a click on a node selects it."""
    session.open("#all=1")
    first = session.page.evaluate(STILL)
    assert len(first) > 400, "the repository's whole graph is a big view"
    assert all(abs(x) < 1e6 and abs(y) < 1e6 for x, y in first.values())
    assert len(set(map(tuple, first.values()))) > 0.95 * len(first), "nodes are spread, not piled up"
    assert session.page.evaluate("() => window.kzExplorer.canvas.network.getScale()") > 0.05, "fitted, not a speck"
    session.page.screenshot(path="/tmp/explorer-whole.png")
    session.page.wait_for_timeout(500)
    assert session.page.evaluate(STILL) == first, "nothing moves once ready"
    again = Session(browser, server)
    try:
        again.open("#all=1")
        assert again.page.evaluate(STILL) == first, "the same graph gets the same picture"
    finally:
        again.close()
    session.open_panel_by_click(PERSON + "dariga-nazarbayeva", "Dariga Nazarbayeva")
    assert session.page.evaluate("() => window.kzExplorer.canvas.network.getSelectedNodes()") == [PERSON + "dariga-nazarbayeva"]
    # Hiding a family and showing it again: what stays on screen stays where it is.
    session.page.locator("#f-types input[value=event]").uncheck()
    session.page.wait_for_function("() => location.hash.includes('ht=event')", timeout=WAIT_MS)
    session.wait()
    fewer = session.page.evaluate(STILL)
    assert 0 < len(fewer) < len(first) and all(fewer[n] == first[n] for n in fewer)
    session.page.locator("#f-types input[value=event]").check()
    session.page.wait_for_function("() => !location.hash.includes('ht=event')", timeout=WAIT_MS)
    session.wait()
    back = session.page.evaluate(STILL)
    assert back.keys() == first.keys() and all(back[n] == fewer[n] for n in fewer)


def test_layout_copes_with_degenerate_graphs(session: Session) -> None:
    session.open()
    results = session.page.evaluate("""async () => {
        const { forceLayout } = await import("/static/explorer/layout.js");
        const finite = (r) => [...r.x, ...r.y].every(Number.isFinite) && Number.isFinite(r.scale) && r.scale > 0;
        const ids = (n) => Array.from({ length: n }, (_, i) => "n" + i);
        const piled = new Map(ids(50).map((id) => [id, { x: 5, y: 5 }]));
        return {
          empty: finite(forceLayout([], [])),
          one: finite(forceLayout(["a"], [])),
          loop: finite(forceLayout(["a", "b"], [[0, 0], [0, 1], [0, 1]])),
          apart: finite(forceLayout(ids(40), [])),
          piled: finite(forceLayout(ids(50), ids(49).map((_, i) => [i, i + 1]), { known: piled, scale: 10, steps: 20 })),
          star: finite(forceLayout(ids(600), ids(599).map((_, i) => [0, i + 1]))),
        }; }""")
    assert all(results.values()), results


def test_type_filter_hides_a_family(session: Session) -> None:
    session.open("#c=nursultan-nazarbayev&m=nursultan-nazarbayev")
    families = session.page.evaluate("""() => { const k = window.kzExplorer;
        return k.canvas.visibleIds().filter(id => !id.startsWith('more:'))
          .map(id => k.canvas.meta.classes[k.view.nodes.get(id).type] || 'other'); }""")
    assert "event" in families
    session.page.locator("#f-types input[value=event]").uncheck()
    session.page.wait_for_function("() => location.hash.includes('ht=event')", timeout=WAIT_MS)
    session.wait()
    after = session.page.evaluate("""() => { const k = window.kzExplorer;
        return k.canvas.visibleIds().map(id => k.canvas.meta.classes[(k.view.nodes.get(id) || {}).type] || 'other'); }""")
    assert "event" not in after and len(after) < len(families) + 1


def set_year(session: Session, year: int | None) -> None:
    session.page.evaluate("""(year) => {
        const on = document.getElementById('date-on'), slider = document.getElementById('date');
        if ((year !== null) !== on.checked) on.click();
        if (year !== null) { slider.value = String(year); slider.dispatchEvent(new Event('input')); } }""", year)
    session.wait()


def test_date_slider_changes_what_is_visible(session: Session) -> None:
    session.open("#c=nursultan-nazarbayev&m=nursultan-nazarbayev")
    everything = session.visible()
    set_year(session, 1990)
    in_1990 = session.visible()
    set_year(session, 2021)
    in_2021 = session.visible()
    assert in_1990 != everything and in_2021 != everything and in_1990 != in_2021
    assert "d=2021" in session.page.url
    session.page.screenshot(path="/tmp/explorer-date.png")
    session.page.locator("#date-fade").check()
    session.wait()
    assert session.visible() == everything, "fading keeps every node, dimmed"
    faded = session.page.evaluate("() => window.kzExplorer.canvas.nodes.get().filter(n => n.opacity < 1).length")
    assert faded > 0


def test_url_restores_the_view(session: Session, browser: Any, server: str) -> None:
    session.open("#c=timur-kulibayev&x=nursultan-nazarbayev&hs=alleged&d=2015")
    first = session.visible()
    again = Session(browser, server)
    try:
        again.open("#c=timur-kulibayev&x=nursultan-nazarbayev&hs=alleged&d=2015")
        assert again.visible() == first
        assert again.page.locator("#f-statuses input[value=alleged]").is_checked() is False
    finally:
        again.close()


def test_exports(session: Session, browser: Any, tmp_path: Path) -> None:
    session.open("#c=timur-kulibayev&x=nursultan-nazarbayev&ht=event&p=timur-kulibayev~mukhtar-ablyazov")
    live = session.visible()
    href = session.page.locator("#export-html").get_attribute("href") or ""
    assert href.startswith("/api/export/view.html?")
    response = session.page.request.get(session.base + href)
    assert response.status == 200 and "attachment" in response.headers["content-disposition"]
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    html = response.text()
    assert "<script src" not in html and "<link" not in html
    exported = tmp_path / "view.html"
    exported.write_text(html, encoding="utf-8")
    offline = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    offline.set_offline(True)
    offline.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()
                                         if route.request.url.startswith("file:") else route.abort()))
    page = offline.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(exported.as_uri())
    page.wait_for_function("() => window.kzExport && window.kzExport.ready === true", timeout=WAIT_MS)
    assert sorted(page.evaluate("() => window.kzExport.nodes.getIds()")) == live
    page.screenshot(path="/tmp/explorer-exported.png")
    offline.close()
    assert [r for r in requests if not r.startswith("file:")] == [] and dialogs == []
    with session.page.expect_download(timeout=WAIT_MS) as download:
        session.page.click("#export-png")
    target = Path("/tmp/explorer-export-png.png")
    download.value.save_as(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 10_000


def test_markup_named_entity_renders_as_text(session: Session, browser: Any, tmp_path: Path) -> None:
    session.open()
    session.page.fill("#q", "onerror")
    suggestion = session.page.locator("#q + ul.suggestions li .label").first
    suggestion.wait_for(timeout=WAIT_MS)
    assert suggestion.text_content() == XSS
    session.page.locator("#q + ul.suggestions li").first.click()
    session.wait()
    panel = session.page.locator("#panel")
    panel.locator("h2").wait_for(timeout=WAIT_MS)
    assert panel.locator("h2").text_content() == XSS
    assert "<script>alert(2)</script>" in (panel.locator(".aliases").text_content() or "")
    assert session.page.locator("img[src=x], #panel script, #panel img").count() == 0
    label = session.page.evaluate("() => window.kzExplorer.canvas.nodes.get('https://kzgraph.org/id/xss-probe').label")
    assert label == XSS
    session.click_node(PERSON + "xss-probe")  # hovering and clicking show the tooltip and panel, still as text
    session.page.mouse.move(10, 10)
    session.page.screenshot(path="/tmp/explorer-xss.png")
    html = httpx.get(session.base + "/api/export/view.html", params={"c": "xss-probe"}).text
    assert XSS not in html and "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    exported = tmp_path / "xss.html"
    exported.write_text(html, encoding="utf-8")
    offline = browser.new_context()
    offline.set_offline(True)
    dialogs: list[str] = []
    page = offline.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(exported.as_uri())
    page.wait_for_function("() => window.kzExport && window.kzExport.ready === true", timeout=WAIT_MS)
    assert page.evaluate("() => window.kzExport.nodes.get('https://kzgraph.org/id/xss-probe').label") == XSS
    assert page.locator("img").count() == 0 and page.title().endswith(XSS)
    offline.close()
    assert dialogs == []
