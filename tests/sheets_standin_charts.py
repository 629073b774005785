"""The stand-in's embedded charts: ``addChart`` and ``deleteEmbeddedObject``, as Google checks them.

The discovery schemas (tests/sheets_discovery.py) already refuse unknown fields and wrong types;
these are the rules Google adds, each answered 400 INVALID_ARGUMENT with Google's error shape:

* a chart needs a spec with exactly one kind of chart and a position; an id already used by
  another object is refused;
* every sheet id (anchor cell, each source range) must exist and be a grid, every range and the
  anchor cell must lie inside the grid;
* a basic chart needs a chartType and at least one series; each ChartData needs source ranges
  one row or one column wide, all the same way; the domain and every series have as many source
  ranges, and the ranges at one offset are as long;
* deleteEmbeddedObject needs an object that exists.

Kept apart from sheets_standin_ops so other helpers' stand-in additions merge cleanly.
"""

from __future__ import annotations

import copy
from typing import Any

from sheets_standin_model import ApiError, Book, Sheet, grid_bounds

_KINDS = (
    "basicChart",
    "pieChart",
    "bubbleChart",
    "candlestickChart",
    "orgChart",
    "histogramChart",
    "waterfallChart",
    "treemapChart",
    "scorecardChart",
)


def _bad(message: str) -> ApiError:
    return ApiError(400, f"Invalid requests[0].addChart: {message}")


def _grid(book: Book, sheet_id: Any) -> Sheet:
    try:
        sheet = book.sheet_by_id(int(sheet_id))
    except ApiError as exc:
        raise _bad(exc.message) from exc
    if not sheet.is_grid:
        raise _bad(f"sheet {sheet.id} is not a grid sheet")
    return sheet


def _lengths(book: Book, data: dict[str, Any], where: str) -> list[int]:
    """The length of each source range of one ChartData, after checking it as Google does."""
    sources = data.get("sourceRange", {}).get("sources", [])
    if not sources:
        raise _bad(f"{where} has no source ranges.")
    lengths, ways = [], set()
    for g in sources:
        sheet = _grid(book, g.get("sheetId", 0))
        r0, r1, c0, c1 = grid_bounds(sheet, g)
        if not (0 <= r0 < r1 <= sheet.rows and 0 <= c0 < c1 <= sheet.cols):
            raise _bad(
                f"Range exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}"
            )
        if r1 - r0 != 1 and c1 - c0 != 1:
            raise _bad(f"{where}: a source range must be one row or one column.")
        way = "column" if c1 - c0 == 1 else "row"
        ways.add(way)
        lengths.append(r1 - r0 if way == "column" else c1 - c0)
    if len(ways) > 1:
        raise _bad(f"{where}: all source ranges must have the same dimension with length 1.")
    return lengths


def _check_basic(book: Book, basic: dict[str, Any]) -> None:
    if not basic.get("chartType"):
        raise _bad("chartType is required.")
    series = basic.get("series", [])
    if not series:
        raise _bad("A chart must have at least one series.")
    domains = basic.get("domains", [])
    if len(domains) > 1:
        raise _bad("Only a single domain is supported.")
    shapes = [_lengths(book, s.get("series", {}), f"series[{i}]") for i, s in enumerate(series)]
    if domains:
        shapes.insert(0, _lengths(book, domains[0].get("domain", {}), "domain"))
    if any(len(s) != len(shapes[0]) for s in shapes):
        raise _bad("The domain and all series must have the same number of source ranges.")
    if any(s != shapes[0] for s in shapes):
        raise _bad("Source ranges at the same offset must be of the same length.")


def _objects(book: Book) -> set[int]:
    return {int(c["chartId"]) for s in book.sheets for c in s.charts} | {s.id for s in book.sheets}


def add_chart(book: Book, req: dict[str, Any]) -> dict[str, Any]:
    chart = copy.deepcopy(req.get("chart") or {})
    spec, position = chart.get("spec"), chart.get("position")
    if not spec:
        raise _bad("chart.spec is required.")
    kinds = [k for k in _KINDS if k in spec]
    if len(kinds) != 1:
        raise _bad("The chart spec must have exactly one type of chart.")
    if not position:
        raise _bad("chart.position is required.")
    if "chartId" in chart and int(chart["chartId"]) in _objects(book):
        raise _bad(f"An object with id {chart['chartId']} already exists.")
    if kinds[0] == "basicChart":
        _check_basic(book, spec["basicChart"])
    overlay = position.get("overlayPosition")
    if overlay is not None:
        anchor = overlay.get("anchorCell") or {}
        sheet = _grid(book, anchor.get("sheetId", 0))
        row, col = anchor.get("rowIndex", 0), anchor.get("columnIndex", 0)
        if not (0 <= row < sheet.rows and 0 <= col < sheet.cols):
            raise _bad(f"The anchor cell ({row}, {col}) is outside the grid of sheet {sheet.id}.")
    elif "sheetId" in position:
        sheet = book.sheet_by_id(int(position["sheetId"]))
    else:
        raise ApiError(501, "stand-in: only overlayPosition and sheetId positions are implemented")
    chart.setdefault("chartId", book.new_id())
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def delete_embedded_object(book: Book, req: dict[str, Any]) -> None:
    object_id = int(req.get("objectId", -1))
    for sheet in book.sheets:
        for chart in sheet.charts:
            if int(chart["chartId"]) == object_id:
                sheet.charts.remove(chart)
                return
    raise ApiError(400, f"Invalid requests[0].deleteEmbeddedObject: No object with id: {object_id}")


CHART_HANDLERS = {"addChart": add_chart, "deleteEmbeddedObject": delete_embedded_object}
