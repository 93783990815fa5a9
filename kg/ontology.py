"""The ontology folder: where the terms, vocabularies, shapes, rules and queries live."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from .rdfio import read_triples


@dataclass(frozen=True)
class OntologyFiles:
    """Paths inside ``ontology/``; one object so every caller agrees on them."""

    root: Path

    @property
    def term_files(self) -> list[Path]:
        """The ontology proper: classes, properties and SKOS vocabularies."""
        return [self.root / "kzo.ttl", self.root / "vocab.ttl"]

    @property
    def must_shapes(self) -> Path:
        return self.root / "shapes" / "must.ttl"

    @property
    def should_shapes(self) -> Path:
        return self.root / "shapes" / "should.ttl"

    @property
    def quality_dir(self) -> Path:
        return self.root / "quality"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @cached_property
    def term_triples(self) -> list[ox.Triple]:
        """The ontology and vocabularies as triples (parsed once per object)."""
        triples: list[ox.Triple] = []
        for path in self.term_files:
            triples.extend(read_triples(path))
        return triples
