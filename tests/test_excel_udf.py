"""The custom functions: what they return for a file, and that xlwings can register them.

Most tests fake the validator (``FakeReport``); the path tests validate a real example report.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from excel_support import FakeIssue, FakeReport

udf = pytest.importorskip("finsam_xl.excel.udf", reason="needs the [excel] extra (xlwings)")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))

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


def _caller_in(folder):
    """The calling cell as classic xlwings passes it to ``caller`` (a Range in a saved book):
    Excel is the boundary, so only the attributes finsam-xl reads are given."""
    book = SimpleNamespace(fullname=str(folder / "finsam-master.xlsm"))
    return SimpleNamespace(sheet=SimpleNamespace(book=book))


def test_relative_path_is_read_from_the_workbooks_folder(tmp_path, monkeypatch):
    folder = tmp_path / "Förbundet"
    (folder / "Rapporter").mkdir(parents=True)
    shutil.copy(EXAMPLES[0], folder / "Rapporter" / "insats.xlsx")
    elsewhere = tmp_path / "python-startar-här"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # where the UDF server's Python runs: must not matter
    status = udf.FINSAM_STATUS("Rapporter/insats.xlsx", _caller_in(folder))
    assert status != "saknas" and status.split()[0] in ("godkänd", "varningar", "fel")
    assert status == udf.FINSAM_STATUS(str(folder / "Rapporter" / "insats.xlsx"))
    rows = udf.FINSAM_ANMARKNINGAR("Rapporter/insats.xlsx", _caller_in(folder))
    assert rows[0] == udf.HEADER and "Filen finns inte" not in str(rows)


def test_relative_path_without_a_saved_workbook_is_not_guessed(tmp_path, monkeypatch):
    (tmp_path / "insats.xlsx").write_bytes(EXAMPLES[0].read_bytes())
    monkeypatch.chdir(tmp_path)  # the file is in Python's folder, but not the workbook's
    assert udf.FINSAM_STATUS("insats.xlsx") == "saknas"
    assert "inte sparad" in udf.FINSAM_ANMARKNINGAR("insats.xlsx")[1][3]


CLASSIC = """
import io, json, sys, types
# pywin32 is the COM boundary to Excel and exists only on Windows; xlwings.udfs imports it at
# the top but needs none of it to register functions or write their VBA wrappers.
for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
    sys.modules[name] = types.ModuleType(name)
sys.modules["win32com.client"].Dispatch = None
sys.modules["pythoncom"].CoInitialize = lambda: None
import xlwings, xlwings.udfs as udfs
xlwings.func, xlwings.ret, xlwings.arg = udfs.xlfunc, udfs.xlret, udfs.xlarg
import finsam_xl.excel.udf as module
out = io.StringIO()
workbook = types.SimpleNamespace(Name="finsam-master.xlsm")  # the COM Workbook it writes into
udfs.generate_vba_wrapper("finsam_xl.excel.udf", module, out, workbook)
print(json.dumps({
    name: {
        "category": getattr(module, name).__xlfunc__["category"],
        "ret": sorted(getattr(module, name).__xlfunc__["ret"]["options"]),
    }
    for name in ("FINSAM_STATUS", "FINSAM_ANMARKNINGAR")
} | {"vba": out.getvalue()}))
"""


def test_classic_xlwings_registers_both_in_their_category_without_legacy_expand():
    done = subprocess.run(
        [sys.executable, "-c", CLASSIC], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    for name in ("FINSAM_STATUS", "FINSAM_ANMARKNINGAR"):
        assert found[name]["category"] == "finsam-xl"
        assert "expand" not in found[name]["ret"]
        # in Excel the function takes the path only; xlwings fills ``caller`` itself
        assert re.search(rf"Function {name}\(sokvag\)", found["vba"]), found["vba"]
        assert f'"{name}", Array(sokvag, Nothing), ThisWorkbook, Application.Caller' in found["vba"]
