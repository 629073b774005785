"""How the master prints, the pure parts: wrapped lines, header heights, paper and scale.

The rendered result is measured in tests/test_master_print.py (LibreOffice → PDF → pdftotext).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from overview_doors import EXAMPLES

from finsam_xl.consolidation import consolidate
from finsam_xl.writers.master import write_master
from finsam_xl.writers.printing import (
    A3,
    A4,
    LINE_PT,
    MIN_SCALE,
    header_height,
    lines_needed,
    paper_for,
    scale_for,
)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("kort", 10, 1),
        ("", 10, 1),
        ("Ingår i översiktens siffror", 15.5, 3),  # breaks at spaces: "Ingår i" / … / "siffror"
        ("a" * 25, 10, 3),  # one word longer than a line is cut into whole lines
        ("rad ett\nrad två", 40, 2),
    ],
)
def test_lines_break_at_spaces(text: str, width: float, lines: int) -> None:
    assert lines_needed(text, width, bold=True) == lines


def test_header_row_is_as_tall_as_its_longest_label() -> None:
    two = header_height(["Insats", "Beviljat belopp (kr)"], [30, 12])
    three = header_height(["Insats", "Ingår i översiktens siffror"], [30, 15.5])
    assert three == pytest.approx(two + LINE_PT)


def test_paper_and_scale_never_shrink_text_below_the_minimum() -> None:
    assert paper_for(80) == A4 and scale_for(80, A4) == 1.0
    assert paper_for(200) == A3  # too wide for A4 at 85 % with LibreOffice's wider columns
    wide = 400.0  # Deltagare: printed across pages rather than at 3 pt
    assert scale_for(wide, A3) < MIN_SCALE


def test_wide_sheet_prints_at_fixed_scale_with_name_column_repeated(tmp_path: Path) -> None:
    path = write_master(consolidate([EXAMPLES]), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == "Diagram":
            continue  # its charts fitted to one page (tests/test_master_print.py: ≥ 8 pt)
        setup = ws.page_setup
        assert int(setup.scale or 100) >= MIN_SCALE * 100, ws.title  # 100 % is not written
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    deltagare = wb["Deltagare"]
    assert deltagare.print_title_cols == "$A:$A"  # its insats id on every page across
    assert wb["Översikt"].print_title_rows == "$5:$5"
    # the board's columns on one page: nothing continues across, so no name column is repeated
    assert wb["Översikt"].print_title_cols is None
