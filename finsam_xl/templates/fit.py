"""Row heights for wrapped labels and headers, so no text of a template is cut by its cell.

Estimated from the text's length and the column width (Excel's character units), word by word
as a spreadsheet wraps; tests/test_libreoffice_labels.py checks the result in LibreOffice's PDF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from finsam_xl.templates.sheet_plan import SheetPlan


LINE_HEIGHT = 15.0  # points per line of 11 pt text
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
# characters of 11 pt text per character of column width, less a margin: bold headers are wider
CHARS_PER_WIDTH = {"label": 1.0, "header": 0.85}  # by Role (a StrEnum): labels, headers


def fit_rows(sheet: SheetPlan) -> None:
    """Rows tall enough for every wrapped label and header, so no text is cut by its cell."""
    for cell in sheet.cells:
        if cell.role not in CHARS_PER_WIDTH or not isinstance(cell.value, str):
            continue
        width = sum(
            sheet.widths.get(c, DEFAULT_WIDTH) for c in range(cell.col, cell.col + cell.span)
        )
        room = max(1, int(width * CHARS_PER_WIDTH[cell.role]) - 1)
        lines = _lines(cell.value, room)
        if lines > 1:
            sheet.heights[cell.row] = max(sheet.heights.get(cell.row, 0.0), LINE_HEIGHT * lines)


def _lines(text: str, room: int) -> int:
    """How many lines word-wrapping ``text`` at ``room`` characters takes."""
    lines, used = 1, 0
    for word in text.split():
        need = len(word) if used == 0 else used + 1 + len(word)
        if need > room and used:
            lines, used = lines + 1, len(word)
        else:
            used = need
    return lines
