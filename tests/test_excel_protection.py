"""Validera's marks against the sheet protection of the real templates and example reports.

Excel is the one thing mocked: ``apply_actions`` given a file's ``sheetProtection`` refuses a fill
on a sheet that forbids formatting cells, as desktop Excel and Office.js (xlwings Lite) do. The
workbooks, their protection and the marks (through xlwings' remote engine) are the real ones.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from excel_support import (
    ExcelRefused,
    FakeIssue,
    FakeReport,
    apply_actions,
    cell,
    open_book,
    remote_xlwings,
    sheet_protection,
)

from finsam_xl.cellmap import a1, parse_area
from finsam_xl.excel import validate_book
from finsam_xl.excel.marks import FILL, formatting_refused, mark_report
from finsam_xl.excel.payload import xlsx_to_payload
from finsam_xl.schema import Malltyp
from finsam_xl.templates import make_template

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "workbooks" / "templates").glob("*.xlsx"))
EXAMPLES = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))


def every_field_cell(path: Path) -> list[tuple[str, str]]:
    """Every cell a defined name of the workbook covers: every cell an issue can point at."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cells = []
    for name in wb.defined_names.values():
        area = parse_area(name.attr_text)
        for r in range(area.min_row, area.max_row + 1):
            for c in range(area.min_col, area.max_col + 1):
                cells.append((area.sheet, a1(r, c)))
    wb.close()
    return cells


def _with_protection(src: Path, dst: Path, elements: dict[str, bytes]) -> Path:
    """A copy of ``src`` whose worksheet parts carry the given sheetProtection elements."""
    import re

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in elements:
                data = re.sub(rb"<sheetProtection[^>]*/>", elements[info.filename], data)
            zout.writestr(info, data)
    return dst


def test_protection_reader_follows_ooxml_defaults(tmp_path):
    # an absent formatCells means forbidden; sheet="0" means unprotected
    path = _with_protection(
        TEMPLATES[0],
        tmp_path / "b.xlsx",
        {
            "xl/worksheets/sheet1.xml": b'<sheetProtection sheet="1"/>',
            "xl/worksheets/sheet2.xml": b'<sheetProtection sheet="0" formatCells="1"/>',
        },
    )
    import openpyxl

    titles = openpyxl.load_workbook(path).sheetnames
    found = sheet_protection(path)
    assert found[titles[0]] == {"formatCells": True, "formatColumns": True, "formatRows": True}
    assert titles[1] not in found
    assert found[titles[2]]["formatCells"] is False  # the shipped protection, left as it is


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_marks_on_every_field_cell_of_the_real_templates_are_allowed(template):
    xw = remote_xlwings()
    protection = sheet_protection(template)
    cells = every_field_cell(template)
    # the check means something only if the marked sheets are protected ones
    assert {sheet for sheet, _ in cells} <= set(protection)
    issues = [FakeIssue("x", "error", s, c, None, "fel", None) for s, c in cells]
    payload = xlsx_to_payload(template)
    book = open_book(xw, payload)
    validate_book(book, validate=lambda cm, config=None: FakeReport("t", "errors", issues))
    state = apply_actions(payload, book.json()["actions"], protection)  # raises if refused
    assert len(state["fills"]) == len(set(cells))
    # and the run after it restores every fill on the same protected sheets
    book = open_book(xw, state)
    validate_book(book, validate=lambda cm, config=None: FakeReport("t", "ok", []))
    after = apply_actions(state, book.json()["actions"], protection)
    assert not (set(after["fills"]) & set(cells))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_validera_on_the_example_reports_is_allowed_by_their_protection(example):
    xw = remote_xlwings()
    payload = xlsx_to_payload(example)
    book = open_book(xw, payload)
    report = validate_book(book)
    assert report is not None
    state = apply_actions(payload, book.json()["actions"], sheet_protection(example))
    marked = {(i.sheet, i.cell) for i in report.issues if i.sheet and i.cell}
    assert set(state["fills"]) == marked


def test_the_stand_in_refuses_what_excel_refuses(tmp_path):
    # the templates as they were before: protected with "Format cells" forbidden
    wb = make_template(Malltyp.RAPPORT)
    for ws in wb.worksheets:
        ws.protection.formatCells = True
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "gammal.xlsx"
    path.write_bytes(buffer.getvalue())
    sheet, ref = every_field_cell(path)[0]
    xw = remote_xlwings()
    payload = xlsx_to_payload(path)
    book = open_book(xw, payload)
    issue = FakeIssue("x", "error", sheet, ref, None, "fel", None)
    validate_book(book, validate=lambda cm, config=None: FakeReport("t", "errors", [issue]))
    with pytest.raises(ExcelRefused, match="does not allow formatting"):
        apply_actions(payload, book.json()["actions"], sheet_protection(path))


class _Api:
    """Desktop Excel's Worksheet COM object, the part Validera asks: the outermost boundary."""

    def __init__(self, protected: bool, allow_format: bool) -> None:
        self.ProtectContents = protected
        self.Protection = SimpleNamespace(AllowFormattingCells=allow_format)


def test_desktop_sheet_protected_without_formatting_is_listed_not_coloured(tmp_path):
    xw = remote_xlwings()
    path = TEMPLATES[0]
    sheet, ref = every_field_cell(path)[0]
    payload = xlsx_to_payload(path)
    book = open_book(xw, payload)
    issue = FakeIssue("x", "error", sheet, ref, None, "fel", None)
    target = book.sheets[sheet]
    assert formatting_refused(target) is False  # the remote engine has no COM protection
    old = type(target).api
    try:
        type(target).api = property(lambda self: _Api(self.name == sheet, False))
        assert formatting_refused(book.sheets[sheet]) is True
        mark_report(book, FakeReport("t", "errors", [issue]))
    finally:
        type(target).api = old
    state = apply_actions(payload, book.json()["actions"])
    assert (sheet, ref) not in state["fills"]
    assert "1 cell på skyddade blad är inte färgade" in cell(state, "Kontroll", "A2")
    assert cell(state, "Kontroll", "B5") == sheet  # still listed, with its link
    assert FILL["error"] not in state["fills"].values()
