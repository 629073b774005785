"""The overview as the board sees it, computed once and rendered alike by every door.

``overview(consolidation)`` turns the consolidation's tables (machine values: codes, whole
kronor, fractions, dates, empty for unknown) into sheets of *shown* values: Swedish code labels,
"ej redovisat" / "ej läsbart" where a figure is missing, "Komplettering begärd (2 fel)" as a
status, plus the number format of every column and Översikt's totals with what they cover. The
master workbook, the Excel button and the Google Sheet write exactly these values and formats;
only the master adds formulas (whose cached results are these totals) and charts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

import pandas as pd

from finsam_xl.config import DEFAULT, Config
from finsam_xl.overview.columns import (
    BOARD_TABLES,
    EJ_LASBART,
    EJ_REDOVISAT,
    MEASURES,
    SUMMABLE,
    TABLES,
    YES_NO,
    Column,
    Kind,
)

EXCEL_MAX_TEXT = 32_767
UNREADABLE_ATTR = "ej_lasbart"  # set by finsam_xl.consolidation.overview
# Sheet order: what the board reads first, the evidence last; tables not listed follow.
SHEET_ORDER = (
    "insatser",
    "budget",
    "deltagare",
    "avslut",
    "avslutsorsak",
    "forsorjning",
    "sysselsattning",
    "tid_forsorjning",
    "mal",
    "uppfoljning_finsam",
    "styrelse_ar",  # the board's view per year (finsam_xl.overview.styrelse)
    "styrelse_insatser",
    "styrelse_medlemmar",
    "uf_insatser",
    "uf_insatsbudget",
    "uf_deltagare",
    "uf_forbundet",
    "uf_tilldelade_medel",
    "saknade",
    "paminnelser",
    "problem",
    "kallor",
)
# only when a register (saknade, påminnelser) or the förbund's economy (uf_*) gave them rows;
# the board's tables only when there is an insats or a förbund year to show
OPTIONAL = frozenset(
    {"saknade", "paminnelser", "uf_forbundet", "uf_tilldelade_medel", *BOARD_TABLES}
)
RATIO = ("forbrukat_andel", "utfall_ack_summa", "beviljat_belopp")  # share, part, whole


class ConsolidationLike(Protocol):
    @property
    def tables(self) -> Mapping[str, pd.DataFrame]: ...
    @property
    def options(self) -> Mapping[str, object]: ...


@dataclass(frozen=True)
class Total:
    """One totals row under Översikt: a group (``by`` column = ``value``) or everything."""

    label: str
    by: str | None
    value: str | None  # the value as shown in the ``by`` column
    # summable column -> sum over the group's reported figures; None when none was reported
    sums: dict[str, int | float | None]
    ratio: float | None  # förbrukat over insatser that reported both utfall and beviljat
    note: str  # what the row covers, in words


@dataclass
class Sheet:
    """One table as shown: header, rows of shown values, a format per column."""

    table_id: str
    title: str
    columns: list[Column]
    rows: list[list[object]]
    totals: list[Total] = field(default_factory=list)
    # (row, column id) -> (table id, row) the cell links to, e.g. a status to its first problem
    links: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)

    # The column ids, made once: the board pages look a column up per row of every table.
    _ids: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def ids(self) -> list[str]:
        ids = self._ids
        if ids is None or len(ids) != len(self.columns):
            ids = self._ids = [c.id for c in self.columns]
        return ids

    @property
    def header(self) -> list[str]:
        return [c.sv for c in self.columns]

    @property
    def formats(self) -> list[str | None]:
        return [c.number_format for c in self.columns]

    def column(self, column_id: str) -> list[object]:
        i = self.ids.index(column_id)
        return [row[i] for row in self.rows]


@dataclass
class Overview:
    sheets: dict[str, Sheet]  # table id -> sheet, in workbook order
    config: Config

    def titled(self) -> dict[str, Sheet]:
        return {s.title: s for s in self.sheets.values()}


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA all mean an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in {"NAType", "NaTType"}


def shown(column: Column, value: object) -> object:
    """A machine value as the board reads it (empty stays None)."""
    if is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars -> Python
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        if column.kind is Kind.FLAGGA:
            return YES_NO.get(value, value)
        text = column.shown(value)
        return text if len(text) <= EXCEL_MAX_TEXT else text[: EXCEL_MAX_TEXT - 1] + "…"
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer() and column.kind in SUMMABLE:
        return int(value)
    return value


def _columns(table_id: str, df: pd.DataFrame) -> list[Column]:
    spec = TABLES.get(table_id) or BOARD_TABLES.get(table_id)
    out = []
    for col in df.columns:
        known = spec.by_id.get(str(col)) if spec else None
        out.append(known or Column(str(col), str(col).replace("_", " ").capitalize(), Kind.TEXT))
    return out


def _shown_column(column: Column, series: pd.Series) -> list[object]:
    """``shown`` for a whole column: numbers in bulk, other values once per distinct value (a
    master holds up to ~10⁶ cells, and a column repeats few distinct ids, codes and files)."""
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    if numeric and column.kind in MEASURES | {Kind.AR}:
        missing = series.isna().to_numpy()
        values = series.astype(object).tolist()
        if series.dtype.kind == "f" and column.kind in SUMMABLE:
            values = [int(v) if not gone and float(v).is_integer() else v
                      for v, gone in zip(values, missing, strict=True)]  # fmt: skip
        return [None if gone else v for v, gone in zip(values, missing, strict=True)]
    memo: dict[tuple[type, object], object] = {}  # by type too: True == 1, yet they differ
    out: list[object] = []
    for v in series.tolist():
        try:
            key = (type(v), v)
            out.append(memo[key] if key in memo else memo.setdefault(key, shown(column, v)))
        except TypeError:  # unhashable: no memo
            out.append(shown(column, v))
    return out


def _sheet(table_id: str, df: pd.DataFrame) -> Sheet:
    columns = _columns(table_id, df)
    spec = TABLES.get(table_id) or BOARD_TABLES.get(table_id)
    title = spec.sv if spec else table_id
    values = [_shown_column(c, df[c.id]) for c in columns]
    rows = [list(r) for r in zip(*values, strict=True)] if values else []
    return Sheet(table_id, title, columns, rows)


def _mark_missing(sheet: Sheet, df: pd.DataFrame) -> None:
    """Empty board figures say why: not reported, or reported but unreadable."""
    lost: Mapping[str, list[str]] = df.attrs.get(UNREADABLE_ATTR, {})
    keys = df["insats_id"].tolist() if "insats_id" in df.columns else [None] * len(df)
    for c, column in enumerate(sheet.columns):
        if not column.says_missing:
            continue
        for r, row in enumerate(sheet.rows):
            if row[c] is None:
                row[c] = EJ_LASBART if column.id in lost.get(str(keys[r]), ()) else EJ_REDOVISAT


def _status_texts(sheet: Sheet, df: pd.DataFrame) -> None:
    if "status" not in sheet.ids or "antal_fel" not in df.columns:
        return
    s = sheet.ids.index("status")
    for r, (code, errors) in enumerate(zip(df["status"], df["antal_fel"], strict=True)):
        if code == "fel" and not is_missing(errors):
            sheet.rows[r][s] = f"{sheet.columns[s].shown('fel')} ({int(errors)} fel)"


def _links(sheet: Sheet, df: pd.DataFrame, problem: pd.DataFrame | None) -> None:
    """A status that is not OK links to the insats' first row in Problem."""
    if problem is None or problem.empty or "status" not in df.columns:
        return
    first: dict[tuple[str, str], int] = {}
    for i, (key, severity) in enumerate(
        zip(problem["insats_id"], problem["severity"], strict=True)
    ):
        if not is_missing(key):
            first.setdefault((str(key), str(severity)), i)
    for r, (key, code) in enumerate(zip(df["insats_id"], df["status"], strict=True)):
        wanted = {"fel": "error", "varningar": "warning"}.get(str(code))
        if wanted and (str(key), wanted) in first:
            sheet.links[(r, "status")] = ("problem", first[(str(key), wanted)])


