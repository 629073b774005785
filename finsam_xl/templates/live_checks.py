"""Draw the live checks into a template: check cells, conditional formatting, status and links.

Each data sheet with checks gets one column of check cells to the right of everything else, one
per check at the row of the cell it concerns (or the next free row): the short Swedish text shows
there, and the concerned cell is coloured by conditional formatting, with the feedback copy's
colours (``finsam_xl.annotate``), while its check cell is not empty. The instruction sheet (the
first) gets the status: ``kontroll_antal`` (how many checks fire) and ``kontroll_text``, and below
the instructions one link per check to the cell it concerns. All of it is locked and its formulas
hidden; the sheet protection already lets finsam-xl's marks format cells.

The check columns stay outside each sheet's print area: they are wide (a formula's "" is not
empty, so the text needs its own room) and "fit to one page wide" would shrink the whole sheet to
fit them — the Ekonomi sheet printed at 38 %. On paper the marked cells keep their colours and the
first sheet lists every problem with its text.

The check column of each sheet, the links and the status are workbook names starting with
``kontroll_`` (``CHECK_PREFIX``): the reader skips those names and the text in their cells, so the
checks' own output is never read as the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import CHECK_PREFIX, AreaRef, a1, column_letter, format_area, quote_sheet
from finsam_xl.issue_catalogue import CATALOGUE
from finsam_xl.issue_catalogue import MARK_BORDERS as BORDERS
from finsam_xl.issue_catalogue import MARK_FILLS as FILLS
from finsam_xl.live_forms import FORMULA_GUARDS, Fields, LiveCheck, live_checks
from finsam_xl.templates import style
from finsam_xl.templates.layout import INPUT_COL, LABEL_COL, SheetPlan

ANTAL, TEXT = "kontroll_antal", "kontroll_text"
STATUS_ROW = 2  # under the instruction sheet's title, above malltyp and mallversion
CHECK_WIDTH = 78.0  # a formula's "" is not empty: no text runs on into the next column
CHECK_FONT = Font(name=style.FONT_NAME, size=10, bold=True, color="FFC00000")
HIDDEN = Protection(locked=True, hidden=True)  # locked, and the formula not shown
OK_TEXT = "Inga fel hittade — finsam-xl kontrollerar resten när rapporten kommit in"


@dataclass(frozen=True)
class PlacedCheck:
    """A check and where it is: its own cell and the cell it concerns, on one sheet."""

    check: LiveCheck
    sheet: str
    cell: AreaRef  # the check cell (text)
    target: AreaRef  # the concerned field's cell

    @property
    def ref(self) -> str:
        return f"{quote_sheet(self.sheet)}!${column_letter(self.cell.min_col)}${self.cell.min_row}"


def _last_col(sheet: SheetPlan) -> int:
    cols = [c.col + c.span - 1 for c in sheet.cells]
    cols += [i.area.max_col + i.span - 1 for i in sheet.inputs]
    return max([*cols, *sheet.widths])


def place_checks(sheets: Sequence[SheetPlan]) -> list[PlacedCheck]:
    """Every live check of a template planned as ``sheets``, at its check cell (pure)."""
    where = {fid: (s, area) for s in sheets for fid, area in s.names.items()}
    placed: list[PlacedCheck] = []
    taken: dict[str, set[tuple[int, int]]] = {}
    malltyp = next(s.malltyp for s in sheets if s.malltyp is not None)
    checks = live_checks(Fields(malltyp, {fid: s.name for fid, (s, _) in where.items()}))
    # A check of the template's own formula fires only when someone overwrote it: the other
    # checks pick first, so their text stands on the row of the cell it is about (or beside the
    # text of another check on that row); the rest take the next free row.
    for check in sorted(checks, key=lambda c: c.code in FORMULA_GUARDS):
        sheet, area = where[check.field]
        row0, col0 = area.min_row, area.min_col + check.column
        target = AreaRef(sheet.name, row0, col0, row0, col0)
        col = _last_col(sheet) + 2
        used = taken.setdefault(sheet.name, set())
        row = target.min_row
        spot = next(((row, c) for c in (col, col + 1) if (row, c) not in used), None)
        while spot is None:
            row += 1
            spot = None if (row, col) in used else (row, col)
        used.add(spot)
        cell = AreaRef(sheet.name, spot[0], spot[1], spot[0], spot[1])
        placed.append(PlacedCheck(check, sheet.name, cell, target))
    order = {id(c): i for i, c in enumerate(checks)}
    return sorted(placed, key=lambda p: order[id(p.check)])


def _counter(placed: Sequence[PlacedCheck]) -> str:
    """How many checks fire: one comparison per check cell, summed (no function needed)."""
    return "=" + "+".join(f'({p.ref}<>"")' for p in placed) if placed else "=0"


def status_text() -> str:
    return (
        f'=IF({ANTAL}=0,"{OK_TEXT}",IF({ANTAL}=1,"1 sak att rätta innan du skickar in",'
        f'{ANTAL}&" saker att rätta innan du skickar in"))'
    )


def _lock(ws: Worksheet, row: int, col: int) -> None:
    ws.cell(row, col).protection = HIDDEN


def _mark(ws: Worksheet, p: PlacedCheck) -> None:
    severity = CATALOGUE[p.check.code].severity
    side = Side(style="medium", color=BORDERS[severity])
    color = "FF" + FILLS[severity]  # opaque: an alpha of 00 reads as "no colour" in Sheets
    fill = PatternFill("solid", start_color=color, end_color=color)
    letter = column_letter(p.cell.min_col)
    rule = FormulaRule(  # type: ignore[no-untyped-call]  # untyped in types-openpyxl
        formula=[f'${letter}${p.cell.min_row}<>""'],
        fill=fill,
        border=Border(left=side, right=side, top=side, bottom=side),
        stopIfTrue=False,
    )
    ws.conditional_formatting.add(a1(p.target.min_row, p.target.min_col), rule)


def add_live_checks(wb: Workbook, sheets: Sequence[SheetPlan], intro: Worksheet) -> None:
    """Draw every live check of the template into ``wb`` (its data sheets already drawn)."""
    placed = place_checks(sheets)
    for plan in sheets:
        if any(p.sheet == plan.name for p in placed):
            ws = wb[plan.name]
            ws.print_area = f"A1:{column_letter(_last_col(plan))}{ws.max_row}"
    columns: dict[str, list[int]] = {}
    for p in placed:
        ws = wb[p.sheet]
        cell = ws.cell(p.cell.min_row, p.cell.min_col)
        cell.value = p.check.formula()
        cell.font = CHECK_FONT
        cell.protection = HIDDEN
        ws.column_dimensions[column_letter(p.cell.min_col)].width = CHECK_WIDTH
        _mark(ws, p)
        columns.setdefault(p.sheet, []).extend((p.cell.min_row, p.cell.min_col))
    for k, (sheet, rc) in enumerate(columns.items(), start=1):
        rows, col = rc[0::2], rc[1]
        area = AreaRef(sheet, min(rows), col, max(rows), col)
        wb.defined_names[f"{CHECK_PREFIX}{k}"] = DefinedName(
            f"{CHECK_PREFIX}{k}", attr_text=format_area(area)
        )
    _status(wb, intro, placed)


# Hidden helper columns of the instruction sheet: the count (kontroll_antal on the status row),
# and per check its running count of problems, its link target and its link text.
COUNT_COL, TARGET_COL, LABEL_TEXT_COL = 5, 6, 7


def _status(wb: Workbook, intro: Worksheet, placed: Sequence[PlacedCheck]) -> None:
    """kontroll_text under the title (kontroll_antal hidden beside it); the links below.

    The k-th link row shows the k-th problem found, so the problems stand together at the top
    of the list however many checks there are: a running count per check (hidden) and
    INDEX/MATCH pick it, which all three programs have (no FILTER, no dynamic array).
    """
    antal = intro.cell(STATUS_ROW, COUNT_COL)
    text = intro.cell(STATUS_ROW, LABEL_COL)
    antal.value, text.value = _counter(placed), status_text()
    antal.number_format = style.COUNT_FORMAT
    text.font = style.SECTION_FONT
    intro.merge_cells(
        start_row=STATUS_ROW, start_column=LABEL_COL, end_row=STATUS_ROW, end_column=INPUT_COL
    )
    color = "FF" + FILLS[CATALOGUE["summa-fel"].severity]
    red = PatternFill("solid", start_color=color, end_color=color)
    alarm = FormulaRule(formula=[f"{ANTAL}>0"], fill=red)  # type: ignore[no-untyped-call]
    intro.conditional_formatting.add(text.coordinate, alarm)
    for name, col in ((ANTAL, COUNT_COL), (TEXT, LABEL_COL)):
        intro.cell(STATUS_ROW, col).protection = HIDDEN
        area = AreaRef(intro.title, STATUS_ROW, col, STATUS_ROW, col)
        wb.defined_names[name] = DefinedName(name, attr_text=format_area(area))
    for col in (COUNT_COL, TARGET_COL, LABEL_TEXT_COL):
        intro.column_dimensions[column_letter(col)].hidden = True
    if not placed:
        return
    first = intro.max_row + 2
    intro.cell(first, LABEL_COL).value = "Att rätta innan du skickar in (klicka för att gå dit)"
    intro.cell(first, LABEL_COL).font = style.SECTION_FONT
    intro.cell(first, LABEL_COL).protection = HIDDEN
    top, bottom = first + 1, first + len(placed)
    sheet_order = {name: i for i, name in enumerate(wb.sheetnames)}
    placed = sorted(
        placed, key=lambda p: (sheet_order[p.sheet], p.target.min_row, p.target.min_col)
    )
    counts, targets, labels = (
        f"${column_letter(c)}${top}:${column_letter(c)}${bottom}"
        for c in (COUNT_COL, TARGET_COL, LABEL_TEXT_COL)
    )
    for k, p in enumerate(placed, start=1):
        row = first + k
        at = a1(p.target.min_row, p.target.min_col)
        above = f"+{column_letter(COUNT_COL)}{row - 1}" if k > 1 else ""
        helpers = (
            (COUNT_COL, f'=({p.ref}<>""){above}'),
            (TARGET_COL, f"#{quote_sheet(p.sheet)}!{at}"),
            (LABEL_TEXT_COL, f'="{p.sheet} {at}: "&{p.ref}'),
        )
        for col, value in helpers:
            intro.cell(row, col).value = value
            intro.cell(row, col).protection = HIDDEN
        found = f"MATCH({k},{counts},0)"
        link = intro.cell(row, LABEL_COL)
        link.value = (
            f'=IF({k}>{ANTAL},"",HYPERLINK(INDEX({targets},{found}),INDEX({labels},{found})))'
        )
        link.font = Font(name=style.FONT_NAME, size=11, color="FF0563C1", underline="single")
        link.protection = HIDDEN
        intro.merge_cells(start_row=row, start_column=LABEL_COL, end_row=row, end_column=INPUT_COL)
    area = AreaRef(intro.title, first, LABEL_COL, bottom, LABEL_TEXT_COL)
    wb.defined_names[f"{CHECK_PREFIX}lankar"] = DefinedName(
        f"{CHECK_PREFIX}lankar", attr_text=format_area(area)
    )
