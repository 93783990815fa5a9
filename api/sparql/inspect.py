"""Looking at a query before it runs: its form, and what the public endpoint refuses.

This is defence in depth, not the defence: the workers have no network and a read-only store.
But refusing SERVICE and updates up front gives the user a clear 4xx instead of a failure.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.errors import Forbidden, InputSyntaxError
from kg.sparql_form import QueryForm, blank_opaque, query_form

_SERVICE = re.compile(r"\bSERVICE\b", re.I)


@lru_cache(maxsize=512)
def check_query(text: str) -> QueryForm:
    """The form of a query the public endpoint will run; refuse updates and SERVICE.

    Remembered for the last 512 texts: dashboards and notebooks send the same queries again and
    again, and reading a query costs a tenth of answering a small one. A refusal is not
    remembered (it raises), so it is worked out again each time.
    """
    blanked = blank_opaque(text)
    form = query_form(blanked, blanked=True)
    if form is None:
        raise InputSyntaxError("malformed query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")
    if form == "update":
        raise Forbidden("this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP…) are refused")
    if _SERVICE.search(blanked):
        raise Forbidden("SERVICE (federated query) is refused: this endpoint never fetches anything from the network")
    return form


_UPDATE_DATASET = re.compile(r"(?<![?$:\w])(USING|WITH)(?![:\w])", re.I)
_WHERE = re.compile(r"(?<![?$:\w])WHERE(?![:\w])", re.I)


def apply_update_dataset(text: str, using: list[str], using_named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses.

    The protocol forbids combining them with USING or WITH in the update itself (400). Each
    top-level WHERE (an INSERT/DELETE operation's pattern) gets the clauses in front of it.
    """
    if not using and not using_named:
        return text
    blanked = blank_opaque(text)
    if _UPDATE_DATASET.search(blanked):
        raise InputSyntaxError("the update names its dataset with USING or WITH and the request with "
                               "using-graph-uri / using-named-graph-uri: give one or the other")
    clauses = "".join(f" USING <{_iri(g)}>" for g in using) + "".join(f" USING NAMED <{_iri(g)}>" for g in using_named)
    depth, cuts = 0, []
    for position, char in enumerate(blanked):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and char in "wW" and _WHERE.match(blanked, position):
            cuts.append(position)
    for position in reversed(cuts):
        text = text[:position] + clauses + " " + text[position:]
    return text


def _iri(value: str) -> str:
    if not re.fullmatch(r"[^<>\"{}|^`\\\s]+", value):
        raise InputSyntaxError(f"not an IRI: {value!r}")
    return value
