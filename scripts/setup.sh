#!/usr/bin/env bash
# Create .venv/ at the repository root and install the pinned dependencies from requirements.lock.
# Usage: bash scripts/setup.sh [--with-browser]
#   --with-browser  also install Debian's chromium (for the UI test; needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "setup: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2; exit 1; }

[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
# Bytecode is compiled at install time: with PYTHONDONTWRITEBYTECODE set (common in CI and
# containers) Python would otherwise recompile Dagster, spaCy and polars on every start (~5 s).
.venv/bin/uv pip install --quiet --python .venv/bin/python --compile-bytecode --require-hashes -r requirements.lock
# A plain path entry (setuptools' compat editable mode), not an import hook: the hook's imports
# cost every `timeline` start about 10 ms.
.venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps --no-build-isolation \
  --config-setting editable_mode=compat -e .
.venv/bin/python -m compileall -q pipeline

if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
echo "setup: .venv ready ($(.venv/bin/python --version))"
