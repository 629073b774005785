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
first sheet lists the problems with their texts.

A check of the participant list's rows (``LiveCheck.per_row``) is written on every row of the
list, as a hidden 1/0 flag column per check; one visible column beside the list says, per row,
what is wrong on it; the mark colours the concerned column's cell on the rows whose flag is 1; the
count adds the flags; and the status lists one link per check, to the first row it flags.

The check columns of each sheet, the links and the status are workbook names starting with
``kontroll_`` (``CHECK_PREFIX``): the reader skips those names and the text in their cells, so the
checks' own output is never read as the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import CHECK_PREFIX, AreaRef, column_letter, format_area, quote_sheet
from finsam_xl.issue_catalogue import CATALOGUE
from finsam_xl.issue_catalogue import MARK_BORDERS as BORDERS
from finsam_xl.issue_catalogue import MARK_FILLS as FILLS
from finsam_xl.schema import FIELD_BY_ID
from finsam_xl.templates import style
from finsam_xl.templates.layout import INPUT_COL
from finsam_xl.templates.live_place import PlacedCheck, last_col, place_checks, row_cells
from finsam_xl.templates.sheet_plan import LABEL_COL, SheetPlan

__all__ = ["ANTAL", "OK_TEXT", "TEXT", "PlacedCheck", "add_live_checks", "place_checks"]

ANTAL, TEXT = "kontroll_antal", "kontroll_text"
STATUS_ROW = 2  # under the instruction sheet's title, above malltyp and mallversion
CHECK_WIDTH = 78.0  # a formula's "" is not empty: no text runs on into the next column
CHECK_FONT = Font(name=style.FONT_NAME, size=10, bold=True, color="FFC00000")
HIDDEN = Protection(locked=True, hidden=True)  # locked, and the formula not shown
OK_TEXT = "Inga fel hittade — finsam-xl kontrollerar resten när rapporten kommit in"


def _lock(ws: Worksheet, row: int, col: int) -> None:
    ws.cell(row, col).protection = HIDDEN


def _mark(ws: Worksheet, p: PlacedCheck) -> None:
    severity = CATALOGUE[p.check.code].severity
    side = Side(style="medium", color=BORDERS[severity])
    color = "FF" + FILLS[severity]  # opaque: an alpha of 00 reads as "no colour" in Sheets
    fill = PatternFill("solid", start_color=color, end_color=color)
    letter = column_letter(p.cell.min_col)
    # a per-row check: relative to the range's first row, so each row reads its own flag
    own = f'${letter}${p.cell.min_row}<>""' if p.text is None else f"${letter}{p.cell.min_row}=1"
    rule = FormulaRule(  # type: ignore[no-untyped-call]  # untyped in types-openpyxl
        formula=[own],
        fill=fill,
        border=Border(left=side, right=side, top=side, bottom=side),
        stopIfTrue=False,
    )
    ws.conditional_formatting.add(format_area(p.target).split("!")[-1].replace("$", ""), rule)


def _draw_rows(ws: Worksheet, p: PlacedCheck) -> None:
    """A per-row check's flag on every row of its table, hidden (its text is the text column's)."""
    col = p.cell.min_col
    for row in range(p.cell.min_row, p.cell.max_row + 1):
        cell = ws.cell(row, col)
        cell.value = p.check.at_row(row_cells(p, row)).flag_formula()
        cell.protection = HIDDEN
    ws.column_dimensions[column_letter(col)].hidden = True


def _draw_texts(ws: Worksheet, rows: Sequence[PlacedCheck]) -> None:
    """The text column beside a table: on each row, what its per-row checks find there."""
    text = rows[0].text
    assert text is not None
    for row in range(text.min_row, text.max_row + 1):
        parts = [
            f"IF(${column_letter(p.cell.min_col)}{row}=1,"
            f'{p.check.at_row(row_cells(p, row)).message}&". ","")'
            for p in rows
        ]
        cell = ws.cell(row, text.min_col)
        cell.value = f'=IFERROR(TRIM({"&".join(parts)}),"")'
        cell.font = CHECK_FONT
        cell.protection = HIDDEN
    ws.column_dimensions[column_letter(text.min_col)].width = CHECK_WIDTH


def add_live_checks(wb: Workbook, sheets: Sequence[SheetPlan], intro: Worksheet) -> None:
    """Draw every live check of the template into ``wb`` (its data sheets already drawn)."""
    placed = place_checks(sheets)
    for plan in sheets:
        if any(p.sheet == plan.name for p in placed):
            ws = wb[plan.name]
            ws.print_area = f"A1:{column_letter(last_col(plan))}{ws.max_row}"
    areas: dict[str, list[AreaRef]] = {}
    per_row: dict[str, list[PlacedCheck]] = {}
    for p in placed:
        ws = wb[p.sheet]
        areas.setdefault(p.sheet, []).append(p.cell)
        _mark(ws, p)
        if p.text is not None:
            _draw_rows(ws, p)
            per_row.setdefault(p.sheet, []).append(p)
            continue
        cell = ws.cell(p.cell.min_row, p.cell.min_col)
        cell.value = p.check.formula()
        cell.font = CHECK_FONT
        cell.protection = HIDDEN
        ws.column_dimensions[column_letter(p.cell.min_col)].width = CHECK_WIDTH
    for sheet, rows in per_row.items():
        _draw_texts(wb[sheet], rows)
        areas[sheet].append(rows[0].text)  # type: ignore[arg-type]  # set for a per-row check
    for k, (sheet, cells) in enumerate(areas.items(), start=1):
        area = AreaRef(
            sheet,
            min(a.min_row for a in cells),
            min(a.min_col for a in cells),
            max(a.max_row for a in cells),
            max(a.max_col for a in cells),
        )
        wb.defined_names[f"{CHECK_PREFIX}{k}"] = DefinedName(
            f"{CHECK_PREFIX}{k}", attr_text=format_area(area)
        )
    add_status(wb, intro, placed)


