"""``/docs``: Swagger UI served from kzgraph's own files.

FastAPI's default page loads Swagger UI from a CDN and starts it with an inline script: a reader's
browser would tell a third party that it reads the API docs, and the site-wide Content-Security-Policy
(``script-src 'self'``) blocks both anyway. Here the bundle (``swagger-ui-dist``, Apache-2.0, in
``api/docs_static/``) and a small initialiser are served locally, so ``/docs`` works offline under the
same CSP as every other page. ReDoc (``/redoc``), which also comes from a CDN, is switched off.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "docs_static"
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kzgraph API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs/static/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script src="/docs/static/init.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)
assets = StaticFiles(directory=ASSETS)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui() -> HTMLResponse:
    return HTMLResponse(PAGE)
