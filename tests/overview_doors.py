"""The shipped examples rendered through the three doors, read back as cell grids.

Each door gives ``{sheet title: Block}``: the table block (header row, data rows, the blank row,
"Summering" and the totals rows under Översikt) as the cells' values and number formats, read
back from what the door really produced:

* the CLI master: ``write_master`` to a real .xlsx, read with openpyxl (cached results of the
  totals' formulas, each cell's ``number_format``);
* the Excel button: ``consolidate_into_book`` on the shipped master .xlsm through xlwings' remote
  engine, its actions replayed by ``excel_support.apply_actions`` (values and ``setNumberFormat``);
* the Sheets push: real gspread talking HTTP to the local stand-in, read back from the stand-in's
  model (effective values and ``userEnteredFormat.numberFormat.pattern``).

Only Microsoft Excel and Google's servers are stood in for. ``text`` normalises a value to what a
reader sees regardless of how the door stores it (a date as a date or a serial, 3 or 3.0, None or
"").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finsam_xl.cellmap import a1
from finsam_xl.overview.columns import Kind
from finsam_xl.overview.model import Overview, grid

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"
MASTER_XLSM = ROOT / "workbooks" / "finsam-master.xlsm"
GENERAL = "General"
_EPOCH = dt.date(1899, 12, 30)
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?Z?)?$")


@dataclass
class Block:
    """A sheet's table block as one door shows it: cell values and number formats by row."""

    values: list[list[Any]]
    formats: list[list[str]]


def text(value: Any, kind: Kind | None = None) -> str:
    """What a reader sees, independent of storage: dates ISO, numbers to 1e-9, empty as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if kind is Kind.DATUM:  # a serial number formatted as a date (Google Sheets)
            return (_EPOCH + dt.timedelta(days=int(value))).isoformat()
        number = round(float(value), 9)
        return format(0.0 if number == 0 else number, ".12g")
    s = str(value)
    iso = _ISO.match(s)
    return iso.group(1) if iso else s


def model_blocks(view: Overview) -> dict[str, list[list[Any]]]:
    """The model's own grid of every sheet, the reference for all three doors."""
    return {sheet.title: grid(sheet) for sheet in view.sheets.values()}


def _size(view: Overview, title: str) -> tuple[int, int]:
    sheet = view.titled()[title]
    return len(grid(sheet)), len(sheet.columns)


def read_master(path: Path, view: Overview, header_rows: Mapping[str, int]) -> dict[str, Block]:
    """The master's table blocks; ``header_rows``: title -> 0-based row of the table header
    (0 unless given)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)  # formulas read as their cached results
    out: dict[str, Block] = {}
    for title in (s.title for s in view.sheets.values()):
        ws = wb[title]
        rows, cols = _size(view, title)
        top = header_rows.get(title, 0) + 1
        cells = [[ws.cell(top + r, 1 + c) for c in range(cols)] for r in range(rows)]
        out[title] = Block(
            [[cell.value for cell in row] for row in cells],
            [[cell.number_format or GENERAL for cell in row] for row in cells],
        )
    wb.close()
    return out


def read_excel_state(state: dict[str, Any], view: Overview) -> dict[str, Block]:
    """The table blocks the Excel button left in the (replayed) book, from A1."""
    out: dict[str, Block] = {}
    formats = state["number_formats"]
    for title in (s.title for s in view.sheets.values()):
        values = next(s for s in state["sheets"] if s["name"] == title)["values"]
        rows, cols = _size(view, title)

        def at(r: int, c: int, values: list[list[Any]] = values) -> Any:
            return values[r][c] if r < len(values) and c < len(values[r]) else None

        out[title] = Block(
            [[at(r, c) for c in range(cols)] for r in range(rows)],
            [[formats.get((title, a1(r + 1, c + 1)), GENERAL) for c in range(cols)]
             for r in range(rows)],
        )  # fmt: skip
    return out


def read_standin(book: Any, view: Overview) -> dict[str, Block]:
    """The table blocks in the stand-in's model of the Google Sheet, from A1."""
    out: dict[str, Block] = {}
    for title in (s.title for s in view.sheets.values()):
        sheet = book.sheet_by_title(title)
        rows, cols = _size(view, title)
        cells = [[sheet.cells.get((r, c)) for c in range(cols)] for r in range(rows)]
        out[title] = Block(
            [[None if cell is None else cell.value for cell in row] for row in cells],
            [[GENERAL if cell is None else
              cell.fmt.get("numberFormat", {}).get("pattern", GENERAL) for cell in row]
             for row in cells],
        )  # fmt: skip
    return out


def sa_key(folder: Path) -> Path:
    """A service-account key file for the stand-in (never used to sign)."""
    path = folder / "nyckel.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "client_email": "finsam-test@example.iam.gserviceaccount.com",
                "project_id": "finsam-test",
                "private_key_id": "x",
            }
        )
    )
    return path
