"""The board's charts in the Google Sheet: ``addChart`` requests over the pushed board tables.

Which table, rows and columns each chart shows comes from finsam_xl.overview.board_charts, as
for the master's Styrelse page: the board year's rows (the same year the master shows by
default) of the chart's table, its category column and series columns. A table sorted by
förbund then year holds one year's rows apart; a chart's data may be several runs of rows
(Google: the domain and every series with as many source ranges, offset by offset alike), so
each run is one source, after the header row, which names the series.

Each chart sits on its table's sheet, right of the table. The ids of the charts finsam-xl put
on a sheet are kept in a developer-metadata entry on that sheet (``CHARTS_KEY``); a new push
deletes those charts (the ones still there) and that entry in the same atomic batchUpdate that
writes the tables, so pushing twice leaves each chart once. Charts people add are never touched.
Pure: builds requests, sends nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from finsam_xl.overview.board_charts import (
    BOARD_CHARTS,
    BoardChart,
    board_year,
    chart_title,
    year_runs,
)
from finsam_xl.sheets import state
from finsam_xl.sheets.tables import PreparedTable, column_width

CHARTS_KEY = "finsam-xl-diagram"
WIDTH, HEIGHT = 600, 340  # pixels


def _rgb(colour: str) -> dict[str, float]:
    return {k: int(colour[i : i + 2], 16) / 255 for k, i in (("red", 1), ("green", 3), ("blue", 5))}


def _sources(sheet_id: int, runs: list[tuple[int, int]], col: int) -> dict[str, Any]:
    """The header cell, then each run of data rows (grid row = data row + 1), in one column."""
    rows = [(0, 1)] + [(a + 1, b + 1) for a, b in runs]
    return {
        "sourceRange": {
            "sources": [
                {
                    "sheetId": sheet_id,
                    "startRowIndex": r0,
                    "endRowIndex": r1,
                    "startColumnIndex": col,
                    "endColumnIndex": col + 1,
                }
                for r0, r1 in rows
            ]
        }
    }


def chart_spec(
    chart: BoardChart, year: int, sheet_id: int, table: PreparedTable, runs: list[tuple[int, int]]
) -> dict[str, Any]:
    """A BAR chart (horizontal bars, as on the master's page) of ``chart`` over ``runs``."""
    ids = table.ids or []
    category = ids.index(chart.category[-1])
    cols = [ids.index(s.column) for s in chart.series]
    values = [[row[c] for c in cols] for a, b in runs for row in table.rows[a:b]]
    return {
        "title": chart_title(chart, year, values),
        "basicChart": {
            "chartType": "BAR",
            "legendPosition": "BOTTOM_LEGEND" if len(chart.series) > 1 else "NO_LEGEND",
            "headerCount": 1,
            "stackedType": "STACKED" if chart.stacked else "NOT_STACKED",
            "axis": [{"position": "BOTTOM_AXIS"}, {"position": "LEFT_AXIS"}],
            "domains": [{"domain": _sources(sheet_id, runs, category)}],
            "series": [
                {
                    "series": _sources(sheet_id, runs, ids.index(s.column)),
                    "targetAxis": "BOTTOM_AXIS",
                    "colorStyle": {"rgbColor": _rgb(s.colour)},
                    "dataLabel": {"type": "DATA"},
                }
                for s in chart.series
            ],
        },
    }


def our_charts(sheets: Iterable[Mapping[str, Any]]) -> dict[int, tuple[list[int], int | None]]:
    """Sheet id -> (ids of the charts finsam-xl put there and that are still there, the id of
    the metadata entry listing them), from a spreadsheets.get with charts and metadata."""
    out: dict[int, tuple[list[int], int | None]] = {}
    for sheet in sheets:
        meta = state.find_metadata(sheet.get("developerMetadata", []), CHARTS_KEY)
        if meta is None:
            continue
        try:
            listed = {int(i) for i in json.loads(str(meta.get("metadataValue", "[]")))}
        except (ValueError, TypeError):
            listed = set()  # an entry someone edited: its charts are no longer known as ours
        there = [int(c["chartId"]) for c in sheet.get("charts", []) if "chartId" in c]
        meta_id = meta.get("metadataId")
        out[int(sheet["properties"]["sheetId"])] = (
            [i for i in there if i in listed],
            int(meta_id) if meta_id is not None else None,
        )
    return out


def chart_requests(
    tables: Iterable[PreparedTable],
    sheet_ids: Mapping[str, int],
    old: Mapping[int, tuple[list[int], int | None]],
    new_id: Callable[[], int],
) -> list[dict[str, Any]]:
    """Delete the charts of the last push, then add the board's charts over ``tables`` (title ->
    sheet id in ``sheet_ids``), each sheet's new chart ids noted on it."""
    reqs: list[dict[str, Any]] = []
    for charts, meta_id in old.values():
        reqs += [{"deleteEmbeddedObject": {"objectId": c}} for c in charts]
        if meta_id is not None:
            reqs.append(state.delete_metadata(meta_id))
    by_id = {t.table_id: t for t in tables if t.table_id and t.ids}
    years = by_id.get("styrelse_ar")
    year = board_year(years.ids or [], years.rows) if years is not None else None
    if year is None:
        return reqs
    placed: dict[int, list[int]] = {}
    for chart in BOARD_CHARTS:
        table = by_id.get(chart.table)
        if table is None or table.title not in sheet_ids or not table.ids:
            continue
        runs = year_runs([r[table.ids.index("ar")] for r in table.rows], year)
        if not runs:
            continue
        sheet_id = sheet_ids[table.title]
        chart_id = new_id()
        on_sheet = placed.setdefault(sheet_id, [])
        last = table.width - 1
        reqs.append(
            {
                "addChart": {
                    "chart": {
                        "chartId": chart_id,
                        "spec": chart_spec(chart, year, sheet_id, table, runs),
                        "position": {
                            "overlayPosition": {
                                "anchorCell": {
                                    "sheetId": sheet_id,
                                    "rowIndex": 0,
                                    "columnIndex": last,
                                },
                                "offsetXPixels": column_width(table, last) + 20,
                                "offsetYPixels": len(on_sheet) * (HEIGHT + 20),
                                "widthPixels": WIDTH,
                                "heightPixels": HEIGHT,
                            }
                        },
                    }
                }
            }
        )
        on_sheet.append(chart_id)
    for sheet_id, ids in placed.items():
        reqs.append(state.marker(CHARTS_KEY, sheet_id=sheet_id, value=json.dumps(ids)))
    return reqs


__all__ = ["CHARTS_KEY", "chart_requests", "chart_spec", "our_charts"]
