"""Valid examples conform; each invalid example fails on the rule its header names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ontology import OntologyFiles
from kg.settings import Settings
from kg.validation import validate_paths

from .conftest import EXAMPLES, ROOT

SETTINGS = Settings(store="memory")
ONTOLOGY = OntologyFiles(ROOT / "ontology")
SOURCES = ROOT / "data" / "sources.ttl"


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.ttl")), ids=lambda p: p.name)
def test_valid_example_conforms(path: Path) -> None:
    report, _ = validate_paths([SOURCES, path], ONTOLOGY, SETTINGS.seeds_dir)
    assert report.syntax_errors == []
    assert report.violations == []


@pytest.mark.parametrize("path", sorted((EXAMPLES / "invalid").glob("*.ttl")), ids=lambda p: p.name)
def test_invalid_example_fails_on_its_rule(path: Path) -> None:
    header = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert header, f"{path.name} must say which rule it breaks ('# expect: …')"
    expected = header.group(1).strip()
    report, _ = validate_paths([SOURCES, path], ONTOLOGY, SETTINGS.seeds_dir)
    assert not report.ok
    if expected == "syntax":
        assert report.syntax_errors and re.search(rf"{path.name}:\d+:\d+: ", report.syntax_errors[0].detail)
    else:
        rules = [f.rule for f in report.violations]
        assert any(r.startswith(expected) for r in rules), rules


def test_there_is_an_invalid_example_for_each_kind_of_check() -> None:
    names = {p.stem for p in (EXAMPLES / "invalid").glob("*.ttl")}
    assert {"syntax-error", "no-citation", "end-before-start", "quote-not-verbatim", "unlabelled-entity",
            "undeclared-term"} <= names
