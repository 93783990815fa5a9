"""``kzgraph search``, ``show``, ``path``, ``brokers`` and ``export`` as a user runs them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from .conftest import run_cli

COMMANDS = ["search", "show", "path", "brokers", "export"]


@pytest.fixture(scope="module")
def env(loaded_store_dir: Path) -> dict[str, str]:
    return {"KZGRAPH_STORE_DIR": str(loaded_store_dir)}


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0 and "Usage" in result.stdout


def test_search_by_any_spelling(env: dict[str, str]) -> None:
    result = run_cli("search", "Nazarbaev", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["iri"] == "https://kzgraph.org/id/nursultan-nazarbayev"


def test_show_by_label_alias_or_slug(env: dict[str, str]) -> None:
    for name in ("Dariga Nazarbayeva", "dariga-nazarbayeva", "kz:dariga-nazarbayeva"):
        result = run_cli("show", name, env=env)
        assert result.returncode == 0, result.stderr
        assert "Dariga Nazarbayeva" in result.stdout and "family tie" in result.stdout
    data = json.loads(run_cli("show", "Dariga Nazarbayeva", "--format", "json", env=env).stdout)
    assert data["relations"]


def test_unknown_entity_is_a_usage_error(env: dict[str, str]) -> None:
    for args in (("show", "Nobody Whatsoever"), ("path", "Nobody Whatsoever", "Nursultan Nazarbayev")):
        result = run_cli(*args, env=env)
        assert result.returncode == 2 and "no entity" in result.stderr


def test_path_cites_every_hop(env: dict[str, str]) -> None:
    result = run_cli("path", "Timur Kulibayev", "Nursultan Nazarbayev", "-k", "2", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    paths = json.loads(result.stdout)["paths"]
    assert paths and all(hop["citation"]["quote"] and hop["sentence"] for path in paths for hop in path)
    text = run_cli("path", "Timur Kulibayev", "Nursultan Nazarbayev", env=env).stdout
    assert "path 1" in text and "“" in text
    reported = run_cli("path", "Timur Kulibayev", "Mukhtar Ablyazov", "--no-alleged", "--format", "json", env=env)
    assert reported.returncode == 0, reported.stderr
    hops = [hop for path in json.loads(reported.stdout)["paths"] for hop in path]
    assert hops and all(not hop["status"] or not hop["status"].endswith("/alleged") for hop in hops)


def test_brokers_between_the_family_and_banned_organisations(env: dict[str, str]) -> None:
    result = run_cli("brokers", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "https://kzgraph.org/id/nursultan-nazarbayev" in data["family"]
    assert "https://kzgraph.org/id/democratic-choice-of-kazakhstan" in data["banned"]
    assert data["brokers"] and all(b["toward_a"] and b["toward_b"] for b in data["brokers"])
    assert run_cli("brokers", "-n", "3", env=env).returncode == 0


def test_export_to_stdout_file_and_folder(env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("export", "--format", "nt", env=env)
    assert result.returncode == 0 and result.stdout.count(" .\n") > 1000
    assert run_cli("export", "-f", "gexf", "-o", str(tmp_path / "g.gexf"), env=env).returncode == 0
    assert nx.read_gexf(io.BytesIO((tmp_path / "g.gexf").read_bytes())).number_of_nodes() > 100
    assert run_cli("export", "-f", "csv", "-o", str(tmp_path / "csv"), env=env).returncode == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]
    assert run_cli("export", "-f", "xml", env=env).returncode == 2
    assert run_cli("export", "-f", "gexf", "--as-of", "soon", env=env).returncode == 2
