"""Översikt's totals rows and the conditional formatting that draws the eye to what deviates.

Totals are SUMIFS/SUM formulas over plain A1 ranges (structured table references are not read
the same way everywhere), each written with its result computed here from the same values, so
the figure is right before any program recalculates and stays right if someone edits a row.
Highlights are conditional formats rather than fixed fills, so they follow edits and filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.config import DEFAULT
from finsam_xl.schema import CODE_LISTS
from finsam_xl.writers.layout import SUMMABLE, ColKind, label_for

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

RATIO = ("forbrukat_andel", "utfall_ack_summa", "beviljat_belopp")  # share, numerator, denominator


def criteria(text: str) -> str:
    """A SUMIFS criterion matching ``text`` exactly: wildcards and a leading operator escaped."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"=' + escaped.replace('"', '""') + '"'


def total_groups(placed: PlacedTable) -> list[tuple[str, str | None, str | None]]:
    """(label, column, value shown in that column) per totals row; the last row takes all."""
    groups: list[tuple[str, str | None, str | None]] = []
    if "inriktning" in placed.columns:
        for code in CODE_LISTS["inriktning"].codes:
            label = label_for("inriktning", code)
            groups.append((f"Summa {label.lower()}", "inriktning", label))
    names: list[str] = []
    if "forbund" in placed.columns:
        names = sorted({str(v) for v in placed.shown["forbund"] if v is not None})
    if len(names) > 1:
        groups += [(f"Summa {n}", "forbund", n) for n in names]
    groups.append(("Hela förbundet" if len(names) <= 1 else "Alla förbund", None, None))
    return groups


def add_overview_totals(ws: Any, placed: PlacedTable, fmts: dict[str, Any]) -> list[int]:
    """Write the totals rows under the insatser table; returns their row numbers."""
    start = placed.last_row + 2
    ws.write_string(start, placed.label_col, "Summering", fmts["section"])
    summed = [c for c, k in placed.kinds.items() if k in SUMMABLE]
    rows: list[int] = []
    for i, (label, by, value) in enumerate(total_groups(placed)):
        row = start + 1 + i
        rows.append(row)
        ws.write_string(row, placed.label_col, label, fmts[f"total_{ColKind.TEXT}"])
        mask = pd.Series(True, index=placed.shown.index)
        if by is not None:
            mask = placed.shown[by] == value
        sums: dict[str, int | float] = {}
        for col in summed:
            cached = _plain(pd.to_numeric(placed.shown[col], errors="coerce")[mask].sum())
            sums[col] = cached
            rng = placed.col_range(col)
            if by is None:
                formula = f"=SUM({rng})"
            else:
                formula = f"=SUMIFS({rng},{placed.col_range(by)},{criteria(str(value))})"
            c = placed.columns[col]
            ws.write_formula(row, c, formula, fmts[f"total_{placed.kinds[col]}"], cached)
        _ratio_cell(ws, placed, row, fmts, sums)
    return rows


def _ratio_cell(
    ws: Any, placed: PlacedTable, row: int, fmts: dict[str, Any], sums: dict[str, int | float]
) -> None:
    share, num, den = RATIO
    if not all(c in placed.columns for c in RATIO):
        return
    n_cell = xl_rowcol_to_cell(row, placed.columns[num])
    d_cell = xl_rowcol_to_cell(row, placed.columns[den])
    formula = f'=IF(N({d_cell})=0,"",{n_cell}/{d_cell})'
    # From the row's cached sums, exactly as the formula will compute it.
    num_v, den_v = sums.get(num, 0), sums.get(den, 0)
    cached: float | str = num_v / den_v if den_v else ""
    ws.write_formula(row, placed.columns[share], formula, fmts[f"total_{ColKind.PERCENT}"], cached)
    ws.conditional_format(
        row,
        placed.columns[share],
        row,
        placed.columns[share],
        {"type": "cell", "criteria": ">", "value": 1, "format": fmts["red"]},
    )


def _plain(value: object) -> int | float:
    number = float(value)  # type: ignore[arg-type]
    return int(number) if number.is_integer() else number


def _threshold(options: Mapping[str, object], name: str) -> float:
    value = options.get(name)
    if value is None:
        value = getattr(options.get("config"), name, None)
    if value is None:
        value = getattr(DEFAULT, name)
    return float(value) if isinstance(value, int | float | Decimal | str) else 0.0


def add_status_highlights(
    ws: Any, placed: PlacedTable, fmts: dict[str, Any], options: Mapping[str, object]
) -> None:
    """Conditional formats per table: over budget, deviations, errors and warnings."""
    cols = placed.columns

    def rng(col: str) -> str:
        return placed.col_range(col, absolute=False)

    def ref(col: str) -> str:  # the column's cell in the first data row, row-relative
        return "$" + str(xl_rowcol_to_cell(placed.first_row, cols[col], False, False))

    def when(col: str, code: str, fmt: str) -> None:
        # Match what the cell shows: the code's Swedish label.
        if col in cols:
            shown = label_for(col, code).replace('"', '""')
            ws.conditional_format(
                rng(col),
                {"type": "cell", "criteria": "==", "value": f'"{shown}"', "format": fmts[fmt]},
            )

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
        when("status", "fel", "red")
        when("status", "varningar", "amber")
        when("status", "saknar-rapport", "amber")
    elif tid == "budget":
        share = _threshold(options, "budgetavvikelse_andel")
        kronor = _threshold(options, "budgetavvikelse_kr")
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
            a, yes = ref("anvand"), label_for("anvand", "ja")
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
