#!/usr/bin/env bash
# README command 2: install what is missing (including PostgreSQL and Chromium) and run every test
# suite against the real services. The last line is always "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/setup.sh --test; then
  echo "setup failed: no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi
exec node scripts/run-tests.mjs
