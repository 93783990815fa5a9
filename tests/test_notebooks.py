"""The notebooks run top to bottom with the venv's python3 kernel, without error cells, and draw their charts."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
IMAGES = {"tour.ipynb": 1, "family_network.ipynb": 2, "repression.ipynb": 4, "brokers.ipynb": 3,
          "network_2011_vs_2021.ipynb": 2}


def test_every_notebook_is_listed() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(IMAGES)


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_notebook_runs_and_draws(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert "import kg" in notebook.cells[1].source  # starts from the installed package
    started = time.monotonic()
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    elapsed = time.monotonic() - started
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, [f"{o.ename}: {o.evalue}" for o in errors]
    images = sum(1 for o in outputs if "image/png" in o.get("data", {}))
    assert images >= IMAGES[name]
    assert elapsed < 60, f"{name} took {elapsed:.0f} s"
