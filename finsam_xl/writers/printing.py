"""How the master prints: paper by width, text ≥ 8 pt, rows tall enough for their wrapped text.

Each sheet prints landscape, one page wide; the paper is A4 when the printed columns fit it at
90 % or more, else A3 (a styrelse prints Översikt on A3). Folded columns (outline level 1) are
hidden and so not printed: Översikt prints the board's columns only. Rows holding wrapped text
get the height of their lines, because LibreOffice (and Excel on some paths) does not size a row
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
MIN_SCALE = 0.9  # 10 pt body text printed at ≥ 9 pt
LINE_PT = 13.0  # one line of 10 pt text
_WRAPS = frozenset({Kind.LANGTEXT})


def paper_for(width_units: float) -> int:
    """A4 when the printed width fits it at MIN_SCALE, else A3."""
    return A4 if width_units * MIN_SCALE <= _PRINTABLE[A4] else A3


def print_setup(ws: Any, placed: PlacedTable | None, title: str, c: ConsolidationLike) -> None:
    ws.set_landscape()
    width = 0.0
    if placed is not None:
        width = sum(w for col, w in placed.widths.items() if col not in placed.folded)
    ws.set_paper(paper_for(width) if placed is not None else A4)
    ws.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if placed is not None:
        ws.repeat_rows(placed.header_row)
    ws.set_header(f"&L&8{_header_text(title)}&R&8&A")
    version = c.tool_version.replace("&", "&&")
    when = c.generated_at.strftime("%Y-%m-%d")
    ws.set_footer(f"&L&8finsam-xl {version}, {when}&R&8Sida &P av &N")


def _header_text(title: str) -> str:
    # Excel's header holds 255 characters with its codes; a long list of förbund is cut at a
    # word with an ellipsis rather than mid-name.
    text = title if len(title) <= 90 else title[:90].rsplit(" ", 1)[0] + " …"
    return text.replace("&", "&&")


def lines_needed(text: str, width_units: float) -> int:
    """Lines a wrapped text takes in a column ``width_units`` wide (10 pt in 11 pt units)."""
    per_line = max(1, int(width_units * 1.05))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def fit_rows(ws: Any, sheet: Sheet, widths: list[float], first_row: int) -> None:
    """Set the height of every row whose wrapped text needs more than one line."""
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
