"""Turn an .xlsx file into the JSON payload xlwings' remote engine takes: ``xw.Book(json=...)``.

The payload is what the Office.js client of xlwings Lite / xlwings Server sends for a workbook:
book metadata, defined names, and each sheet's values from A1 to its last used cell, with empty
cells as ``""`` and dates as ISO text. Feeding a real template, report or master through this and
then through the ordinary Book API runs the same code paths as Excel would, without Excel; the
benchmark and the tests use it. Values only (openpyxl ``data_only``): formulas arrive as their
cached results, as they do from Excel.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from finsam_xl.cellmap import column_letter, parse_area

CLIENT = "Office.js"  # the client xlwings Lite is; the engine accepts it whatever its version


def _json_value(value: Any) -> Any:
    """One cell as the client sends it: "" for empty, ISO text for dates and times."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, time):
        # Excel keeps a bare time as a day fraction on 1899-12-30; Office.js sends that date.
        return (
            datetime(1899, 12, 30, value.hour, value.minute, value.second).isoformat(
                timespec="milliseconds"
            )
            + "Z"
        )
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _sheet_values(ws: Any) -> list[list[Any]]:
    rows = [[_json_value(v) for v in row] for row in ws.iter_rows(values_only=True)]
    return rows or [[]]


def _name_entry(name: str, refers_to: str, titles: list[str], scope: int | None) -> dict[str, Any]:
    """One defined name as the client describes it (only plain single ranges are sent)."""
    area = parse_area(refers_to)
    first = f"{column_letter(area.min_col)}{area.min_row}"
    last = f"{column_letter(area.max_col)}{area.max_row}"
    return {
        "name": name,
        "sheet_index": titles.index(area.sheet),
        "address": first if area.is_single else f"{first}:{last}",
        "scope_sheet_name": None if scope is None else titles[scope],
        "scope_sheet_index": scope,
        "book_scope": scope is None,
    }


def _names(wb: Any, titles: list[str]) -> list[dict[str, Any]]:
    found = []
    scoped = [(None, wb.defined_names)] + [
        (ix, ws.defined_names) for ix, ws in enumerate(wb.worksheets)
    ]
    for scope, names in scoped:
        for name, definition in names.items():
            try:
                found.append(_name_entry(name, definition.attr_text, titles, scope))
            except ValueError:
                continue  # constants, formulas, multi-area or dangling names are no ranges
    return found


def xlsx_to_payload(path: str | Path, *, name: str | None = None) -> dict[str, Any]:
    """The remote-engine payload for the workbook at ``path`` (an .xlsx or .xlsm)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True, keep_vba=False)
    try:
        titles = [ws.title for ws in wb.worksheets]
        sheets = [
            {
                "name": ws.title,
                "values": _sheet_values(ws),
                "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden",
                "pictures": [],
                "shapes": [],
                "charts": [],
                "tables": [],
                "notes": [],
                "show_gridlines": True,
                "pivot_tables": [],
                "print_area": None,
            }
            for ws in wb.worksheets
        ]
        active = titles.index(wb.active.title) if wb.active is not None else 0
        return {
            "client": CLIENT,
            "version": _xlwings_version(),
            "book": {
                "name": name or Path(path).name,
                "active_sheet_index": active,
                "selection": "A1",
            },
            "names": _names(wb, titles),
            "sheets": sheets,
        }
    finally:
        wb.close()


def _xlwings_version() -> str:
    from finsam_xl.excel.common import xlwings

    return str(xlwings().__version__)
