"""Issue 16: reading and validating faster changes nothing a user sees.

The JSON of ``validate`` and every file of ``consolidate --export`` (CSV in both dialects, Parquet
as schema, pandas dtypes and rows, the run record without its timestamp) on the shipped examples
and on 200 generated reports (tests/speed_corpus.py) must equal what the code gave before the
speed work (tests/data/speed_golden/, made by ``python -m tests.speed_corpus --golden``). The
generated reports are consolidated on two workers, so the parallel path is compared too.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.speed_corpus import ROOT, golden, make_corpus, snapshot


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
