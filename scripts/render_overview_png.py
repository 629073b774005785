"""Render the Översikt page of a master workbook to a PNG for the docs (LibreOffice → PDF → PNG).

    python scripts/render_overview_png.py             # demo förbund → docs/img/oversikt.png
    python scripts/render_overview_png.py master.xlsx -o out.png --top 1

Without a master it writes one from the demo consolidation in tests/master_fixtures.py (an
invented förbund, so no real insats appears in the docs). LibreOffice renders with Swedish
number formats (``sv-SE``), as the board would see it. Needs ``soffice`` and ``pdftoppm``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "img" / "oversikt.png"


def demo_master(folder: Path) -> Path:
    """Write the demo master into ``folder`` and return its path."""
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from master_fixtures import make_consolidation

    from finsam_xl.writers.master import write_master

    return write_master(make_consolidation(), folder / "finansieringsoversikt.xlsx")


def render(master: Path | None, out: Path, *, dpi: int = 150, top: float = 0.36) -> Path:
    """Convert ``master`` (or the demo) to PDF and render the top of its first page to ``out``."""
    sys.path.insert(0, str(ROOT))
    from finsam_xl.writers.recalc import pdf_page_to_png, soffice_convert

    with tempfile.TemporaryDirectory(prefix="finsam-png-") as tmp:
        folder = Path(tmp)
        src = master if master is not None else demo_master(folder)
        pdf = soffice_convert(src, "pdf", folder / "pdf", locale="sv-SE")
        return pdf_page_to_png(pdf, out, page=1, dpi=dpi, top=top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("master", nargs="?", type=Path, help="master .xlsx (default: the demo)")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT, help="PNG to write")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument(
        "--top", type=float, default=0.36, help="upper fraction of the page to keep (1 = all)"
    )
    args = parser.parse_args(argv)
    png = render(args.master, args.out, dpi=args.dpi, top=args.top)
    print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
