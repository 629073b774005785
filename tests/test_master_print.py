"""The master of the shipped examples as LibreOffice prints it: readable and without overprint.

The master is converted to PDF by LibreOffice (Swedish locale) and measured with poppler's
``pdftotext -bbox``. A word box is taller than the font size (ascender and descender), so the
ratio is calibrated in the same LibreOffice run on a tiny workbook with 10 pt text printed at
100 %. Checked: Översikt's text (all but the fine-print hash line) is at least 8 pt, and no two
word boxes overlap on any page of any sheet, beyond what two wrapped lines of one cell share
(box heights overlap by ~15 %) or the last glyph of a text clipped at its cell's border.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pytest
from overview_doors import EXAMPLES

from finsam_xl.consolidation import consolidate
from finsam_xl.writers.master import write_master
from finsam_xl.writers.recalc import find_soffice, soffice_convert_many

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        find_soffice() is None or shutil.which("pdftotext") is None,
        reason="LibreOffice (soffice) and poppler (pdftotext) are needed: "
        "apt-get install libreoffice-calc poppler-utils",
    ),
]

MIN_PT = 8.0
CALIBRATION_PT = 10.0
GLYPH = 0.6  # a wide glyph's width in box heights
TOUCH_PT = 0.5  # neighbours' boxes may touch
# Share of a box's height two wrapped lines of one cell overlap by: pdftotext's box is the font's
# ascent + descent, taller than the line pitch (Carlito: 11.6 pt boxes 8.9 pt apart, 23 %). Text
# printed over other text shares most of its height, far above this.
SAME_CELL_LINES = 0.3
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int
    width: float
    words: list[Word]

    @property
    def sheet(self) -> str:
        """The sheet name the page header prints top right (``&A``)."""
        if not self.words:
            return ""  # a page of charts only: LibreOffice draws their text as shapes
        top = min(w.y0 for w in self.words)
        line = [w for w in self.words if w.y0 < top + 4 and w.x0 > self.width / 2]
        return " ".join(w.text for w in sorted(line, key=lambda w: w.x0))


def pages(pdf: Path) -> list[Page]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for n, chunk in enumerate(out.split("<page ")[1:], start=1):
        width = float(re.search(r'width="([\d.]+)"', chunk).group(1))  # type: ignore[union-attr]
        words = [Word(*map(float, m[:4]), html.unescape(m[4])) for m in _WORD.findall(chunk)]
        result.append(Page(n, width, words))
    return result


def calibration_xlsx(path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Kalibrering")
    fmt = wb.add_format({"font_name": "Calibri", "font_size": CALIBRATION_PT})
    for row in range(5):
        ws.write_string(row, 0, "Kalibrering av textstorlek Åäö gjpq 12345", fmt)
    ws.set_column(0, 0, 60)
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_print_scale(100)
    wb.close()
    return path


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The master of the shipped examples and the calibration page, printed by LibreOffice."""
    folder = tmp_path_factory.mktemp("print")
    master = write_master(consolidate([EXAMPLES]), folder / "master.xlsx")
    calib = calibration_xlsx(folder / "kalibrering.xlsx")
    printed, calibration = soffice_convert_many(
        [master, calib], "pdf", folder / "pdf", timeout=240, locale="sv-SE"
    )
    return printed, calibration


@pytest.fixture(scope="module")
def printed(pdf: tuple[Path, Path]) -> tuple[list[Page], float]:
    """The master's pages, and the word-box height of 1 pt text."""
    master, calib_pdf = pdf
    heights = [w.height for p in pages(calib_pdf) for w in p.words]
    assert heights, "the calibration page has no text"
    return pages(master), median(heights) / CALIBRATION_PT


def overlaps(a: Word, b: Word) -> bool:
    """Two words print over each other: they share more height than two wrapped lines of one
    cell do, and more width than the last glyph of a text cut at its cell's border (a clipped
    word's box still holds that whole glyph; the next cell's word then sticks out beyond it)."""
    a, b = sorted((a, b), key=lambda w: (w.x0, -w.x1))
    height = min(a.height, b.height)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    dx = min(a.x1, b.x1) - b.x0
    if dy <= SAME_CELL_LINES * height or dx <= TOUCH_PT:
        return False
    clipped = b.x1 > a.x1 and dx <= GLYPH * height and b.x0 - a.x0 > dx
    return not clipped


def test_every_sheet_is_printed(printed: tuple[list[Page], float]) -> None:
    sheets = {p.sheet for p in printed[0]}
    assert {"Översikt", "Diagram", "Problem", "Mål", "Källor"} <= sheets, sheets


def test_oversikt_text_is_at_least_8_pt(printed: tuple[list[Page], float]) -> None:
    got, per_pt = printed
    oversikt = [p for p in got if p.sheet == "Översikt"]
    assert oversikt
    for page in oversikt:
        fine_print = {round(w.y0) for w in page.words if w.text.startswith("(sha256")}
        sizes = sorted(
            (w.height / per_pt, w.text) for w in page.words if round(w.y0) not in fine_print
        )
        assert sizes[0][0] >= MIN_PT - 0.05, f"page {page.number}: {sizes[:5]}"


def overprinted(got: list[Page]) -> list[str]:
    """Every pair of words printed over each other, charts' text included (LibreOffice draws a
    chart's labels as text on the page)."""
    found = []
    for page in got:
        for a, b in itertools.combinations(page.words, 2):
            if overlaps(a, b):
                found.append(f"{page.sheet} (page {page.number}): {a.text!r} / {b.text!r}")
    return found


def test_no_text_overlaps_on_any_page(printed: tuple[list[Page], float]) -> None:
    found = overprinted(printed[0])
    assert not found, "\n".join(found[:20])


def test_docs_script_finds_oversikt_and_diagram_pages(pdf: tuple[Path, Path]) -> None:
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "scripts" / "render_overview_png.py"
    spec = importlib.util.spec_from_file_location("render_overview_png", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sheets = module.page_sheets(pdf[0])
    assert sheets[0] == "Översikt" and "Diagram" in sheets
    assert sheets == [p.sheet for p in pages(pdf[0])] + [""] * (len(sheets) - len(pages(pdf[0])))
