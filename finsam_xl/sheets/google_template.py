"""Replicate a finsam-xl template (an openpyxl Workbook) as a new Google spreadsheet.

Defined names become named ranges with the same field ids (so :func:`pull_cellmap` reads a
filled Google copy exactly like the .xlsx), list validations become dropdowns, other validations
their nearest Sheets condition, and each protected sheet a protected range that excludes its
unlocked input cells (``warningOnly`` false: locked cells really are locked). Values, formulas
(our own template's sums, so writing them as formulas is intended), bold, fills, number formats,
merges, column widths and frozen panes come along. A link target to a cell of the workbook
("#'Ekonomi'!E5"; the live checks' status links hold "#Ekonomi!E" and append the row) becomes
Google's form, "#gid=<sheetId>&range=E5": Sheets jumps only by sheet id. Custom document
properties (``malltyp``, ``mallversion``) become spreadsheet developer metadata. The
spreadsheet gets locale sv_SE and time zone Europe/Stockholm (a new file is en_US whoever
creates it), so "30 000,50" typed by a person is a number. Three requests: Drive files.create,
spreadsheets.get, one batchUpdate; plus one Drive permissions.create per person it is shared
with.

A service account owns no Drive storage: it can create the file only in a shared drive's folder
(``folder_id``), and nobody else can open what it creates until it is shared (``share_with``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from finsam_xl.cellmap import parse_a1, parse_area
from finsam_xl.sheets import state
from finsam_xl.sheets.client import SheetsClient
from finsam_xl.sheets.tables import to_json_value

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_NUMBER_CONDITIONS = {
    "between": "NUMBER_BETWEEN",
    "notBetween": "NUMBER_NOT_BETWEEN",
    "equal": "NUMBER_EQ",
    "notEqual": "NUMBER_NOT_EQ",
    "greaterThan": "NUMBER_GREATER",
    "greaterThanOrEqual": "NUMBER_GREATER_THAN_EQ",
    "lessThan": "NUMBER_LESS",
    "lessThanOrEqual": "NUMBER_LESS_THAN_EQ",
}


def _grid(sheet_id: int, r0: int, c0: int, r1: int, c1: int) -> dict[str, int]:
    """1-based inclusive -> GridRange (0-based, end exclusive)."""
    return {
        "sheetId": sheet_id,
        "startRowIndex": r0 - 1,
        "endRowIndex": r1,
        "startColumnIndex": c0 - 1,
        "endColumnIndex": c1,
    }


def _color(argb: Any) -> dict[str, float] | None:
    if not isinstance(argb, str) or len(argb) != 8 or argb[:2] == "00":
        return None
    try:
        r, g, b = (int(argb[i : i + 2], 16) / 255 for i in (2, 4, 6))
    except ValueError:
        return None
    return {"red": round(r, 4), "green": round(g, 4), "blue": round(b, 4)}


def _number_format(pattern: str) -> dict[str, str] | None:
    if not pattern or pattern == "General":
        return None
    if pattern == "@":
        return {"type": "TEXT", "pattern": "@"}
    lowered = pattern.lower()
    if "y" in lowered or ("d" in lowered and "m" in lowered):
        return {"type": "DATE", "pattern": pattern}
    return {"type": "NUMBER", "pattern": pattern}


# "#'Mål och text'!B5" or "#Ekonomi!$E$5": a link to a cell of the same workbook (Excel, LO); the
# row may be left off when a formula appends it (the live checks' status links: "#Ekonomi!E" & 5)
_INTERNAL_LINK = re.compile(
    r"#(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_]*))!\$?([A-Z]{1,3})(?:\$?([0-9]+))?"
)


def google_link(target: str, sheet_ids: Mapping[str, int]) -> str | None:
    """The Google Sheets form of an in-workbook link target, or None when it is not one."""
    m = _INTERNAL_LINK.fullmatch(target)
    if m is None:
        return None
    sheet = m[1].replace("''", "'") if m[1] is not None else m[2]
    if sheet not in sheet_ids:
        return None
    return f"#gid={sheet_ids[sheet]}&range={m[3]}{m[4] or ''}"


def _cell_data(cell: Any, sheet_ids: Mapping[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    value = cell.value
    if isinstance(value, str) and not value.startswith("="):
        value = google_link(value, sheet_ids) or value
    if isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
        data["userEnteredValue"] = {"formulaValue": value}
    elif value is not None:
        json_value, _ = to_json_value(value)
        if isinstance(json_value, bool):
            data["userEnteredValue"] = {"boolValue": json_value}
        elif isinstance(json_value, int | float):
            data["userEnteredValue"] = {"numberValue": json_value}
        elif json_value != "":
            data["userEnteredValue"] = {"stringValue": str(json_value)}
    fmt: dict[str, Any] = {}
    if cell.font is not None and cell.font.b:
        fmt["textFormat"] = {"bold": True}
    fill = cell.fill
    if fill is not None and fill.fill_type == "solid":
        color = _color(getattr(fill.fgColor, "rgb", None))
        if color:
            fmt["backgroundColor"] = color
    number_format = _number_format(str(cell.number_format or ""))
    if number_format is None and isinstance(value, date | datetime):
        number_format = {"type": "DATE", "pattern": "yyyy-mm-dd"}
    if number_format:
        fmt["numberFormat"] = number_format
    if cell.alignment is not None and cell.alignment.wrap_text:
        fmt["wrapStrategy"] = "WRAP"
    if fmt:
        data["userEnteredFormat"] = fmt
    return data


def _validation_rule(dv: Any) -> dict[str, Any] | None:
    f1 = str(dv.formula1 or "")
    if dv.type == "list":
        if f1.startswith('"'):
            items = [v.strip() for v in f1.strip('"').split(",") if v.strip()]
            condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in items]}
        else:
            condition = {
                "type": "ONE_OF_RANGE",
                "values": [{"userEnteredValue": "=" + f1.lstrip("=")}],
            }
        rule: dict[str, Any] = {"condition": condition, "showCustomUi": True}
    elif dv.type in ("decimal", "whole"):
        kind = _NUMBER_CONDITIONS.get(dv.operator or "between")
        if kind is None:
            return None
        operands = [f1] + ([str(dv.formula2)] if kind.endswith("BETWEEN") and dv.formula2 else [])
        rule = {"condition": {"type": kind, "values": [{"userEnteredValue": v} for v in operands]}}
    elif dv.type == "date":
        rule = {"condition": {"type": "DATE_IS_VALID"}}
    else:
        return None  # prompt-only or a kind Sheets cannot express: the validator checks anyway
    rule["strict"] = bool(dv.showErrorMessage)
    if dv.prompt:
        rule["inputMessage"] = str(dv.prompt)
    return rule


def _unlocked_rectangles(ws: Worksheet) -> list[tuple[int, int, int, int]]:
    """Unlocked cells as few rectangles: runs along each row, then stacked when equal."""
    runs: dict[int, list[tuple[int, int]]] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.protection is not None and cell.protection.locked is False:
                r, c = int(cell.row or 0), int(cell.column or 0)
                spans = runs.setdefault(r, [])
                if spans and spans[-1][1] == c - 1:
                    spans[-1] = (spans[-1][0], c)
                else:
                    spans.append((c, c))
    rects: list[tuple[int, int, int, int]] = []
    open_rects: dict[tuple[int, int], int] = {}  # (c0, c1) -> index into rects
    for r in sorted(runs):
        nxt: dict[tuple[int, int], int] = {}
        for span in runs[r]:
            i = open_rects.get(span)
            if i is not None and rects[i][2] == r - 1:
                rects[i] = (rects[i][0], span[0], r, span[1])
            else:
                rects.append((r, span[0], r, span[1]))
                i = len(rects) - 1
            nxt[span] = i
        open_rects = nxt
    return rects


def _column_properties(sheet_id: int, col: int, properties: dict[str, Any]) -> dict[str, Any]:
    """An updateDimensionProperties request setting ``properties`` on column ``col`` (1-based)."""
    return {
        "updateDimensionProperties": {
            "range": {
                "sheetId": sheet_id,
                "dimension": "COLUMNS",
                "startIndex": col - 1,
                "endIndex": col,
            },
            "properties": properties,
            "fields": ",".join(properties),
        }
    }


def _sheet_requests(
    ws: Worksheet, sheet_id: int, sheet_ids: Mapping[str, int] | None = None
) -> list[dict[str, Any]]:
    """The requests drawing ``ws`` as sheet ``sheet_id``; ``sheet_ids`` (title -> id) of the
    whole spreadsheet turn its link targets into Google's form."""
    reqs: list[dict[str, Any]] = []
    rows = [[_cell_data(c, sheet_ids or {}) for c in row] for row in ws.iter_rows()]
    if rows:
        reqs.append(
            {
                "updateCells": {
                    "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                    "rows": [{"values": r} for r in rows],
                    "fields": "userEnteredValue,userEnteredFormat",
                }
            }
        )
    for merged in ws.merged_cells.ranges:
        reqs.append(
            {
                "mergeCells": {
                    "range": _grid(
                        sheet_id, merged.min_row, merged.min_col, merged.max_row, merged.max_col
                    ),
                    "mergeType": "MERGE_ALL",
                }
            }
        )
    for letter, dim in ws.column_dimensions.items():
        col = parse_a1(f"{letter}1")[1]
        if dim.hidden:  # the live checks' helper columns on the instruction sheet
            reqs.append(_column_properties(sheet_id, col, {"hiddenByUser": True}))
        if dim.width:
            reqs.append(_column_properties(sheet_id, col, {"pixelSize": int(dim.width * 7 + 5)}))
    for dv in ws.data_validations.dataValidation:
        rule = _validation_rule(dv)
        if rule is None:
            continue
        for cr in dv.sqref.ranges:
            reqs.append(
                {
                    "setDataValidation": {
                        "range": _grid(sheet_id, cr.min_row, cr.min_col, cr.max_row, cr.max_col),
                        "rule": rule,
                    }
                }
            )
    reqs += _conditional_formats(ws, sheet_id)
    if ws.protection.sheet:
        reqs.append(
            {
                "addProtectedRange": {
                    "protectedRange": {
                        "range": {"sheetId": sheet_id},
                        "description": "finsam-xl: mallens låsta celler",
                        "warningOnly": False,
                        "unprotectedRanges": [
                            _grid(sheet_id, *rect) for rect in _unlocked_rectangles(ws)
                        ],
                    }
                }
            }
        )
    return reqs


