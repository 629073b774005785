"""Översikt's totals rows and the conditional formatting that draws the eye to what deviates.

The totals are the overview model's (finsam_xl.overview.model.totals): this module writes them
as formulas with those figures as cached results, so the figure is right before any program
recalculates and stays right if someone edits a row. A group's total refers to the group's
value written in its own row (the inriktning or förbund cell), never to submitted text copied
into a formula; SUMPRODUCT compares exactly (no wildcards, no operators read from the text) and
skips "ej redovisat" cells. Highlights are conditional formats, following edits and filters,
with the run's own settings (finsam-xl.toml) as thresholds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.config import Config
from finsam_xl.overview.columns import EJ_REDOVISAT, Kind
from finsam_xl.overview.model import RATIO, Total
from finsam_xl.writers.printing import LINE_PT, lines_needed

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

__all__ = ["add_overview_totals", "add_status_highlights", "criteria"]


def add_overview_totals(ws: Any, placed: PlacedTable, fmts: dict[str, Any]) -> list[int]:
    """Write the totals rows under the insatser table; returns their row numbers."""

    start = placed.last_row + 2
    ws.write_string(start, placed.label_col, "Summering", fmts["section"])
    rows: list[int] = []
    for i, total in enumerate(placed.sheet_model.totals):
        row = start + 1 + i
        rows.append(row)
        ws.write_string(row, placed.label_col, total.label, fmts[f"total_{Kind.LANGTEXT}"])
        label_id = placed.sheet_model.ids[placed.label_col]
        texts = [(total.label, placed.widths.get(label_id, 10.0))]  # each wraps in its column
        group = None
        if total.by is not None:
            group = xl_rowcol_to_cell(row, placed.columns[total.by], True, True)
            ws.write_string(row, placed.columns[total.by], str(total.value), fmts["note_wrap"])
            texts.append((str(total.value), placed.widths.get(total.by, 10.0)))
        for col, value in total.sums.items():
            c = placed.columns[col]
            formula = _sum_formula(placed, col, total.by, group)
            cached: int | float | str = EJ_REDOVISAT if value is None else value
            fmt = fmts["total_masked"] if value is None else fmts[f"total_{placed.kinds[col]}"]
            ws.write_formula(row, c, formula, fmt, cached)
        _ratio_cell(ws, placed, row, fmts, total, group)
        if "status" in placed.columns:
            # Wrapped in its own column: the note is the last printed column, and text running
            # past it is cut at the page's edge.
            c = placed.columns["status"]
            ws.write_string(row, c, total.note, fmts["note_wrap"])
            texts.append((total.note, placed.widths.get("status", 10.0)))
        lines = max(lines_needed(text, width, bold=True) for text, width in texts)
        if lines > 1:
            ws.set_row(row, LINE_PT * lines + 2)
    return rows


def _sum_formula(placed: PlacedTable, col: str, by: str | None, group: str | None) -> str:
    rng = placed.col_range(col)
    if by is None or group is None:
        return f'=IF(COUNT({rng})=0,"{EJ_REDOVISAT}",SUM({rng}))'
    match = f"--({placed.col_range(by)}={group})"
    count = f"SUMPRODUCT({match},--ISNUMBER({rng}))"
    return f'=IF({count}=0,"{EJ_REDOVISAT}",SUMPRODUCT({match},{rng}))'


def _ratio_cell(
    ws: Any, placed: PlacedTable, row: int, fmts: dict[str, Any], total: Total, group: str | None
) -> None:
    share, part, whole = RATIO
    if not all(c in placed.columns for c in RATIO):
        return
    p, w = placed.col_range(part), placed.col_range(whole)
    both = f"--ISNUMBER({p}),--ISNUMBER({w})"
    if total.by is not None and group is not None:
        both = f"--({placed.col_range(total.by)}={group}),{both}"
    # Over the insatser that reported both: beviljat of one without utfall is not spent money.
    num, den = f"SUMPRODUCT({both},{p})", f"SUMPRODUCT({both},{w})"
    formula = f'=IF({den}=0,"",{num}/{den})'
    cached: float | str = "" if total.ratio is None else total.ratio
    c = placed.columns[share]
    ws.write_formula(row, c, formula, fmts[f"total_{Kind.ANDEL}"], cached)
    ws.conditional_format(
        row, c, row, c, {"type": "cell", "criteria": ">", "value": 1, "format": fmts["red"]}
    )


def add_status_highlights(
    ws: Any, placed: PlacedTable, fmts: dict[str, Any], config: Config
) -> None:
    """Conditional formats per table: over budget, deviations, errors and warnings."""
    cols = placed.columns
    model = placed.sheet_model

    def rng(col: str) -> str:
        return placed.col_range(col, absolute=False)

    def ref(col: str) -> str:  # the column's cell in the first data row, row-relative
        return "$" + str(xl_rowcol_to_cell(placed.first_row, cols[col], False, False))

    def when(col: str, code: str, fmt: str, *, prefix: bool = False) -> None:
        # Match what the cell shows: the code's Swedish label (a status may add "(2 fel)").
        if col not in cols:
            return
        shown = model.columns[model.ids.index(col)].shown(code).replace('"', '""')
        if prefix:
            cell = ref(col)
            rule = {"type": "formula", "criteria": f'=LEFT({cell},{len(shown)})="{shown}"'}
        else:
            rule = {"type": "cell", "criteria": "==", "value": f'"{shown}"'}
        ws.conditional_format(rng(col), rule | {"format": fmts[fmt]})

    tid = placed.table_id
    if tid == "insatser":
        if "forbrukat_andel" in cols:
            ws.conditional_format(
                rng("forbrukat_andel"),
                {"type": "cell", "criteria": ">", "value": 1, "format": fmts["red"]},
            )
        if "utfall_ack_summa" in cols and "beviljat_belopp" in cols:
            u, b = ref("utfall_ack_summa"), ref("beviljat_belopp")
            ws.conditional_format(
                rng("utfall_ack_summa"),
                {
                    "type": "formula",
                    "criteria": f"=AND(ISNUMBER({u}),ISNUMBER({b}),{u}>{b})",
                    "format": fmts["red"],
                },
            )
        when("status", "fel", "red", prefix=True)
        when("status", "varningar", "amber")
        when("status", "saknar-rapport", "amber")
    elif tid == "budget":
        share = float(config.budgetavvikelse_andel)
        kronor = float(config.budgetavvikelse_kr)
        tests = []
        if "avvikelse_kr" in cols:
            tests.append(f"ABS(N({ref('avvikelse_kr')}))>{kronor:g}")
        if "avvikelse_andel" in cols:
            tests.append(f"ABS(N({ref('avvikelse_andel')}))>{share:g}")
        for col in ("avvikelse_kr", "avvikelse_andel"):
            if col in cols:
                ws.conditional_format(
                    rng(col),
                    {
                        "type": "formula",
                        "criteria": f"=AND({','.join(tests)})",
                        "format": fmts["amber"],
                    },
                )
    elif tid == "problem":
        when("severity", "error", "red")
        when("severity", "warning", "amber")
    elif tid == "kallor":
        when("status", "errors", "red")
        when("status", "unreadable", "red")
        when("status", "warnings", "amber")
        if "anvand" in cols:
            # A file whose figures are not used (superseded, excluded) is greyed out, row-wide.
            a, yes = ref("anvand"), model.columns[model.ids.index("anvand")].shown("ja")
            ws.conditional_format(
                placed.first_row,
                0,
                placed.last_row,
                len(cols) - 1,
                {
                    "type": "formula",
                    "criteria": f'=AND({a}<>"",{a}<>"{yes}")',
                    "format": fmts["grey"],
                },
            )
    elif tid == "saknade":
        when("status", "saknas", "red")
        when("status", "sen", "amber")
    elif tid == "mal":
        when("uppnatt", "nej", "amber")


def criteria(text: str) -> str:
    """A SUMIFS criterion matching one of our own labels exactly (wildcards escaped). Never
    used with submitted text: groups of submitted values compare through a cell instead."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"=' + escaped.replace('"', '""') + '"'
