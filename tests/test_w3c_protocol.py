"""The W3C SPARQL 1.1 Protocol test suite, run offline with the npm package rdf-test-suite.

All 34 tests against a test-only instance with updates enabled (bound to loopback); every query
and malformed-request test against the read-only default (the update and dataset tests need the
suite to load data through an update first, which the read-only endpoint rightly refuses).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, Server

W3C = ROOT / "tests" / "w3c"
SUITE = ROOT.parent / "shared" / "w3c-sparql11-protocol"
MANIFEST_URL = "http://w3c.github.io/rdf-tests/sparql/sparql11/protocol/"


def run_suite(endpoint: str, skip: str | None = None) -> tuple[int, int, str]:
    runner = W3C / "node_modules" / "rdf-test-suite" / "bin" / "Runner.js"
    node = shutil.which("node")
    assert node and runner.exists(), "run `npm ci --prefix tests/w3c` (tests/run.sh does)"
    command = [node, str(runner), "engine.js", MANIFEST_URL + "manifest.ttl",
               "-i", f'{{"protocolEndpoint":"{endpoint}"}}', "-m", f"{MANIFEST_URL}~{SUITE}/", "-d", "20000"]
    if skip:
        command += ["--skip", skip]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=W3C)
    output = result.stdout + result.stderr
    match = re.search(r"(\d+) / (\d+) tests succeeded", output)
    assert match, output[-3000:]
    return int(match.group(1)), int(match.group(2)), output


@pytest.fixture(scope="module")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("w3c") / "store"
    running = Server({"KZGRAPH_STORE_DIR": str(store), "KZGRAPH_ALLOW_UPDATES": "true"})
    yield running
    running.stop()


def test_all_34_with_updates_enabled_in_a_test_instance(update_server: Server) -> None:
    passed, total, output = run_suite(f"{update_server.base}/sparql")
    assert (passed, total) == (34, 34), output[-3000:]


def test_queries_and_malformed_requests_against_the_read_only_default(server: Server) -> None:
    passed, total, output = run_suite(f"{server.base}/sparql",
                                      skip="manifest#(update_|query_dataset|query_multiple_dataset)")
    assert total == 21 and passed == total, output[-3000:]  # 34 less 6 update and 7 dataset tests


def test_suite_files_are_present() -> None:
    assert (SUITE / "manifest.ttl").exists() and Path(W3C / "package.json").exists()
