"""Render a rapport template with two live problems to a PNG for the docs (issue 15).

    python scripts/render_live_checks_png.py            # → docs/img/live-kontroller.png

The clean Steget vidare Q1 report (workbooks/examples/data) typed into a fresh rapport template,
with two mistakes a projektledare makes while typing: lönekostnader since start below the
period's figure (`period-over-ack`) and a beviljat belopp below what has been spent
(`over-beviljat`). LibreOffice recalculates the checks while printing the Ekonomi sheet to PDF in
Swedish (``sv-SE``), and poppler draws that page: both cells coloured, both texts beside them.
Needs ``soffice``, ``pdftoppm`` and ``pdftotext``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "img" / "live-kontroller.png"
EXAMPLE = "steget-vidare-kvartalsrapport-2024q1"
MISTAKES = {"utfall_ack_lonekostnader": 21_500, "beviljat_belopp": 80_000}
SHEET = "Ekonomi"


def _script(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


def filled_with_mistakes(target: Path) -> Path:
    """The example's values plus ``MISTAKES``, in a fresh rapport template, saved at ``target``."""
    sys.path.insert(0, str(ROOT))
    from openpyxl.utils import get_column_letter

    from finsam_xl.templates import make_template, write_bytes_atomic
    from finsam_xl.templates.build import workbook_bytes
    from finsam_xl.templates.fill import fill_workbook

    examples = _script("make_examples")
    example = examples.load_example(examples.DATA / f"{EXAMPLE}.json")  # type: ignore[attr-defined]
    values = examples.cell_values(example.values)  # type: ignore[attr-defined]
    wb = make_template("rapport")
    fill_workbook(wb, {**values, **MISTAKES})
    # the template prints without its check columns; the picture shows their texts too
    ws = wb[SHEET]
    ws.print_area = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    return write_bytes_atomic(workbook_bytes(wb), target)


def render(out: Path, *, dpi: int = 160, top: float = 0.3) -> Path:
    sys.path.insert(0, str(ROOT))
    from finsam_xl.writers.recalc import pdf_page_to_png, soffice_convert

    page_sheets = _script("render_overview_png").page_sheets  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory(prefix="finsam-live-") as tmp:
        src = filled_with_mistakes(Path(tmp) / "rapport-med-fel.xlsx")
        pdf = soffice_convert(src, "pdf", Path(tmp) / "pdf", locale="sv-SE")
        page = page_sheets(pdf).index(SHEET) + 1
        return pdf_page_to_png(pdf, out, page=page, dpi=dpi, top=top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--dpi", type=int, default=160)
    parser.add_argument("--top", type=float, default=0.3, help="upper fraction of the page")
    args = parser.parse_args(argv)
    print(render(args.out, dpi=args.dpi, top=args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
