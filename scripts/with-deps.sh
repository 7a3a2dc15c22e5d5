#!/usr/bin/env bash
# Runs a project script after making sure node_modules matches package-lock.json,
# so `npm run demo` and `npm test` work on a fresh clone with nothing else first.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
exec node_modules/.bin/tsx "$@"
