"""Push: write the overview tables into worksheets finsam-xl owns in a shared spreadsheet.

The plan keeps a failed push from leaving anything half-written in view:

1. ``spreadsheets.get``: which sheets are ours (developer-metadata marker), the last-push record.
2. ``batchUpdate``: hidden *staging* sheets, sized to fit, header and number formats applied.
3. ``values.batchUpdate`` (RAW), as few as fit ~1.5 MB each (as sent: JSON with ASCII escapes):
   the data into the staging sheets.
4. ``files.get``, ``spreadsheets.get`` (formats of the top rows of the owned and staging sheets)
   and ``values.batchGet`` (FORMULA rendering): the conflict check, as late as possible — if an
   owned sheet's values, formulas or top-row formats differ from what the last push wrote,
   refuse unless ``force``.
5. One atomic ``batchUpdate``: resize each owned sheet (and give a renamed one its name back),
   clear it, ``copyPaste`` staging onto it, delete staging, store the new record. Google applies
   it entirely or not at all.

A failure before step 5 leaves only hidden staging sheets, removed by the next push. Sheets
without our marker are never touched; a table whose title is taken by such a sheet is refused.
Owned sheets are found by sheetId (:func:`state.match_owned`) and keep it, so links (``#gid=``)
and people's formulas keep working. A table with no rows still gets one empty data row: Google
refuses a frozen header on a sheet with nothing below it. Chart sheets are left alone. The
board tables get their charts in step 5 (finsam_xl.sheets.charts), replacing the last push's.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets import preflight, state
from finsam_xl.sheets.charts import chart_requests, our_charts
from finsam_xl.sheets.client import SheetsClient
from finsam_xl.sheets.tables import NUMBER_FORMATS, PreparedTable, column_width, prepare
from finsam_xl.wording import Note

if TYPE_CHECKING:
    import pandas as pd

CHUNK_BYTES = 1_500_000  # Google advises ~2 MB per request
META_FIELDS = (
    "spreadsheetId,developerMetadata,"
    "sheets(properties(sheetId,title,index,hidden,gridProperties),developerMetadata,"
    "charts(chartId))"
)
HEADER_FORMAT = {
    "textFormat": {"bold": True},
    "wrapStrategy": "WRAP",
    "backgroundColor": {"red": 0.85, "green": 0.9, "blue": 0.95},
}


@dataclass
class PushResult:
    spreadsheet_id: str
    rows: dict[str, int]  # title -> data rows written
    requests: int  # API calls made, retries included
    drive_version: int
    forced: bool = False
    warnings: list[str] = field(default_factory=list)


def a1_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _grid(sheet_id: int, rows: int, cols: int) -> dict[str, int]:
    return {
        "sheetId": sheet_id,
        "startRowIndex": 0,
        "endRowIndex": rows,
        "startColumnIndex": 0,
        "endColumnIndex": cols,
    }


def _new_id(taken: set[int]) -> int:
    while True:
        candidate = secrets.randbelow(2**31 - 10**6) + 10**6
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def grid_rows(table: PreparedTable) -> int:
    """Header plus data rows, at least one data row: Google answers 400 "You can't freeze all
    visible rows on the sheet." to a frozen header with no row below it (an empty table)."""
    return max(len(table.rows), 1) + 1


