"""The stand-in's endpoints: what each Sheets v4 / Drive v3 method does and answers.

Answers follow Google's shapes (checked against the discovery schemas by the server): int64
fields as strings, ``values`` omitted when a range is empty, trailing empties trimmed, a
``range`` echo in A1 with the sheet title quoted when it must be.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC
from typing import Any

from sheets_standin_model import (
    ApiError,
    Book,
    Cell,
    Sheet,
    check_grid,
    check_protection,
    format_range,
    input_value,
    parse_range,
    read_values,
    recalc,
)
from sheets_standin_ops import batch_update

Handler = Callable[[Any, Any, list[str], dict[str, list[str]], Any], dict[str, Any]]


def _opt(query: dict[str, list[str]], name: str, default: str) -> str:
    return query.get(name, [default])[0]


def _sheet_json(sheet: Sheet) -> dict[str, Any]:
    out: dict[str, Any] = {"properties": copy.deepcopy(sheet.properties)}
    if sheet.protected:
        out["protectedRanges"] = copy.deepcopy(sheet.protected)
    if sheet.conditional:
        out["conditionalFormats"] = copy.deepcopy(sheet.conditional)
    if sheet.metadata:
        out["developerMetadata"] = copy.deepcopy(sheet.metadata)
    if sheet.charts:
        out["charts"] = copy.deepcopy(sheet.charts)
    return out


def _extended(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    return {"stringValue": str(value)}


def _cell_data(cell: Cell | None) -> dict[str, Any]:
    """CellData as Google returns it with includeGridData (only what the cell has)."""
    if cell is None:
        return {}
    out: dict[str, Any] = {}
    if cell.formula:
        out["userEnteredValue"] = {"formulaValue": cell.formula}
    elif cell.value is not None:
        out["userEnteredValue"] = _extended(cell.value)
    if cell.value is not None:
        out["effectiveValue"] = _extended(cell.value)
    if cell.fmt:
        out["userEnteredFormat"] = copy.deepcopy(cell.fmt)
    if cell.validation:
        out["dataValidation"] = copy.deepcopy(cell.validation)
    return out


def _grid_data(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
    """One GridData; like Google, trailing empty rows and cells are left out."""
    rows: list[dict[str, Any]] = []
    used = [(r, c) for (r, c), cell in sheet.cells.items() if not cell.empty()]
    last_row = max((r for r, c in used if r0 <= r < r1 and c0 <= c < c1), default=r0 - 1)
    for r in range(r0, min(r1, last_row + 1)):
        values = [_cell_data(sheet.cells.get((r, c))) for c in range(c0, min(c1, sheet.cols))]
        while values and not values[-1]:
            values.pop()
        rows.append({"values": values} if values else {})
    out: dict[str, Any] = {}
    if r0:
        out["startRow"] = r0
    if c0:
        out["startColumn"] = c0
    if rows:
        out["rowData"] = rows
    return out


def spreadsheets_get(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    grid_data = _opt(query, "includeGridData", "false").lower() == "true"
    sheets = [_sheet_json(s) for s in book.sheets]
    if "ranges" in query:  # only the sheets the ranges name, each with its range's data
        picked: dict[int, tuple[Sheet, list[tuple[int, int, int, int]]]] = {}
        for text in query["ranges"]:
            sheet, r0, r1, c0, c1 = parse_range(book, text)
            picked.setdefault(sheet.id, (sheet, []))[1].append((r0, r1, c0, c1))
        sheets = []
        for sheet, bounds in picked.values():
            entry = _sheet_json(sheet)
            if grid_data:
                entry["data"] = [_grid_data(sheet, *b) for b in bounds]
            sheets.append(entry)
    elif grid_data:
        for entry, sheet in zip(sheets, book.sheets, strict=True):
            if sheet.is_grid:
                entry["data"] = [_grid_data(sheet, 0, sheet.rows, 0, sheet.cols)]
    out: dict[str, Any] = {
        "spreadsheetId": book.id,
        "properties": copy.deepcopy(book.properties),
        "sheets": sheets,
        "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.id}/edit",
    }
    if book.named_ranges:
        out["namedRanges"] = copy.deepcopy(book.named_ranges)
    if book.metadata:
        out["developerMetadata"] = copy.deepcopy(book.metadata)
    return out


def spreadsheets_batch_update(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    new, replies = batch_update(book, body.get("requests", []))
    standin.swap(new)
    out: dict[str, Any] = {"spreadsheetId": book.id, "replies": replies}
    if body.get("includeSpreadsheetInResponse"):
        out["updatedSpreadsheet"] = spreadsheets_get(standin, new, ids, {}, None)
    return out


def _value_range(book: Book, text: str, query: dict[str, list[str]]) -> dict[str, Any]:
    if _opt(query, "majorDimension", "ROWS") != "ROWS":
        raise ApiError(501, "stand-in: only majorDimension=ROWS is implemented")
    sheet, r0, r1, c0, c1 = parse_range(book, text)
    values = read_values(
        sheet,
        (r0, r1, c0, c1),
        _opt(query, "valueRenderOption", "FORMATTED_VALUE"),
        _opt(query, "dateTimeRenderOption", "SERIAL_NUMBER"),
        book.properties["locale"],
    )
    out: dict[str, Any] = {
        "range": format_range(sheet, r0, min(r1, sheet.rows), c0, min(c1, sheet.cols)),
        "majorDimension": "ROWS",
    }
    if values:
        out["values"] = values
    return out


def values_get(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    return _value_range(book, ids[1], query)


def values_batch_get(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    return {
        "spreadsheetId": book.id,
        "valueRanges": [_value_range(book, r, query) for r in query.get("ranges", [])],
    }


def _write(book: Book, text: str, values: list[list[Any]], option: str) -> dict[str, Any]:
    sheet, r0, _, c0, _ = parse_range(book, text)
    height = len(values)
    width = max((len(row) for row in values), default=0)
    check_grid(sheet, r0 + height, c0 + width, text)
    check_protection(book, sheet, r0, r0 + height, c0, c0 + width)
    cells = 0
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value is None:
                continue  # Google: "Null values will be skipped"
            input_value(sheet.cell(r0 + i, c0 + j), value, option, book.properties["locale"])
            cells += 1
    out: dict[str, Any] = {
        "spreadsheetId": book.id,
        "updatedRange": format_range(sheet, r0, r0 + height, c0, c0 + width),
    }
    if cells:
        out.update(updatedRows=height, updatedColumns=width, updatedCells=cells)
    return out


def _input_option(query_or_body: dict[str, Any]) -> str:
    option = query_or_body.get("valueInputOption")
    option = option[0] if isinstance(option, list) else option
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "'valueInputOption' is required but not specified")
    return str(option)


def values_update(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    new = copy.deepcopy(book)
    out = _write(new, ids[1], body.get("values", []), _input_option(query))
    recalc(new)
    standin.swap(new)
    return out


def values_batch_update(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    option = _input_option(body)
    new = copy.deepcopy(book)
    responses = [
        _write(new, vr["range"], vr.get("values", []), option) for vr in body.get("data", [])
    ]
    recalc(new)
    standin.swap(new)
    return {
        "spreadsheetId": book.id,
        "responses": responses,
        "totalUpdatedRows": sum(r.get("updatedRows", 0) for r in responses),
        "totalUpdatedColumns": sum(r.get("updatedColumns", 0) for r in responses),
        "totalUpdatedCells": sum(r.get("updatedCells", 0) for r in responses),
        "totalUpdatedSheets": len({r["updatedRange"].rpartition("!")[0] for r in responses}),
    }


def _clear(book: Book, text: str) -> str:
    sheet, r0, r1, c0, c1 = parse_range(book, text)
    for (r, c), cell in sheet.cells.items():
        if r0 <= r < r1 and c0 <= c < c1:
            cell.value, cell.formula = None, None
    return format_range(sheet, r0, min(r1, sheet.rows), c0, min(c1, sheet.cols))


def values_clear(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    new = copy.deepcopy(book)
    cleared = _clear(new, ids[1])
    recalc(new)
    standin.swap(new)
    return {"spreadsheetId": book.id, "clearedRange": cleared}


def values_batch_clear(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    new = copy.deepcopy(book)
    cleared = [_clear(new, r) for r in body.get("ranges", [])]
    recalc(new)
    standin.swap(new)
    return {"spreadsheetId": book.id, "clearedRanges": cleared}


def _drive_file(book: Book) -> dict[str, Any]:
    return {
        "kind": "drive#file",
        "id": book.id,
        "name": book.properties["title"],
        "mimeType": "application/vnd.google-apps.spreadsheet",
        "version": str(book.version),
        "modifiedTime": book.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


def drive_get(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    full = _drive_file(book)
    if "fields" in query:
        return full  # the server applies the mask
    return {k: full[k] for k in ("kind", "id", "name", "mimeType")}


def drive_create(
    standin: Any, book: Any, ids: list[str], query: dict[str, list[str]], body: Any, user: str
) -> dict[str, Any]:
    """A new spreadsheet owned by the caller, readable by the caller alone until shared.

    Google's rules: a service account has no Drive storage of its own, so it may create files
    only in a shared drive (403 storageQuotaExceeded otherwise); a new file's locale is en_US
    and its time zone not Sweden's, whoever asks (the API sets no locale from the caller).
    """
    if body.get("mimeType") != "application/vnd.google-apps.spreadsheet":
        raise ApiError(501, "stand-in: Drive files.create only makes Google spreadsheets")
    parents = body.get("parents") or []
    in_shared_drive = any(p in standin.shared_drive_folders for p in parents)
    if parents and not all(p in standin.folders for p in parents):
        raise ApiError(404, f"File not found: {parents[0]}.", reason="notFound")
    if user.endswith(".iam.gserviceaccount.com") and not in_shared_drive:
        raise ApiError(
            403,
            "Service Accounts do not have storage quota. Leverage shared drives "
            "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), "
            "or use OAuth delegation instead.",
            reason="storageQuotaExceeded",
        )
    new_id = f"created{len(standin.books) + 1:04d}"
    new = standin.create_book(
        new_id, body.get("name", "Namnlöst kalkylark"), sheets=("Sheet1",), locale="en_US"
    )
    new.properties["timeZone"] = "Etc/GMT"
    new.shared_with = {user}
    if in_shared_drive:  # members of the shared drive see its files
        new.shared_with |= standin.shared_drive_members
    file = _drive_file(new)
    return {k: file[k] for k in ("kind", "id", "name", "mimeType")}


def drive_permissions_create(
    standin: Any, book: Book, ids: list[str], query: dict[str, list[str]], body: Any
) -> dict[str, Any]:
    if body.get("type") != "user" or not body.get("emailAddress"):
        raise ApiError(501, "stand-in: permissions.create only shares with a user's e-mail")
    if body.get("role") not in ("reader", "commenter", "writer"):
        raise ApiError(400, f"Invalid role: {body.get('role')}", reason="invalidSharingRequest")
    if book.shared_with is not None:
        book.shared_with.add(str(body["emailAddress"]))
    book.permissions.append(dict(body))
    return {"kind": "drive#permission", "id": f"perm{len(book.permissions)}",
            "type": "user", "role": body["role"]}  # fmt: skip


HANDLERS: dict[str, Handler] = {
    "sheets.spreadsheets.get": spreadsheets_get,
    "sheets.spreadsheets.batchUpdate": spreadsheets_batch_update,
    "sheets.spreadsheets.values.get": values_get,
    "sheets.spreadsheets.values.batchGet": values_batch_get,
    "sheets.spreadsheets.values.update": values_update,
    "sheets.spreadsheets.values.batchUpdate": values_batch_update,
    "sheets.spreadsheets.values.clear": values_clear,
    "sheets.spreadsheets.values.batchClear": values_batch_clear,
    "drive.files.get": drive_get,
    "drive.permissions.create": drive_permissions_create,
}
