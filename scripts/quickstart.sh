#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the service on embedded defaults
# (SQLite metadata, Milvus Lite vector database, data under RAGSCOPE_DATA_DIR, default ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npm start --silent
