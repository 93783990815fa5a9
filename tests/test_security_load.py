"""A short run of ``scripts/loadtest.py`` in the suite: the realistic mix, several clients, zero errors.
``scripts/security_checks.sh`` runs the long one and SECURITY.md quotes its figures."""

from __future__ import annotations

import importlib.util
import sys

from .conftest import ROOT, Server


def test_mixed_load_has_no_errors(server: Server) -> None:
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "scripts" / "loadtest.py")
    assert spec is not None and spec.loader is not None
    loadtest = importlib.util.module_from_spec(spec)
    sys.modules["loadtest"] = loadtest
    spec.loader.exec_module(loadtest)
    loadtest.run(server.base, 40, 2, seed=2)  # warm the derived indexes
    result = loadtest.run(server.base, 300, 6, seed=1)
    assert result["requests"] == 300 and result["errors"] == 0, result["error_kinds"]
    assert result["p95_ms"] < 5000, result
    print(f"\nload: {result}")
