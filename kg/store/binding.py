"""Binding variables by injecting a ``VALUES`` block at the top of the WHERE group.

pyoxigraph's own ``substitutions`` refuses variables that a SELECT does not project, and
the SPARQL protocol has no bindings at all, so every backend binds the same way: the
terms are written by Oxigraph's N-Triples serialiser (which escapes quotes, newlines and
angle brackets) into ``{ VALUES (?a ?b) { (<iri> "literal") } …``. User text never becomes
query syntax; a test feeds it hostile strings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from ..errors import InputSyntaxError, UsageError
from ..sparql_form import blank_opaque

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_WHERE = re.compile(r"\bWHERE\b", re.I)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _with_values(query: str, values: str) -> str:
    """``query`` with the ``VALUES`` clause ``values`` at the start of its WHERE group."""
    blanked = blank_opaque(query)
    where = _WHERE.search(blanked)
    brace = blanked.find("{", where.end() if where else 0)
    if brace < 0:
        raise InputSyntaxError("malformed query: no WHERE clause to bind parameters in")
    return f"{query[:brace + 1]} {values} {query[brace + 1:]}"


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise UsageError(f"invalid variable name {name!r}")


def bind(query: str, bindings: Mapping[str, Term] | None) -> str:
    """``query`` with ``bindings`` joined in at the start of its WHERE clause."""
    if not bindings:
        return query
    for name, term in bindings.items():
        _check_name(name)
        if isinstance(term, ox.BlankNode):
            raise UsageError(f"cannot bind ?{name} to a blank node")
    head = " ".join(f"?{name}" for name in bindings)
    row = " ".join(str(term) for term in bindings.values())
    return _with_values(query, f"VALUES ({head}) {{ ({row}) }}")


def bind_rows(query: str, names: Sequence[str], rows: Sequence[Sequence[Term]]) -> str:
    """``query`` with the variables ``names`` ranging over ``rows`` together (one VALUES row each;
    no rows: no solutions)."""
    for name in names:
        _check_name(name)
    for row in rows:
        if len(row) != len(names) or any(isinstance(term, ox.BlankNode) for term in row):
            raise UsageError(f"a row of {len(names)} terms without blank nodes is needed for ({', '.join(names)})")
    head = " ".join(f"?{name}" for name in names)
    body = " ".join("(" + " ".join(str(term) for term in row) + ")" for row in rows)
    return _with_values(query, f"VALUES ({head}) {{ {body} }}")


def bind_many(query: str, name: str, terms: list[Term]) -> str:
    """``query`` with ``?name`` ranging over ``terms`` (one VALUES row each), for batch look-ups."""
    _check_name(name)
    if not terms:
        terms = [ox.NamedNode("urn:kzgraph:none")]
    values = " ".join(str(t) for t in terms if not isinstance(t, ox.BlankNode))
    return _with_values(query, f"VALUES ?{name} {{ {values} }}")