def _conditional_formats(ws: Worksheet, sheet_id: int) -> list[dict[str, Any]]:
    """The live checks' conditional formats: the same formula, the same fill colour.

    Google's conditional formats can set only text style and colours, not borders: the fill
    carries the mark. The formula is the .xlsx one with its "=" (the checks use no function in
    it, so no argument separator the sv_SE locale would read differently).
    """
    reqs: list[dict[str, Any]] = []
    for cf in ws.conditional_formatting:
        ranges = [
            _grid(sheet_id, r.min_row, r.min_col, r.max_row, r.max_col) for r in cf.sqref.ranges
        ]
        for rule in cf.rules:
            if rule.type != "expression" or not rule.formula:
                continue
            fmt: dict[str, Any] = {}
            fill = rule.dxf.fill if rule.dxf is not None else None
            color = _color(getattr(getattr(fill, "start_color", None), "rgb", None))
            if color is None:
                continue
            fmt["backgroundColor"] = color
            condition = {
                "type": "CUSTOM_FORMULA",
                "values": [{"userEnteredValue": "=" + str(rule.formula[0])}],
            }
            reqs.append(
                {
                    "addConditionalFormatRule": {
                        "index": 0,
                        "rule": {
                            "ranges": ranges,
                            "booleanRule": {"condition": condition, "format": fmt},
                        },
                    }
                }
            )
    return reqs


