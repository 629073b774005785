"""The board report as PDF: the master's printed Styrelse pages, made by LibreOffice.

The master is written with every sheet but "Styrelse" and "Styrelse per insats" hidden (they stay
in the file: the board pages' formulas refer to them), LibreOffice recalculates and prints the
visible sheets in the Swedish locale ("1 200 000 kr", "48,4 %"), and the PDF is moved into place
atomically: an earlier report is replaced whole or not at all.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from finsam_xl.atomic import write_atomically
from finsam_xl.errors import ConsolidationError
from finsam_xl.writers.master import ConsolidationLike, write_master
from finsam_xl.writers.recalc import soffice_convert

LOCALE = "sv-SE"


def board_pdf(
    consolidation: ConsolidationLike, output: str | Path, *, year: int | None = None
) -> Path:
    """Write the board report (one A4 landscape page for ``year``, then one page per insats) to
    ``output``; returns its path. Raises FinsamError when LibreOffice is missing or fails."""
    target = Path(output)
    if target.suffix.lower() != ".pdf":
        raise ConsolidationError(
            f"{target.name}: styrelserapporten är en PDF och ska sluta på .pdf.",
            en=f"{target.name}: the board's report is a PDF and must end in .pdf.",
        )

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="finsam-styrelse-") as work:
            book = write_master(consolidation, Path(work) / "styrelse.xlsx", board_year=year,
                                board_only=True)  # fmt: skip
            pdf = soffice_convert(book, "pdf", Path(work) / "pdf", locale=LOCALE)
            tmp.write_bytes(pdf.read_bytes())

    return write_atomically(target, write, suffix=".pdf")