def _counter(placed: Sequence[PlacedCheck]) -> str:
    """How many problems the checks show: each check cell that is not empty, each row flag."""
    return "=" + "+".join(p.fired for p in placed) if placed else "=0"


def status_text() -> str:
    return (
        f'=IF({ANTAL}=0,"{OK_TEXT}",IF({ANTAL}=1,"1 sak att rätta innan du skickar in",'
        f'{ANTAL}&" saker att rätta innan du skickar in"))'
    )


# Hidden helper columns of the instruction sheet: the count (kontroll_antal on the status row),
# and per check: its running count of firing checks, its link target without the row (data: the
# Google template writes it in Google's form), its link text, and the row it links to.
COUNT_COL, TARGET_COL, LABEL_TEXT_COL, ROW_COL = 5, 6, 7, 8


def _link_helpers(p: PlacedCheck, row: int, k: int) -> tuple[str, str, str]:
    """The running count, the row and the link text of the k-th check on link row ``row``."""
    above = f"+{column_letter(COUNT_COL)}{row - 1}" if k > 1 else ""
    letter = column_letter(p.target.min_col)
    if p.text is None:
        at = f"{letter}{p.target.min_row}"
        return f"={p.fired}{above}", str(p.target.min_row), f'="{p.sheet} {at}: "&{p.ref}'
    # a per-row check links to the first row it flags, and says how many more there are
    first = p.target.min_row - 1
    found = f"{column_letter(ROW_COL)}{row}"
    sheet = quote_sheet(p.sheet)

    def column(col: int) -> str:
        letters = column_letter(col)
        return f"{sheet}!${letters}${p.target.min_row}:${letters}${p.target.max_row}"

    offset = p.target.min_col - p.check.column
    cells = {
        c.id: f"INDEX({column(offset + i)},{found}-{first})"
        for i, c in enumerate(FIELD_BY_ID[p.check.field].columns)
    }
    more = f"({p.fired}-1)"
    label = (
        f'=IFERROR("{p.sheet} {letter}"&{found}&": "&{p.check.at_row(cells).message}'
        f'&IF({more}=0,"",IF({more}=1," (och 1 rad till)"," (och "&{more}&" rader till)")),"")'
    )
    return f"=({p.fired}>0){above}", f"=IFERROR(MATCH(1,{p.ref},0),1)+{first}", label


def add_status(wb: Workbook, intro: Worksheet, placed: Sequence[PlacedCheck]) -> None:
    """kontroll_text under the title (kontroll_antal hidden beside it); the links below.

    The k-th link row shows the k-th check that fires, so the problems stand together at the
    top of the list however many checks there are: a running count per check (hidden) and
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
    for col in (COUNT_COL, TARGET_COL, LABEL_TEXT_COL, ROW_COL):
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
    counts, targets, labels, rows = (
        f"${column_letter(c)}${top}:${column_letter(c)}${bottom}"
        for c in (COUNT_COL, TARGET_COL, LABEL_TEXT_COL, ROW_COL)
    )
    firing = f"${column_letter(COUNT_COL)}${bottom}"  # the last running count: how many fire
    for k, p in enumerate(placed, start=1):
        row = first + k
        count, at_row, label = _link_helpers(p, row, k)
        target = f"#{quote_sheet(p.sheet)}!{column_letter(p.target.min_col)}"
        helpers = (
            (COUNT_COL, count),
            (TARGET_COL, target),
            (LABEL_TEXT_COL, label),
            (ROW_COL, int(at_row) if at_row.isdigit() else at_row),
        )
        for col, value in helpers:
            intro.cell(row, col).value = value
            intro.cell(row, col).protection = HIDDEN
        found = f"MATCH({k},{counts},0)"
        link = intro.cell(row, LABEL_COL)
        link.value = (
            f'=IF({k}>{firing},"",HYPERLINK(INDEX({targets},{found})&INDEX({rows},{found}),'
            f"INDEX({labels},{found})))"
        )
        link.font = Font(name=style.FONT_NAME, size=11, color="FF0563C1", underline="single")
        link.protection = HIDDEN
        intro.merge_cells(start_row=row, start_column=LABEL_COL, end_row=row, end_column=INPUT_COL)
    area = AreaRef(intro.title, first, LABEL_COL, bottom, ROW_COL)
    wb.defined_names[f"{CHECK_PREFIX}lankar"] = DefinedName(
        f"{CHECK_PREFIX}lankar", attr_text=format_area(area)
    )
