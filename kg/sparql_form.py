"""Telling a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update apart, before running it."""

from __future__ import annotations

import re
from typing import Literal

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

_STRIP = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")
_KEYWORD = re.compile(
    r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def query_form(text: str) -> QueryForm | None:
    """The form of the first operation, with IRIs, strings and comments blanked out first."""
    blanked = _STRIP.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", text)
    match = _KEYWORD.search(blanked)
    if match is None:
        return None
    word = match.group(1).upper()
    if word in _UPDATES:
        return "update"
    return word.lower()  # type: ignore[return-value]
