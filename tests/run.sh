#!/usr/bin/env bash
# The whole test suite, from a fresh machine with only Python 3.11 and pip (and Debian's and
# PyPI's registries): Debian's Chromium (browser tests) and Node.js (the W3C protocol suite)
# if missing, a virtualenv in .venv with the package and its test extras, ruff, mypy --strict,
# then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
fi
npm ci --prefix tests/w3c --no-audit --no-fund --loglevel=error
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check kg api tests
.venv/bin/mypy --strict kg api
exec .venv/bin/pytest -q
