"""No label text of a 2.0 template is cut by its cell, measured in LibreOffice's own PDF.

Each committed template is copied with a marker in every row (a new column to the right of the
used range) and in every column (a new row below it), then LibreOffice prints it to PDF and
``pdftotext -bbox`` gives every word's box. The markers give each row's bottom and each column's
left edge in PDF coordinates, whatever scale "fit to one page wide" chose; a label, header, section
title or note must then appear whole, inside its row band and its columns. LibreOffice clips text
at the cell (wrapped text below a too-low row, text running into a filled neighbour): such text
either goes missing or lands outside the band, and both fail here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import column_letter
from finsam_xl.schema import Malltyp
from finsam_xl.templates.layout import plan
from finsam_xl.templates.sheet_plan import Role, SheetPlan
from finsam_xl.writers.recalc import find_soffice, soffice_convert_many

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "workbooks" / "templates"
CHECKED = (Role.LABEL, Role.HEADER, Role.SECTION, Role.NOTE, Role.TITLE)
TOL = 1.0  # PDF points of slack for rounding
DESCENT = 0.2  # of a word box's height (ascent + descent) lies below the baseline

pytestmark = pytest.mark.libreoffice

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def _unescape(text: str) -> str:
    return (
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


def words_of(pdf: Path) -> list[Word]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out: list[Word] = []
    for page, chunk in enumerate(html.split("<page ")[1:]):
        for m in _WORD.finditer(chunk):
            x0, y0, x1, y1 = (float(m[i]) for i in range(1, 5))
            out.append(Word(page, x0, y0, x1, y1, _unescape(m[5])))
    return out


def _printed_cols(ws: Worksheet) -> int:
    """The last column the sheet prints: its print area's, else the used range's."""
    if not ws.print_area:
        return ws.max_column
    bounds = range_boundaries(ws.print_area.split(",")[0].split("!")[-1].replace("$", ""))
    return int(bounds[2] or ws.max_column)


def _probe(src: Path, dst: Path) -> None:
    """The template with a row marker "R<n>" right of what it prints (the used range, or the
    print area the template sets) and a column marker "C<n>" below it (bottom-left aligned,
    small), so the PDF shows where rows end and columns start at the template's own scale."""
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        last_row, last_col = ws.max_row, _printed_cols(ws)
        marker_col, marker_row = last_col + 2, last_row + 2
        small = Font(size=6)
        where = Alignment(horizontal="left", vertical="bottom")
        for r in range(1, last_row + 1):
            cell = ws.cell(r, marker_col, f"R{r}")
            cell.font, cell.alignment = small, where
        for c in range(1, marker_col + 1):
            cell = ws.cell(marker_row, c, f"C{c}")
            cell.font, cell.alignment = small, where
        ws.column_dimensions[column_letter(marker_col)].width = 6
        ws.print_area = f"A1:{column_letter(marker_col)}{marker_row}"
    wb.save(dst)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Word]]:
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler (pdftotext) are needed")
    folder = tmp_path_factory.mktemp("labels")
    probes = []
    for malltyp in Malltyp:
        probe = folder / f"{malltyp.value}.xlsx"
        _probe(TEMPLATES / f"{malltyp.value}.xlsx", probe)
        probes.append(probe)
    pdfs = soffice_convert_many(probes, "pdf", folder / "pdf", timeout=300)
    return {p.stem: words_of(p) for p in pdfs}


def _sheet_pages(words: list[Word], sheet: SheetPlan) -> set[int]:
    """The pages that print this sheet: the page header's right part names it (style.py)."""
    pages: set[int] = set()
    for page in {w.page for w in words}:
        on_page = [w for w in words if w.page == page]
        top = min(w.y0 for w in on_page)
        middle = max(w.x1 for w in on_page) / 2
        header = [w.text for w in on_page if abs(w.y0 - top) < TOL and w.x0 > middle]
        if " ".join(header) == sheet.name:
            pages.add(page)
    return pages


def _markers(words: list[Word], pages: set[int], prefix: str) -> dict[int, Word]:
    out: dict[int, Word] = {}
    for w in words:
        if w.page in pages and re.fullmatch(prefix + r"\d+", w.text):
            out.setdefault(int(w.text[1:]), w)
    return out


def _find(words: list[Word], tokens: list[str], near: tuple[int, float, float]) -> list[Word]:
    """The run of consecutive words spelling ``tokens`` closest to ``near`` (page, x, y)."""
    page, x, y = near
    best: list[Word] = []
    best_distance = float("inf")
    for i, w in enumerate(words):
        if w.page != page or w.text != tokens[0]:
            continue
        run = words[i : i + len(tokens)]
        if [r.text for r in run] != tokens or any(r.page != page for r in run):
            continue
        distance = abs(w.x0 - x) + abs(w.y1 - y)
        if distance < best_distance:
            best, best_distance = run, distance
    return best


def _cut_labels(malltyp: Malltyp, words: list[Word]) -> list[str]:
    problems: list[str] = []
    for sheet in plan(malltyp):
        pages = _sheet_pages(words, sheet)
        rows, cols = _markers(words, pages, "R"), _markers(words, pages, "C")
        assert rows and cols, f"{malltyp}/{sheet.name}: markers not printed"
        for cell in sheet.cells:
            if cell.role not in CHECKED or not isinstance(cell.value, str):
                continue
            where = f"{malltyp}/{sheet.name}!{column_letter(cell.col)}{cell.row}"
            bottom, left = rows.get(cell.row), cols.get(cell.col)
            right = cols.get(cell.col + cell.span)
            if bottom is None or left is None or right is None:
                problems.append(f"{where}: its row or column is not printed")
                continue
            run = _find(words, cell.value.split(), (bottom.page, left.x0, bottom.y1))
            if not run:
                problems.append(f"{where}: '{cell.value}' is not printed whole")
                continue
            above = rows.get(cell.row - 1)
            top = above.y1 if above is not None and above.page == bottom.page else 0.0
            # a NOTE or TITLE may run on into empty cells to its right; the rest stay inside
            limit = right.x0 if cell.role in (Role.LABEL, Role.HEADER) else float("inf")
            edge = (bottom.y1 - bottom.y0) * DESCENT  # the marker's own descent below its row
            for w in run:
                baseline = w.y1 - (w.y1 - w.y0) * DESCENT
                if baseline > bottom.y1 + edge + TOL or w.y0 < top - TOL:
                    problems.append(f"{where}: '{w.text}' is cut by the row's height")
                    break
                if w.x1 > limit + TOL or w.x0 < left.x0 - TOL:
                    problems.append(f"{where}: '{w.text}' runs out of its column")
                    break
    return problems


@pytest.mark.parametrize("malltyp", list(Malltyp), ids=lambda m: m.value)
def test_no_label_is_cut_by_its_cell(malltyp: Malltyp, printed: dict[str, list[Word]]) -> None:
    assert _cut_labels(malltyp, printed[malltyp.value]) == []
