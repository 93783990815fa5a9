"""Reading RDF files: Oxigraph's parser for speed and exact error positions, rdflib on demand.

A syntax error becomes an ``InputSyntaxError`` whose detail reads ``file:line:col: message``,
the form editors and CI logs link to.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .errors import InputSyntaxError, UsageError

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def rdf_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the RDF files below them, sorted, without duplicates."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.suffix in FORMATS and child.is_file():
                    found[child.resolve()] = None
        elif path.is_file():
            if path.suffix not in FORMATS:
                raise UsageError(f"{path}: not an RDF file (expected one of {', '.join(sorted(FORMATS))})")
            found[path.resolve()] = None
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(found)


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_triples(path: Path) -> list[ox.Triple]:
    """Parse one file into triples; raise ``InputSyntaxError`` naming file, line and column."""
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise UsageError(f"{path}: not an RDF file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())]
    except (SyntaxError, ValueError) as exc:
        raise syntax_error(path, exc) from None


def syntax_error(path: Path, exc: SyntaxError | ValueError) -> InputSyntaxError:
    """Oxigraph's parse failure as ``file:line:col: message``."""
    if not isinstance(exc, SyntaxError):  # e.g. invalid UTF-8
        return InputSyntaxError(f"{_display(path)}:0:0: {exc}", path=str(path))
    line = exc.lineno or 0
    col = exc.offset or 0
    message = str(exc.msg or exc)
    if message.startswith("Parser error") and ": " in message:
        message = message.split(": ", 1)[1]  # the position is already in the prefix
    return InputSyntaxError(f"{_display(path)}:{line}:{col}: {message}", path=str(path), line=line, column=col)


def load_into(store: ox.Store, path: Path) -> None:
    """Parse ``path`` straight into ``store`` with Oxigraph's bulk loader (no Python object per triple).

    Used to build a new generation; on a syntax error the caller throws that generation away.
    """
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise UsageError(f"{path}: not an RDF file")
    try:
        store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    except (SyntaxError, ValueError) as exc:
        raise syntax_error(path, exc) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from exc


def read_all(paths: Sequence[Path]) -> tuple[list[ox.Triple], list[InputSyntaxError], dict[str, Path]]:
    """Parse every file; return the triples, every file's syntax error, and subject → file."""
    triples: list[ox.Triple] = []
    errors: list[InputSyntaxError] = []
    origin: dict[str, Path] = {}
    for path in rdf_files(paths):
        try:
            parsed = read_triples(path)
        except InputSyntaxError as exc:
            errors.append(exc)
            continue
        for t in parsed:
            if isinstance(t.subject, ox.NamedNode):
                origin.setdefault(t.subject.value, path)
        triples.extend(parsed)
    return triples, errors, origin


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """Copy triples into an rdflib Graph (for pyshacl and serialisers) via N-Triples."""
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return graph
