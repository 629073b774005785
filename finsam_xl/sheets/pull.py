"""Pull: read a Google spreadsheet into the same CellMap the .xlsx reader produces.

Reports: a Google copy of a finsam-xl template carries the field ids as named ranges, exactly as
the .xlsx carries them as defined names, so the validator and the consolidation cannot tell the
sources apart. One request per report: ``spreadsheets.get`` with grid data, its ``fields`` mask
asking for the named ranges, the sheets and, per cell, only ``effectiveValue`` (numbers as
numbers and dates as serial numbers: a Swedish-locale sheet's formatted text would turn 85000,5
into text) and ``userEnteredValue`` (a ``formulaValue`` there marks a formula cell, which the
validator never trusts; text a submitter typed as ``=IMPORTXML(...)`` and stored as text is a
``stringValue`` and stays text). Google's read quota is 60 a minute per user; the client paces.

Bounds, as the .xlsx reader: rows past ``Config.max_rows`` are not read (the sheet is listed in
``avkortade_blad``), and a named range reaching past them or past ``MAX_COLUMNS`` is a broken
name (``trasiga_namn``), so a name with no end row on a five-million-row grid costs nothing.
Chart sheets (no grid) and finsam-xl's own staging sheets are skipped.

Overview: :func:`pull_tables` reads back the sheets a push owns, for round trips and checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from finsam_xl.cellmap import CellMap, RawCell, RawValue, a1
from finsam_xl.config import DEFAULT, Config
from finsam_xl.parse import SERIAL_RANGE
from finsam_xl.readers.sheetxml import MAX_COLUMNS
from finsam_xl.schema import FIELD_BY_ID, Kind
from finsam_xl.sheets import state
from finsam_xl.sheets.client import SheetsClient
from finsam_xl.sheets.push import a1_sheet

if TYPE_CHECKING:
    import pandas as pd

    from finsam_xl.validate import ValidationReport

REPORT_FIELDS = (
    "spreadsheetId,properties(title),namedRanges,developerMetadata,"
    "sheets(properties(sheetId,title,sheetType,gridProperties),developerMetadata,"
    "data(startRow,startColumn,rowData(values(userEnteredValue,effectiveValue))))"
)
EPOCH = datetime(1899, 12, 30)
ERRORS = {  # ErrorValue.type -> what the UNFORMATTED rendering (and Excel) shows
    "ERROR": "#ERROR!",
    "NULL_VALUE": "#NULL!",
    "DIVIDE_BY_ZERO": "#DIV/0!",
    "VALUE": "#VALUE!",
    "REF": "#REF!",
    "NAME": "#NAME?",
    "NUM": "#NUM!",
    "N_A": "#N/A",
    "LOADING": "#N/A",
}


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


def is_grid(props: dict[str, Any]) -> bool:
    """A chart moved to its own sheet (OBJECT) has no grid and no cells."""
    return props.get("sheetType", "GRID") == "GRID" and "gridProperties" in props


def _value(cell: dict[str, Any]) -> Any:
    """A CellData's effective value as the UNFORMATTED rendering gives it ("" when empty)."""
    ev = cell.get("effectiveValue") or {}
    for key in ("numberValue", "stringValue", "boolValue"):
        if key in ev:
            return ev[key]
    if "errorValue" in ev:
        return ERRORS.get(str(ev["errorValue"].get("type", "")), "#ERROR!")
    return ""


def _grids(
    sheet: dict[str, Any], max_rows: int
) -> tuple[list[list[Any]], set[tuple[int, int]], bool]:
    """(values by 0-based row and column, formula cells, whether rows past max_rows were cut)."""
    grid: list[list[Any]] = []
    formulas: set[tuple[int, int]] = set()
    clipped = False
    for block in sheet.get("data", []):
        r0, c0 = int(block.get("startRow", 0)), int(block.get("startColumn", 0))
        for i, row in enumerate(block.get("rowData", [])):
            r = r0 + i
            cells = row.get("values", [])
            if r >= max_rows:
                clipped = clipped or any(_value(c) != "" for c in cells)
                continue
            while len(grid) <= r:
                grid.append([])
            line = grid[r]
            for j, cell in enumerate(cells[: max(0, MAX_COLUMNS - c0)]):
                c = c0 + j
                while len(line) <= c:
                    line.append("")
                line[c] = _value(cell)
                if "formulaValue" in (cell.get("userEnteredValue") or {}):
                    formulas.add((r, c))
    return grid, formulas, clipped


