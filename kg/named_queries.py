"""Named queries: the journalist questions as ``.rq`` files in ``ontology/queries``.

A file starts with comment headers::

    # title: Who held the post of Chair of the Senate, in order?
    # question: 8
    # param: post entity The post (label, alias or IRI)
    # expect: expected/chair-of-the-senate.csv   (optional; checked in the tests)

Parameters are SPARQL variables bound at run time (never pasted into the text). An
``entity`` parameter is resolved from a label or alias; ``string``, ``date`` and ``integer``
become typed literals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .entities import resolve
from .errors import NotFound, UsageError
from .store import Bindings, GraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("entity", "string", "date", "integer")
_HEADER = re.compile(r"^#\s*([a-z]+):\s*(.*)$")


@dataclass(frozen=True)
class Parameter:
    """One variable of a named query that the caller may (or must) bind."""

    name: str
    type: str
    description: str
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query file and what its header says."""

    name: str
    path: Path
    title: str
    text: str
    description: str = ""
    question: str | None = None
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    @classmethod
    def read(cls, path: Path) -> NamedQuery:
        text = path.read_text(encoding="utf-8")
        meta: dict[str, list[str]] = {}
        for line in text.splitlines():
            match = _HEADER.match(line)
            if match:
                meta.setdefault(match.group(1), []).append(match.group(2).strip())
        params = []
        for spec in meta.get("param", []):
            parts = spec.split(None, 2)
            if len(parts) < 2 or parts[1] not in PARAM_TYPES:
                raise UsageError(f"{path}: bad '# param:' line {spec!r} (expected: name type description)")
            default = None
            description = parts[2] if len(parts) > 2 else ""
            if "[default:" in description:
                description, _, rest = description.partition("[default:")
                default = rest.rstrip("]").strip()
            params.append(Parameter(parts[0], parts[1], description.strip(), default))
        question = meta.get("question")
        return cls(path.stem, path, (meta.get("title") or [path.stem])[0], text,
                   " ".join(meta.get("description", [])), question[0] if question else None, tuple(params))

    def bindings(self, store: GraphStore, values: Mapping[str, str]) -> Bindings:
        """Turn ``name=value`` strings into RDF terms; entities are looked up by name."""
        unknown = set(values) - {p.name for p in self.parameters}
        if unknown:
            raise UsageError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))}")
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for param in self.parameters:
            raw = values.get(param.name, param.default)
            if raw is None:
                raise UsageError(f"query {self.name!r} needs --param {param.name}=… ({param.description})")
            bound[param.name] = _term(store, param, raw)
        return bound


def _term(store: GraphStore, param: Parameter, raw: str) -> ox.NamedNode | ox.Literal:
    if param.type == "entity":
        return resolve(store, raw)
    if param.type == "integer":
        if not re.fullmatch(r"-?\d{1,12}", raw):
            raise UsageError(f"parameter {param.name} must be a whole number, not {raw!r}")
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw):
            raise UsageError(f"parameter {param.name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}")
        return ox.Literal(raw)
    return ox.Literal(raw)


def catalogue(queries_dir: Path) -> dict[str, NamedQuery]:
    """Every named query, by file name without ``.rq``."""
    return {p.stem: NamedQuery.read(p) for p in sorted(queries_dir.glob("*.rq"))}


def get(queries_dir: Path, name: str) -> NamedQuery:
    queries = catalogue(queries_dir)
    if name not in queries:
        raise NotFound(f"no named query {name!r}; `kzgraph query --list` shows them")
    return queries[name]
