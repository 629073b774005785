"""The master funding overview: the consolidation's tables as the Swedish workbook the board reads.

One sheet per table (Översikt first), each an Excel table with filters, a frozen header, Swedish
labels and formats, set up to print on A4 landscape; totals on Översikt and the chart data are
formulas that also carry their results computed here, so a reader that never recalculates
(python-calamine, pandas, previews) sees the same numbers as Excel. The workbook is written
through ``safe_write`` (checks, temp file, atomic move) and records in its document properties the
tool version, the inputs' hash and the sheets it made.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.errors import ConsolidationError
from finsam_xl.gcpause import gc_paused
from finsam_xl.writers import charts
from finsam_xl.writers.fastcells import FastCellsWorksheet
from finsam_xl.writers.layout import (
    SUMMABLE,
    WIDTHS,
    ColKind,
    cell_formats,
    column_kind,
    display_value,
    is_missing,
)
from finsam_xl.writers.safe_write import SHEETS_PROPERTY, atomic_write
from finsam_xl.writers.totals import add_overview_totals, add_status_highlights

__all__ = ["SHEET_ORDER", "ConsolidationLike", "PlacedTable", "write_master"]

# Sheet order: what the board reads first, the evidence last. Tables not listed here (added to
# the consolidation later) follow in their own order, so nothing the consolidation made is lost.
SHEET_ORDER = (
    "insatser",
    "budget",
    "deltagare",
    "avslut",
    "mal",
    "uppfoljning_finsam",
    "saknade",
    "paminnelser",
    "problem",
    "kallor",
)
OPTIONAL_SHEETS = frozenset({"saknade", "paminnelser"})  # only when a register gave them rows
OVERVIEW_HEADER_ROW = 4  # rows 0-2: title and "om körningen"; the insatser table starts below
# Översikt columns folded away (Excel outline "+", not printed): bookkeeping the board rarely
# reads. They stay in the table, its filters and the exports; one click shows them.
OVERVIEW_FOLDED = frozenset(
    {
        "planerat_antal_deltagare",
        "budget_planerad",
        "antal_rapporter",
        "antal_fel",
        "antal_varningar",
    }
)
_INVALID_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


class ConsolidationLike(Protocol):
    """What the writer reads from ``finsam_xl.consolidation.Consolidation``."""

    @property
    def tables(self) -> Mapping[str, pd.DataFrame]: ...
    @property
    def generated_at(self) -> dt.datetime: ...
    @property
    def tool_version(self) -> str: ...
    @property
    def inputs_sha256(self) -> str: ...
    @property
    def options(self) -> Mapping[str, object]: ...
    def summary(self) -> str: ...


@dataclass
class PlacedTable:
    """Where a table landed, so totals, highlights and charts can refer to its cells."""

    table_id: str
    sheet: str
    header_row: int
    first_row: int
    last_row: int  # inclusive; an empty table still gets one blank data row (Excel needs one)
    columns: dict[str, int]
    kinds: dict[str, ColKind]
    shown: pd.DataFrame  # the values as written (labels, not codes)
    folded: frozenset[str] = frozenset()

    @property
    def label_col(self) -> int:
        """The first visible column: where a totals row's label goes."""
        visible = [i for c, i in self.columns.items() if c not in self.folded]
        return min(visible, default=0)

    def col_range(self, column: str, *, absolute: bool = True) -> str:
        col = self.columns[column]
        first = xl_rowcol_to_cell(self.first_row, col, absolute, absolute)
        last = xl_rowcol_to_cell(self.last_row, col, absolute, absolute)
        return f"{first}:{last}"

    def qualified(self, column: str) -> str:
        return f"{quote_sheet(self.sheet)}!{self.col_range(column)}"


