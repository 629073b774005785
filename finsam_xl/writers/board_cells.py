"""Cells and charts the board pages share (finsam_xl.writers.styrelse, styrelse_insats).

A board cell is a formula referring to a table cell, carrying the overview model's value as its
cached result, so a reader that never recalculates sees the model's figure and LibreOffice's
recalculation can be compared with it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.overview.columns import EJ_REDOVISAT, MEASURES, Kind

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

CHART_W, CHART_H = 500, 220  # 11 rows of 20 px
HEADER_PT = 30.0  # a header row: two lines of bold 10 pt
EXCEL_EPOCH = dt.date(1899, 12, 30)
COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F")


def ref(placed: PlacedTable, row: int, column: str) -> str:
    from finsam_xl.writers.master import quote_sheet

    cell = xl_rowcol_to_cell(placed.first_row + row, placed.columns[column], True, True)
    return f"{quote_sheet(placed.sheet)}!{cell}"


def copy_formula(placed: PlacedTable, row: int, column: str) -> str:
    """A formula showing a table cell; an empty cell stays empty (a bare reference shows 0)."""
    cell = ref(placed, row, column)
    return f'=IF(ISBLANK({cell}),"",{cell})'


def value_at(placed: PlacedTable, row: int, column: str) -> object:
    return placed.sheet_model.rows[row][placed.sheet_model.ids.index(column)]


def put(ws: Any, row: int, col: int, formula: str, value: object, kind: Kind, fmts: Any) -> None:
    """A formula with the model's value cached; a text value (ej redovisat) right-aligned grey."""
    if value is None:
        value = ""
    elif isinstance(value, dt.date):  # a cached result is a number: the date's serial
        value = (value - EXCEL_EPOCH).days
    fmt = fmts["masked"] if isinstance(value, str) and kind in MEASURES else fmts[kind]
    ws.write_formula(row, col, formula, fmt, value)


def copy_cells(
    ws: Any, row: int, first_col: int, placed: PlacedTable, r: int, columns: list[str], fmts: Any
) -> None:
    """Table row ``r``'s ``columns`` shown from ``first_col`` on: formulas onto the table, with
    the model's values cached."""
    for c, column in enumerate(columns, start=first_col):
        value = value_at(placed, r, column)
        put(ws, row, c, copy_formula(placed, r, column), value, placed.kinds[column], fmts)


def guarded(parts: list[str], expr: str) -> str:
    """``expr`` when every part is a number, else "ej redovisat" (missing is not zero)."""
    test = ",".join(f"ISNUMBER({p})" for p in parts)
    return f'=IF(AND({test}),{expr},"{EJ_REDOVISAT}")'


def header_row(ws: Any, row: int, labels: list[str], fmts: Any) -> None:
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, fmts["header"])
    ws.set_row(row, HEADER_PT)


def bar_chart(
    wb: Any,
    ws: Any,
    title: str,
    categories: list[Any],
    series: list[tuple[str, list[Any], str]],
    *,
    stacked: bool,
    num_format: str,
    axis: dict[str, Any] | None = None,
    hidden_labels: list[set[int]] | None = None,
) -> Any:
    """A horizontal bar chart, 10 pt text; ``axis`` adds to the value axis (unit title, step,
    maximum), ``hidden_labels`` lists per series the points whose data label would not fit
    inside its segment (a stacked bar's narrow part)."""
    chart = wb.add_chart({"type": "bar", **({"subtype": "stacked"} if stacked else {})})
    # A stacked bar's zero part has no width: its label (an empty zero section) would be a
    # stray "0" at the bar's end.
    labels = f"{num_format};-{num_format};" if stacked and ";" not in num_format else num_format
    for n, (name, values, colour) in enumerate(series):
        hide = hidden_labels[n] if hidden_labels else set()
        points = values[3] - values[1] + 1
        custom = [{"delete": True} if i in hide else None for i in range(points)]
        chart.add_series(
            {
                "name": name,
                "categories": categories,
                "values": values,
                "fill": {"color": colour},
                "gap": 60,
                **({"overlap": 100} if stacked else {}),
                "data_labels": {
                    "value": True,
                    "num_format": labels,
                    # inside a stacked bar: white on the bar's colour; else black beside it
                    "font": {"size": 10, **({"color": "#FFFFFF"} if stacked else {})},
                    **({"custom": custom} if hide else {}),
                    **({} if stacked else {"position": "outside_end"}),
                },
            }
        )
    # 10 pt everywhere: the page is printed a little under 100 % and must stay ≥ 8 pt.
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis(
        {
            "num_format": num_format,
            "major_gridlines": {"visible": True},
            "num_font": {"size": 10},
            **({"name_font": {"size": 10, "bold": False}} if axis and "name" in axis else {}),
            **(axis or {}),
        }
    )
    chart.set_y_axis(
        {"reverse": True, "crossing": "max", "interval_unit": 1, "num_font": {"size": 10}}
    )
    chart.set_legend(
        {"position": "bottom", "font": {"size": 10}} if len(series) > 1 else {"none": True}
    )
    chart.set_size({"width": CHART_W, "height": CHART_H})
    return chart
