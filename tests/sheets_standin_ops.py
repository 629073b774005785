"""The stand-in's spreadsheets.batchUpdate: the request kinds finsam-xl sends, applied atomically.

Google applies a batchUpdate all or nothing; the server runs these on a deep copy and keeps it
only if every request succeeded. A request kind not implemented here answers 501 and is recorded
as a violation, so a gap shows up as a failing test rather than a silent no-op.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from sheets_standin_charts import CHART_HANDLERS
from sheets_standin_model import (
    MAX_CELLS,
    ApiError,
    Book,
    Cell,
    Sheet,
    check_chars,
    check_protection,
    grid_bounds,
    recalc,
)

Handler = Callable[[Book, dict[str, Any]], dict[str, Any] | None]
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_LOOKS_LIKE_CELL = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$")


def _set_path(target: dict[str, Any], source: dict[str, Any], mask: str) -> None:
    """Copy the fields named in a FieldMask ('title,gridProperties.rowCount') from source."""
    for path in [p.strip() for p in mask.split(",") if p.strip()]:
        if path == "*":
            target.update(copy.deepcopy(source))
            continue
        keys = path.split(".")
        src: Any = source
        dst = target
        for k in keys[:-1]:
            src = src.get(k, {}) if isinstance(src, dict) else {}
            dst = dst.setdefault(k, {})
        if isinstance(src, dict) and keys[-1] in src:
            dst[keys[-1]] = copy.deepcopy(src[keys[-1]])
        else:
            dst.pop(keys[-1], None)


def _check_size(book: Book) -> None:
    if sum(s.rows * s.cols for s in book.sheets) > MAX_CELLS:
        raise ApiError(
            400,
            "This action would increase the number of cells in the workbook above "
            f"the limit of {MAX_CELLS} cells.",
        )


def _check_frozen(sheet: Sheet, where: str) -> None:
    """Google: at least one row (column) must stay unfrozen, else 400 INVALID_ARGUMENT."""
    grid = sheet.properties.get("gridProperties", {})
    if grid.get("frozenRowCount", 0) and grid["frozenRowCount"] >= sheet.rows:
        raise ApiError(
            400, f"Invalid requests[0].{where}: You can't freeze all visible rows on the sheet."
        )
    if grid.get("frozenColumnCount", 0) and grid["frozenColumnCount"] >= sheet.cols:
        raise ApiError(
            400, f"Invalid requests[0].{where}: You can't freeze all visible columns on the sheet."
        )


def add_sheet(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    props = copy.deepcopy(req.get("properties", {}))
    title = props.setdefault("title", f"Sheet{len(book.sheets) + 1}")
    if any(s.title.lower() == title.lower() for s in book.sheets):
        raise ApiError(
            400,
            f'Invalid requests[0].addSheet: A sheet with the name "{title}" '
            "already exists. Please enter another name.",
        )
    props.setdefault("sheetId", book.new_id())
    if any(s.id == props["sheetId"] for s in book.sheets):
        raise ApiError(400, f"Invalid requests[0].addSheet: sheet id {props['sheetId']} in use")
    props.setdefault("sheetType", "GRID")
    grid = props.setdefault("gridProperties", {})
    grid.setdefault("rowCount", 1000)
    grid.setdefault("columnCount", 26)
    index = props.get("index", len(book.sheets))
    sheet = Sheet(props)
    _check_frozen(sheet, "addSheet")
    book.sheets.insert(index, sheet)
    for i, s in enumerate(book.sheets):
        s.properties["index"] = i
    _check_size(book)
    return {"addSheet": {"properties": copy.deepcopy(props)}}


def delete_sheet(book: Book, req: dict[str, Any]) -> None:
    sheet = book.sheet_by_id(req["sheetId"])
    if len(book.sheets) == 1:
        raise ApiError(
            400, "Invalid requests[0].deleteSheet: You can't remove all the sheets in a document."
        )
    book.sheets.remove(sheet)
    book.named_ranges = [n for n in book.named_ranges if n["range"].get("sheetId", 0) != sheet.id]
    for i, s in enumerate(book.sheets):
        s.properties["index"] = i


def update_sheet_properties(book: Book, req: dict[str, Any]) -> None:
    props = req["properties"]
    sheet = book.sheet_by_id(props.get("sheetId", 0))
    new_title = props.get("title")
    if (
        new_title
        and "title" in req["fields"]
        and any(s is not sheet and s.title.lower() == new_title.lower() for s in book.sheets)
    ):
        raise ApiError(400, f'A sheet with the name "{new_title}" already exists.')
    if not sheet.is_grid and "gridProperties" in req["fields"]:
        raise ApiError(400, "Invalid requests[0].updateSheetProperties: not a grid sheet")
    if {"gridProperties", "title", "hidden"} & set(re.split(r"[.,]", req["fields"])):
        check_protection(book, sheet, 0, sheet.rows, 0, sheet.cols)
    _set_path(sheet.properties, props, req["fields"])
    sheet.properties["sheetId"] = sheet.id
    sheet.trim_to_grid()
    _check_frozen(sheet, "updateSheetProperties")
    _check_size(book)


def _cells(book: Book, grid: dict[str, Any], *, edit: bool = True) -> tuple[Sheet, range, range]:
    sheet = book.sheet_by_id(grid.get("sheetId", 0))
    if not sheet.is_grid:
        raise ApiError(400, f"Invalid requests[0]: sheet {sheet.id} is not a grid sheet")
    r0, r1, c0, c1 = grid_bounds(sheet, grid)
    if r1 > sheet.rows or c1 > sheet.cols:
        raise ApiError(
            400, f"Range exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )
    if edit:
        check_protection(book, sheet, r0, r1, c0, c1)
    return sheet, range(r0, r1), range(c0, c1)


def _apply_cell(cell: Cell, data: dict[str, Any], fields: str) -> None:
    for path in [p.strip() for p in fields.split(",") if p.strip()]:
        top, _, rest = path.partition(".")
        if top in ("userEnteredValue", "*"):
            uev = data.get("userEnteredValue") or {}
            check_chars(uev.get("stringValue"))
            cell.formula = uev.get("formulaValue")
            value = next(
                (uev[k] for k in ("numberValue", "stringValue", "boolValue") if k in uev), None
            )
            cell.value = None if cell.formula else value
        if top in ("userEnteredFormat", "*"):
            wrapper = {"f": cell.fmt}
            _set_path(
                wrapper,
                {"f": data.get("userEnteredFormat", {})},
                "f" + ("." + rest if rest else ""),
            )
            cell.fmt = wrapper.get("f", {})
        if top in ("dataValidation", "*"):
            cell.validation = copy.deepcopy(data.get("dataValidation"))


def repeat_cell(book: Book, req: dict[str, Any]) -> None:
    sheet, rows, cols = _cells(book, req["range"])
    for r in rows:
        for c in cols:
            _apply_cell(sheet.cell(r, c), req.get("cell", {}), req["fields"])


def update_cells(book: Book, req: dict[str, Any]) -> None:
    if "range" in req:
        sheet, rows, cols = _cells(book, req["range"])
        for r in rows:
            for c in cols:
                _apply_cell(sheet.cell(r, c), {}, req["fields"])
        r0, c0 = rows.start, cols.start
    else:
        start = req["start"]
        sheet = book.sheet_by_id(start.get("sheetId", 0))
        r0, c0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        width = max((len(row.get("values", [])) for row in req.get("rows", [])), default=0)
        check_protection(book, sheet, r0, r0 + len(req.get("rows", [])), c0, c0 + width)
    for i, row in enumerate(req.get("rows", [])):
        for j, data in enumerate(row.get("values", [])):
            if r0 + i >= sheet.rows or c0 + j >= sheet.cols:
                raise ApiError(
                    400,
                    f"Range exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}",
                )
            _apply_cell(sheet.cell(r0 + i, c0 + j), data, req["fields"])


def copy_paste(book: Book, req: dict[str, Any]) -> None:
    if req.get("pasteType", "PASTE_NORMAL") != "PASTE_NORMAL":
        raise ApiError(501, "stand-in: only PASTE_NORMAL is implemented")
    src, rows, cols = _cells(book, req["source"], edit=False)
    dst = book.sheet_by_id(req["destination"].get("sheetId", 0))
    d_r0, d_c0 = (
        req["destination"].get("startRowIndex", 0),
        req["destination"].get("startColumnIndex", 0),
    )
    if d_r0 + len(rows) > dst.rows or d_c0 + len(cols) > dst.cols:
        raise ApiError(400, "Paste range exceeds grid limits.")
    check_protection(book, dst, d_r0, d_r0 + len(rows), d_c0, d_c0 + len(cols))
    snapshot = {(r, c): copy.deepcopy(src.cells.get((r, c), Cell())) for r in rows for c in cols}
    for (r, c), cell in snapshot.items():
        dst.cells[(d_r0 + r - rows.start, d_c0 + c - cols.start)] = cell


def merge_cells(book: Book, req: dict[str, Any]) -> None:
    if req.get("mergeType", "MERGE_ALL") != "MERGE_ALL":
        raise ApiError(501, "stand-in: only MERGE_ALL is implemented")
    sheet, rows, cols = _cells(book, req["range"])
    for m in sheet.merges:
        if rows.start < m[1] and m[0] < rows.stop and cols.start < m[3] and m[2] < cols.stop:
            raise ApiError(400, "You can't merge cells that overlap an existing merge.")
    sheet.merges.append((rows.start, rows.stop, cols.start, cols.stop))


def add_named_range(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    nr = copy.deepcopy(req["namedRange"])
    name = nr["name"]
    if not _NAME.match(name) or _LOOKS_LIKE_CELL.match(name) or name.lower() in ("true", "false"):
        raise ApiError(400, f"Invalid requests[0].addNamedRange: Invalid name: {name}")
    if any(n["name"].lower() == name.lower() for n in book.named_ranges):
        raise ApiError(400, f"Invalid requests[0].addNamedRange: Named range exists: {name}")
    _cells(book, nr["range"], edit=False)
    nr.setdefault("namedRangeId", f"nr{book.new_id()}")
    book.named_ranges.append(nr)
    return {"addNamedRange": {"namedRange": copy.deepcopy(nr)}}


def set_data_validation(book: Book, req: dict[str, Any]) -> None:
    sheet, rows, cols = _cells(book, req["range"])
    for r in rows:
        for c in cols:
            sheet.cell(r, c).validation = copy.deepcopy(req.get("rule"))


def add_protected_range(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    pr = copy.deepcopy(req["protectedRange"])
    sheet, _, _ = _cells(book, pr["range"])
    pr["protectedRangeId"] = book.new_id()
    pr.setdefault("editors", {"users": [book.actor]})  # Google: the requester stays an editor
    pr.setdefault("requestingUserCanEdit", True)
    sheet.protected.append(pr)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(pr)}}


# What a conditional format may set in Google Sheets: no borders, no number format, no font size.
_CF_FORMAT = {"backgroundColor", "backgroundColorStyle", "textFormat"}
_CF_TEXT = {
    "bold",
    "italic",
    "strikethrough",
    "underline",
    "foregroundColor",
    "foregroundColorStyle",
}


def add_conditional_format_rule(book: Book, req: dict[str, Any]) -> None:
    """Google's checks: ranges on one sheet, a boolean rule, a formula starting with "=", and a
    format limited to colours and text style (a border is refused with a 400)."""
    rule = req.get("rule", {})
    ranges = rule.get("ranges") or []
    if not ranges or "booleanRule" not in rule:
        raise ApiError(400, "Invalid requests[0].addConditionalFormatRule: rule incomplete")
    sheets = {int(r.get("sheetId", 0)) for r in ranges}
    if len(sheets) != 1:
        raise ApiError(400, "Invalid requests[0].addConditionalFormatRule: ranges on two sheets")
    for r in ranges:
        _cells(book, r, edit=False)
    boolean = rule["booleanRule"]
    condition = boolean.get("condition", {})
    values = condition.get("values", [])
    if condition.get("type") == "CUSTOM_FORMULA" and (
        len(values) != 1 or not str(values[0].get("userEnteredValue", "")).startswith("=")
    ):
        raise ApiError(400, "Invalid ConditionValue: a custom formula must start with '='")
    fmt = boolean.get("format", {})
    if set(fmt) - _CF_FORMAT or set(fmt.get("textFormat", {})) - _CF_TEXT:
        raise ApiError(
            400, "Invalid requests[0].addConditionalFormatRule: Unsupported format fields"
        )
    sheet = book.sheet_by_id(sheets.pop())
    sheet.conditional.insert(int(req.get("index", 0)), copy.deepcopy(rule))


def append_dimension(book: Book, req: dict[str, Any]) -> None:
    sheet = book.sheet_by_id(req["sheetId"])
    key = "rowCount" if req["dimension"] == "ROWS" else "columnCount"
    sheet.properties["gridProperties"][key] += req["length"]
    _check_size(book)


def delete_dimension(book: Book, req: dict[str, Any]) -> None:
    rng = req["range"]
    sheet = book.sheet_by_id(rng["sheetId"])
    start, end = rng["startIndex"], rng["endIndex"]
    n, rows = end - start, rng["dimension"] == "ROWS"
    moved: dict[tuple[int, int], Cell] = {}
    for (r, c), cell in sheet.cells.items():
        i = r if rows else c
        if start <= i < end:
            continue
        if i >= end:
            r, c = (r - n, c) if rows else (r, c - n)
        moved[(r, c)] = cell
    sheet.cells = moved
    sheet.properties["gridProperties"]["rowCount" if rows else "columnCount"] -= n
    _check_frozen(sheet, "deleteDimension")


def update_dimension_properties(book: Book, req: dict[str, Any]) -> None:
    rng = req["range"]
    sheet = book.sheet_by_id(rng["sheetId"])
    for i in range(rng.get("startIndex", 0), rng["endIndex"]):
        _set_path(
            sheet.dim_props.setdefault((rng["dimension"], i), {}), req["properties"], req["fields"]
        )


def _metadata_out(book: Book, meta: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(meta)


def create_developer_metadata(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    meta = copy.deepcopy(req["developerMetadata"])
    loc = meta.get("location", {})
    meta["metadataId"] = meta.get("metadataId", book.new_id())
    meta.setdefault("visibility", "DOCUMENT")
    if loc.get("spreadsheet"):
        meta["location"] = {"locationType": "SPREADSHEET", "spreadsheet": True}
        book.metadata.append(meta)
    elif "sheetId" in loc:
        meta["location"] = {"locationType": "SHEET", "sheetId": loc["sheetId"]}
        book.sheet_by_id(loc["sheetId"]).metadata.append(meta)
    else:
        raise ApiError(501, "stand-in: developer metadata only on the spreadsheet or a sheet")
    return {"createDeveloperMetadata": {"developerMetadata": _metadata_out(book, meta)}}


def delete_developer_metadata(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    lookup = req["dataFilter"].get("developerMetadataLookup")
    if lookup is None:
        raise ApiError(501, "stand-in: deleteDeveloperMetadata only by developerMetadataLookup")

    def hit(m: dict[str, Any]) -> bool:
        return all(
            m.get(k) == lookup[k]
            for k in ("metadataKey", "metadataId", "metadataValue")
            if k in lookup
        )

    deleted = [m for m in book.metadata if hit(m)]
    book.metadata = [m for m in book.metadata if not hit(m)]
    for s in book.sheets:
        deleted += [m for m in s.metadata if hit(m)]
        s.metadata = [m for m in s.metadata if not hit(m)]
    return {"deleteDeveloperMetadata": {"deletedDeveloperMetadata": deleted}}


def update_spreadsheet_properties(book: Book, req: dict[str, Any]) -> None:
    _set_path(book.properties, req["properties"], req["fields"])


HANDLERS: dict[str, Handler] = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "repeatCell": repeat_cell,
    "updateCells": update_cells,
    "copyPaste": copy_paste,
    "mergeCells": merge_cells,
    "addNamedRange": add_named_range,
    "setDataValidation": set_data_validation,
    "addProtectedRange": add_protected_range,
    "addConditionalFormatRule": add_conditional_format_rule,
    "appendDimension": append_dimension,
    "deleteDimension": delete_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "createDeveloperMetadata": create_developer_metadata,
    "deleteDeveloperMetadata": delete_developer_metadata,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    **CHART_HANDLERS,
}


def batch_update(book: Book, requests: list[dict[str, Any]]) -> tuple[Book, list[dict[str, Any]]]:
    """Apply all requests to a copy; return the copy and the replies (the caller swaps it in)."""
    work = copy.deepcopy(book)
    replies: list[dict[str, Any]] = []
    for i, request in enumerate(requests):
        if len(request) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one kind of request per entry")
        ((kind, body),) = request.items()
        handler = HANDLERS.get(kind)
        if handler is None:
            raise ApiError(501, f"stand-in: request kind {kind!r} is not implemented")
        try:
            replies.append(handler(work, body) or {})
        except ApiError as exc:
            raise ApiError(exc.code, exc.message.replace("requests[0]", f"requests[{i}]")) from exc
    recalc(work)
    return work, replies
