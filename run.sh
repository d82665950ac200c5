#!/usr/bin/env bash
# Marsad's two set-up commands (see README):
#   bash run.sh demo   -> creates .venv, installs Marsad, processes the bundled corpus into a fresh
#                         SQLite file and serves it on http://127.0.0.1:8000/
#   bash run.sh test   -> creates .venv, installs Marsad with its dev extras, runs ruff, mypy, pytest
# Any other arguments are passed to the marsad command: bash run.sh process ../shared/seeds
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  "$PY" -m venv --clear .venv   # (re)create: missing, or left half-made by an interrupted run
  rm -f .venv/.marsad-installed
fi
stamp=.venv/.marsad-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[all]'
  touch "$stamp"
fi
[ $# -eq 0 ] && set -- demo
cmd=$1
case "$cmd" in
  test)
    shift
    .venv/bin/ruff check marsad tests bench scripts
    .venv/bin/ruff format --check marsad tests bench scripts
    .venv/bin/mypy marsad
    .venv/bin/python -m pytest -q -n 2 "$@"
    ;;
  *)
    exec .venv/bin/marsad "$@"
    ;;
esac
