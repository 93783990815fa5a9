"""Telling a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update apart, before running it."""

from __future__ import annotations

import re
from typing import Literal

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

# IRIs, strings (long and short) and comments, which may contain braces or keywords.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*", re.S)
_KEYWORD = re.compile(
    r"(?<![?$:\w])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![:\w])", re.I)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def blank_opaque(text: str) -> str:
    """The query with IRIs, strings and comments replaced by spaces of the same length."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def query_form(text: str) -> QueryForm | None:
    """The form of the first operation, with IRIs, strings and comments blanked out first."""
    match = _KEYWORD.search(blank_opaque(text))
    if match is None:
        return None
    word = match.group(1).upper()
    if word in _UPDATES:
        return "update"
    return word.lower()  # type: ignore[return-value]