def number(value: object) -> float | None:
    """A shown value as a number, None for text ("ej redovisat", "<5"), flags and empty."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if isinstance(value, float) and math.isnan(value) else float(value)


def totals(sheet: Sheet) -> list[Total]:
    """Översikt's totals: per inriktning, per förbund when there are several, then all."""
    ids = sheet.ids
    groups: list[tuple[str, str | None, str | None]] = []
    if "inriktning" in ids:
        column = sheet.columns[ids.index("inriktning")]
        for label in (column.codes or {}).values():
            groups.append((f"Summa {label.lower()}", "inriktning", label))
    names = sorted({str(v) for v in sheet.column("forbund") if v is not None}) if (
        "forbund" in ids) else []  # fmt: skip
    if len(names) > 1:
        groups += [(f"Summa {n}", "forbund", n) for n in names]
    groups.append(("Hela förbundet" if len(names) <= 1 else "Alla förbund", None, None))
    summed = [(c.id, ids.index(c.id)) for c in sheet.columns if c.kind in SUMMABLE]
    # each row in its groups, read once (a group per förbund of a national roll-up: read per
    # group, the rows would be read once per förbund)
    grouped: dict[tuple[str, object], list[list[object]]] = {}
    for grouping in {by for _, by, _ in groups if by is not None}:
        at = ids.index(grouping)
        for r in sheet.rows:
            grouped.setdefault((grouping, r[at]), []).append(r)
    out = []
    for label, by, value in groups:
        rows = sheet.rows if by is None else grouped.get((by, value), [])
        if by is not None and not rows:
            continue  # no insats of that inriktning: no row saying 0
        sums: dict[str, int | float | None] = {}
        for col, at in summed:
            numbers = [n for r in rows if (n := number(r[at])) is not None]
            total = sum(numbers)
            sums[col] = (int(total) if float(total).is_integer() else total) if numbers else None
        out.append(Total(label, by, value, sums, _ratio(ids, rows), _note(ids, rows)))
    return out


