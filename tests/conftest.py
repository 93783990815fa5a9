"""Shared fixtures: settings pointing at the repository, stores of each backend, a live Oxigraph server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.loader import load
from kg.settings import PROJECT_ROOT, Settings
from kg.store import MemoryStore

ROOT = PROJECT_ROOT
MINI = Path(__file__).parent / "fixtures" / "mini.ttl"  # a small hand-made graph whose answers are known
EXAMPLES = ROOT / "ontology" / "examples"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Repository data and ontology, a private on-disk store directory."""
    return Settings(store="oxigraph", store_dir=tmp_path / "store")


@pytest.fixture
def memory_settings() -> Settings:
    return Settings(store="memory")


def oxigraph_binary() -> str:
    """The ``oxigraph`` server from the PyPI package of that name (a test dependency)."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).exists():
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]' installs it")
    return found


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 for the remote-store tests; stopped at the end."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                stderr = proc.stderr.read().decode() if proc.stderr else ""
                pytest.fail(f"oxigraph server did not start: {stderr[:500]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_cli(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``kzgraph`` as a user would, in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    script = Path(sys.executable).with_name("kzgraph")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True,
                          env=full_env, input=input, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="session")
def loaded_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository data, validated and loaded once into an on-disk store for the server tests."""
    store_dir = tmp_path_factory.mktemp("served") / "store"
    result = run_cli("load", env={"KZGRAPH_STORE_DIR": str(store_dir)}, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return store_dir


class Server:
    """A ``kzgraph serve`` subprocess on 127.0.0.1 and a free port."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        script = Path(sys.executable).with_name("kzgraph")
        self.proc = subprocess.Popen([str(script), "serve", "--port", str(self.port)], cwd=ROOT,
                                     env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.base}/api/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                self.stop()
                pytest.fail(f"kzgraph serve did not start: {err[-1500:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)


@pytest.fixture(scope="module")
def server(loaded_store_dir: Path) -> Iterator[Server]:
    """The read-only default server over the bundled data, with small limits so tests can hit them."""
    running = Server({"KZGRAPH_STORE_DIR": str(loaded_store_dir), "KZGRAPH_QUERY_TIMEOUT": "3",
                      "KZGRAPH_MAX_ROWS": "5000", "KZGRAPH_SPARQL_WORKERS": "2"})
    yield running
    running.stop()


def load_memory(paths: list[Path] | None) -> MemoryStore:
    """An in-memory store loaded without validation (``None``: the repository's data)."""
    store = MemoryStore()
    load(Settings(store="memory"), store, paths=paths, validate=False)
    return store


@pytest.fixture(scope="module")
def mini() -> Iterator[MemoryStore]:
    """The mini graph in memory (test_analytics.py has its own ``mini``: store and projection)."""
    store = load_memory([MINI])
    yield store
    store.close()
