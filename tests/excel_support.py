"""Test helpers for the Excel side: the remote engine, applying its actions, library fakes.

``apply_actions`` replays what ``book.json()`` returns onto a copy of the payload, the way Excel
would, for the actions finsam-xl uses; an action it does not know fails the test, so a new kind
of write cannot slip through unchecked. Fills, formulas and alerts, which a payload cannot hold,
are kept beside it (``state["fills"]``, ``state["formulas"]``, ``state["alerts"]``).

Excel itself is the one thing mocked here, and it is at least as strict as the real one on sheet
protection: given the file's ``sheetProtection`` (``sheet_protection``), a fill or font change on
a protected sheet whose protection forbids "Format cells" raises ``ExcelRefused``, as desktop
Excel (COM error) and Office.js (AccessDenied, so xlwings Lite) do. The remote engine itself knows
nothing of protection, which is why the replay has to.
The fakes stand in for the library API (validate_cellmap, consolidate) until it lands.
"""

from __future__ import annotations

import copy
import os
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pytest

LICENCE_REASON = (
    "xlwings' remote engine needs XLWINGS_LICENSE_KEY=noncommercial (PolyForm Noncommercial); "
    "CI sets it"
)


def remote_xlwings() -> Any:
    """The xlwings module with its remote engine, or skip the test saying why."""
    if os.environ.get("XLWINGS_LICENSE_KEY") is None:
        pytest.skip(LICENCE_REASON)
    xw = pytest.importorskip("xlwings")
    if not getattr(xw, "__pro__", False):
        pytest.skip(LICENCE_REASON + " (xlwings was imported before the key was set)")
    return xw


def open_book(xw: Any, payload: dict[str, Any]) -> Any:
    """``xw.Book(json=...)`` on a copy: the engine edits the dict it is given in place."""
    return xw.Book(json=copy.deepcopy(payload))


class ExcelRefused(AssertionError):
    """What Excel answers to a format change on a sheet protected without "Format cells"."""


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def sheet_protection(path: Any) -> dict[str, dict[str, bool]]:
    """Each protected sheet of the file -> its protection flags, read from the XML itself.

    OOXML semantics (ECMA-376 CT_SheetProtection): an attribute true means the action is
    *forbidden*, and an absent ``formatCells``/``formatColumns``/``formatRows``/insert/delete/sort
    attribute defaults to true. Sheets without ``sheet="1"`` are not protected and not listed.
    """
    from defusedxml.ElementTree import fromstring

    def flag(value: str | None, default: bool) -> bool:
        return default if value is None else value.strip().lower() in ("1", "true")

    out: dict[str, dict[str, bool]] = {}
    with zipfile.ZipFile(path) as zf:
        workbook = fromstring(zf.read("xl/workbook.xml"))
        rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
            target = targets[sheet.get(f"{_REL_NS}id")]
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            prot = fromstring(zf.read(part)).find(f"{_MAIN_NS}sheetProtection")
            if prot is None or not flag(prot.get("sheet"), False):
                continue
            out[sheet.get("name", "")] = {
                key: flag(prot.get(key), True)
                for key in ("formatCells", "formatColumns", "formatRows")
            }
    return out


def _grow(values: list[list[Any]], rows: int, cols: int) -> None:
    width = max([cols, *(len(r) for r in values)])
    while len(values) < rows:
        values.append([])
    for row in values:
        row.extend([""] * (width - len(row)))


def _cell(row: int, col: int) -> str:
    from finsam_xl.cellmap import a1

    return a1(row + 1, col + 1)


_FORMATTING = ("setRangeColor", "setFontProperty")


def apply_actions(
    payload: dict[str, Any],
    actions: list[dict[str, Any]],
    protection: dict[str, dict[str, bool]] | None = None,
) -> dict[str, Any]:
    """The book state after Excel ran ``actions`` on ``payload`` (a new dict).

    ``protection`` (from ``sheet_protection``) makes the replay refuse what Excel refuses.
    """
    state = copy.deepcopy(payload)
    for key in ("fills", "formulas", "alerts", "fonts", "number_formats"):
        state.setdefault(key, [] if key == "alerts" else {})
    sheets = state["sheets"]
    for act in actions:
        func, args = act["func"], act["args"]
        pos = act["sheet_position"]
        sheet = sheets[pos] if pos is not None else None
        r0, c0 = act["start_row"], act["start_column"]
        if (
            func in _FORMATTING
            and sheet is not None
            and (protection or {}).get(sheet["name"], {}).get("formatCells", False)
        ):
            raise ExcelRefused(
                f"{func} on {sheet['name']!r}: the sheet is protected and does not allow "
                "formatting cells"
            )
        if func == "addSheet":
            sheets.insert(args[0], {"name": args[1], "values": [[]], "visibility": "Visible"})
        elif func == "setValues":
            values = act["values"]
            _grow(sheet["values"], r0 + len(values), c0 + max(len(r) for r in values))
            for i, row in enumerate(values):
                for j, v in enumerate(row):
                    sheet["values"][r0 + i][c0 + j] = "" if v is None else v
        elif func == "setFormula":
            for i, row in enumerate(act["values"]):
                for j, f in enumerate(row):
                    state["formulas"][(sheet["name"], _cell(r0 + i, c0 + j))] = f
        elif func == "setRangeColor":
            for i in range(act["row_count"]):
                for j in range(act["column_count"]):
                    key = (sheet["name"], _cell(r0 + i, c0 + j))
                    if args[0] is None:
                        state["fills"].pop(key, None)
                    else:
                        state["fills"][key] = args[0].upper()
        elif func == "setNumberFormat":
            for i in range(act["row_count"]):
                for j in range(act["column_count"]):
                    state["number_formats"][(sheet["name"], _cell(r0 + i, c0 + j))] = args[0]
        elif func in ("sheetClear", "sheetClearContents"):
            sheet["values"] = [[]]
            if func == "sheetClear":
                state["formulas"] = {
                    k: v for k, v in state["formulas"].items() if k[0] != sheet["name"]
                }
        elif func == "setSheetVisibility":
            sheet["visibility"] = args[0]
        elif func == "activateSheet":
            state["book"]["active_sheet_index"] = args[0]
        elif func == "alert":
            state["alerts"].append({"prompt": args[0], "title": args[1], "mode": args[3]})
        elif func in ("setFontProperty", "setSheetAutofit", "setAutofit"):
            continue  # looks only: nothing to assert on the state
        else:
            raise AssertionError(f"action {func!r} is not replayed by the test helper: {act}")
    return state