def write_master(
    consolidation: ConsolidationLike, path: str | Path, *, overwrite_foreign: bool = False
) -> Path:
    """Write the master workbook to ``path`` safely; returns the path written.

    Raises ConsolidationError, with nothing written, when the target is open in Excel, not
    writable, or holds sheets finsam-xl did not make (unless ``overwrite_foreign``).
    """

    def write(tmp: Path) -> None:
        # A master holds up to ~10⁶ cells and xlsxwriter allocates objects per cell: GC paused.
        with gc_paused():
            _write_workbook(consolidation, tmp)

    return atomic_write(Path(path), write, overwrite_foreign=overwrite_foreign)


def sheet_titles(table_ids: list[str]) -> dict[str, str]:
    """Table id -> a valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    from finsam_xl.consolidation.labels import SHEET_TITLES

    titles: dict[str, str] = {}
    used = {charts.DIAGRAM_SHEET.casefold()}
    for table_id in table_ids:
        base = str(SHEET_TITLES.get(table_id, table_id)).translate(_INVALID_SHEET_CHARS)[:31]
        name, n = base, 2
        while name.casefold() in used:  # Excel compares sheet names case-insensitively
            name = f"{base[: 31 - len(str(n)) - 1]} {n}"
            n += 1
        used.add(name.casefold())
        titles[table_id] = name
    return titles


def quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _ordered_ids(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    # Without a report register these two are empty: an empty sheet would suggest nothing is
    # missing, when nobody asked.
    present = [t for t in tables if not (t in OPTIONAL_SHEETS and tables[t].empty)]
    known = [t for t in SHEET_ORDER if t in present]
    return known + [t for t in present if t not in SHEET_ORDER]


def _write_workbook(consolidation: ConsolidationLike, path: Path) -> None:
    tables = consolidation.tables
    ids = _ordered_ids(tables)
    titles = sheet_titles(ids)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            # Submitted text stays text: no "=HYPERLINK(" becomes a formula, no address a link.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "remove_timezone": True,
        },
    )
    try:
        fmts = cell_formats(wb)
        placed: dict[str, PlacedTable] = {}
        made: list[str] = []
        for table_id in ids:
            ws = wb.add_worksheet(titles[table_id], worksheet_class=FastCellsWorksheet)
            made.append(titles[table_id])
            if table_id == "insatser":
                df = tables[table_id]
                folded = set(OVERVIEW_FOLDED)
                if "forbund" in df.columns and df["forbund"].nunique() <= 1:
                    folded.add("forbund")  # one förbund: its name is in the title already
                placed[table_id] = place_table(
                    ws, table_id, df, fmts, header_row=OVERVIEW_HEADER_ROW, folded=folded
                )
                add_overview_totals(ws, placed[table_id], fmts)
                _overview_heading(ws, consolidation, fmts, placed[table_id].label_col)
                # Keep the insats' id and name in view while scrolling right over the figures.
                ws.freeze_panes(OVERVIEW_HEADER_ROW + 1, min(3, len(placed[table_id].columns)))
                ws.activate()
                diagram = wb.add_worksheet(charts.DIAGRAM_SHEET)
                made.append(charts.DIAGRAM_SHEET)
            else:
                placed[table_id] = place_table(ws, table_id, tables[table_id], fmts)
                ws.freeze_panes(1, 0)
            add_status_highlights(ws, placed[table_id], fmts, consolidation.options)
            _print_setup(ws, placed[table_id], consolidation)
        if "insatser" in placed:
            charts.add_charts(wb, diagram, placed, fmts)
            _print_setup(diagram, None, consolidation)
        _properties(wb, consolidation, made)
        wb.close()
    except XlsxWriterException as exc:
        raise ConsolidationError(f"Kunde inte skapa översikten: {exc}", path=path) from exc


def place_table(
    ws: FastCellsWorksheet,
    table_id: str,
    df: pd.DataFrame,
    fmts: dict[str, Any],
    *,
    header_row: int = 0,
    folded: set[str] | frozenset[str] = frozenset(),
) -> PlacedTable:
    """Write ``df`` as an Excel table (Swedish headers, formats, widths) with its header at row
    ``header_row``; ``folded`` columns are hidden behind an outline level."""
    from finsam_xl.consolidation.labels import HEADERS

    names = HEADERS.get(table_id, {})
    columns = [str(c) for c in df.columns]
    shown = pd.DataFrame({c: _display_column(c, df[c]) for c in columns}, dtype=object)
    kinds = {c: column_kind(table_id, c, _first_value(shown[c])) for c in columns}
    first = header_row + 1
    for c, col in enumerate(columns):
        _write_column(ws, first, c, shown[col].tolist(), kinds[col], fmts)
    last = first + max(len(shown), 1) - 1
    headers = _unique([str(names.get(c, c.replace("_", " ").capitalize())) for c in columns])
    if columns:
        ws.add_table(
            header_row,
            0,
            last,
            len(columns) - 1,
            {
                "name": f"tbl_{table_id}",
                "style": "Table Style Light 9",
                "columns": [{"header": h, "header_format": fmts["header"]} for h in headers],
            },
        )
    ws.set_row(header_row, 30)  # two lines, so long Swedish headers wrap instead of widening
    for c, col in enumerate(columns):
        hide = {"level": 1, "hidden": True} if col in folded else {}
        ws.set_column(c, c, _width(kinds[col], shown[col], headers[c]), None, hide)
    index = {col: i for i, col in enumerate(columns)}
    return PlacedTable(
        table_id, ws.get_name(), header_row, first, last, index, kinds, shown, frozenset(folded)
    )


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in the 1900 date system, for dates after…
_LEAP_BUG = dt.date(1900, 2, 28)  # …Excel's phantom 1900-02-29


def _display_column(column: str, series: pd.Series) -> list[object]:
    """``display_value`` for a whole column, at C speed where the dtype allows: a master holds up
    to ~10⁶ cells, and a column repeats few distinct values (ids, codes, files)."""
    values = series.tolist()
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        missing = series.isna().to_numpy()
        if not missing.any():
            return values
        return [None if gone else v for v, gone in zip(values, missing, strict=True)]
    shown: dict[tuple[type, object], object] = {}  # keyed by type too: True == 1, yet differ
    out: list[object] = []
    for v in values:
        key = (type(v), v)
        try:
            out.append(shown[key])
        except KeyError:
            out.append(shown.setdefault(key, display_value(column, v)))
        except TypeError:  # unhashable: no memo
            out.append(display_value(column, v))
    return out


def _write_column(
    ws: FastCellsWorksheet,
    first: int,
    col: int,
    values: list[object],
    kind: ColKind,
    fmts: dict[str, Any],
) -> None:
    """One column: blanks, numbers and plain text stored in bulk (a master holds up to ~10⁶
    cells); dates as serials, and anything else (e.g. a masked "<5" among counts) through
    ``write_cell``."""
    date_fmt = fmts[ColKind.DATE]
    if kind is ColKind.DATE:  # stored in bulk as numbers
        values = [_serial(v) if v.__class__ is dt.date else v for v in values]

    def other(row: int, c: int, value: object) -> None:
        plain_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
        if plain_date and kind is not ColKind.TEXT and value > _LEAP_BUG:  # type: ignore[operator]
            ws.write_number(row, c, _serial(value), date_fmt)  # type: ignore[arg-type]
        else:
            write_cell(ws, row, c, value, kind, fmts)

    ws.write_column_values(
        first, col, values, fmts[kind], strings=kind not in _TEXT_NEEDS_CARE, other=other
    )


def _serial(day: dt.date) -> int | dt.date:
    """The serial write_datetime would store, without its per-call cost (the 1900 system)."""
    return (day - _EXCEL_EPOCH).days if day > _LEAP_BUG else day


# Kinds whose text values write_cell handles specially: ISO dates parsed, masked counts aligned.
_TEXT_NEEDS_CARE = frozenset({ColKind.DATE, ColKind.PERCENT, ColKind.NUMBER} | SUMMABLE)


def write_cell(
    ws: Any, row: int, col: int, value: object, kind: ColKind, fmts: dict[str, Any]
) -> None:
    """One value with its kind's format; the writer is picked by type, never by guessing."""
    fmt = fmts[kind]
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        if kind is ColKind.DATE:
            try:
                ws.write_datetime(row, col, dt.date.fromisoformat(value), fmt)
                return
            except ValueError:
                pass
        masked = kind in SUMMABLE or kind in (ColKind.PERCENT, ColKind.NUMBER)
        ws.write_string(row, col, value, fmts["masked"] if masked else fmt)
    elif isinstance(value, dt.date | dt.datetime | dt.time):
        ws.write_datetime(row, col, value, fmts[ColKind.DATE] if kind is not ColKind.TEXT else fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _first_value(values: pd.Series) -> object:
    for v in values:
        if not is_missing(v):
            return v
    return None


def _unique(headers: list[str]) -> list[str]:
    # Excel refuses a table whose headers repeat; the second one gets a number.
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h.casefold(), 0) + 1
        seen[h.casefold()] = n
        out.append(h if n == 1 else f"{h} ({n})")
    return out


