"""Issue 16: reading and validating faster changes nothing a user sees.

The JSON of ``validate`` and every file of ``consolidate --export`` (CSV in both dialects, Parquet
as schema, pandas dtypes and rows, the run record without its timestamp) on the shipped examples
and on 200 generated reports (tests/speed_corpus.py) must equal what the code gave before the
speed work (tests/data/speed_golden/, made by ``python -m tests.speed_corpus --golden``). The
generated reports are consolidated on two workers, so the parallel path is compared too.

Each snapshot is taken in a fresh interpreter, as a user's command runs: the order of a file's
issues follows the order the rule modules were first imported in, which a test run that imported
one of them early (tests/test_rules_*.py do) would change.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.speed_corpus import ROOT, golden, make_corpus


def snapshot(root: Path, target: str, workers: int, scratch: Path) -> dict[str, str]:
    code = (
        "import json, sys; from pathlib import Path; from tests.speed_corpus import snapshot; "
        "print(json.dumps(snapshot(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), "
        "Path(sys.argv[4]))))"
    )
    args = [sys.executable, "-c", code, str(root), target, str(workers), str(scratch)]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    data: dict[str, str] = json.loads(out)
    return data


def _same(got: dict[str, str], want: dict[str, str]) -> None:
    assert sorted(got) == sorted(want)
    for name in sorted(want):
        if got[name] != want[name]:
            diff = difflib.unified_diff(
                want[name].splitlines(), got[name].splitlines(), "before", "now", lineterm="", n=1
            )
            pytest.fail(f"{name} differs:\n" + "\n".join(list(diff)[:40]))


def test_examples_give_what_they_gave_before(tmp_path: Path) -> None:
    _same(snapshot(ROOT, "workbooks/examples", 1, tmp_path), golden("examples"))


def test_generated_reports_give_what_they_gave_before(tmp_path: Path) -> None:
    corpus = tmp_path / "slump"
    corpus.mkdir()
    assert len(make_corpus(corpus)) == 200
    _same(snapshot(tmp_path, "slump", 2, tmp_path / "out"), golden("generated"))
