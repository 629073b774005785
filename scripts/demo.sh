#!/usr/bin/env bash
# The main job on the shipped example reports: set up, validate them, consolidate them into the
# master funding overview. README's first command is exactly `bash scripts/demo.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
# shellcheck disable=SC1091
. .venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q -e .

mkdir -p out
echo "== finsam-xl validate workbooks/examples  (what an officer sees)"
finsam-xl validate workbooks/examples --hide-info --annotate out/kontroll || true
echo
echo "== finsam-xl consolidate workbooks/examples -o out/finansieringsoversikt.xlsx"
finsam-xl consolidate workbooks/examples -o out/finansieringsoversikt.xlsx --export out/tabeller
echo
echo "Klart: öppna out/finansieringsoversikt.xlsx (återkoppling per rapport i out/kontroll/)."
