"""Telling a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update apart, before running it."""

from __future__ import annotations

import re
from typing import Literal

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

_KEYWORD = re.compile(
    r"(?<![?$:\w])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![:\w])", re.I)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_IRI_CHAR = re.compile(r"[^<>\"{}|^`\\\s]*")


def _string_end(text: str, start: int) -> int:
    """Where the string literal opening at ``start`` ends (exclusive); ``len(text)`` if it never does."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    i = start + (3 if long else 1)
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
        elif long and text.startswith(quote * 3, i):
            return i + 3
        elif not long and char == quote:
            return i + 1
        elif not long and char == "\n":
            break
        else:
            i += 1
    return len(text)  # unterminated: the rest cannot be a valid query anyway


def blank_opaque(text: str) -> str:
    """The query with IRIs, strings and comments replaced by spaces of the same length.

    One left-to-right pass, linear in the length of the text: a regular expression doing the same
    backtracked quadratically on unterminated strings (a 60 kB query took minutes), and this runs
    on every request before the query reaches a worker. An unterminated string blanks the rest.
    """
    out: list[str] = []
    i, plain = 0, 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            end = _string_end(text, i)
        elif char == "#":
            newline = text.find("\n", i)
            end = len(text) if newline < 0 else newline
        elif char == "<":
            run = _IRI_CHAR.match(text, i + 1)
            assert run is not None  # the pattern matches the empty string
            if run.end() >= len(text) or text[run.end()] != ">":
                i += 1
                continue
            end = run.end() + 1
        else:
            i += 1
            continue
        out.append(text[plain:i])
        out.append(" " * (end - i))
        i = plain = end
    out.append(text[plain:])
    return "".join(out)


def query_form(text: str) -> QueryForm | None:
    """The form of the first operation, with IRIs, strings and comments blanked out first."""
    match = _KEYWORD.search(blank_opaque(text))
    if match is None:
        return None
    word = match.group(1).upper()
    if word in _UPDATES:
        return "update"
    return word.lower()  # type: ignore[return-value]
