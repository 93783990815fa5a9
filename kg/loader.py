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
from .rdfio import read_all
from .rules import materialise
from .settings import Settings
from .store import GraphStore
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
        report, data = validate_paths(sources, ontology, settings.seeds_dir)
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
    """Validate and load ``paths`` (default: the data folder) into ``store``, atomically."""
    report, triples, derived = build(settings, paths, validate=validate)
    if on_built is not None:
        on_built(len(triples))
    store.replace(triples, progress)
    return LoadResult(report, report.triple_count, derived, len(triples))


__all__ = ["InputSyntaxError", "LoadRejected", "LoadResult", "build", "load"]
