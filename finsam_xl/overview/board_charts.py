"""The board's charts, declared once: which table, which rows and columns each one shows.

The master's Styrelse page (finsam_xl.writers.styrelse) draws them over its copies of these
tables' rows for the board's year; the Google Sheet (finsam_xl.sheets.charts) over the same rows
and columns of the pushed tables. Pure: no I/O, no writer library.

Amounts are shown in tkr or mkr (``money_unit``) with the unit in the axis title, so the value
axis and the data labels stay short and never run into each other.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from finsam_xl.overview.columns import Kind


@dataclass(frozen=True)
class Series:
    column: str  # a column id of the chart's table
    label: str
    colour: str  # "#RRGGBB"


@dataclass(frozen=True)
class BoardChart:
    key: str
    title: str  # "{year}" is replaced by the board's year
    table: str  # a table id of the overview model
    category: tuple[str, ...]  # the column(s) naming a bar; the Sheet shows the last one
    series: tuple[Series, ...]
    stacked: bool
    kind: Kind  # KRONOR, ANDEL or ANTAL: how values are labelled

    def title_for(self, year: int) -> str:
        return self.title.format(year=year)


BLUE, ORANGE, GREY, GREEN = "#1F4E79", "#C55A11", "#7F7F7F", "#70AD47"

MONEY = BoardChart(
    "pengar",
    "Årets pengar {year}",
    "styrelse_ar",
    ("forbund",),
    (
        Series("administrativa_kostnader_budget", "Kansli", GREY),
        Series("beslutat_insatser", "Insatser", BLUE),
        Series("kvar_att_besluta", "Kvar att besluta om", GREEN),
    ),
    stacked=True,
    kind=Kind.KRONOR,
)
SPENT = BoardChart(
    "forbrukat",
    "Förbrukat av årets medel per insats",
    "styrelse_insatser",
    ("insats_namn",),
    (Series("forbrukat_andel", "Förbrukat", BLUE),),
    stacked=False,
    kind=Kind.ANDEL,
)
PEOPLE = BoardChart(
    "deltagare",
    "Deltagit under {year} per kön",
    "uppfoljning_finsam",
    ("insats_namn",),
    (
        Series("deltagare_kvinnor", "Kvinnor", BLUE),
        Series("deltagare_man", "Män", ORANGE),
        Series("deltagare_ej_angivet", "Kön ej angivet", GREY),
    ),
    stacked=True,
    kind=Kind.ANTAL,
)
MEMBERS = BoardChart(
    "medlemmar",
    "Insatsmedel och medlemsbidrag {year} per part",
    "styrelse_medlemmar",
    ("huvudman_part_typ", "huvudman_kommun"),
    (
        Series("medel_andel", "Andel av insatsmedlen", BLUE),
        Series("bidrag_andel", "Andel av medlemsbidragen", ORANGE),
    ),
    stacked=False,
    kind=Kind.ANDEL,
)
BOARD_CHARTS = (MONEY, SPENT, PEOPLE, MEMBERS)


@dataclass(frozen=True)
class Unit:
    """How amounts are shown: ``divisor`` kronor per unit, Excel/Sheets number formats."""

    name: str  # "tkr" / "mkr"
    divisor: int
    label_format: str  # data labels
    axis_format: str  # the value axis
    major: float  # the axis step, in kronor

    @property
    def axis_title(self) -> str:
        return "Miljoner kronor" if self.name == "mkr" else "Tusental kronor"


def money_unit(largest: float) -> Unit:
    """mkr with one decimal from 1 mkr up, else tkr; an axis of at most five steps that are
    1, 2 or 5 times a power of ten (so its labels never crowd)."""
    mkr = largest >= 1_000_000
    divisor = 1_000_000 if mkr else 1_000
    step = nice_step(largest / divisor, 5) * divisor if largest > 0 else divisor
    whole = step % divisor == 0
    scale = ",," if mkr else ","  # a trailing comma divides by a thousand
    label = f"#,##0.0{scale}" if mkr else f"#,##0{scale}"
    axis = f"#,##0{scale}" if whole else f"#,##0.0{scale}"
    return Unit("mkr" if mkr else "tkr", divisor, label, axis, step)


def nice_step(largest: float, steps: int) -> float:
    """The smallest 1/2/5 × 10ⁿ step that covers ``largest`` in at most ``steps`` steps."""
    if largest <= 0:
        return 1.0
    raw = largest / steps
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def board_year(ids: Sequence[str], rows: Sequence[Sequence[object]]) -> int | None:
    """The year the board is shown by default, from ``styrelse_ar``'s rows (column ``ids``): the
    latest with insats utfall or the förbund's contributions known, else the latest."""
    if not rows:
        return None
    ar, ut, till = (ids.index(c) for c in ("ar", "utfall_insatser", "tilldelade_medel"))
    years = [(int(y), r) for r in rows if (y := _number(r[ar])) is not None]
    told = [y for y, r in years if _number(r[ut]) is not None or _number(r[till]) is not None]
    return max(told or [y for y, _ in years], default=None)


def year_runs(years: Sequence[object], year: int) -> list[tuple[int, int]]:
    """The rows (0-based, end exclusive) holding ``year``, as runs of consecutive rows: a
    table sorted by förbund then year holds one year's rows apart."""
    runs: list[tuple[int, int]] = []
    for i, y in enumerate(years):
        if _number(y) == year:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
    return runs


def chart_title(chart: BoardChart, year: int, values: Sequence[Sequence[object]]) -> str:
    """``chart``'s title over bars of ``values`` (per bar, its series' shown values). A bar with
    no figure (ej redovisat, or masked) is drawn as nothing, which reads as 0: then the title
    says how many bars have figures."""
    title = chart.title_for(year)
    told = sum(1 for row in values if any(_number(v) is not None for v in row))
    return title if told == len(values) else f"{title} – siffror för {told} av {len(values)}"


def _number(value: object) -> float | None:
    """A shown value as a number; None for "ej redovisat", a flag, empty or NaN."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)


def stacked_total(rows: Sequence[Sequence[float | None]]) -> float:
    """The longest bar of a stacked chart: the largest row sum (unknown counts as nothing)."""
    sums = [sum(float(v) for v in row if v is not None and v > 0) for row in rows]
    return max(sums, default=0.0)


__all__ = [
    "BOARD_CHARTS",
    "MEMBERS",
    "MONEY",
    "PEOPLE",
    "SPENT",
    "BoardChart",
    "Series",
    "Unit",
    "board_year",
    "chart_title",
    "money_unit",
    "nice_step",
    "stacked_total",
    "year_runs",
]
