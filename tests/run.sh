#!/usr/bin/env bash
# The whole test suite, from a fresh machine with only Python 3.11 and pip:
# a virtualenv in .venv, the package with its test extras, ruff, mypy --strict, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check kg api tests
.venv/bin/mypy --strict kg api
exec .venv/bin/pytest -q