def _sheet_properties(ws: Worksheet, sheet_id: int, index: int) -> dict[str, Any]:
    grid: dict[str, int] = {
        "rowCount": max(ws.max_row, 1) + 10,
        "columnCount": max(ws.max_column, 1) + 2,
    }
    if ws.freeze_panes:
        row, col = parse_a1(str(ws.freeze_panes))
        if row > 1:
            grid["frozenRowCount"] = row - 1
        if col > 1:
            grid["frozenColumnCount"] = col - 1
    props: dict[str, Any] = {
        "sheetId": sheet_id,
        "title": ws.title,
        "index": index,
        "gridProperties": grid,
    }
    if ws.sheet_state != "visible":
        props["hidden"] = True
    return props


LOCALE = "sv_SE"
TIME_ZONE = "Europe/Stockholm"


def create_google_template(
    client: SheetsClient,
    workbook: Workbook,
    *,
    title: str,
    folder_id: str | None = None,
    share_with: Sequence[str] = (),
) -> str:
    """Create a new Google spreadsheet replicating ``workbook``, shared with ``share_with`` as
    editors; return its id."""
    spreadsheet_id = client.create_spreadsheet(title, folder_id)
    meta = client.get_spreadsheet(spreadsheet_id, "sheets(properties(sheetId,title))")
    placeholder = [int(s["properties"]["sheetId"]) for s in meta.get("sheets", [])]
    ids = {ws.title: 100 + i for i, ws in enumerate(workbook.worksheets)}
    # The new file's own first sheet may share a title with a template sheet: rename it first.
    reqs: list[dict[str, Any]] = [
        {
            "updateSpreadsheetProperties": {
                "properties": {"locale": LOCALE, "timeZone": TIME_ZONE},
                "fields": "locale,timeZone",
            }
        }
    ]
    reqs += [
        {
            "updateSheetProperties": {
                "properties": {"sheetId": sid, "title": f"~finsam-xl {sid}"},
                "fields": "title",
            }
        }
        for sid in placeholder
    ]
    reqs += [
        {"addSheet": {"properties": _sheet_properties(ws, ids[ws.title], i)}}
        for i, ws in enumerate(workbook.worksheets)
    ]
    reqs += [{"deleteSheet": {"sheetId": sid}} for sid in placeholder]
    for ws in workbook.worksheets:
        reqs += _sheet_requests(ws, ids[ws.title], ids)
    for name, defined in workbook.defined_names.items():
        area = parse_area(str(defined.attr_text))
        if area.sheet not in ids:
            continue  # a name pointing outside the workbook cannot be a field
        reqs.append(
            {
                "addNamedRange": {
                    "namedRange": {
                        "name": name,
                        "range": _grid(
                            ids[area.sheet], area.min_row, area.min_col, area.max_row, area.max_col
                        ),
                    }
                }
            }
        )
    for prop in getattr(workbook, "custom_doc_props", None) or []:
        reqs.append(state.marker(state.PROPERTY_PREFIX + str(prop.name), value=str(prop.value)))
    client.batch_update(spreadsheet_id, reqs, idempotent=False)
    for email in share_with:
        client.share(spreadsheet_id, email, "writer")
    return spreadsheet_id
