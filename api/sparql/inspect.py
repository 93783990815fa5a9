"""Looking at a query before it runs: its form, and what the public endpoint refuses.

This is defence in depth, not the defence: the workers have no network and a read-only store.
But refusing SERVICE and updates up front gives the user a clear 4xx instead of a failure.
"""

from __future__ import annotations

import re

from kg.errors import Forbidden, InputSyntaxError
from kg.sparql_form import QueryForm, blank_opaque, query_form

_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def check_query(text: str) -> QueryForm:
    """The form of a query the public endpoint will run; refuse updates and SERVICE."""
    form = query_form(text)
    if form is None:
        raise InputSyntaxError("malformed query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    if form == "update":
        raise Forbidden("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP…) are refused")
    if _SERVICE.search(blank_opaque(text)):
        raise Forbidden("SERVICE (federated query) is refused: this endpoint never fetches anything from the network")
    return form