def _width(kind: ColKind, values: pd.Series, header: str) -> float:
    base = WIDTHS[kind]
    if kind in (ColKind.TEXT, ColKind.CODE, ColKind.LONGTEXT):
        longest = max((len(str(v)) for v in values if v is not None), default=0)
        cap = 60 if kind is ColKind.LONGTEXT else 40
        base = min(max(base * 0.6, longest + 2), cap)
    # Headers wrap onto two lines, so half the header is enough.
    return max(base, min(len(header) / 2 + 2, 24))


def _overview_heading(ws: Any, c: ConsolidationLike, fmts: dict[str, Any], col: int) -> None:
    """Title and "om körningen" above the table, in its first visible column."""
    ws.write_string(0, col, overview_title(c), fmts["title"])
    when = c.generated_at.strftime("%Y-%m-%d %H:%M")
    summary = " ".join(c.summary().split())  # one line: the terminal summary has several
    run = f"Skapad {when} med finsam-xl {c.tool_version}. {summary}".strip()
    ws.write_string(1, col, run, fmts["subtitle"])
    hashed = f"Indata (sha256 över alla lästa filer): {c.inputs_sha256}"
    ws.write_string(2, col, hashed, fmts["hash_note"])
    ws.set_row(0, 24)


def overview_title(c: ConsolidationLike) -> str:
    names: list[str] = []
    df = c.tables.get("insatser")
    if df is not None and "forbund" in df.columns:
        names = sorted({str(v) for v in df["forbund"] if not is_missing(v)})
    return "Finansieringsöversikt – " + (", ".join(names) if names else "samordningsförbundet")


