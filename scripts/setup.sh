#!/usr/bin/env bash
# Installs everything ragscope needs, idempotently: npm packages, Milvus Lite in .venv, the build.
# With --test also the test-only system packages: PostgreSQL and Chromium (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Node.js ---------------------------------------------------------------------------------
command -v node >/dev/null || fail "Node.js is not installed: ragscope needs Node.js >= 20.19 (https://nodejs.org)."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js $(node --version) is too old: ragscope needs >= 20.19."

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.ragscope-lock ] || [ "$(cat node_modules/.ragscope-lock)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.ragscope-lock
else
  say "npm packages are up to date"
fi

# --- Milvus Lite (the embedded vector database) ---------------------------------------------
python=${RAGSCOPE_PYTHON:-.venv/bin/python}
if [ -x "$python" ] && "$python" -c 'import milvus_lite' 2>/dev/null; then
  say "Milvus Lite is installed ($python)"
elif [ -n "${RAGSCOPE_PYTHON:-}" ]; then
  fail "RAGSCOPE_PYTHON=$RAGSCOPE_PYTHON has no milvus_lite module: pip install 'milvus-lite==2.5.1' 'setuptools<70' into it."
else
  command -v python3 >/dev/null || fail "Python 3 is not installed: Milvus Lite needs python3 (3.8 or newer) with venv and pip."
  say "installing Milvus Lite 2.5.1 into .venv…"
  python3 -m venv .venv || fail "python3 -m venv failed: install your distribution's python3-venv package."
  .venv/bin/pip install --quiet --disable-pip-version-check 'milvus-lite==2.5.1' 'setuptools<70'
fi

# --- build --------------------------------------------------------------------------------
say "building (nx run-many -t build)…"
NX_DAEMON=false npx nx run-many -t build --output-style=static >/tmp/ragscope-build.log 2>&1 \
  || { tail -40 /tmp/ragscope-build.log >&2; fail "the build failed (full log: /tmp/ragscope-build.log)"; }

[ "$want_test" = 1 ] || exit 0

# --- test-only system packages ---------------------------------------------------------------
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    fail "$1 is missing and installing it needs root: sudo apt-get install -y $2"
  fi
  command -v apt-get >/dev/null || fail "$1 is missing and this is not a Debian/Ubuntu system: install $2 yourself."
  say "installing $2 (apt-get)…"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
    apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "${RAGSCOPE_PG_BIN:-}" ] || apt_install PostgreSQL postgresql
[ -x "${RAGSCOPE_CHROMIUM:-/usr/bin/chromium}" ] || apt_install Chromium chromium
say "test prerequisites are installed (PostgreSQL, Chromium)"
