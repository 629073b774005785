"""The custom functions: what they return for a file, and that xlwings can register them.

The validator is a fake (``FakeReport``) until finsam_xl.validate_workbook lands.
"""

from __future__ import annotations

import pytest
from excel_support import FakeIssue, FakeReport

udf = pytest.importorskip("finsam_xl.excel.udf", reason="needs the [excel] extra (xlwings)")

ISSUES = [
    FakeIssue("saknas", "error", "Ekonomi", "C2", "budget", "Budget saknas."),
    FakeIssue("saknas", "error", "Ekonomi", "C3", "utfall", "=Utfall saknas"),
    FakeIssue("x", "warning", "Mål och text", "B2", None, "Kort text."),
]


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "Rapporter från Åre" / "insats ö.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"any bytes: the validator is faked")
    return path


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (FakeReport("f", "errors", ISSUES), "fel (2)"),
        (FakeReport("f", "warnings", ISSUES[2:]), "varningar (1)"),
        (FakeReport("f", "ok", []), "godkänd"),
        (FakeReport("f", "unreadable", []), "oläsbar"),
    ],
)
def test_status(report_file, report, expected):
    seen = []

    def fake(path):
        seen.append(path)
        return report

    assert udf.report_status(f' "{report_file}" ', validate=fake) == expected
    assert seen == [report_file]


def test_status_of_missing_file_needs_no_validation(tmp_path):
    def never(path):
        raise AssertionError("must not validate")

    assert udf.report_status(str(tmp_path / "borta.xlsx"), validate=never) == "saknas"


def test_issues_table(report_file):
    rows = udf.report_issues(str(report_file), validate=lambda p: FakeReport("f", "errors", ISSUES))
    assert rows[0] == ["Allvarlighet", "Blad", "Cell", "Meddelande"]
    assert rows[1] == ["fel", "Ekonomi", "C2", "Budget saknas."]
    assert rows[2][3] == "'=Utfall saknas"  # spilled text never turns into a formula
    assert rows[3][:3] == ["varning", "Mål och text", "B2"]
    clean = udf.report_issues(str(report_file), validate=lambda p: FakeReport("f", "ok", []))
    assert clean[1][3] == "Inga anmärkningar."
