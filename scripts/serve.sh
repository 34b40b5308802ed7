#!/usr/bin/env bash
# Install fivesteps into .venv and run it on http://127.0.0.1:8080 (HOST and PORT change that).
# Without REDIS_URL it uses the embedded memory store. Without TWILIO_AUTH_TOKEN it runs in local
# development mode (FIVESTEPS_DEV_SKIP_SIGNATURE=1): signatures are not checked, and it says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
if [ -z "${TWILIO_AUTH_TOKEN:-}" ]; then
  echo "TWILIO_AUTH_TOKEN is not set: starting in local development mode, Twilio signatures NOT checked." >&2
  export FIVESTEPS_DEV_SKIP_SIGNATURE="${FIVESTEPS_DEV_SKIP_SIGNATURE:-1}"
  export FIVESTEPS_LOG_FORMAT="${FIVESTEPS_LOG_FORMAT:-text}"
fi
exec .venv/bin/fivesteps serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
