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

from kg.settings import PROJECT_ROOT, Settings

ROOT = PROJECT_ROOT
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
