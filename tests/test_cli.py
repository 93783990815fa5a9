"""The CLI as a user meets it: help everywhere, clear errors, exit codes, and a store left unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

COMMANDS = ["validate", "load", "query", "stats"]
GOOD_PERSON = """@prefix kz: <https://kzgraph.org/id/> .
@prefix kzo: <https://kzgraph.org/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kz:test-person a kzo:Person ; skos:prefLabel "Test Person"@en .
"""


@pytest.fixture(scope="module")
def loaded_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"KZGRAPH_STORE_DIR": str(tmp_path_factory.mktemp("cli") / "store")}
    result = run_cli("load", env=env)
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout
    return env


def store_dump(env: dict[str, str]) -> list[str]:
    result = run_cli("query", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "--format", "csv", env=env)
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_everywhere(command: str | None) -> None:
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_syntax_error_names_file_line_column_and_leaves_the_store(loaded_env: dict[str, str], tmp_path: Path) -> None:
    before = store_dump(loaded_env)
    bad = tmp_path / "broken.ttl"
    bad.write_text(GOOD_PERSON + 'kz:x a kzo:Person ; skos:prefLabel "unterminated .\n', encoding="utf-8")
    for command in (["validate"], ["load"], ["load", "--no-validate"]):  # the last one: Oxigraph's bulk loader
        result = run_cli(*command, str(bad), env=loaded_env)
        assert result.returncode == 1
        assert "broken.ttl:5:" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert store_dump(loaded_env) == before


def test_shape_violation_names_entity_rule_fix_and_leaves_the_store(loaded_env: dict[str, str], tmp_path: Path) -> None:
    before = store_dump(loaded_env)
    bad = tmp_path / "unlabelled.ttl"
    bad.write_text(GOOD_PERSON + "kz:nameless a kzo:Person .\n", encoding="utf-8")
    result = run_cli("validate", str(bad), "--no-warnings", env=loaded_env)
    assert result.returncode == 1
    assert "kz:nameless" in result.stdout and "rule: entity has a name" in result.stdout
    assert "fix:" in result.stdout
    load = run_cli("load", str(bad), env=loaded_env)
    assert load.returncode == 1 and "store is unchanged" in load.stderr
    assert store_dump(loaded_env) == before


def test_query_formats(loaded_env: dict[str, str]) -> None:
    q = "SELECT ?label WHERE { kz:nursultan-nazarbayev skos:prefLabel ?label }"
    as_json = run_cli("query", q, "--format", "json", env=loaded_env)
    assert json.loads(as_json.stdout) == [{"label": "Nursultan Nazarbayev"}]
    as_csv = run_cli("query", q, "--format", "csv", env=loaded_env)
    assert as_csv.stdout.splitlines() == ["label", "Nursultan Nazarbayev"]
    table = run_cli("query", q, env=loaded_env)
    assert "Nursultan Nazarbayev" in table.stdout and "1 rows" in table.stdout
    ask = run_cli("query", "ASK { kz:nursultan-nazarbayev a kzo:Person }", env=loaded_env)
    assert ask.stdout.strip() == "true"


def test_query_from_file_and_stdin(loaded_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p a kzo:Person }", encoding="utf-8")
    from_file = run_cli("query", str(path), "-f", "json", env=loaded_env)
    from_stdin = run_cli("query", "-", "-f", "json", env=loaded_env, input=path.read_text())
    assert from_file.stdout == from_stdin.stdout
    assert int(json.loads(from_file.stdout)[0]["n"]) > 5


def test_malformed_query_is_a_clear_error(loaded_env: dict[str, str]) -> None:
    result = run_cli("query", "SELECT ?x WHERE { ?x skos:prefLabel ", env=loaded_env)
    assert result.returncode == 1
    assert "malformed query" in result.stderr and "1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_updates_are_refused(loaded_env: dict[str, str]) -> None:
    before = store_dump(loaded_env)
    result = run_cli("query", "DELETE WHERE { ?s ?p ?o }", env=loaded_env)
    assert result.returncode == 2 and "read-only" in result.stderr
    assert store_dump(loaded_env) == before


def test_unknown_named_query_and_entity(loaded_env: dict[str, str]) -> None:
    result = run_cli("query", "--name", "no-such-question", env=loaded_env)
    assert result.returncode == 2 and "no named query" in result.stderr


def test_stats_json(loaded_env: dict[str, str]) -> None:
    result = run_cli("stats", "--format", "json", env=loaded_env)
    figures = json.loads(result.stdout)
    assert figures["triples"] > 1000
    assert figures["by_class"]["kzo:Person"] >= 9
    assert figures["source_documents"] >= 5


def test_validate_bundled_data_is_clean() -> None:
    result = run_cli("validate", "--no-warnings", env={})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 violations" in result.stdout


def test_unknown_store_setting_is_a_usage_error() -> None:
    result = run_cli("stats", env={"KZGRAPH_STORE": "cassandra"})
    assert result.returncode == 2 and "invalid settings" in result.stderr
    assert str(ROOT) not in result.stderr or "Traceback" not in result.stderr
