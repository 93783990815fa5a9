"""Compile our SHACL shapes into SPARQL queries, so validation runs inside Oxigraph.

Why: pyshacl walks an rdflib graph node by node in Python (~23 s at 100k triples, minutes at 1M),
while the same checks written as SPARQL run on Oxigraph's indexes in a fraction of that. Each
constraint of each targeted shape becomes one ``SELECT DISTINCT ?this ?value`` whose rows are its
validation results: focus node, value node, and (carried beside the query) source shape, result
path, constraint component, severity and message.

Only the SHACL Core subset our shapes use is compiled (see ``ALLOWED``), with the spec's semantics
and pyshacl's reading where the spec leaves room (which datatypes get a lexical-form check). Any
other ``sh:`` term anywhere in the shapes graph raises ``UnsupportedShapeError`` naming the shape
and the feature: a constraint is never silently dropped, the caller falls back to pyshacl instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
# Parameters that validate, and the few that only describe a shape (SHACL 2.3.2: non-validating).
ALLOWED = {*TARGETS, SH.property, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.node, SH["or"],
           SH.hasValue, SH["in"], SH.minLength, SH.maxLength, SH.uniqueLang, SH.severity, SH.message,
           SH.deactivated, SH.name, SH.description, SH.order, SH.group}
MULTI = {*TARGETS, SH.property, SH["class"], SH.node, SH["or"], SH.hasValue, SH.message, SH.name, SH.description}
# rdflib marks these ill-typed when their lexical form does not parse, so pyshacl reports them;
# Oxigraph's XSD casts give the same check in SPARQL. The casts follow XSD to the letter, rdflib
# parses with Python: on odd lexical forms they differ ("1e5" decimal, " 1" integer, "P1W" duration
# fail here and pass pyshacl; year "0000" is the reverse). rdflib does not parse xsd:gYear & co.,
# so pyshacl matches those by IRI only — and so do we, to report what it reports.
CAST_CHECKED = {XSD.date, XSD.dateTime, XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration,
                XSD.boolean, XSD.decimal, XSD.integer, XSD.float, XSD.double}
IRI_ONLY = {XSD.string, XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gDay, XSD.gMonthDay}
MAX_COUNT = 6  # counts compile to "n pairwise-distinct values exist"; bigger ones would be slow queries
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
Fresh = Callable[[], str]


class UnsupportedShapeError(ValueError):
    """A shape uses SHACL beyond the compiled subset; the message names the shape and the feature."""

    def __init__(self, shape: str, feature: str) -> None:
        super().__init__(f"shape {shape}: {feature} is not supported by the SPARQL SHACL engine")
        self.shape = shape
        self.feature = feature


@dataclass(frozen=True)
class CompiledQuery:
    """One constraint of one targeted shape; every row (?this, maybe ?value) is one validation result."""

    shape: Node
    path: rdflib.URIRef | None
    component: str
    severity: rdflib.URIRef
    message: str
    sparql: str


@dataclass(frozen=True)
class _Constraint:
    """One constraint component instance. Per-value ones test each value node; the others (counts,
    sh:hasValue on a path, sh:uniqueLang) test the focus node, as they look at all its values."""

    component: str
    path: str | None = None  # the predicate, in SPARQL syntax, for focus-node tests
    node: Node | None = None
    nodes: tuple[Node, ...] = ()
    n: int = 0

    @property
    def per_value(self) -> bool:
        return self.path is None


def iri(node: Node) -> str:
    """``<iri>`` for splicing into SPARQL, refusing anything that could break out of the brackets."""
    if not isinstance(node, rdflib.URIRef) or _BAD_IRI.search(str(node)):
        raise ValueError(f"not a plain IRI: {node!r}")
    return f"<{node}>"


def term(node: Node) -> str:
    """An IRI or literal in SPARQL syntax; Oxigraph's N-Triples writer does the literal escaping."""
    if isinstance(node, rdflib.Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string))))
    return iri(node)


def _any(tests: list[str]) -> str:
    return "(" + " || ".join(tests or ["false"]) + ")"


def _distinct(x: str, p: str, n: int, fresh: Fresh) -> str:
    """A pattern matching when ``x`` has at least ``n`` distinct values of ``p``."""
    names = [fresh() for _ in range(n)]
    pattern = " . ".join(f"{x} {p} {v}" for v in names)
    different = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
    return pattern + (f" . FILTER({' && '.join(different)})" if different else "")


