"""Telling a query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) or an update apart, before running it."""

from __future__ import annotations

import re
from typing import Literal

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

# Matched against the upper-cased text: a case-insensitive pattern with these look-arounds was 3.5× slower,
# and this runs on every /sparql request. (Upper-casing may change lengths, but only the word is used.)
_KEYWORD = re.compile(
    r"(?<![?$:\w])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![:\w])")
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_IRI_CHAR = re.compile(r"[^<>\"{}|^`\\\s]*")
_OPAQUE_START = re.compile(r"[\"'#<]")


_STRING_STOPS = {
    ("\"", False): re.compile(r'[\\"\n]'), ("'", False): re.compile(r"[\\'\n]"),
    ("\"", True): re.compile(r'\\|"""'), ("'", True): re.compile(r"\\|'''"),
}


def _string_end(text: str, start: int) -> int:
    """Where the string literal opening at ``start`` ends (exclusive); ``len(text)`` if it never does."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    stops = _STRING_STOPS[quote, long]
    i = start + (3 if long else 1)
    while True:
        found = stops.search(text, i)
        if found is None or found.group() == "\n":
            return len(text)  # unterminated: the rest cannot be a valid query anyway
        if found.group() == "\\":
            i = found.start() + 2
            continue
        return found.end()


def blank_opaque(text: str) -> str:
    """The query with IRIs, strings and comments replaced by spaces of the same length.

    One left-to-right pass, linear in the length of the text: a regular expression doing the same
    backtracked quadratically on unterminated strings (a 60 kB query took minutes), and this runs
    on every request before the query reaches a worker. An unterminated string blanks the rest.
    """
    out: list[str] = []
    i, plain = 0, 0
    while True:
        found = _OPAQUE_START.search(text, i)  # jump straight to the next candidate: C speed between them
        if found is None:
            break
        i = found.start()
        char = text[i]
        if char in "\"'":
            end = _string_end(text, i)
        elif char == "#":
            newline = text.find("\n", i)
            end = len(text) if newline < 0 else newline
        else:  # "<": an IRI only if it closes before any character IRIs cannot hold
            run = _IRI_CHAR.match(text, i + 1)
            assert run is not None  # the pattern matches the empty string
            if run.end() >= len(text) or text[run.end()] != ">":
                i += 1
                continue
            end = run.end() + 1
        out.append(text[plain:i])
        out.append(" " * (end - i))
        i = plain = end
    out.append(text[plain:])
    return "".join(out)


def query_form(text: str, *, blanked: bool = False) -> QueryForm | None:
    """The form of the first operation, with IRIs, strings and comments blanked out first
    (``blanked=True``: the caller already did)."""
    match = _KEYWORD.search((text if blanked else blank_opaque(text)).upper())
    if match is None:
        return None
    word = match.group(1).upper()
    if word in _UPDATES:
        return "update"
    return word.lower()  # type: ignore[return-value]
