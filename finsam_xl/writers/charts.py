"""The "Diagram" sheet: förbrukat andel per insats, participants by kön, outcomes at exit.

Native Excel charts (they redraw when the data is edited and print sharply). Each chart reads a
small table on the Diagram sheet itself, so its source is visible and checkable, and so only
insatser with something to draw are categories (no empty slots for an insats that reported
nothing). The per-insats tables refer to Översikt's cells; the outcome table sums the Avslut
sheet over the reports in the overview's figures (the cover, finsam_xl.consolidation.cover), the
same exits Översikt counts. Every formula carries its result computed here.

Förbrukat andel rather than kronor: one 30 mkr insats would squash every other bar.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.overview.columns import UTFALL, YES_NO, Kind
from finsam_xl.overview.model import number
from finsam_xl.writers.printing import header_height

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

DIAGRAM_SHEET = "Diagram"
_CHART_COL = 4  # charts start in column E, right of the data tables in A:C
_ROW_PX = 20
_WIDTH_PX = 720
_COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F")
_WIDTHS = (34.0, 11.0, 11.0, 11.0)  # the data tables' columns A:D


def _ref(placed: PlacedTable, row: int, column: str) -> str:
    from finsam_xl.writers.master import quote_sheet

    cell = xl_rowcol_to_cell(placed.first_row + row, placed.columns[column], True, True)
    return f"={quote_sheet(placed.sheet)}!{cell}"


def add_charts(wb: Any, ws: Any, placed: dict[str, PlacedTable], fmts: dict[str, Any]) -> None:
    """Fill the Diagram sheet from the placed tables (insatser required, avslut optional)."""
    ins = placed["insatser"]
    ws.write_string(0, 0, "Diagram", fmts["title"])
    for col, width in enumerate(_WIDTHS):
        ws.set_column(col, col, width)
    model = ins.sheet_model
    if not model.rows:
        ws.write_string(2, 0, "Inga insatser att visa ännu.", fmts["subtitle"])
        return
    row = 2
    row = _insats_chart(
        wb, ws, ins, fmts, row,
        title="Förbrukat av beviljat per insats",
        series=[("forbrukat_andel", "Förbrukat av beviljat")],
        kind=Kind.ANDEL, subtype=None, axis_format="0%",
    )  # fmt: skip
    row = _insats_chart(
        wb, ws, ins, fmts, row,
        title="Deltagare totalt per insats och kön",
        series=[("deltagare_totalt_kvinnor", "Kvinnor"), ("deltagare_totalt_man", "Män"),
                ("deltagare_totalt_ej_angivet", "Kön ej angivet")],
        kind=Kind.ANTAL, subtype=None, axis_format="#,##0",
    )  # fmt: skip
    if "avslut" in placed:
        _outcome_chart(wb, ws, placed["avslut"], fmts, row)


def _insats_chart(
    wb: Any,
    ws: Any,
    ins: PlacedTable,
    fmts: dict[str, Any],
    top: int,
    *,
    title: str,
    series: list[tuple[str, str]],
    kind: Kind,
    subtype: str | None,
    axis_format: str,
) -> int:
    """A table (insats, one column per series) of the insatser with a figure, and its chart;
    returns the next free row."""
    model = ins.sheet_model
    present = [(c, n) for c, n in series if c in ins.columns]
    if not present or "insats_namn" not in ins.columns:
        return top
    name_i = model.ids.index("insats_namn")
    drawn = [
        r for r, values in enumerate(model.rows)
        if any(number(values[model.ids.index(c)]) is not None for c, _ in present)
    ]  # fmt: skip
    ws.write_string(top, 0, title, fmts["header"])
    for j, (_, name) in enumerate(present, start=1):
        ws.write_string(top, j, name, fmts["header"])
    ws.set_row(
        top, header_height([title, *(n for _, n in present)], list(_WIDTHS[: len(present) + 1]))
    )
    if not drawn:
        ws.write_string(top + 1, 0, "Ingen insats har redovisat detta ännu.", fmts["note"])
        return top + 3
    for i, r in enumerate(drawn, start=top + 1):
        ws.write_formula(i, 0, _ref(ins, r, "insats_namn"), fmts[Kind.TEXT],
                         str(model.rows[r][name_i] or ""))  # fmt: skip
        for j, (col, _) in enumerate(present, start=1):
            value = number(model.rows[r][model.ids.index(col)])
            cached: float | str = "" if value is None else value
            ws.write_formula(i, j, _ref(ins, r, col), fmts[kind], cached)
    last = top + len(drawn)
    chart = wb.add_chart({"type": "bar", **({"subtype": subtype} if subtype else {})})
    for j, (_, name) in enumerate(present, start=1):
        chart.add_series(
            {
                "name": name,
                "categories": [ws.get_name(), top + 1, 0, last, 0],
                "values": [ws.get_name(), top + 1, j, last, j],
                "fill": {"color": _COLOURS[(j - 1) % len(_COLOURS)]},
                "gap": 60,
                # Stacked labels of small parts print over each other: side by side instead.
                "data_labels": {
                    "value": True,
                    "num_format": axis_format,
                    **({} if subtype else {"position": "outside_end"}),
                },
                **({"overlap": 100} if subtype == "stacked" else {}),
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": axis_format, "major_gridlines": {"visible": True}})
    # Bars run bottom-up by default; reversed, they follow the table's order top-down, every
    # category labelled (interval 1), and crossing at the maximum keeps the axis under the bars.
    chart.set_y_axis(
        {"reverse": True, "crossing": "max", "interval_unit": 1, "num_font": {"size": 9}}
    )
    chart.set_legend({"position": "bottom"} if len(present) > 1 else {"none": True})
    height = max(260, 90 + 24 * len(drawn) * len(present))  # a bar per series and insats
    chart.set_size({"width": _WIDTH_PX, "height": height})
    ws.insert_chart(top, _CHART_COL, chart, {"x_offset": 4})
    return max(last + 2, top + math.ceil(height / _ROW_PX) + 1)


def _outcome_chart(wb: Any, ws: Any, avslut: PlacedTable, fmts: dict[str, Any], top: int) -> None:
    """Exits per outcome over the reports in the overview's figures, and its chart."""
    need = ("utfall", "antal", "i_oversikten")
    if not all(c in avslut.columns for c in need):
        return
    from finsam_xl.writers.totals import criteria

    model = avslut.sheet_model
    heading = "Avslut per utfall (insatsernas senaste täckande rapporter)"
    ws.write_string(top, 0, heading, fmts["header"])
    ws.write_string(top, 1, "Antal", fmts["header"])
    ws.set_row(top, header_height([heading, "Antal"], list(_WIDTHS[:2])))
    utfall, antal, used = (model.column(c) for c in need)
    yes = YES_NO["ja"]
    for i, label in enumerate(UTFALL.values(), start=top + 1):
        counted = [number(n) for u, n, k in zip(utfall, antal, used, strict=True)
                   if u == label and k == yes]  # fmt: skip
        cached = int(sum(n for n in counted if n is not None))
        ws.write_string(i, 0, label, fmts[Kind.TEXT])
        formula = (
            f"=SUMIFS({avslut.qualified('antal')},{avslut.qualified('utfall')},{criteria(label)},"
            f"{avslut.qualified('i_oversikten')},{criteria(yes)})"
        )
        ws.write_formula(i, 1, formula, fmts[Kind.ANTAL], cached)
    last = top + len(UTFALL)
    chart = wb.add_chart({"type": "bar"})  # horizontal: the long outcome labels stay readable
    chart.add_series(
        {
            "name": "Avslutade deltagare",
            "categories": [ws.get_name(), top + 1, 0, last, 0],
            "values": [ws.get_name(), top + 1, 1, last, 1],
            "fill": {"color": _COLOURS[0]},
            "data_labels": {"value": True},
        }
    )
    chart.set_title({"name": "Utfall vid avslut", "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "crossing": "max", "interval_unit": 1})
    chart.set_legend({"none": True})
    chart.set_size({"width": _WIDTH_PX, "height": 320})
    ws.insert_chart(top, _CHART_COL, chart, {"x_offset": 4})
