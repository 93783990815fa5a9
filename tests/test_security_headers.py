"""Headers and hygiene: CSP on every page (no remote script), /docs offline, CORS off unless configured,
request-size limits, no server version, no file paths in answers."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import Server

CHROMIUM = "/usr/bin/chromium"
PAGES = ["/", "/sparql", "/id/nur-otan", "/search?q=Nazarbayev", "/docs"]


def script_sources(csp: str) -> list[str]:
    directives = {d.split()[0]: d.split()[1:] for d in (p.strip() for p in csp.split(";")) if d}
    return directives.get("script-src", directives.get("default-src", []))


@pytest.mark.parametrize("path", PAGES)
def test_pages_forbid_remote_and_inline_script(server: Server, path: str) -> None:
    response = httpx.get(server.base + path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert script_sources(csp) == ["'self'"], csp  # no CDN, no 'unsafe-inline', no 'unsafe-eval'
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "<script>" not in response.text  # every script is a file of ours (inline ones would be blocked)
    for src in response.text.split('src="')[1:]:
        assert src.startswith("/"), src.split('"')[0]  # nothing loaded from another origin


@pytest.mark.parametrize("path", PAGES)
def test_pages_name_an_icon_that_is_served(server: Server, path: str) -> None:
    """Without one, every browser asks /favicon.ico and logs the 404 in the console."""
    page = httpx.get(server.base + path, headers={"Accept": "text/html"}).text
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    for url in ("/static/favicon.svg", "/favicon.ico"):
        icon = httpx.get(server.base + url)
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
        assert icon.text.startswith("<svg")


def test_docs_are_served_from_local_files(server: Server) -> None:
    page = httpx.get(f"{server.base}/docs").text
    assert "cdn" not in page.lower() and "/docs/static/swagger-ui-bundle.js" in page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        response = httpx.get(f"{server.base}/docs/static/{asset}")
        assert response.status_code == 200 and len(response.content) > 100
    assert "validatorUrl: null" in httpx.get(f"{server.base}/docs/static/init.js").text
    assert httpx.get(f"{server.base}/redoc").status_code == 404  # ReDoc comes from a CDN: switched off


def test_docs_render_in_a_browser_without_leaving_the_origin(server: Server) -> None:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        page = browser.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{server.base}/docs")
        page.wait_for_selector(".opblock", timeout=20_000)
        operations = page.locator(".opblock").count()
        browser.close()
    assert operations >= 10
    assert [u for u in requests if not u.startswith(server.base)] == []
    assert errors == []


def test_no_server_version_or_paths_leak(server: Server) -> None:
    for path in ("/", "/api/health", "/sparql", "/no/such/page", "/api/entities/nobody"):
        response = httpx.get(server.base + path)
        assert "server" not in response.headers and "x-powered-by" not in response.headers
    health = httpx.get(f"{server.base}/api/health").json()
    assert "/" not in health["generation"]  # the generation's name, not where the store lives on disk


def test_cors_is_off_by_default(server: Server) -> None:
    response = httpx.get(f"{server.base}/api/search", params={"q": "Nazarbayev"},
                         headers={"Origin": "https://evil.example"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
    preflight = httpx.options(f"{server.base}/sparql", headers={"Origin": "https://evil.example",
                                                                "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


@pytest.fixture(scope="module")
def cors_server(loaded_store_dir: Path) -> Iterator[Server]:
    running = Server({"KZGRAPH_STORE_DIR": str(loaded_store_dir), "KZGRAPH_SPARQL_WORKERS": "1",
                      "KZGRAPH_CORS_ORIGINS": json.dumps(["https://newsroom.example"])})
    yield running
    running.stop()


def test_cors_allows_only_the_configured_origins(cors_server: Server) -> None:
    url = f"{cors_server.base}/api/search"
    allowed = httpx.get(url, params={"q": "Nazarbayev"}, headers={"Origin": "https://newsroom.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"
    assert "access-control-allow-credentials" not in allowed.headers
    other = httpx.get(url, params={"q": "Nazarbayev"}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    preflight = httpx.options(f"{cors_server.base}/sparql", headers={"Origin": "https://newsroom.example",
                                                                     "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_sparql_answers_carry_cors_and_security_headers(cors_server: Server) -> None:
    """/sparql skips the middleware stack unless a request needs CORS: both ways get the same headers."""
    url, query = f"{cors_server.base}/sparql", {"query": "ASK { ?s ?p ?o }"}
    for origin, allowed in (("https://newsroom.example", True), ("https://evil.example", False), (None, False)):
        response = httpx.get(url, params=query, headers={"Origin": origin} if origin else {})
        assert response.status_code == 200 and response.json()["boolean"] is True
        assert ("access-control-allow-origin" in response.headers) is allowed, origin
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        bad = httpx.get(url, params={"query": "SELEC nothing"}, headers={"Origin": origin} if origin else {})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "syntax_error"
        assert bad.headers["referrer-policy"] == "no-referrer"


def test_request_size_limits(server: Server) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    for response in (httpx.post(f"{server.base}/sparql", data={"query": big}),
                     httpx.post(f"{server.base}/sparql", content=big,
                                headers={"Content-Type": "application/sparql-query"}),
                     httpx.post(f"{server.base}/sparql", content=iter([big[:40_000].encode(), big[40_000:].encode()]),
                                headers={"Content-Type": "application/sparql-query"})):  # chunked, no length
        assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    host, port = server.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:  # declares 10 GB, sends one byte
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 10000000000\r\n\r\nx")
        assert sock.recv(1024).split(b"\r\n")[0].endswith(b"413 Request Entity Too Large")
    with socket.create_connection((host, int(port)), timeout=10) as sock:  # a 70 kB URL (httpx refuses to send one)
        sock.sendall(b"GET /sparql?query=" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        status = sock.recv(1024).split(b"\r\n")[0]
        assert status.split(b" ")[1] in (b"400", b"413", b"414", b"431"), status
    assert httpx.get(f"{server.base}/sparql", params={"query": big[:40_000]}).status_code == 422  # long, but served
    with socket.create_connection((host, int(port)), timeout=10) as sock:  # a 2 MB header: refused, not buffered
        try:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Junk: " + b"y" * 2_000_000 + b"\r\n\r\n")
            answer = sock.recv(4096)
        except ConnectionResetError:
            answer = b""  # closed before reading it all: refused as well
        if answer:
            assert answer.split(b"\r\n")[0].split(b" ")[1] == b"431", answer[:200]
            assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["error"]["code"] == "too_large"
    assert httpx.get(f"{server.base}/api/health").status_code == 200  # still serving


def test_slow_or_garbage_clients_do_not_take_the_server_down(server: Server) -> None:
    host, port = server.base.removeprefix("http://").split(":")
    for garbage in (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64, b"GET / HTTP/9.9\r\n\r\n",
                    b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"\r\n" * 1000):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            try:
                sock.sendall(garbage)
                sock.recv(1024)
            except OSError:
                pass
    idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(20)]  # slowloris-style
    try:
        assert httpx.get(f"{server.base}/api/health", timeout=10).status_code == 200
    finally:
        for sock in idle:
            sock.close()
