"""Loading: parse everything, validate, materialise, then swap into the store in one step.

Nothing reaches the store before every check has passed, and the swap itself is atomic in
each backend, so a failed or interrupted load leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import InputSyntaxError, ValidationFailed
from .ontology import OntologyFiles
from .rdfio import load_into, rdf_files, read_all
from .rules import materialise, materialise_in
from .settings import Settings
from .store import DiskStore, GraphStore
from .validation import Report, validate_paths


@dataclass
class LoadResult:
    """What a load did."""

    report: Report
    data_triples: int
    derived_triples: int
    total_triples: int


class LoadRejected(ValidationFailed):
    """The data did not pass validation; ``report`` has the findings."""

    def __init__(self, report: Report) -> None:
        if report.syntax_errors:
            detail = "; ".join(e.detail for e in report.syntax_errors)
        else:
            detail = f"{len(report.violations)} violations; run `kzgraph validate` for the list"
        super().__init__(f"load refused, the store is unchanged: {detail}")
        self.report = report


def build(settings: Settings, paths: list[Path] | None = None, *,
          validate: bool = True) -> tuple[Report, list[ox.Triple], int]:
    """Everything a load would put in the store: data + ontology + derived triples, and how many were derived."""
    ontology = OntologyFiles(settings.ontology_dir)
    sources = paths or [settings.data_dir]
    if validate:
        report, data = validate_paths(sources, ontology, settings.seeds_dir, settings.shacl_engine)
        if not report.ok:
            raise LoadRejected(report)
    else:
        data, errors, _ = read_all(sources)
        report = Report(syntax_errors=errors, triple_count=len(data))
        if errors:
            raise LoadRejected(report)
    base = list(dict.fromkeys([*data, *ontology.term_triples]))
    derived = materialise(base)
    return report, base + derived, len(derived)


def load(settings: Settings, store: GraphStore, *, paths: list[Path] | None = None, validate: bool = True,
         progress: Callable[[int], None] | None = None, on_built: Callable[[int], None] | None = None) -> LoadResult:
    """Validate and load ``paths`` (default: the data folder) into ``store``, atomically.

    ``progress`` counts triples written, after ``on_built`` gave their total; on the fast path
    (the embedded store without validation) both count files instead.
    """
    if not validate and isinstance(store, DiskStore):
        return _load_in_place(settings, store, paths or [settings.data_dir], progress, on_built)
    report, triples, derived = build(settings, paths, validate=validate)
    if on_built is not None:
        on_built(len(triples))
    store.replace(triples, progress)
    return LoadResult(report, report.triple_count, derived, len(triples))


def _load_in_place(settings: Settings, store: DiskStore, paths: list[Path],
                   progress: Callable[[int], None] | None, on_built: Callable[[int], None] | None) -> LoadResult:
    """Unvalidated load into the embedded store: Oxigraph parses every file straight into the new
    generation and the rules run there; a syntax error discards the generation, so the store is
    unchanged as on the checked path."""
    files = rdf_files(paths)
    ontology = OntologyFiles(settings.ontology_dir)
    counts: dict[str, int] = {}
    if on_built is not None:
        on_built(len(files) + 1)

    def fill(fresh: ox.Store) -> None:
        # the ontology first, while counting the store is cheap: on a big store each len() is a scan
        fresh.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in ontology.term_triples)
        counts["ontology"] = len(fresh)
        for path in files:
            try:
                load_into(fresh, path)
            except InputSyntaxError as exc:
                raise LoadRejected(Report(syntax_errors=[exc])) from None
            if progress is not None:
                progress(1)
        counts["before_rules"] = len(fresh)
        materialise_in(fresh)
        counts["total"] = len(fresh)
        if progress is not None:
            progress(1)

    store.replace_with(fill)
    data = counts["before_rules"] - counts["ontology"]  # a data triple restating the ontology counts once, as ontology
    report = Report(triple_count=data, file_count=len(files))
    return LoadResult(report, data, counts["total"] - counts["before_rules"], counts["total"])


__all__ = ["InputSyntaxError", "LoadRejected", "LoadResult", "build", "load"]
