"""One error hierarchy for the library, the CLI and the API.

Every error carries a human-readable ``detail`` and the HTTP ``status`` the API answers with,
so a handler table can turn any of them into the one JSON error shape, and the CLI into an
exit code, without a catch-all.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error kzgraph raises on purpose."""

    status: int = 500
    code: str = "internal_error"
    exit_code: int = 1

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UsageError(KGError):
    """The caller asked for something malformed (bad option, missing file)."""

    status = 400
    code = "bad_request"
    exit_code = 2


class InputSyntaxError(KGError):
    """An RDF file or a query does not parse; ``detail`` names the place."""

    status = 400
    code = "syntax_error"
    exit_code = 1

    def __init__(self, detail: str, *, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(detail)
        self.path = path
        self.line = line
        self.column = column


class ValidationFailed(KGError):
    """The data breaks must-hold shapes or quality queries; the report lists each finding."""

    status = 422
    code = "validation_failed"
    exit_code = 1


class NotFound(KGError):
    """An entity, named query or resource does not exist."""

    status = 404
    code = "not_found"
    exit_code = 2


class Forbidden(KGError):
    """The request is understood but not allowed (an update on the read-only endpoint)."""

    status = 403
    code = "forbidden"
    exit_code = 2


class QueryTimeout(KGError):
    """A query ran past the time limit and was stopped."""

    status = 503
    code = "query_timeout"
    exit_code = 3


class TooLarge(KGError):
    """A request or a result is over a configured cap."""

    status = 413
    code = "too_large"
    exit_code = 2


class StoreError(KGError):
    """The store could not be opened, read or written (disk, lock, remote endpoint down)."""

    status = 503
    code = "store_unavailable"
    exit_code = 3
