"""One JSON error shape for every failure: ``{"error": {"status", "code", "message"}}``.

The handler table maps kzgraph's own errors, FastAPI's parameter validation and Starlette's
HTTP errors onto it; there is no catch-all turning unknown failures into a 400. An unexpected
exception (a bug) stays a 500, in the same shape, with no traceback or path sent to the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg.errors import KGError

log = logging.getLogger("kzgraph.api")


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The shape of every error answer."""

    error: ErrorBody


def error_response(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                        headers={**(headers or {}), "Cache-Control": "no-store"})


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "Malformed request or query"},
    404: {"model": ErrorResponse, "description": "Unknown entity or resource"},
    422: {"model": ErrorResponse, "description": "Invalid parameters"},
}


def install(app: FastAPI) -> None:
    @app.exception_handler(KGError)
    async def kg_error(_: Request, exc: KGError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(422, "invalid_parameters", problems or "invalid parameters")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 406: "not_acceptable", 413: "too_large",
                415: "unsupported_media_type"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), exc.headers)  # keeps 405's Allow

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        """A bug: logged with its traceback on the server, a 500 in the one shape for the client, no details."""
        log.error("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal error; it has been logged")