def pull_cellmap(client: SheetsClient, spreadsheet_id: str, *, config: Config = DEFAULT) -> CellMap:
    """Read a report filled in Google Sheets into a CellMap keyed by named range (= field id)."""
    meta = client.get_spreadsheet(spreadsheet_id, REPORT_FIELDS, grid_data=True)
    sheets = [
        s
        for s in meta.get("sheets", [])
        if is_grid(s.get("properties", {}))
        and state.find_metadata(s.get("developerMetadata", []), state.STAGING_KEY) is None
    ]
    by_id = {int(s["properties"].get("sheetId", 0)): s["properties"] for s in sheets}
    values: dict[str, list[list[Any]]] = {}
    cm = CellMap(source=spreadsheet_url(spreadsheet_id))
    clipped: list[str] = []
    for sheet in sheets:
        title = sheet["properties"]["title"]
        grid, formulas, cut = _grids(sheet, config.max_rows)
        values[title] = grid
        if cut:
            clipped.append(title)
        cm.formulas.update((title, a1(r + 1, c + 1)) for r, c in formulas)
        for r, line in enumerate(grid):
            for c, value in enumerate(line):
                if isinstance(value, str) and value.strip():
                    cm.texts.append(RawCell(title, a1(r + 1, c + 1), value))

    broken: list[str] = []
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
        if r1 > config.max_rows or c1 > MAX_COLUMNS:
            broken.append(str(named["name"]))  # as the .xlsx reader: too far to read
            continue
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

    cm.drop_live_checks()
    _dates_from_serials(cm)
    for item in meta.get("developerMetadata", []):
        key = str(item.get("metadataKey", ""))
        if key.startswith(state.PROPERTY_PREFIX):
            cm.properties[key.removeprefix(state.PROPERTY_PREFIX)] = str(
                item.get("metadataValue", "")
            )
    if broken:
        cm.properties["trasiga_namn"] = ",".join(broken)
    if clipped:
        cm.properties["avkortade_blad"] = ",".join(clipped)
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
    """The owned overview sheets as DataFrames (header row -> columns; empty cells -> None).

    Keyed by table title: the sheets the last push wrote, found by sheetId even if someone has
    renamed one since (without a push record: every sheet carrying finsam-xl's marker).
    """
    import pandas as pd

    meta = client.get_spreadsheet(
        spreadsheet_id,
        "developerMetadata,sheets(properties(sheetId,title,sheetType,gridProperties),"
        "developerMetadata)",
    )
    record = state.record_of(meta)
    if record and record.sheet_ids:
        matched = state.match_owned(meta, record, record.sheet_ids)
        table_of = {int(p["sheetId"]): t for t, p in matched.items()}
        owned = {  # in the spreadsheet's tab order
            table_of[int(s["properties"]["sheetId"])]: s["properties"]["title"]
            for s in meta.get("sheets", [])
            if int(s["properties"].get("sheetId", 0)) in table_of
        }
    else:
        owned = {t: t for t, p in state.sheets_marked(meta, state.OWNED_KEY).items() if is_grid(p)}
    kinds = record.kinds if record else {}
    out: dict[str, pd.DataFrame] = {}
    grids = client.values_batch_get(spreadsheet_id, [a1_sheet(t) for t in owned.values()])
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


def pull_reports(
    client: SheetsClient, spreadsheet_ids: Sequence[str], *, config: Config = DEFAULT
) -> ValidationReport:
    """Pull and validate several Google reports, exactly as ``validate_paths`` does for files,
    with the same settings (``config``: thresholds, limits, severities).

    Like a file that cannot be opened, a spreadsheet that cannot be read (not shared, wrong id)
    becomes an ``olasbar`` entry in the report instead of stopping the others.
    """
    from finsam_xl.errors import SheetsSyncError
    from finsam_xl.validate import ValidationReport, unreadable, validate_cellmap

    files = []
    for spreadsheet_id in spreadsheet_ids:
        try:
            cellmap = pull_cellmap(client, spreadsheet_id, config=config)
            files.append(validate_cellmap(cellmap, config=config))
        except SheetsSyncError as exc:
            files.append(unreadable(spreadsheet_url(spreadsheet_id), exc))
    return ValidationReport(files)
