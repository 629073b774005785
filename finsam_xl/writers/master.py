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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.errors import ConsolidationError
from finsam_xl.gcpause import gc_paused
from finsam_xl.overview.columns import MEASURES, Column, Kind
from finsam_xl.overview.model import SHEET_ORDER, Overview, Sheet, overview
from finsam_xl.writers import charts
from finsam_xl.writers.fastcells import FastCellsWorksheet
from finsam_xl.writers.layout import cell_formats
from finsam_xl.writers.packing import MasterWorkbook
from finsam_xl.writers.printing import LINE_PT, fit_rows, lines_needed, print_setup
from finsam_xl.writers.safe_write import atomic_write, sheet_list_properties
from finsam_xl.writers.styrelse import (
    BOARD_SHEET,
    PER_INSATS_SHEET,
    add_board_sheet,
    add_per_insats_sheet,
)
from finsam_xl.writers.totals import add_overview_totals, add_status_highlights

__all__ = ["SHEET_ORDER", "ConsolidationLike", "PlacedTable", "write_master"]

OVERVIEW_HEADER_ROW = 4  # rows 0-2: title and "om körningen"; the insatser table starts below
# Översikt columns folded away (Excel outline "+", not printed): details and bookkeeping the
# board rarely reads, so the printed page keeps the board's ~15 columns at a readable size.
# They stay in the table, its filters and the exports; one click shows them.
OVERVIEW_FOLDED = frozenset(
    {
        "insats_id",
        "huvudman",
        "beviljad_fran",
        "beviljad_till",
        "senaste_period_till",
        "avslutade_totalt",
        "avslutade_till_arbete_studier",
        "planerat_antal_deltagare",
        "budget_planerad",
        "deltagare_totalt_ej_angivet",
        "prognos_ar",
        "prognos_insats",
        "rekvirerat_belopp",
        "utbetalt_belopp",
        "intakter",
        "arsarbetare",
        "medfinansiering_planerat_kontant",
        "medfinansiering_planerat_natura",
        "medfinansiering_utfall_kontant",
        "medfinansiering_utfall_natura",
        "antal_rapporter",
        "antal_fel",
        "antal_varningar",
        "huvudman_part_typ",  # the board reads these per medlem on Styrelse, not per insats here
        "huvudman_kommun",
    }
)
_INVALID_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


class ConsolidationLike(Protocol):
    """What the writer reads from ``finsam_xl.consolidation.Consolidation`` (the overview model
    reads its tables, options and settings)."""

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
    kinds: dict[str, Kind]
    sheet_model: Sheet  # the values as written (labels, not codes)
    folded: frozenset[str] = frozenset()
    widths: dict[str, float] = field(default_factory=dict)  # column widths as set

    @property
    def label_col(self) -> int:
        """Where a totals row's label goes: the insats name, else the first visible column."""
        if "insats_namn" in self.columns:
            return self.columns["insats_namn"]
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
    consolidation: ConsolidationLike,
    path: str | Path,
    *,
    overwrite_foreign: bool = False,
    board_year: int | None = None,
    board_only: bool = False,
) -> Path:
    """Write the master workbook to ``path`` safely; returns the path written.

    ``board_year``: the year the Styrelse page shows (default: the latest reported);
    ``board_only``: every sheet but the two board pages hidden (what ``rapport --styrelse``
    prints: LibreOffice prints visible sheets only).

    Raises ConsolidationError, with nothing written, when the target is open in Excel, not
    writable, or holds sheets finsam-xl did not make (unless ``overwrite_foreign``).
    """

    def write(tmp: Path) -> None:
        # A master holds up to ~10⁶ cells and xlsxwriter allocates objects per cell: GC paused.
        with gc_paused():
            _write_workbook(consolidation, tmp, board_year, board_only)

    return atomic_write(Path(path), write, overwrite_foreign=overwrite_foreign)


