"""The master workbook's cell formats, one per column kind of the overview model.

What a column holds and its number format are declared once (finsam_xl.overview.columns); this
module only turns them into xlsxwriter formats, with the master's fonts and highlight colours.
Number formats in ``.xlsx`` are locale-neutral (``#,##0``), so a Swedish Excel or LibreOffice
shows space-grouped thousands and decimal commas by itself.
"""

from __future__ import annotations

from typing import Any

from finsam_xl.overview.columns import NUMBER_FORMATS, Kind

FONT = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
# Fills of Excel's own "good / neutral / bad" cell styles, so the highlighting reads as familiar.
RED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
AMBER = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
GREY = {"font_color": "#7F7F7F"}
LINK = {"font_color": "#0563C1", "underline": 1}


def cell_formats(workbook: Any) -> dict[str, Any]:
    """The workbook's shared cell formats, one per column kind plus headings and totals."""
    fmts: dict[str, Any] = {}
    for kind in Kind:
        props: dict[str, object] = dict(FONT)
        pattern = NUMBER_FORMATS.get(kind)
        if pattern is not None:
            props["num_format"] = pattern
        if kind is Kind.LANGTEXT:
            props["text_wrap"] = True
        if kind is Kind.HASH:
            props |= {"font_name": "Consolas", "font_size": 8}
        fmts[kind] = workbook.add_format(props)
        # Totals rows: the same number format, bold, with a rule above.
        fmts[f"total_{kind}"] = workbook.add_format(props | {"bold": True, "top": 1})
    # A text among figures ("<5", "ej redovisat") lines up with the numbers beside it, in grey.
    missing = FONT | {"align": "right", "italic": True, "font_color": "#595959"}
    fmts["masked"] = workbook.add_format(missing)
    fmts["total_masked"] = workbook.add_format(missing | {"bold": True, "top": 1})
    fmts["title"] = workbook.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
    # Above Översikt's table these wrap within a merged block (writers.master._overview_heading).
    wrap = {"text_wrap": True, "valign": "top"}
    fmts["subtitle"] = workbook.add_format({"font_size": 10, "font_color": "#595959"} | wrap)
    fmts["hash_note"] = workbook.add_format(
        {"font_size": 8, "font_name": "Consolas", "font_color": "#595959"} | wrap
    )
    fmts["header"] = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "font_size": 10}
    )
    fmts["section"] = workbook.add_format({"bold": True, "font_size": 11, "bottom": 1})
    fmts["note"] = workbook.add_format(FONT | {"italic": True, "font_color": "#595959"})
    fmts["note_wrap"] = workbook.add_format(
        FONT | {"italic": True, "font_color": "#595959", "text_wrap": True}
    )
    fmts["link"] = workbook.add_format(FONT | LINK | {"text_wrap": True})
    fmts["red"] = workbook.add_format(RED)
    fmts["amber"] = workbook.add_format(AMBER)
    fmts["grey"] = workbook.add_format(GREY)
    return fmts
