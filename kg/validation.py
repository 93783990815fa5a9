"""Validation: SHACL shapes, quality queries that must return nothing, and quote checks.

The three checks answer in one shape, a ``Finding`` naming the entity, the rule and the fix,
so the CLI, the loader and the tests print and count them the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, SH

from .errors import InputSyntaxError
from .ontology import OntologyFiles
from .quotes import find_quote
from .rdfio import rdf_files, read_all, read_triples, to_rdflib
from .shacl_sparql import CompiledQuery, SparqlShacl, UnsupportedShapeError, citing_subject
from .terms import shorten

Severity = Literal["violation", "warning"]
ShaclEngine = Literal["sparql", "pyshacl"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """One problem: which entity, which rule, what to do about it."""

    severity: Severity
    focus: str
    rule: str
    message: str
    file: str | None = None

    def render(self) -> str:
        where = f" ({self.file})" if self.file else ""
        return f"{self.severity.upper():9} {self.focus}{where}\n          rule: {self.rule}\n          fix:  {self.message}"


@dataclass
class Report:
    """Everything one validation run found."""

    syntax_errors: list[InputSyntaxError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    triple_count: int = 0
    file_count: int = 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.syntax_errors and not self.violations


@dataclass(frozen=True)
class QualityQuery:
    """A SPARQL query in ``ontology/quality`` whose every result is a finding."""

    path: Path
    title: str
    severity: Severity
    fix: str
    text: str

    @classmethod
    def read(cls, path: Path) -> QualityQuery:
        text = path.read_text(encoding="utf-8")
        meta = dict(re.findall(r"^#\s*(\w+):\s*(.+)$", text, flags=re.M))
        severity: Severity = "warning" if meta.get("severity", "violation").strip() == "warning" else "violation"
        return cls(path, meta.get("title", path.stem).strip(), severity, meta.get("fix", "").strip(), text)


def quality_queries(ontology: OntologyFiles) -> list[QualityQuery]:
    return [QualityQuery.read(p) for p in sorted(ontology.quality_dir.glob("*.rq"))]


def _citing_subject(graph: rdflib.Graph, node: rdflib.term.Node) -> rdflib.term.Node:
    """A blank citation node is reported through the entity that carries it."""
    if isinstance(node, rdflib.BNode):
        for subject in graph.subjects(None, node):
            return _citing_subject(graph, subject)
    return node


class Validator:
    """Runs every check over a set of triples; built once per ontology folder.

    SHACL runs on one of two engines giving the same findings: ``"sparql"`` (default) compiles the
    shapes to SPARQL once and runs them in the Oxigraph store the quality queries use anyway —
    seconds where pyshacl takes minutes on large graphs; ``"pyshacl"`` is the reference
    implementation, and the fallback when the shapes use SHACL the compiler does not support.
    """

    def __init__(self, ontology: OntologyFiles, seeds_dir: Path, engine: ShaclEngine = "sparql") -> None:
        self.ontology = ontology
        self.seeds_dir = seeds_dir
        self._shapes = rdflib.Graph()
        for path in (ontology.must_shapes, ontology.should_shapes):
            self._shapes.parse(path, format="turtle")
        self._ont_graph = to_rdflib(ontology.term_triples)
        self._queries = quality_queries(ontology)
        self._sparql: SparqlShacl | None = None
        if engine == "sparql":
            try:
                self._sparql = SparqlShacl(self._shapes)
            except UnsupportedShapeError as exc:
                log.warning("SHACL: falling back to pyshacl for all shapes: %s", exc)
        self.engine: ShaclEngine = "sparql" if self._sparql is not None else "pyshacl"

    def store(self, triples: Sequence[ox.Triple]) -> ox.Store:
        """An in-memory store of the data and the ontology: what SHACL and the quality queries see."""
        store = ox.Store()  # bulk_extend: no transaction to keep (a fresh private store), ≈ 3× faster at 1M
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.ontology.term_triples)
        return store

    def check(self, triples: Sequence[ox.Triple], origin: dict[str, Path] | None = None) -> list[Finding]:
        """Return every finding for the data triples (ontology triples are added here)."""
        origin = origin or {}
        store = self.store(triples)
        findings = self._shacl(triples, origin, store)
        findings += self._quality(store, origin)
        findings += self._quotes(store, origin)
        return findings

    def _file(self, iri: str, origin: dict[str, Path]) -> str | None:
        path = origin.get(iri)
        if path is None:
            return None
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def _rule(self, shape: rdflib.term.Node | None, path: rdflib.term.Node | None) -> str:
        """The shape's label (or its node shape's, for an unlabelled property shape) and the path."""
        label = self._shapes.value(shape, rdflib.RDFS.label) if shape is not None else None
        if label is None and shape is not None:
            owner = next(iter(self._shapes.subjects(SH.property, shape)), None)
            label = self._shapes.value(owner, rdflib.RDFS.label) if owner is not None else None
        rule = str(label or "shape")
        if path is not None:
            rule += f" / {shorten(str(path))}"
        return rule

    def _findings(self, results: Iterable[tuple[str, str | None, str, str, bool]],
                  origin: dict[str, Path]) -> list[Finding]:
        """Findings from (focus text, focus IRI, rule, message, is-warning), one per focus, rule and message."""
        findings: list[Finding] = []
        seen: set[tuple[str, str, str]] = set()
        for focus_text, focus_iri, rule, message, warning in results:
            key = (focus_text, rule, message)
            if key in seen:
                continue
            seen.add(key)
            file = self._file(focus_iri, origin) if focus_iri is not None else None
            findings.append(Finding("warning" if warning else "violation", focus_text, rule, message, file))
        return findings

    def _shacl(self, triples: Sequence[ox.Triple], origin: dict[str, Path],
               store: ox.Store | None = None) -> list[Finding]:
        """SHACL findings from the configured engine (``store``: data + ontology, built if not given)."""
        if self._sparql is None:
            return self._findings(self._pyshacl_results(triples), origin)
        return self._findings(self._sparql_results(self._sparql, store or self.store(triples)), origin)

    def _sparql_results(self, engine: SparqlShacl, store: ox.Store) -> Iterator[tuple[str, str | None, str, str, bool]]:
        rules: dict[CompiledQuery, str] = {}
        for result in engine.validate(store):
            focus = citing_subject(store, result.focus)
            constraint = result.constraint
            rule = rules.get(constraint)
            if rule is None:
                rule = rules[constraint] = self._rule(constraint.shape, constraint.path)
            if isinstance(focus, ox.NamedNode):
                focus_text, focus_iri = shorten(focus.value), focus.value
            else:  # as the pyshacl path prints it: "_:" and the node's id or lexical form
                focus_text, focus_iri = f"_:{focus if isinstance(focus, ox.Triple) else focus.value}", None
            yield focus_text, focus_iri, rule, constraint.message, constraint.severity == SH.Warning

    def _pyshacl_results(self, triples: Sequence[ox.Triple]) -> Iterator[tuple[str, str | None, str, str, bool]]:
        # The ontology and vocabularies are added to the data graph itself: SHACL's class
        # targets follow rdfs:subClassOf there, and scheme checks need the concepts.
        data = to_rdflib(triples)
        data += self._ont_graph
        from pyshacl import validate as shacl_validate  # the reference engine: imported when used (≈ 0.15 s)

        _conforms, results, _text = shacl_validate(
            data, shacl_graph=self._shapes, inference="none",
            allow_warnings=True, advanced=True)
        assert isinstance(results, rdflib.Graph)
        for result in results.subjects(RDF.type, SH.ValidationResult):
            focus_node = results.value(result, SH.focusNode)
            if focus_node is None or (None, SH.detail, result) in results:
                # An sh:detail result only explains why a value broke sh:node: the outer result
                # already reports it, with our message; the nested one names the value node and
                # carries pyshacl's generated text, so counting it would double the violation.
                continue
            focus = _citing_subject(data, focus_node)
            rule = self._rule(results.value(result, SH.sourceShape), results.value(result, SH.resultPath))
            message = str(results.value(result, SH.resultMessage) or "breaks a shape")
            warning = results.value(result, SH.resultSeverity) == SH.Warning
            if isinstance(focus, rdflib.URIRef):
                yield shorten(str(focus)), str(focus), rule, message, warning
            else:
                yield f"_:{focus}", str(focus), rule, message, warning

    def _quality(self, store: ox.Store, origin: dict[str, Path]) -> list[Finding]:
        findings: list[Finding] = []
        for query in self._queries:
            solutions = store.query(query.text)
            assert isinstance(solutions, ox.QuerySolutions)
            others = [v.value for v in solutions.variables if v.value != "focus"]
            for row in solutions:
                focus = row["focus"]
                extra = ", ".join(f"{v}={row[v].value}" for v in others if row[v] is not None)
                name = shorten(focus.value) if isinstance(focus, ox.NamedNode) else str(focus)
                fix = query.fix + (f" [{extra}]" if extra else "")
                findings.append(Finding(query.severity, name, query.title, fix, self._file(focus.value, origin)))
        return findings

    def _quotes(self, store: ox.Store, origin: dict[str, Path]) -> list[Finding]:
        findings: list[Finding] = []
        rows = store.query("""
            PREFIX kzo: <https://kzgraph.org/ontology#>
            SELECT ?s ?doc ?seed ?quote WHERE {
              ?s kzo:citation ?c . ?c kzo:document ?doc ; kzo:quote ?quote .
              OPTIONAL { ?doc kzo:seedFile ?seed }
            }""")
        for row in rows:  # type: ignore[union-attr]
            subject = row["s"]
            name = shorten(subject.value) if isinstance(subject, ox.NamedNode) else str(subject)
            doc, seed, quote = row["doc"], row["seed"], row["quote"].value
            file = self._file(subject.value, origin)
            if seed is None:
                findings.append(Finding("violation", name, "quote found in its document",
                                        f"{shorten(doc.value)} is not a seed document: cite the seed document in "
                                        "kzo:document and put the report in kzo:originalSource.", file))
                continue
            seed_path = self.seeds_dir / seed.value
            if not seed_path.is_file():
                findings.append(Finding("violation", name, "quote found in its document",
                                        f"seed file {seed_path} is missing (set KZGRAPH_SEEDS_DIR).", file))
            elif not find_quote(seed_path, quote):
                findings.append(Finding("violation", name, "quote found in its document",
                                        f"quote not found verbatim in {seed.value}: \"{quote[:120]}\" — copy it "
                                        "exactly from the document.", file))
        return findings


def validate_paths(paths: Iterable[Path], ontology: OntologyFiles, seeds_dir: Path,
                   engine: ShaclEngine = "sparql") -> tuple[Report, list[ox.Triple]]:
    """Parse and check files; syntax errors stop the checks (a half-read dataset proves nothing)."""
    paths = list(paths)
    triples, errors, origin = read_all(paths)
    report = Report(syntax_errors=errors, triple_count=len(triples), file_count=len(rdf_files(paths)))
    if errors:
        return report, triples
    report.findings = Validator(ontology, seeds_dir, engine).check(triples, origin)
    return report, triples


__all__ = ["Finding", "Report", "ShaclEngine", "Validator", "read_triples", "validate_paths"]