def sheet_titles(table_ids: list[str]) -> dict[str, str]:
    """Table id -> a valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    from finsam_xl.overview.columns import SHEET_TITLES

    titles: dict[str, str] = {}
    used = {n.casefold() for n in (charts.DIAGRAM_SHEET, BOARD_SHEET, PER_INSATS_SHEET)}
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


def _write_workbook(
    consolidation: ConsolidationLike, path: Path, board_year: int | None, board_only: bool
) -> None:
    view = overview(consolidation)
    ids = list(view.sheets)
    titles = sheet_titles(ids)
    wb = MasterWorkbook(
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
        books: dict[str, Any] = {}
        board: list[Any] = []
        made: list[str] = []
        for table_id in ids:
            sheet = view.sheets[table_id]
            sheet.title = titles[table_id]
            ws = books[table_id] = wb.add_worksheet(
                titles[table_id], worksheet_class=FastCellsWorksheet
            )
            made.append(titles[table_id])
            if table_id == "insatser":
                folded = set(OVERVIEW_FOLDED)
                if len({v for v in sheet.column("forbund") if v is not None}) <= 1:
                    folded.add("forbund")  # one förbund: its name is in the title already
                placed[table_id] = place_table(
                    ws, sheet, fmts, header_row=OVERVIEW_HEADER_ROW, folded=folded
                )
                add_overview_totals(ws, placed[table_id], fmts)
                _overview_heading(ws, consolidation, fmts, placed[table_id])
                # Keep the insats' name in view while scrolling right over the figures.
                name_col = placed[table_id].columns.get("insats_namn", 0)
                ws.freeze_panes(OVERVIEW_HEADER_ROW + 1, name_col + 1)
                ws.activate()
                diagram = wb.add_worksheet(charts.DIAGRAM_SHEET, worksheet_class=FastCellsWorksheet)
                made.append(charts.DIAGRAM_SHEET)
                if "styrelse_ar" in view.sheets:
                    board = [
                        wb.add_worksheet(n, worksheet_class=FastCellsWorksheet)
                        for n in (BOARD_SHEET, PER_INSATS_SHEET)
                    ]
                    made += [BOARD_SHEET, PER_INSATS_SHEET]
            else:
                placed[table_id] = place_table(ws, sheet, fmts)
                ws.freeze_panes(1, 0)
            add_status_highlights(ws, placed[table_id], fmts, view.config)
            print_setup(ws, placed[table_id], overview_title(consolidation), consolidation)
        _links(view, placed, books, fmts)
        if "insatser" in placed:
            charts.add_charts(wb, diagram, placed, fmts)
            print_setup(diagram, None, overview_title(consolidation), consolidation)
        if board:
            add_board_sheet(wb, board[0], view, placed, fmts, board_year)
            add_per_insats_sheet(board[1], view, placed, fmts)
            for ws in board:
                _board_print(ws, consolidation)
            if board_only:
                board[0].activate()
                for ws in [*books.values(), diagram]:
                    ws.hide()
        _properties(wb, consolidation, made)
        wb.close()
    except XlsxWriterException as exc:
        raise ConsolidationError(
            f"Kunde inte skapa översikten: {exc}",
            path=path,
            en=f"Could not make the overview: {exc}",
        ) from exc


def place_table(
    ws: FastCellsWorksheet,
    sheet: Sheet,
    fmts: dict[str, Any],
    *,
    header_row: int = 0,
    folded: set[str] | frozenset[str] = frozenset(),
) -> PlacedTable:
    """Write ``sheet`` as an Excel table (Swedish headers, formats, widths) with its header at
    row ``header_row``; ``folded`` columns are hidden behind an outline level."""
    first = header_row + 1
    kinds = {c.id: c.kind for c in sheet.columns}
    # the rows turned into columns once, in C (a detail sheet holds up to ~5·10⁵ cells)
    by_column = list(zip(*sheet.rows, strict=True)) or [()] * len(sheet.columns)
    for c, column in enumerate(sheet.columns):
        _write_column(ws, first, c, by_column[c], column.kind, fmts)
    last = first + max(len(sheet.rows), 1) - 1
    headers = _unique(sheet.header)
    if sheet.columns:
        ws.add_table(
            header_row,
            0,
            last,
            len(sheet.columns) - 1,
            {
                "name": f"tbl_{sheet.table_id}",
                "style": "Table Style Light 9",
                "columns": [{"header": h, "header_format": fmts["header"]} for h in headers],
            },
        )
    ws.set_row(header_row, 30)  # two lines, so long Swedish headers wrap instead of widening
    widths = []
    for c, column in enumerate(sheet.columns):
        hide = {"level": 1, "hidden": True} if column.id in folded else {}
        width = _width(column, by_column[c], headers[c])
        widths.append(width)
        ws.set_column(c, c, width, None, hide)
    fit_rows(ws, sheet, widths, first, folded)
    index = {col.id: i for i, col in enumerate(sheet.columns)}
    return PlacedTable(
        sheet.table_id, ws.get_name(), header_row, first, last, index, kinds, sheet,
        frozenset(folded), dict(zip(index, widths, strict=True)),
    )  # fmt: skip


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 in the 1900 date system, for dates after…
_LEAP_BUG = dt.date(1900, 2, 28)  # …Excel's phantom 1900-02-29


def _write_column(
    ws: FastCellsWorksheet,
    first: int,
    col: int,
    values: Sequence[object],
    kind: Kind,
    fmts: dict[str, Any],
) -> None:
    """One column: blanks, numbers and plain text stored in bulk (a master holds up to ~10⁶
    cells); dates as serials, and anything else (e.g. "ej redovisat" among kronor) through
    ``write_cell``."""
    if kind is Kind.DATUM:  # stored in bulk as numbers
        values = [_serial(v) if v.__class__ is dt.date else v for v in values]

    def other(row: int, c: int, value: object) -> None:
        write_cell(ws, row, c, value, kind, fmts)

    ws.write_column_values(
        first, col, values, fmts[kind], strings=kind not in _TEXT_NEEDS_CARE, other=other
    )


def _serial(day: dt.date) -> int | dt.date:
    """The serial write_datetime would store, without its per-call cost (the 1900 system)."""
    return (day - _EXCEL_EPOCH).days if day > _LEAP_BUG else day


# Kinds whose text values write_cell handles specially: figures' texts line up with the numbers.
_TEXT_NEEDS_CARE = frozenset({Kind.DATUM} | MEASURES)


def write_cell(
    ws: Any, row: int, col: int, value: object, kind: Kind, fmts: dict[str, Any], prefix: str = ""
) -> None:
    """One shown value with its kind's format; the writer is picked by type, never by guessing.
    ``prefix`` "total_" takes the totals row's formats."""
    fmt = fmts[f"{prefix}{kind}"] if prefix else fmts[kind]
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmts[f"{prefix}masked"] if kind in MEASURES else fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, fmt if kind is Kind.DATUM else fmts[Kind.DATUM])
    elif isinstance(value, bool):
        ws.write_string(row, col, "Ja" if value else "Nej", fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _unique(headers: list[str]) -> list[str]:
    # Excel refuses a table whose headers repeat; the second one gets a number.
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        n = seen.get(h.casefold(), 0) + 1
        seen[h.casefold()] = n
        out.append(h if n == 1 else f"{h} ({n})")
    return out


def _width(column: Column, values: Sequence[object], header: str) -> float:
    kind, base = column.kind, column.width_hint
    if column.width is not None and kind is Kind.LANGTEXT:
        return column.width  # declared: the text wraps within it (the board's printed page)
    if kind in (Kind.TEXT, Kind.KOD, Kind.LANGTEXT):
        longest = max((len(str(v)) for v in values[:2000] if v is not None), default=0)
        cap = 60 if kind is Kind.LANGTEXT else 40
        base = min(max(base * 0.6, longest + 2), max(cap, base))
    # Headers wrap onto two lines, so half the header is enough.
    return max(base, min(len(header) / 2 + 2, 24))


def _links(
    view: Overview, placed: dict[str, PlacedTable], books: dict[str, Any], fmts: dict[str, Any]
) -> None:
    """Cells that lead somewhere (a status to its first problem) become links within the book."""
    for table_id, sheet in view.sheets.items():
        here = placed.get(table_id)
        for (row, column_id), (target_id, target_row) in sheet.links.items():
            there = placed.get(target_id)
            if here is None or there is None:
                continue
            cell = xl_rowcol_to_cell(there.first_row + target_row, 0)
            text = str(sheet.rows[row][sheet.ids.index(column_id)])
            books[table_id].write_url(
                here.first_row + row,
                here.columns[column_id],
                f"internal:{quote_sheet(there.sheet)}!{cell}",
                fmts["link"],
                text,
                f"Gå till första raden om insatsen på bladet {there.sheet}",
            )


HEADING_SPAN = 110.0  # column units the run lines wrap within: on the first printed page


def _overview_heading(
    ws: Any, c: ConsolidationLike, fmts: dict[str, Any], placed: PlacedTable
) -> None:
    """Title and "om körningen" above the table, from its first visible column. The run lines
    wrap within a merged block narrower than the first printed page: a text overflowing into
    the next page's columns would print twice where the page repeats its name column."""
    col = placed.label_col
    ws.write_string(0, col, overview_title(c), fmts["title"])
    ws.set_row(0, 24)
    span, width = col, placed.widths.get(placed.sheet_model.ids[col], 10.0)
    for i in range(col + 1, len(placed.sheet_model.ids)):
        column = placed.sheet_model.ids[i]
        if column in placed.folded:
            continue
        if width + placed.widths[column] > HEADING_SPAN:
            break
        span, width = i, width + placed.widths[column]
    when = c.generated_at.strftime("%Y-%m-%d %H:%M")
    summary = " ".join(c.summary().split())  # one paragraph: the terminal summary has several
    run = f"Skapad {when} med finsam-xl {c.tool_version}. {summary}".strip()
    hashed = f"Indata (sha256 över alla lästa filer): {c.inputs_sha256}"
    # 10 pt text: ~1.05 characters per column unit; 8 pt Consolas: ~1.1.
    for row, text, fmt, units in ((1, run, "subtitle", width), (2, hashed, "hash_note", width)):
        if span > col:
            ws.merge_range(row, col, row, span, text, fmts[fmt])
        else:
            ws.write_string(row, col, text, fmts[fmt])
        lines = lines_needed(text, units)
        if lines > 1:
            ws.set_row(row, LINE_PT * lines + 2)


def overview_title(c: ConsolidationLike) -> str:
    # the förbund of the insatser and of the förbund workbooks (a förbund may send only its own)
    found: set[str] = set()
    for table in ("insatser", "uf_forbundet"):
        df = c.tables.get(table)
        if df is not None and "forbund" in df.columns:
            found |= {v for v in df["forbund"] if isinstance(v, str) and v}
    names = sorted(found)
    if len(names) > 3:  # a title, not a list: the names are in the Förbund column
        return f"Finansieringsöversikt – {len(names)} förbund"
    return "Finansieringsöversikt – " + (", ".join(names) if names else "samordningsförbundet")


def _board_print(ws: Any, c: ConsolidationLike) -> None:
    """The board pages' header and footer (their paper and scale are set with their content)."""
    ws.set_header(f"&L&10{overview_title(c).replace('&', '&&')}&R&10&A")
    when = c.generated_at.strftime("%Y-%m-%d")
    ws.set_footer(f"&L&10finsam-xl {c.tool_version.replace('&', '&&')}, {when}&R&10Sida &P av &N")


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
    for name, text in sheet_list_properties(made):
        wb.set_custom_property(name, text, "text")
