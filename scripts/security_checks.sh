#!/usr/bin/env bash
# The long security run, one command: fuzzing with many examples, hostile queries, integrity under
# reloads, a bounded load test and the dependency audit. Figures go to stdout and to $OUT (default
# ./security-report); SECURITY.md quotes them. Everything runs on 127.0.0.1.
#
#   bash scripts/security_checks.sh                # about 10 minutes on 2 cores
#   FUZZ_EXAMPLES=1000 REQUESTS=20000 bash scripts/security_checks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$(command -v python3)}
[ -x .venv/bin/python ] && PY=${PYTHON:-.venv/bin/python}
[ -x /work/venv/bin/python ] && PY=${PYTHON:-/work/venv/bin/python}
BIN=$(dirname "$PY")
OUT=${OUT:-security-report}
FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-300}
REQUESTS=${REQUESTS:-5000}
CLIENTS=${CLIENTS:-8}
mkdir -p "$OUT"
STORE=$(mktemp -d)/store
status=0
trap 'rm -rf "$(dirname "$STORE")"; [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

echo "== 1. fuzzing ($FUZZ_EXAMPLES examples per property and per API operation, random seeds)"
KZGRAPH_FUZZ_EXAMPLES=$FUZZ_EXAMPLES KZGRAPH_FUZZ_RANDOM=1 "$BIN/pytest" -q -p no:cacheprovider \
  tests/test_security_fuzz.py tests/test_security_inputs.py --hypothesis-show-statistics 2>&1 | tee "$OUT/fuzz.txt" | tail -3 || status=1

echo "== 2. hostile queries, reloads under readers, headers"
"$BIN/pytest" -q -s -p no:cacheprovider tests/test_security_hostile.py tests/test_security_integrity.py \
  tests/test_security_headers.py tests/test_loader.py::test_killed_load_leaves_previous_store_intact 2>&1 \
  | tee "$OUT/hostile.txt" | grep -E "hostile:|concurrent answers|swaps|passed|failed" || status=1

echo "== 3. load test: $REQUESTS requests from $CLIENTS clients"
KZGRAPH_STORE_DIR=$STORE "$BIN/kzgraph" load >/dev/null
KZGRAPH_STORE_DIR=$STORE "$PY" scripts/loadtest.py --requests "$REQUESTS" --clients "$CLIENTS" --json "$OUT/load.json" \
  | tee "$OUT/load.txt" | sed -n 1p || status=1

echo "== 4. dependency audit (pip-audit over the installed environment)"
"$BIN/pip-audit" --strict --progress-spinner off --desc on 2>&1 | tee "$OUT/audit.txt" | tail -15 || status=1

echo "== figures written to $OUT/ (exit status $status)"
exit $status