def cell(state: dict[str, Any], sheet: str, ref: str) -> Any:
    """A cell's value in a payload/state ("" when empty or outside the sheet's values)."""
    from finsam_xl.cellmap import parse_a1

    row, col = parse_a1(ref)
    for s in state["sheets"]:
        if s["name"] == sheet:
            values = s["values"]
            if row <= len(values) and col <= len(values[row - 1]):
                return values[row - 1][col - 1]
            return ""
    raise KeyError(sheet)


def sheet_names(state: dict[str, Any]) -> list[str]:
    return [s["name"] for s in state["sheets"]]


# --- fakes of the library API: the entry-point tests pin the Excel side's own behaviour with them;
# tests/test_excel_library.py runs the same entry points on the real library ------------------


@dataclass
class FakeIssue:
    code: str
    severity: str
    sheet: str | None
    cell: str | None
    field: str | None
    message: str
    value: Any = None


@dataclass
class FakeReport:
    file: str
    status: str
    issues: list[FakeIssue] = field(default_factory=list)
    malltyp: str = "insats"
    mallversion: str = "1.0"


@dataclass
class FakeConsolidation:
    frames: dict[str, Any]
    text: str = "3 rapporter sammanställda."

    @property
    def tables(self) -> dict[str, Any]:
        return self.frames

    def sheets(self) -> dict[str, Any]:
        return self.frames

    def summary(self) -> str:
        return self.text


# --- workbooks built in the tests (switch to finsam_xl.make_template / fill_workbook) ----------

REPORT_SHEETS = ("Ekonomi", "Mål och text", "Deltagare ö")


def make_report_xlsx(path: Any) -> Any:
    """A small filled report: å/ä/ö in sheet names, Swedish dates and decimal commas, fields by
    workbook-scoped defined name (scalars and one table block)."""
    from datetime import date, datetime

    import openpyxl
    from openpyxl.styles import PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    wb = openpyxl.Workbook()
    eko = wb.active
    eko.title = "Ekonomi"
    mal = wb.create_sheet("Mål och text")
    delt = wb.create_sheet("Deltagare ö")
    eko["B2"], eko["C2"] = "Budget", 85000.5
    eko["B3"], eko["C3"] = "Utfall (text)", "85 000,50"
    eko["B4"], eko["C4"] = "Rapportdatum", date(2024, 3, 1)
    eko["B5"], eko["C5"] = "Inlämnad", datetime(2024, 3, 1, 14, 30)
    eko["C2"].fill = PatternFill("solid", fgColor="FFFF00")
    mal["B2"] = "Insatsen Åre–Östersund"
    mal["B3"] = "=SUMMA(1;2)"  # text that looks like a formula: must stay text
    mal["B3"].data_type = "s"
    delt["A1"], delt["B1"] = "Kön", "Antal"
    delt["A2"], delt["B2"] = "Kvinnor", 12
    delt["A3"], delt["B3"] = "Män", "7,0"
    names = {
        "budget": "Ekonomi!$C$2",
        "utfall": "Ekonomi!$C$3",
        "rapportdatum": "Ekonomi!$C$4",
        "inlamnad": "Ekonomi!$C$5",
        "insats_namn": "'Mål och text'!$B$2",
        "beskrivning": "'Mål och text'!$B$3",
        "deltagare": "'Deltagare ö'!$A$2:$B$4",
    }
    for name, target in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=target)
    wb.save(path)
    return path


SETTINGS_ROWS = [
    ("Inställningar för finsam-xl", None),
    (None, None),
    ("Källmapp", None),
    ("Ta med rapporter med fel", "Nej"),
    ("Maskera under", None),
    ("Google Sheet-id", None),
]


def make_master_xlsx(path: Any, **values: Any) -> Any:
    """A master with an "Inställningar" sheet; ``values`` by label replace the defaults."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Inställningar"
    for r, (label, default) in enumerate(SETTINGS_ROWS, start=1):
        ws.cell(r, 1, label)
        ws.cell(r, 2, values.get(label, default) if label else None)
    wb.create_sheet("Översikt")["A1"] = "gammal översikt"
    wb.save(path)
    return path
