#!/usr/bin/env bash
# The one command that runs every check: set-up (venv + dev deps, LibreOffice when we can install
# it), then ruff, mypy --strict on the package, and the test suite on all cores.
# README's test command is exactly `bash scripts/test.sh`; .ci/run calls the same.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi carlito; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing LibreOffice (Debian libreoffice-calc) for the spreadsheet-program tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc poppler-utils fonts-crosextra-carlito >/dev/null
  else
    echo "== LibreOffice (soffice) not found: tests marked 'libreoffice' will skip and say why"
  fi
fi

python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e '.[dev]'

# xlwings' remote engine (used to test the Excel entry points without Excel) starts with this key;
# a samordningsförbund is a public body, a permitted purpose of PolyForm Noncommercial.
export XLWINGS_LICENSE_KEY="${XLWINGS_LICENSE_KEY:-noncommercial}"

echo "== ruff";  ruff check . && ruff format --check .
echo "== mypy";  mypy
echo "== pytest"; python -m pytest -n 2 -q "$@"
