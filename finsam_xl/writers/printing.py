"""How the master prints: paper by width, text ≥ 8 pt, rows tall enough for their wrapped text.

Each sheet prints landscape at a fixed scale of at least 85 %, on A4 when its printed columns fit
there, else A3 (a styrelse prints Översikt on A3). "Fit to one page wide" is not used: it shrinks
a wide table to unreadable text (Deltagare went to 3 pt). The scale is worked out from the
column widths (Calibri's, which Carlito matches in LibreOffice); a table wider than that
continues on the next page across, with its name column repeated. Folded columns (outline
level 1) are hidden and so not printed: Översikt prints the board's columns only, on one A3 page.
Rows holding wrapped text, and header rows, get the
height of their lines, because LibreOffice (and Excel on some paths) does not size a row
written by xlsxwriter to its text, and wrapped lines then print over each other.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from finsam_xl.overview.columns import Kind

if TYPE_CHECKING:
    from finsam_xl.overview.model import Sheet
    from finsam_xl.writers.master import ConsolidationLike, PlacedTable

A4, A3 = 9, 8  # xlsxwriter paper codes
# Printable width in column-width units (a Calibri 11 character, ~7 px at 96 dpi): landscape,
# 0.4" margins. A4: 11.69" − 0.8", A3: 16.54" − 0.8".
_PRINTABLE = {A4: (11.69 - 0.8) * 96 / 7, A3: (16.54 - 0.8) * 96 / 7}
MIN_SCALE = 0.85  # 10 pt body text printed at ≥ 8.5 pt; page header and footer (10 pt) too
# Column widths are in Calibri 11 digits. Excel has Calibri; LibreOffice draws it with Carlito,
# its metric twin (Debian's fonts-crosextra-carlito, which the test set-up installs), and lays a
# column out ~6 % wider than Excel's pixel formula (measured: 18.7 units → 103.8 pt against
# 98.2 pt). Without Carlito it falls back to DejaVu Sans, a third wider, and a table may then
# continue on a page across.
FONT_MARGIN = 1.08
LINE_PT = 13.0  # one line of 10 pt text
HEADER_LINES_PT = 15.0  # the first line of a header row (bold, with the table's padding)
_WRAPS = frozenset({Kind.LANGTEXT})


def scale_for(width_units: float, paper: int) -> float:
    """The print scale at which ``width_units`` of columns fill ``paper``'s width, at most 1."""
    if width_units <= 0:
        return 1.0
    return min(1.0, _PRINTABLE[paper] / (width_units * FONT_MARGIN))


def paper_for(width_units: float) -> int:
    """A4 when the printed width fits it at MIN_SCALE, else A3."""
    return A4 if scale_for(width_units, A4) >= MIN_SCALE else A3


def print_setup(ws: Any, placed: PlacedTable | None, title: str, c: ConsolidationLike) -> None:
    ws.set_landscape()
    width = 0.0
    if placed is not None:
        # Excel adds 5 px of padding to every column: 5/7 of a unit.
        width = sum(w + 5 / 7 for col, w in placed.widths.items() if col not in placed.folded)
    paper = paper_for(width) if placed is not None else A4
    ws.set_paper(paper)
    if placed is None:  # the Diagram: charts are drawn whole on one page wide
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(math.floor(max(MIN_SCALE, scale_for(width, paper)) * 100))
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if placed is not None:
        ws.repeat_rows(placed.header_row)
        if scale_for(width, paper) < MIN_SCALE:  # continues across: say which row is which
            ws.repeat_columns(placed.label_col)
    ws.set_header(f"&L&10{_header_text(title)}&R&10&A")
    version = c.tool_version.replace("&", "&&")
    when = c.generated_at.strftime("%Y-%m-%d")
    ws.set_footer(f"&L&10finsam-xl {version}, {when}&R&10Sida &P av &N")


def _header_text(title: str) -> str:
    # Excel's header holds 255 characters with its codes; a long list of förbund is cut at a
    # word with an ellipsis rather than mid-name.
    text = title if len(title) <= 90 else title[:90].rsplit(" ", 1)[0] + " …"
    return text.replace("&", "&&")


def lines_needed(text: str, width_units: float, *, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column ``width_units`` wide (10 pt in 11 pt units),
    breaking at spaces as Excel and LibreOffice do (a word longer than a line is cut)."""
    per_line = max(1, int(width_units * (0.95 if bold else 1.05)))
    lines = 0
    for part in text.split("\n"):
        used = 0
        lines += 1
        for word in part.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= per_line:
                used = need
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // per_line  # a long word takes whole lines of its own
            used = len(word) % per_line or per_line
    return max(1, lines)


def header_height(headers: list[str], widths: list[float]) -> float:
    """The height of a wrapped, bold header row: at least two lines (as the table is laid out)."""
    lines = max((lines_needed(h, w, bold=True) for h, w in zip(headers, widths, strict=True)),
                default=1)  # fmt: skip
    return HEADER_LINES_PT + LINE_PT * (max(lines, 2) - 1) + 2


def fit_rows(
    ws: Any,
    sheet: Sheet,
    widths: list[float],
    first_row: int,
    folded: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Set the height of the header row (the row above ``first_row``) to its wrapped labels
    (those of ``folded`` columns, hidden, aside) and of every row whose wrapped text needs more
    than one line."""
    shown = [i for i, c in enumerate(sheet.columns) if c.id not in folded]
    ws.set_row(
        first_row - 1, header_height([sheet.header[i] for i in shown], [widths[i] for i in shown])
    )
    wrapped = [(i, widths[i]) for i, c in enumerate(sheet.columns) if c.kind in _WRAPS]
    if not wrapped:
        return
    for r, row in enumerate(sheet.rows):
        lines = 1
        for i, width in wrapped:
            value = row[i]
            if isinstance(value, str) and (len(value) > width or "\n" in value):
                lines = max(lines, lines_needed(value, width))
        if lines > 1:
            ws.set_row(first_row + r, min(409, LINE_PT * lines + 2))
