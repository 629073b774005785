"""Render the printed Översikt, Diagram and Styrelse of a master workbook to PNGs for the docs.

    python scripts/render_overview_png.py          # the shipped examples → docs/img/*.png
    python scripts/render_overview_png.py master.xlsx -o out.png --diagram diagram.png \
        --styrelse styrelse.png

Without a master it consolidates the shipped examples (workbooks/examples, what
``scripts/demo.py`` consolidates) and writes their master, so the pictures are the real demo
output. LibreOffice prints the workbook to PDF with Swedish number formats (``sv-SE``), as the
board would see it, and poppler draws the pages: Översikt's first page (and the next ones across,
as ``<name>-2.png`` …, when its columns continue there), the Diagram page and the board's first
page (Styrelse). The pages are found by the sheet name each page's header prints. Needs
``soffice``, ``pdftoppm`` and ``pdftotext``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "img" / "oversikt.png"
DEFAULT_DIAGRAM = ROOT / "docs" / "img" / "diagram.png"
DEFAULT_STYRELSE = ROOT / "docs" / "img" / "styrelse.png"
EXAMPLES = ROOT / "workbooks" / "examples"


def demo_master(folder: Path) -> Path:
    """Consolidate the shipped examples into a master in ``folder``; its path."""
    sys.path.insert(0, str(ROOT))
    from finsam_xl.consolidation import consolidate
    from finsam_xl.writers.master import write_master

    return write_master(consolidate([EXAMPLES]), folder / "finansieringsoversikt.xlsx")


def page_sheets(pdf: Path) -> list[str]:
    """Per page, the sheet name its header prints at the right of the first line."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        raise SystemExit("pdftotext saknas: installera poppler-utils.")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    names = []
    for page in text.split("\f"):
        first = next((line for line in page.splitlines() if line.strip()), "")
        parts = first.strip().split("   ")
        names.append(parts[-1].strip() if len(parts) > 1 else "")
    return names


def render(
    master: Path | None,
    out: Path,
    *,
    diagram: Path | None = None,
    styrelse: Path | None = None,
    dpi: int = 150,
    top: float = 0.6,
) -> list[Path]:
    """Convert ``master`` (or the examples' master) to PDF and draw Översikt's pages (``out``,
    then ``out``-2 …) and, when asked, the Diagram and the Styrelse page; the PNGs written."""
    sys.path.insert(0, str(ROOT))
    from finsam_xl.writers.recalc import pdf_page_to_png, soffice_convert

    with tempfile.TemporaryDirectory(prefix="finsam-png-") as tmp:
        folder = Path(tmp)
        src = master if master is not None else demo_master(folder)
        pdf = soffice_convert(src, "pdf", folder / "pdf", locale="sv-SE")
        sheets = page_sheets(pdf)
        oversikt = [n for n, s in enumerate(sheets, start=1) if s == "Översikt"] or [1]
        written = []
        for i, page in enumerate(oversikt, start=1):
            target = out if i == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}")
            written.append(pdf_page_to_png(pdf, target, page=page, dpi=dpi, top=top))
        if diagram is not None and "Diagram" in sheets:
            page = sheets.index("Diagram") + 1
            written.append(pdf_page_to_png(pdf, diagram, page=page, dpi=dpi))
        if styrelse is not None and "Styrelse" in sheets:
            page = sheets.index("Styrelse") + 1
            written.append(pdf_page_to_png(pdf, styrelse, page=page, dpi=dpi))
        return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "master", nargs="?", type=Path, help="master .xlsx (default: the shipped examples')"
    )
    parser.add_argument("-o", "--out", type=Path, default=None, help="Översikt PNG to write")
    parser.add_argument("--diagram", type=Path, default=None, help="Diagram PNG to write")
    parser.add_argument("--styrelse", type=Path, default=None, help="Styrelse PNG to write")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument(
        "--top", type=float, default=0.6, help="upper fraction of Översikt's page to keep (1 = all)"
    )
    args = parser.parse_args(argv)
    out = args.out or DEFAULT_OUT
    diagram = args.diagram or (DEFAULT_DIAGRAM if args.out is None else None)
    styrelse = args.styrelse or (DEFAULT_STYRELSE if args.out is None else None)
    for png in render(
        args.master, out, diagram=diagram, styrelse=styrelse, dpi=args.dpi, top=args.top
    ):
        print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
