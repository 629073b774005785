"""Pull: read a Google spreadsheet into the same CellMap the .xlsx reader produces.

Reports: a Google copy of a finsam-xl template carries the field ids as named ranges, exactly as
the .xlsx carries them as defined names, so the validator and the consolidation cannot tell the
sources apart. Three requests whatever the size: ``spreadsheets.get`` (named ranges, sheets),
and two ``values.batchGet`` over every sheet — one UNFORMATTED (numbers as numbers, dates as
serial numbers: a Swedish-locale sheet would otherwise hand 85000,5 back as text) and one FORMULA
(to list formula cells, which the validator never trusts). A cell is a formula when the FORMULA
rendering starts with ``=`` *and* differs from its value: text a submitter typed as
``=IMPORTXML(...)`` stored as RAW text renders the same both ways, so it stays text.

Overview: :func:`pull_tables` reads back the sheets a push owns, for round trips and checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from finsam_xl.cellmap import CellMap, RawCell, RawValue, a1
from finsam_xl.parse import SERIAL_RANGE
from finsam_xl.schema import FIELD_BY_ID, Kind
from finsam_xl.sheets import state
from finsam_xl.sheets.client import SheetsClient
from finsam_xl.sheets.push import a1_sheet

if TYPE_CHECKING:
    import pandas as pd

    from finsam_xl.validate import ValidationReport

REPORT_FIELDS = (
    "spreadsheetId,properties(title),namedRanges,developerMetadata,"
    "sheets(properties(sheetId,title,gridProperties),developerMetadata)"
)
EPOCH = datetime(1899, 12, 30)


def spreadsheet_url(spreadsheet_id: str) -> str:
    return f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}"


def _raw(value: Any) -> RawValue:
    if value == "" or value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _at(grid: list[list[Any]], row: int, col: int) -> Any:
    """0-based; Google trims trailing empty rows and cells, so missing means empty."""
    if row < len(grid) and col < len(grid[row]):
        return grid[row][col]
    return ""


def pull_cellmap(client: SheetsClient, spreadsheet_id: str) -> CellMap:
    """Read a report filled in Google Sheets into a CellMap keyed by named range (= field id)."""
    meta = client.get_spreadsheet(spreadsheet_id, REPORT_FIELDS)
    sheets = [
        s["properties"]
        for s in meta.get("sheets", [])
        if state.find_metadata(s.get("developerMetadata", []), state.STAGING_KEY) is None
    ]
    titles = [p["title"] for p in sheets]
    ranges = [a1_sheet(t) for t in titles]
    values = dict(zip(titles, client.values_batch_get(spreadsheet_id, ranges), strict=True))
    formulas = dict(
        zip(titles, client.values_batch_get(spreadsheet_id, ranges, render="FORMULA"), strict=True)
    )
    by_id = {int(p.get("sheetId", 0)): p for p in sheets}
    cm = CellMap(source=spreadsheet_url(spreadsheet_id))

    for title in titles:
        grid, fgrid = values[title], formulas[title]
        for r in range(max(len(grid), len(fgrid))):
            for c in range(max(len(_at_row(grid, r)), len(_at_row(fgrid, r)))):
                value, shown = _at(grid, r, c), _at(fgrid, r, c)
                if isinstance(shown, str) and shown.startswith("=") and shown != value:
                    cm.formulas.add((title, a1(r + 1, c + 1)))
                if isinstance(value, str) and value.strip():
                    cm.texts.append(RawCell(title, a1(r + 1, c + 1), value))

    for named in meta.get("namedRanges", []):
        g = named.get("range", {})
        props = by_id.get(int(g.get("sheetId", 0)))
        if props is None:
            continue  # a named range on a deleted sheet (#REF!) locates nothing
        title = props["title"]
        grid_props = props.get("gridProperties", {})
        r0, c0 = int(g.get("startRowIndex", 0)), int(g.get("startColumnIndex", 0))
        r1 = int(g.get("endRowIndex", grid_props.get("rowCount", r0 + 1)))
        c1 = int(g.get("endColumnIndex", grid_props.get("columnCount", c0 + 1)))
        cells = [
            [
                RawCell(title, a1(r + 1, c + 1), _raw(_at(values[title], r, c)))
                for c in range(c0, c1)
            ]
            for r in range(r0, r1)
        ]
        if r1 - r0 == 1 and c1 - c0 == 1:
            cm.scalars[named["name"]] = cells[0][0]
        else:
            cm.tables[named["name"]] = cells

    _dates_from_serials(cm)
    for item in meta.get("developerMetadata", []):
        key = str(item.get("metadataKey", ""))
        if key.startswith(state.PROPERTY_PREFIX):
            cm.properties[key.removeprefix(state.PROPERTY_PREFIX)] = str(
                item.get("metadataValue", "")
            )
    return cm


def _dates_from_serials(cm: CellMap) -> None:
    """A date cell in Sheets holds a serial number; hand it over as a date, as calamine does for
    a date-formatted Excel cell. Only in date fields, and only plausible serials: a typed
    20240131 stays a number for the parser to read (and report) as YYYYMMDD."""

    def convert(cell: RawCell) -> RawCell:
        v = cell.value
        if (
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and SERIAL_RANGE[0] <= v <= SERIAL_RANGE[1]
        ):
            return RawCell(cell.sheet, cell.cell, _from_serial(v, "date"))
        return cell

    for field_id, cell in list(cm.scalars.items()):
        f = FIELD_BY_ID.get(field_id)
        if f is not None and f.kind is Kind.DATE:
            cm.scalars[field_id] = convert(cell)
    for field_id, rows in cm.tables.items():
        f = FIELD_BY_ID.get(field_id)
        if f is None:
            continue
        dates = {i for i, col in enumerate(f.columns) if col.kind is Kind.DATE}
        for row in rows:
            for i in dates:
                if i < len(row):
                    row[i] = convert(row[i])


def _at_row(grid: list[list[Any]], row: int) -> list[Any]:
    return grid[row] if row < len(grid) else []


def _from_serial(value: Any, kind: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if kind == "date":
        return (EPOCH + timedelta(days=int(value))).date()
    if kind == "datetime":
        return EPOCH + timedelta(days=float(value))
    if kind == "float":
        return float(value)
    return value


def pull_tables(client: SheetsClient, spreadsheet_id: str) -> dict[str, pd.DataFrame]:
    """The owned overview sheets as DataFrames (header row -> columns; empty cells -> None)."""
    import pandas as pd

    meta = client.get_spreadsheet(
        spreadsheet_id, "developerMetadata,sheets(properties(title),developerMetadata)"
    )
    owned = list(state.sheets_marked(meta, state.OWNED_KEY))
    record = state.record_of(meta)
    kinds = record.kinds if record else {}
    out: dict[str, pd.DataFrame] = {}
    grids = client.values_batch_get(spreadsheet_id, [a1_sheet(t) for t in owned])
    for title, grid in zip(owned, grids, strict=True):
        header = [str(h) for h in (grid[0] if grid else [])]
        col_kinds = kinds.get(title, ["text"] * len(header))
        rows = [
            [
                _from_serial(v, col_kinds[c]) if v != "" else None
                for c, v in enumerate((row + [""] * len(header))[: len(header)])
            ]
            for row in grid[1:]
        ]
        out[title] = pd.DataFrame(rows, columns=header)
    return out


def pull_reports(client: SheetsClient, spreadsheet_ids: Sequence[str]) -> ValidationReport:
    """Pull and validate several Google reports, exactly as ``validate_paths`` does for files.

    Like a file that cannot be opened, a spreadsheet that cannot be read (not shared, wrong id)
    becomes an ``olasbar`` entry in the report instead of stopping the others.
    """
    from finsam_xl.errors import SheetsSyncError
    from finsam_xl.validate import ValidationReport, unreadable, validate_cellmap

    files = []
    for spreadsheet_id in spreadsheet_ids:
        try:
            files.append(validate_cellmap(pull_cellmap(client, spreadsheet_id)))
        except SheetsSyncError as exc:
            files.append(unreadable(spreadsheet_url(spreadsheet_id), exc))
    return ValidationReport(files)
