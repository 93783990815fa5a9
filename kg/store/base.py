"""The store protocol and the part shared by the two Oxigraph-backed stores."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from ..errors import InputSyntaxError, StoreError
from .binding import Term, bind

Bindings = Mapping[str, Term]
Row = dict[str, Term]
Progress = Callable[[int], None]
Prefixes = Mapping[str, str]


@runtime_checkable
class GraphStore(Protocol):
    """What kzgraph needs from a store: read by SPARQL, replace everything atomically."""

    name: str

    def select(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[Row]:
        """Run a SELECT query; unbound variables are absent from a row. ``prefixes`` are predeclared."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> bool:
        """Run an ASK query."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def replace(self, triples: Sequence[ox.Triple], progress: Progress | None = None) -> None:
        """Swap the whole content for ``triples``; readers see the old or the new graph, never a mix."""
        ...

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of the default graph."""
        ...

    def __len__(self) -> int:
        """Number of triples."""
        ...

    def close(self) -> None:
        """Release files or connections."""
        ...


def rows_of(result: object) -> list[Row]:
    """SELECT solutions as dicts; unbound variables are absent (shared by every backend)."""
    if not isinstance(result, ox.QuerySolutions):
        raise InputSyntaxError("expected a SELECT query")
    names = [v.value for v in result.variables]
    rows: list[Row] = []
    for solution in result:
        rows.append({n: value for n in names if (value := solution[n]) is not None})
    return rows


def query_syntax_error(exc: SyntaxError) -> InputSyntaxError:
    """Oxigraph's parser message with its position, as one error type for every backend."""
    return InputSyntaxError(f"malformed query: {exc}", line=exc.lineno, column=exc.offset)


class OxigraphBacked:
    """Queries against a pyoxigraph ``Store``; subclasses decide where it lives."""

    name = "oxigraph"
    _store: ox.Store

    def _run(self, query: str, bindings: Bindings | None, prefixes: Prefixes | None) -> object:
        try:
            return self._store.query(bind(query, bindings), prefixes=dict(prefixes) if prefixes else None)
        except SyntaxError as exc:
            raise query_syntax_error(exc) from None
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from None

    def select(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[Row]:
        return rows_of(self._run(query, bindings, prefixes))

    def ask(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> bool:
        result = self._run(query, bindings, prefixes)
        if not isinstance(result, ox.QueryBoolean):
            raise InputSyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None, prefixes: Prefixes | None = None) -> list[ox.Triple]:
        result = self._run(query, bindings, prefixes)
        if not isinstance(result, ox.QueryTriples):
            raise InputSyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def triples(self) -> Iterator[ox.Triple]:
        for quad in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            yield quad.triple

    def __len__(self) -> int:
        return len(self._store)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for the SPARQL endpoint's serialisers."""
        return self._store


def as_quads(triples: Sequence[ox.Triple], progress: Progress | None, step: int = 5000) -> Iterator[ox.Quad]:
    """Quads in the default graph, reporting progress every ``step`` triples."""
    for i, t in enumerate(triples, 1):
        yield ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
        if progress is not None and i % step == 0:
            progress(step)
    if progress is not None:
        progress(len(triples) % step)
