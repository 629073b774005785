"""The "Diagram" sheet: budget vs utfall per insats, participants by kön, outcomes at exit.

Native Excel charts (they redraw when the data is edited and print sharply), fed from the tables
on the other sheets. The one figure no table holds — exits per outcome over all insatser — is a
small SUMIFS table on the Diagram sheet itself, with cached results like every other formula, so
the chart's source is visible and checkable.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from finsam_xl.schema import CODE_LISTS
from finsam_xl.writers.layout import ColKind, label_for
from finsam_xl.writers.totals import criteria

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

DIAGRAM_SHEET = "Diagram"
_CHART_COL = 3  # charts start in column D, right of the outcome table in A:B
_ROW_PX = 20
_WIDTH_PX = 760
_OUTCOME_WIDTH_PX = 380  # columns A:C
_COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F")


def add_charts(wb: Any, ws: Any, placed: dict[str, PlacedTable], fmts: dict[str, Any]) -> None:
    """Fill the Diagram sheet from the placed tables (insatser required, avslut optional)."""
    ins = placed["insatser"]
    ws.write_string(0, 0, "Diagram", fmts["title"])
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 10)
    if ins.shown.empty:
        ws.write_string(2, 0, "Inga insatser att visa ännu.", fmts["subtitle"])
        return
    category = "insats_namn" if "insats_namn" in ins.columns else next(iter(ins.columns))
    height = max(300, 90 + 30 * len(ins.shown))  # room for every insats' name on the axis
    row = 2
    chart = _per_insats_chart(
        wb,
        ins,
        category,
        "Budget och utfall per insats",
        "clustered",
        [("budget_summa", "Budget"), ("utfall_ack_summa", "Utfall ackumulerat")],
        '#,##0, "tkr"',  # the trailing comma scales by 1 000: "1 800 tkr"
    )
    if chart is not None:
        chart.set_size({"width": _WIDTH_PX, "height": height})
        ws.insert_chart(row, _CHART_COL, chart, {"x_offset": 4})
        row += math.ceil(height / _ROW_PX) + 2
    chart = _per_insats_chart(
        wb,
        ins,
        category,
        "Deltagare totalt per insats och kön",
        "stacked",
        [("deltagare_totalt_kvinnor", "Kvinnor"), ("deltagare_totalt_man", "Män")],
        "#,##0",
    )
    if chart is not None:
        chart.set_size({"width": _WIDTH_PX, "height": height})
        ws.insert_chart(row, _CHART_COL, chart, {"x_offset": 4})
        row += math.ceil(height / _ROW_PX) + 2
    if "avslut" in placed:
        _outcome_chart(wb, ws, placed["avslut"], fmts)


def _per_insats_chart(
    wb: Any,
    ins: PlacedTable,
    category: str,
    title: str,
    subtype: str,
    series: list[tuple[str, str]],
    num_format: str,
) -> Any:
    present = [(col, name) for col, name in series if col in ins.columns]
    if not present:
        return None
    chart = wb.add_chart({"type": "bar", "subtype": subtype})
    cat = [ins.sheet, ins.first_row, ins.columns[category], ins.last_row, ins.columns[category]]
    for i, (col, name) in enumerate(present):
        c = ins.columns[col]
        chart.add_series(
            {
                "name": name,
                "categories": cat,
                "values": [ins.sheet, ins.first_row, c, ins.last_row, c],
                "fill": {"color": _COLOURS[i % len(_COLOURS)]},
                "gap": 60,
                **({"overlap": 100} if subtype == "stacked" else {}),
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": num_format, "major_gridlines": {"visible": True}})
    # Bars run bottom-up by default; reversed, they follow the table's order top-down, and
    # crossing at the (now bottom) maximum keeps the value axis under the bars.
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 9}})
    chart.set_legend({"position": "bottom"})
    return chart


def _outcome_chart(wb: Any, ws: Any, avslut: PlacedTable, fmts: dict[str, Any]) -> None:
    """A SUMIFS table of exits per outcome over the Avslut sheet, and its chart just below."""
    if "utfall" not in avslut.columns or "antal" not in avslut.columns:
        return
    top = 2
    ws.write_string(top, 0, "Avslut per utfall (alla insatser)", fmts["header"])
    ws.write_string(top, 1, "Antal", fmts["header"])
    counts = pd.to_numeric(avslut.shown["antal"], errors="coerce")
    labels = [label_for("utfall", code) for code in CODE_LISTS["utfall"].codes]
    for i, label in enumerate(labels):
        r = top + 1 + i
        cached = float(counts[avslut.shown["utfall"] == label].sum())
        ws.write_string(r, 0, label, fmts[ColKind.TEXT])
        antal, utfall = avslut.qualified("antal"), avslut.qualified("utfall")
        formula = f"=SUMIFS({antal},{utfall},{criteria(label)})"
        value = int(cached) if cached.is_integer() else cached
        ws.write_formula(r, 1, formula, fmts[ColKind.COUNT], value)
    last = top + len(labels)
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
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_legend({"none": True})
    # Under its own table in A:C, so the sheet's first printed page holds all three charts.
    chart.set_size({"width": _OUTCOME_WIDTH_PX, "height": 320})
    ws.insert_chart(last + 2, 0, chart)