def _print_setup(ws: Any, placed: PlacedTable | None, c: ConsolidationLike) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if placed is not None:
        ws.repeat_rows(placed.header_row)
    title = overview_title(c).replace("&", "&&")[:120]
    ws.set_header(f"&L&8{title}&R&8&A")
    version = c.tool_version.replace("&", "&&")
    when = c.generated_at.strftime("%Y-%m-%d")
    ws.set_footer(f"&L&8finsam-xl {version}, {when}&R&8Sida &P av &N")


def _properties(wb: Any, c: ConsolidationLike, made: list[str]) -> None:
    generated = c.generated_at
    if generated.tzinfo is not None:
        generated = generated.astimezone(dt.UTC).replace(tzinfo=None)
    wb.set_properties(
        {
            "title": overview_title(c),
            "subject": "Finansieringsöversikt",
            "author": "finsam-xl",
            "comments": "Skapad av finsam-xl. Bladen skrivs om vid nästa körning.",
            "created": generated,
        }
    )
    wb.set_custom_property("finsam_xl_version", c.tool_version, "text")
    wb.set_custom_property("inputs_sha256", c.inputs_sha256, "text")
    wb.set_custom_property("generated_at", c.generated_at.isoformat(timespec="seconds"), "text")
    wb.set_custom_property(SHEETS_PROPERTY, json.dumps(made, ensure_ascii=False), "text")