def _staging_requests(table: PreparedTable, sheet_id: int, title: str) -> list[dict[str, Any]]:
    rows, cols = grid_rows(table), table.width
    reqs: list[dict[str, Any]] = [
        {
            "addSheet": {
                "properties": {
                    "sheetId": sheet_id,
                    "title": title,
                    "hidden": True,
                    "gridProperties": {"rowCount": rows, "columnCount": cols},
                }
            }
        },
        state.marker(state.STAGING_KEY, sheet_id=sheet_id),
        {
            "repeatCell": {
                "range": _grid(sheet_id, 1, cols),
                "cell": {"userEnteredFormat": HEADER_FORMAT},
                "fields": "userEnteredFormat",
            }
        },
    ]
    for col, kind in enumerate(table.kinds):
        if kind in NUMBER_FORMATS and rows > 1:
            reqs.append(
                {
                    "repeatCell": {
                        "range": {
                            **_grid(sheet_id, rows, cols),
                            "startRowIndex": 1,
                            "startColumnIndex": col,
                            "endColumnIndex": col + 1,
                        },
                        "cell": {"userEnteredFormat": {"numberFormat": NUMBER_FORMATS[kind]}},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            )
    return reqs


def _final_requests(
    table: PreparedTable, target: dict[str, Any] | None, target_id: int, staging_id: int
) -> list[dict[str, Any]]:
    rows, cols = grid_rows(table), table.width
    grid = {"rowCount": rows, "columnCount": cols, "frozenRowCount": 1}
    reqs: list[dict[str, Any]]
    if target is None:
        reqs = [
            {
                "addSheet": {
                    "properties": {
                        "sheetId": target_id,
                        "title": table.title,
                        "gridProperties": grid,
                    }
                }
            },
            state.marker(state.OWNED_KEY, sheet_id=target_id, value=table.title),
        ]
    else:
        renamed = target.get("title") != table.title  # someone renamed our sheet: name it back
        reqs = [
            {
                "updateSheetProperties": {
                    "properties": {
                        "sheetId": target_id,
                        "gridProperties": grid,
                        **({"title": table.title} if renamed else {}),
                    },
                    "fields": "gridProperties.rowCount,gridProperties.columnCount,"
                    "gridProperties.frozenRowCount" + (",title" if renamed else ""),
                }
            },
            {"updateCells": {"range": _grid(target_id, rows, cols), "fields": "*"}},
        ]
    reqs.append(
        {
            "copyPaste": {
                "source": _grid(staging_id, rows, cols),
                "destination": _grid(target_id, rows, cols),
                "pasteType": "PASTE_NORMAL",
                "pasteOrientation": "NORMAL",
            }
        }
    )
    reqs += [
        {
            "updateDimensionProperties": {
                "range": {
                    "sheetId": target_id,
                    "dimension": "COLUMNS",
                    "startIndex": c,
                    "endIndex": c + 1,
                },
                "properties": {"pixelSize": column_width(table, c)},
                "fields": "pixelSize",
            }
        }
        for c in range(len(table.header))
    ]
    reqs.append({"deleteSheet": {"sheetId": staging_id}})
    return reqs


def sent_size(rows: list[list[Any]]) -> int:
    """Bytes these rows take on the wire: requests sends JSON with ASCII escapes (å is 6 bytes)."""
    return len(json.dumps(rows, allow_nan=False))


def _value_chunks(tables: list[tuple[PreparedTable, str]]) -> list[list[dict[str, Any]]]:
    """Value ranges grouped so each values.batchUpdate stays under CHUNK_BYTES."""
    chunks: list[list[dict[str, Any]]] = [[]]
    size = 0
    for table, staging_title in tables:
        rows = table.all_rows
        start = 0
        while start < len(rows):
            end, piece = start, 0
            while end < len(rows) and (end == start or size + piece < CHUNK_BYTES):
                piece += sent_size([rows[end]])
                end += 1
            chunks[-1].append(
                {
                    "range": f"{a1_sheet(staging_title)}!A{start + 1}",
                    "majorDimension": "ROWS",
                    "values": rows[start:end],
                }
            )
            size += piece
            start = end
            if size >= CHUNK_BYTES:
                chunks.append([])
                size = 0
    return [c for c in chunks if c]


def push_tables(
    client: SheetsClient,
    spreadsheet_id: str,
    tables: Mapping[str, pd.DataFrame],
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> PushResult:
    """Write ``tables`` (worksheet title -> DataFrame) into owned worksheets; see module doc."""
    say = progress or (lambda _message: None)
    before = sum(client.requests_made.values())
    preflight.check_titles(tables, spreadsheet_id)
    say(Note("Läser kalkylarkets blad …", "Reading the spreadsheet's sheets …"))
    meta = client.get_spreadsheet(spreadsheet_id, META_FIELDS)
    record = state.record_of(meta)
    owned = state.match_owned(meta, record, tables)
    leftovers = state.sheets_marked(meta, state.STAGING_KEY)
    all_props = [s["properties"] for s in meta.get("sheets", [])]
    preflight.check_foreign(all_props, owned, leftovers, tables, spreadsheet_id)
    preflight.check_size(all_props, owned, leftovers, tables, spreadsheet_id)

    prepared = [prepare(title, frame) for title, frame in tables.items()]
    warnings = [w for t in prepared for w in t.warnings]
    warnings += [
        Note(
            f"Bladet '{props['title']}' hette '{title}' när finsam-xl skapade det; det får "
            "tillbaka sitt namn. Vill du ha en egen kopia: kopiera bladet i stället för att byta "
            "namn.",
            f"The sheet '{props['title']}' was called '{title}' when finsam-xl made it; it gets "
            "its name back. For a copy of your own: copy the sheet instead of renaming it.",
        )
        for title, props in owned.items()
        if props.get("title") != title
    ]
    taken = {int(p["sheetId"]) for p in all_props}
    # object ids (charts) and sheet ids: never reuse one
    taken |= {int(c["chartId"]) for sh in meta.get("sheets", []) for c in sh.get("charts", [])}
    token = secrets.token_hex(3)
    staged = [(t, _new_id(taken), f"~finsam-xl {token} {i + 1}") for i, t in enumerate(prepared)]
    stage_reqs: list[dict[str, Any]] = [
        {"deleteSheet": {"sheetId": int(p["sheetId"])}} for p in leftovers.values()
    ]
    for table, sheet_id, title in staged:
        stage_reqs += _staging_requests(table, sheet_id, title)
    say(Note(f"Förbereder {len(staged)} blad …", f"Preparing {len(staged)} sheets …"))
    client.batch_update(spreadsheet_id, stage_reqs, idempotent=False)
    try:
        chunks = _value_chunks([(t, title) for t, _, title in staged])
        for n, chunk in enumerate(chunks, start=1):
            rows = sum(len(vr["values"]) for vr in chunk)
            say(
                Note(
                    f"Skriver värden {n}/{len(chunks)} ({rows} rader) …",
                    f"Writing values {n}/{len(chunks)} ({rows} rows) …",
                )
            )
            client.values_batch_update(spreadsheet_id, chunk)
        say(Note("Kontrollerar att ingen annan har ändrat bladen …",
                 "Checking that nobody else has changed the sheets …"))  # fmt: skip
        version, _ = client.drive_version(spreadsheet_id)
        prints = _format_prints(client, spreadsheet_id, owned, staged)
        if not force:
            _check_conflict(client, spreadsheet_id, owned, record, prepared, prints)
    except BaseException:
        _drop_staging(client, spreadsheet_id, [sid for _, sid, _ in staged])
        raise

    push_id = secrets.token_hex(8)
    final: list[dict[str, Any]] = []
    sheet_ids: dict[str, int] = {}
    for table, staging_id, _ in staged:
        target = owned.get(table.title)
        target_id = int(target["sheetId"]) if target else _new_id(taken)
        sheet_ids[table.title] = target_id
        final += _final_requests(table, target, target_id, staging_id)
    new_record = state.PushRecord(
        push_id=push_id,
        hashes={t.title: state.values_hash(t.all_rows) for t in prepared},
        kinds={t.title: t.kinds for t in prepared},
        drive_version=version,
        pushed_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sheet_ids=sheet_ids,
        formats={t.title: prints[sid] for t, sid, _ in staged if sid in prints},
    )
    # the board's charts over the new rows, replacing those of the last push (sheets.charts)
    final += chart_requests(
        prepared, sheet_ids, our_charts(meta.get("sheets", [])), lambda: _new_id(taken)
    )
    old = state.find_metadata(meta.get("developerMetadata", []), state.RECORD_KEY)
    if old is not None and "metadataId" in old:
        final.append(state.delete_metadata(int(old["metadataId"])))
    final.append(state.marker(state.RECORD_KEY, value=new_record.to_json()))
    say(Note("Byter in de nya bladen …", "Swapping in the new sheets …"))
    try:
        client.batch_update(spreadsheet_id, final, idempotent=False)
    except SheetsSyncError:
        if not _landed(client, spreadsheet_id, push_id):
            raise
    say(Note("Klart.", "Done."))
    return PushResult(
        spreadsheet_id,
        {t.title: len(t.rows) for t in prepared},
        sum(client.requests_made.values()) - before,
        version,
        force,
        warnings,
    )


def _format_prints(
    client: SheetsClient,
    spreadsheet_id: str,
    owned: Mapping[str, Mapping[str, Any]],
    staged: list[tuple[PreparedTable, int, str]],
) -> dict[int, str]:
    """sheetId -> format print of the top rows, for the owned sheets (has anyone formatted
    them?) and the staging sheets (what they will look like after the copy: the next record).
    One read of at most FORMAT_ROWS rows per sheet: cheap, and as Google itself renders it."""
    titles = [str(p["title"]) for p in owned.values()] + [title for _, _, title in staged]
    reply = client.get_spreadsheet(
        spreadsheet_id,
        "sheets(properties(sheetId),data(rowData(values(userEnteredFormat,note))))",
        grid_data=True,
        ranges=[f"{a1_sheet(t)}!1:{state.FORMAT_ROWS}" for t in titles],
    )
    return {
        int(s["properties"]["sheetId"]): state.format_print(s.get("data", []))
        for s in reply.get("sheets", [])
    }


def _check_conflict(
    client: SheetsClient,
    spreadsheet_id: str,
    owned: Mapping[str, Mapping[str, Any]],
    record: state.PushRecord | None,
    prepared: list[PreparedTable],
    prints: Mapping[int, str],
) -> None:
    targets = [t.title for t in prepared if t.title in owned]
    if not targets:
        return
    if record is None:
        raise SheetsSyncError(
            f"Bladen {', '.join(targets)} skapades av finsam-xl men uppgiften om senaste push "
            "saknas, så det går inte att se om någon har ändrat dem. Kör med --force för att "
            "skriva över.",
            spreadsheet_id=spreadsheet_id,
            en=f"The sheets {', '.join(targets)} were made by finsam-xl but the record of the "
            "last push is missing, so whether someone has changed them cannot be seen. Run with "
            "--force to overwrite them.",
        )
    current = client.values_batch_get(
        spreadsheet_id, [a1_sheet(str(owned[t]["title"])) for t in targets], render="FORMULA"
    )
    changed = [
        str(owned[t]["title"])
        for t, rows in zip(targets, current, strict=True)
        if record.hashes.get(t) != state.values_hash(rows)
    ]
    formatted = [
        str(owned[t]["title"])
        for t in targets
        if t in record.formats and record.formats[t] != prints.get(int(owned[t]["sheetId"]))
    ]
    if formatted and not changed:
        names = ", ".join(f"'{t}'" for t in formatted)
        raise SheetsSyncError(
            f"Någon har ändrat formateringen i {names} (färg, fetstil, anteckning eller liknande) "
            f"sedan finsam-xl skrev dit senast ({record.pushed_at}). Flytta egna ändringar till "
            "ett eget blad, eller kör med --force för att skriva över dem.",
            spreadsheet_id=spreadsheet_id,
            en=f"Someone has changed the formatting in {names} (colour, bold, a note or the "
            f"like) since finsam-xl last wrote there ({record.pushed_at}). Move your own changes "
            "to a sheet of your own, or run with --force to overwrite them.",
        )
    if changed:
        names = ", ".join(f"'{t}'" for t in changed)
        raise SheetsSyncError(
            f"Någon har skrivit i {names} sedan finsam-xl skrev dit senast ({record.pushed_at}): "
            "ett värde eller en formel skiljer sig. Flytta egna ändringar till ett eget blad, "
            "eller kör med --force för att skriva över dem.",
            spreadsheet_id=spreadsheet_id,
            en=f"Someone has written in {names} since finsam-xl last wrote there "
            f"({record.pushed_at}): a value or a formula differs. Move your own changes to a "
            "sheet of your own, or run with --force to overwrite them.",
        )


def _drop_staging(client: SheetsClient, spreadsheet_id: str, sheet_ids: list[int]) -> None:
    """Best effort: remove our hidden staging sheets; the next push removes any left over."""
    with contextlib.suppress(SheetsSyncError):  # hidden and marked: leaving them is harmless
        client.batch_update(
            spreadsheet_id, [{"deleteSheet": {"sheetId": s}} for s in sheet_ids], idempotent=False
        )


def _landed(client: SheetsClient, spreadsheet_id: str, push_id: str) -> bool:
    """After an ambiguous failure of the final step: did Google apply it anyway?"""
    try:
        meta = client.get_spreadsheet(spreadsheet_id, "developerMetadata")
    except SheetsSyncError:
        return False
    record = state.record_of(meta)
    return record is not None and record.push_id == push_id