class ShapeCompiler:
    """Reads one shapes graph; ``compile()`` returns the queries of every targeted shape."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.g = shapes
        self._building: set[Node] = set()
        for subject in sorted(set(shapes.subjects()), key=lambda s: (isinstance(s, rdflib.BNode), str(s))):
            for predicate in sorted(set(shapes.predicates(subject)), key=str):
                if isinstance(predicate, rdflib.URIRef) and predicate.startswith(str(SH)) and predicate not in ALLOWED:
                    raise self._unsupported(subject, f"sh:{predicate[len(str(SH)):]}")

    def compile(self) -> list[CompiledQuery]:
        """Queries in a stable order: shapes sorted by name, constraints in a fixed order."""
        roots = {s for p in TARGETS for s in self.g.subjects(p, None)}
        queries: list[CompiledQuery] = []
        for shape in sorted(roots, key=str):
            if self._bool(shape, SH.deactivated):
                continue
            targets = self._targets(shape)
            queries += self._report(shape, targets)
            for prop in self._objects(shape, SH.property):
                if self._path(shape) is not None:
                    raise self._unsupported(shape, "sh:property on a property shape")
                if not self._bool(prop, SH.deactivated):
                    queries += self._report(prop, targets)
        return queries

    # ------------------------------------------------------------------ reading the shapes graph

    def _name(self, node: Node, seen: frozenset[Node] = frozenset()) -> str:
        """``kzs:X``; a blank node through what holds it: ``kzs:X / property skos:prefLabel``, ``… / sh:path``."""
        if not isinstance(node, rdflib.BNode):
            return node.n3(self.g.namespace_manager)
        held = next(iter(self.g.subject_predicates(node)), None)
        if held is None or node in seen:
            return f"{node.n3()} (a blank node)"
        owner, predicate = held
        if predicate == SH.property:
            path = self.g.value(node, SH.path)
            shown = path.n3(self.g.namespace_manager) if isinstance(path, rdflib.URIRef) else "(complex path)"
            return f"{self._name(owner, seen | {node})} / property {shown}"
        return f"{self._name(owner, seen | {node})} / {predicate.n3(self.g.namespace_manager)}"

    def _unsupported(self, shape: Node, feature: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(self._name(shape), feature)

    def _objects(self, shape: Node, predicate: rdflib.URIRef) -> list[Node]:
        values = sorted(self.g.objects(shape, predicate), key=str)
        if len(values) > 1 and predicate not in MULTI:
            raise self._unsupported(shape, f"more than one {self._name(predicate)}")
        return values

    def _one(self, shape: Node, predicate: rdflib.URIRef) -> Node | None:
        values = self._objects(shape, predicate)
        return values[0] if values else None

    def _int(self, shape: Node, predicate: rdflib.URIRef) -> int | None:
        value = self._one(shape, predicate)
        if value is not None and not (isinstance(value, rdflib.Literal) and type(value.value) is int and value.value >= 0):
            raise self._unsupported(shape, f"{self._name(predicate)} {value!r} (not a count)")
        return None if value is None else int(value.value)

    def _bool(self, shape: Node, predicate: rdflib.URIRef) -> bool:
        value = self._one(shape, predicate)
        if value is not None and not (isinstance(value, rdflib.Literal) and isinstance(value.value, bool)):
            raise self._unsupported(shape, f"{self._name(predicate)} {value!r} (not a boolean)")
        return value is not None and bool(value.value)

    def _path(self, shape: Node) -> rdflib.URIRef | None:
        path = self._one(shape, SH.path)
        if path is not None and not isinstance(path, rdflib.URIRef):
            raise self._unsupported(shape, "an sh:path other than a predicate IRI (inverse, sequence, …)")
        return path

    def _list(self, shape: Node, head: Node) -> tuple[Node, ...]:
        if head != RDF.nil and self.g.value(head, RDF.first) is None:
            raise self._unsupported(shape, "an sh:or / sh:in value that is not an RDF list")
        return tuple(Collection(self.g, head))

    def _targets(self, shape: Node) -> str:
        """The focus nodes, as a DISTINCT sub-select; class targets follow rdfs:subClassOf* in the data graph.

        A sub-select with VALUES, not a UNION joined to the rest: Oxigraph joins a UNION of paths
        ten times slower (5 s instead of 0.5 s for one constraint at 1M triples).
        """
        for kind in self.g.objects(shape, RDF.type):
            if kind in (RDFS.Class, OWL.Class):
                raise self._unsupported(shape, "an implicit class target (the shape is also a class)")
        branches = []
        for predicate, pattern in ((SH.targetClass, f"?this {_TYPE_PATH} ?target"),
                                   (SH.targetSubjectsOf, "?this ?target []"), (SH.targetObjectsOf, "[] ?target ?this")):
            values = " ".join(iri(t) for t in self._objects(shape, predicate))
            if values:
                branches.append(f"{{ VALUES ?target {{ {values} }} {pattern} }}")
        return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(branches)} }} }}"

    def _constraints(self, shape: Node) -> list[_Constraint]:
        """The constraints declared directly on a shape (not those of its sh:property shapes)."""
        path = self._path(shape)
        found = [_Constraint("DatatypeConstraintComponent", node=self._datatype(shape, dt))
                 for dt in self._objects(shape, SH.datatype)]
        found += [_Constraint("ClassConstraintComponent", node=c) for c in self._objects(shape, SH["class"])]
        found += [_Constraint("NodeConstraintComponent", node=n) for n in self._objects(shape, SH.node)]
        found += [_Constraint("OrConstraintComponent", nodes=self._list(shape, h)) for h in self._objects(shape, SH["or"])]
        found += [_Constraint("InConstraintComponent", nodes=self._list(shape, h)) for h in self._objects(shape, SH["in"])]
        for name, predicate in (("MinLength", SH.minLength), ("MaxLength", SH.maxLength)):
            limit = self._int(shape, predicate)
            if limit is not None:
                found.append(_Constraint(f"{name}ConstraintComponent", n=limit))
        p = iri(path) if path is not None else None
        for value in self._objects(shape, SH.hasValue):
            if isinstance(value, rdflib.BNode):
                raise self._unsupported(shape, "sh:hasValue with a blank node")
            found.append(_Constraint("HasValueConstraintComponent", path=p, node=value))
        low, high = self._int(shape, SH.minCount), self._int(shape, SH.maxCount)
        unique = self._bool(shape, SH.uniqueLang)
        if p is None:
            if (low, high, unique) != (None, None, False):
                raise self._unsupported(shape, "sh:minCount / sh:maxCount / sh:uniqueLang on a node shape")
            return found
        if max(low or 0, high or 0) > MAX_COUNT:
            raise self._unsupported(shape, f"a count above {MAX_COUNT}")
        if low:
            found.append(_Constraint("MinCountConstraintComponent", path=p, n=low))
        if high is not None:
            found.append(_Constraint("MaxCountConstraintComponent", path=p, n=high))
        if unique:
            found.append(_Constraint("UniqueLangConstraintComponent", path=p))
        return found

    def _datatype(self, shape: Node, dt: Node) -> Node:
        if not isinstance(dt, rdflib.URIRef):
            raise self._unsupported(shape, "a non-IRI sh:datatype")
        known = dt in CAST_CHECKED or dt in IRI_ONLY or dt == RDF.langString
        if not known and str(dt).startswith((str(XSD), str(RDF))):
            raise self._unsupported(shape, f"sh:datatype {self._name(dt)}")
        return dt

    # ------------------------------------------------------------------ SPARQL generation

    def _test(self, c: _Constraint, x: str, fresh: Fresh) -> str:
        """A SPARQL boolean that never errors: does ``x`` (a value node, or the focus node) satisfy ``c``?"""
        node = c.node
        match c.component:
            case "DatatypeConstraintComponent" if node == RDF.langString:
                return f'COALESCE(isLiteral({x}) && LANG({x}) != "", false)'
            case "DatatypeConstraintComponent" if node is not None:
                d = iri(node)  # pyshacl's reading: same IRI, and a lexical form rdflib parses (else ill-typed)
                check = f" && isLiteral({d}(STR({x})))" if node in CAST_CHECKED else ""
                return f"COALESCE(isLiteral({x}) && sameTerm(DATATYPE({x}), {d}){check}, false)"
            case "ClassConstraintComponent" if node is not None:
                return f"EXISTS {{ {x} {_TYPE_PATH} {iri(node)} }}"
            case "NodeConstraintComponent" if node is not None:
                return self.conforms(node, x, fresh)
            case "OrConstraintComponent":
                return _any([self.conforms(m, x, fresh) for m in c.nodes])
            case "InConstraintComponent":
                return _any([f"sameTerm({x}, {term(t)})" for t in c.nodes])
            case "MinLengthConstraintComponent":
                return f"COALESCE(!isBlank({x}) && STRLEN(STR({x})) >= {c.n}, false)"
            case "MaxLengthConstraintComponent":
                return f"COALESCE(!isBlank({x}) && STRLEN(STR({x})) <= {c.n}, false)"
            case "HasValueConstraintComponent" if node is not None:
                return f"EXISTS {{ {x} {c.path} {term(node)} }}" if c.path else f"sameTerm({x}, {term(node)})"
            case "MinCountConstraintComponent" if c.path:
                return f"EXISTS {{ {_distinct(x, c.path, c.n, fresh)} }}"
            case "MaxCountConstraintComponent" if c.path:
                return f"NOT EXISTS {{ {_distinct(x, c.path, c.n + 1, fresh)} }}"
            case "UniqueLangConstraintComponent" if c.path:
                a, b = fresh(), fresh()
                same = f'COALESCE(LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b})), false)'
                return f"NOT EXISTS {{ {x} {c.path} {a} . {x} {c.path} {b} . FILTER(!sameTerm({a}, {b}) && {same}) }}"
        raise AssertionError(f"no SPARQL for {c}")

    def conforms(self, shape: Node, focus: str, fresh: Fresh) -> str:
        """A SPARQL boolean: does ``focus`` conform to ``shape`` (all its constraints and property shapes)?"""
        if isinstance(shape, rdflib.Literal):
            raise self._unsupported(shape, "a literal used as a shape")
        if shape in self._building:
            raise self._unsupported(shape, "a recursive shape reference")
        if self._bool(shape, SH.deactivated):
            return "true"  # SHACL 2.1.5: every node conforms to a deactivated shape
        self._building.add(shape)
        try:
            path = self._path(shape)
            constraints = self._constraints(shape)
            per_value = [c for c in constraints if c.per_value]
            parts: list[str] = []
            if path is not None and per_value:
                v = fresh()
                tests = " && ".join(self._test(c, v, fresh) for c in per_value)
                parts.append(f"NOT EXISTS {{ {focus} {iri(path)} {v} . FILTER(!({tests})) }}")
            else:
                parts += [self._test(c, focus, fresh) for c in per_value]
            parts += [self._test(c, focus, fresh) for c in constraints if not c.per_value]
            for prop in self._objects(shape, SH.property):
                if path is not None:
                    raise self._unsupported(shape, "sh:property on a property shape")
                parts.append(self.conforms(prop, focus, fresh))
        finally:
            self._building.discard(shape)
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _report(self, shape: Node, targets: str) -> list[CompiledQuery]:
        """One query per constraint declared on ``shape``, over the given focus nodes."""
        constraints = self._constraints(shape)
        if not constraints:
            return []
        messages = self._objects(shape, SH.message)
        if len(messages) != 1:
            raise self._unsupported(shape, f"{len(messages)} sh:message values (exactly one is compiled; "
                                               "without one pyshacl makes up its own text)")
        severity = self._one(shape, SH.severity) or SH.Violation
        if not isinstance(severity, rdflib.URIRef):
            raise self._unsupported(shape, "a non-IRI sh:severity")
        path = self._path(shape)
        queries = []
        for c in constraints:
            counter = itertools.count(1)

            def fresh(counter: itertools.count[int] = counter) -> str:
                return f"?v{next(counter)}"
            if not c.per_value:
                where, head = f"FILTER(!{self._test(c, '?this', fresh)})", "?this"
            elif path is None:
                where, head = f"BIND(?this AS ?value) FILTER(!{self._test(c, '?value', fresh)})", "?this ?value"
            else:
                where, head = f"?this {iri(path)} ?value . FILTER(!{self._test(c, '?value', fresh)})", "?this ?value"
            sparql = f"SELECT DISTINCT {head} WHERE {{ {targets} {where} }}"
            queries.append(CompiledQuery(shape, path, c.component, severity, str(messages[0]), sparql))
        return queries


def compile_shapes(shapes: rdflib.Graph) -> list[CompiledQuery]:
    """Compile a shapes graph; raises ``UnsupportedShapeError`` on SHACL beyond the supported subset."""
    return ShapeCompiler(shapes).compile()