def _ratio(ids: list[str], rows: list[list[object]]) -> float | None:
    if not all(c in ids for c in RATIO):
        return None
    part_i, whole_i = ids.index(RATIO[1]), ids.index(RATIO[2])
    pairs = [(number(r[part_i]), number(r[whole_i])) for r in rows]
    both = [(p, w) for p, w in pairs if p is not None and w is not None]
    whole = sum(w for _, w in both)
    return sum(p for p, _ in both) / whole if whole else None


def _note(ids: list[str], rows: list[list[object]]) -> str:
    """ "Utfall från 4 av 6 insatser; 1 med komplettering begärd"."""
    n = len(rows)
    parts = []
    if "utfall_ack_summa" in ids:
        told = sum(1 for r in rows if number(r[ids.index("utfall_ack_summa")]) is not None)
        parts.append(f"utfall från {told} av {n}")
    if "status" in ids:
        asked = sum(1 for r in rows if str(r[ids.index("status")]).startswith("Komplettering"))
        if asked:
            parts.append(f"{asked} med komplettering")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def overview(consolidation: ConsolidationLike) -> Overview:
    """The sheets every door shows, in workbook order."""
    from finsam_xl.overview.styrelse import board_tables

    tables = {
        **consolidation.tables,
        **board_tables(consolidation.tables, getattr(consolidation, "forbundsar", ())),
    }
    present = [t for t in tables if not (t in OPTIONAL and tables[t].empty)]
    ordered = [t for t in SHEET_ORDER if t in present] + [
        t for t in present if t not in SHEET_ORDER
    ]
    sheets: dict[str, Sheet] = {}
    for table_id in ordered:
        df = tables[table_id]
        sheet = _sheet(table_id, df)
        if table_id == "insatser":
            _status_texts(sheet, df)
            _links(sheet, df, tables.get("problem"))
            _mark_missing(sheet, df)
            sheet.totals = totals(sheet)
        elif table_id == "uppfoljning_finsam" or table_id in BOARD_TABLES:
            _mark_missing(sheet, df)
        sheets[table_id] = sheet
    config = getattr(consolidation, "config", None)  # a run's settings travel with it
    return Overview(sheets, config if isinstance(config, Config) else DEFAULT)


def frames(view: Overview) -> dict[str, pd.DataFrame]:
    """Each sheet's grid (rows and totals, see ``grid``) as a DataFrame of shown values under
    Swedish headers, for a door that takes frames (Google Sheets); each column's kind and
    number format travel in ``attrs["kinds"]`` and ``attrs["number_formats"]``, the table and
    column ids in ``attrs["table_id"]`` and ``attrs["ids"]``."""
    out: dict[str, pd.DataFrame] = {}
    for sheet in view.sheets.values():
        df = pd.DataFrame(grid(sheet)[1:], columns=sheet.header, dtype=object)
        df.attrs["kinds"] = [c.kind.value for c in sheet.columns]
        df.attrs["number_formats"] = sheet.formats
        df.attrs["table_id"] = sheet.table_id  # which table and columns: for the board's charts
        df.attrs["ids"] = sheet.ids
        out[sheet.title] = df
    return out


def grid(sheet: Sheet) -> list[list[Any]]:
    """The sheet as every door lays it out: header, rows, and under Översikt a blank row, the
    heading "Summering" and one row per total (label, sums, share, what it covers)."""
    out: list[list[Any]] = [sheet.header, *sheet.rows]
    if not sheet.totals:
        return out
    ids = sheet.ids
    label_col = label_column(sheet)
    width = len(ids)
    out.append([None] * width)
    heading: list[Any] = [None] * width
    heading[label_col] = "Summering"
    out.append(heading)
    for total in sheet.totals:
        row: list[Any] = [None] * width
        row[label_col] = total.label
        if total.by is not None:
            row[ids.index(total.by)] = total.value
        for col, value in total.sums.items():
            row[ids.index(col)] = EJ_REDOVISAT if value is None else value
        if RATIO[0] in ids:
            row[ids.index(RATIO[0])] = total.ratio
        if "status" in ids:
            row[ids.index("status")] = total.note
        out.append(row)
    return out


def label_column(sheet: Sheet) -> int:
    """Where a totals row's label goes: the insats name column (always shown)."""
    return sheet.ids.index("insats_namn") if "insats_namn" in sheet.ids else 0
