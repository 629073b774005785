"""The templates' look: fonts, fills, borders, number formats, print and protection settings.

One place for every visual decision so the three templates look like one family. Input cells are
light yellow with a thin border (the instruction sheet tells the insats exactly that); computed
cells are light grey, so nobody types over a sum. Number format codes are locale-neutral: ``#,##0``
shows a space as thousands separator in Swedish Excel and LibreOffice.
"""

from __future__ import annotations

from typing import cast

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.schema import Kind

FONT_NAME = "Calibri"
INPUT_FILL = PatternFill("solid", fgColor="FFFFF2CC")  # light yellow: "fill in here"
FORMULA_FILL = PatternFill("solid", fgColor="FFEDEDED")  # light grey: computed, locked
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")  # light blue header band
META_FILL = PatternFill("solid", fgColor="FFF2F2F2")
_THIN = Side(style="thin", color="FFA6A6A6")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True, color="FF1F3864")
SECTION_FONT = Font(name=FONT_NAME, size=12, bold=True, color="FF1F3864")
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
LABEL_FONT = Font(name=FONT_NAME, size=11)
NOTE_FONT = Font(name=FONT_NAME, size=10, italic=True, color="FF595959")
TOTAL_FONT = Font(name=FONT_NAME, size=11, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=11)

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center")
NOTE_ALIGN = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

KRONOR_FORMAT = '#,##0 "kr";-#,##0 "kr"'
DATE_FORMAT = "yyyy-mm-dd"
COUNT_FORMAT = "#,##0"
YEAR_FORMAT = "0"  # no thousands separator in 2 024
TEXT_FORMAT = "@"  # typed text stays text: "=x" or "0123" are not turned into formulas or numbers

NUMBER_FORMATS: dict[Kind, str] = {
    Kind.KRONOR: KRONOR_FORMAT,
    Kind.DATE: DATE_FORMAT,
    Kind.COUNT: COUNT_FORMAT,
    Kind.YEAR: YEAR_FORMAT,
    Kind.NUMBER: "General",
    Kind.TEXT: TEXT_FORMAT,
    Kind.LONGTEXT: TEXT_FORMAT,
    Kind.EMAIL: TEXT_FORMAT,
    Kind.CODE: "General",
}

# Column widths in Excel's character units; row height of a wrapped label/comment row in points.
MARGIN_WIDTH = 2.5
INSTRUCTION_WIDTH = 110.0


def number_format(kind: Kind | None) -> str:
    return NUMBER_FORMATS.get(kind, "General") if kind else "General"


def protect(ws: Worksheet) -> None:
    """Protect a sheet without a password: only unlocked (input) cells can change.

    In OOXML a true ``formatColumns``/``formatRows`` means *forbidden*, so False lets people
    widen columns and raise rows to read long text; selecting any cell stays allowed.
    ``formatCells`` is allowed too: Validera colours the cells it finds problems in, and Excel
    (desktop and Office.js, so xlwings Lite) refuses any fill on a sheet that forbids it.
    """
    ws.protection = SheetProtection(
        sheet=True,
        formatCells=False,
        formatColumns=False,
        formatRows=False,
        insertColumns=True,
        insertRows=True,
        insertHyperlinks=True,
        deleteColumns=True,
        deleteRows=True,
        selectLockedCells=False,
        selectUnlockedCells=False,
        sort=True,
        autoFilter=True,
        objects=True,
        scenarios=True,
    )


def _header_text(text: str) -> str:
    # "&" starts a header code in Excel; a literal ampersand is written twice
    return text.replace("&", "&&")


def page_setup(ws: Worksheet, *, landscape: bool, title: str, footer: str) -> None:
    """A4, fit to one page wide, title (the insats) left, sheet name right, page x of y below."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    set_header_title(ws, title)
    header, page_footer = _item(ws.oddHeader), _item(ws.oddFooter)
    header.right.text, header.right.size = "&A", 9
    page_footer.center.text, page_footer.center.size = "Sida &P av &N", 9
    page_footer.right.text, page_footer.right.size = _header_text(footer), 8


def set_header_title(ws: Worksheet, title: str) -> None:
    """The printed page's left header: the insats name once known, else the template's title."""
    left = _item(ws.oddHeader).left
    left.text, left.size, left.font = _header_text(title), 9, f"{FONT_NAME},Bold"


def _item(item: HeaderFooterItem | None) -> HeaderFooterItem:
    # openpyxl creates every header/footer item with the sheet; the stubs allow None
    return cast(HeaderFooterItem, item)
