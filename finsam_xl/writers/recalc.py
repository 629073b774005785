"""A small LibreOffice (headless) helper: recalculate and convert a workbook, render a PDF page.

Used by the tests (a master re-saved by LibreOffice carries LibreOffice's own results for every
formula, to compare with pandas) and by ``scripts/render_overview_png.py``. Each call gets its own
throw-away user profile (``-env:UserInstallation``): parallel test workers otherwise fight over the
default profile's lock, and the profile is where we switch on "always recalculate on load" —
LibreOffice by default trusts the cached results of a file that says Excel wrote it, which would
make a recalculation check compare our numbers with themselves.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from finsam_xl.errors import FinsamError

# OOXMLRecalcMode / ODFRecalcMode: 0 = always recalculate on load, 1 = never, 2 = ask.
_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
{locale}</oor:items>
"""
# The locale numbers and dates are shown in (PDF output): "1 800 000 kr", "75,1 %".
_LOCALE_SETTING = """<item oor:path="/org.openoffice.Setup/L10N">
<prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{}</value></prop></item>
"""
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def find_soffice() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return _MAC_SOFFICE if Path(_MAC_SOFFICE).exists() else None


def soffice_convert(
    src: Path,
    fmt: str,
    outdir: Path,
    timeout: float = 120,
    *,
    locale: str | None = None,
    infilter: str | None = None,
) -> Path:
    """Convert ``src`` with LibreOffice to ``fmt`` (``xlsx``, ``pdf``, ``csv``) in ``outdir``.

    Formulas are recalculated on load, so an ``xlsx`` written back holds LibreOffice's results.
    ``locale`` (e.g. ``sv-SE``) sets how numbers and dates are displayed; ``infilter`` is
    LibreOffice's import filter with its options (for a CSV: separator, charset, language).
    Returns the converted file's path.
    """
    return soffice_convert_many([src], fmt, outdir, timeout, locale=locale, infilter=infilter)[0]


def soffice_convert_many(
    sources: Sequence[Path],
    fmt: str,
    outdir: Path,
    timeout: float = 300,
    *,
    locale: str | None = None,
    infilter: str | None = None,
) -> list[Path]:
    """Convert several files in one LibreOffice start (it costs seconds; a file, about one)."""
    soffice = find_soffice()
    if soffice is None:
        raise FinsamError(
            "LibreOffice saknas: installera det (Debian/Ubuntu: apt-get install libreoffice-calc).",
            en="LibreOffice is missing: install it (Debian/Ubuntu: apt-get install "
            "libreoffice-calc).",
        )
    srcs = [Path(src).absolute() for src in sources]
    outdir = Path(outdir).absolute()
    outdir.mkdir(parents=True, exist_ok=True)
    targets = [outdir / f"{src.stem}.{fmt.split(':')[0]}" for src in srcs]
    for src, target in zip(srcs, targets, strict=True):
        if target == src:
            raise FinsamError(
                f"{src} skulle skrivas över av sin egen konvertering: välj en annan mapp.",
                en=f"{src} would be overwritten by its own conversion: choose another folder.",
            )
    with tempfile.TemporaryDirectory(prefix="finsam-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        settings = _PROFILE_SETTINGS.format(locale=_LOCALE_SETTING.format(locale) if locale else "")
        (user / "registrymodifications.xcu").write_text(settings, encoding="utf-8")
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, srcs),
        ]
        names = ", ".join(src.name for src in srcs[:3]) + (" …" if len(srcs) > 3 else "")
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise FinsamError(
                f"LibreOffice svarade inte inom {timeout:g} s ({names}).",
                en=f"LibreOffice did not answer within {timeout:g} s ({names}).",
            ) from exc
    missing = [t.name for t in targets if not t.exists()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()
        what = ", ".join(missing) or names
        raise FinsamError(
            f"LibreOffice kunde inte konvertera {what} till {fmt}: "
            f"{detail[-1] if detail else f'slutkod {done.returncode}'}",
            en=f"LibreOffice could not convert {what} to {fmt}: "
            f"{detail[-1] if detail else f'exit code {done.returncode}'}",
        )
    return targets


def pdf_page_to_png(
    pdf: Path, png: Path, *, page: int = 1, dpi: int = 110, top: float = 1.0
) -> Path:
    """Render one page of ``pdf`` to ``png`` with poppler's ``pdftoppm``; ``top`` < 1 keeps only
    that upper fraction of the page (an A4 page fitted to width is mostly empty below a table)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise FinsamError(
            "pdftoppm saknas: installera poppler-utils.",
            en="pdftoppm is missing: install poppler-utils.",
        )
    png = Path(png).absolute()
    png.parent.mkdir(parents=True, exist_ok=True)
    stem = png.with_suffix("")  # pdftoppm appends .png itself with -singlefile
    cmd = [pdftoppm, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
    if top < 1:
        # pdftoppm crops in pixels from the top-left corner; the page may be A4 or A3.
        width, height = page_size_inches(pdf, page)
        cmd += ["-x", "0", "-y", "0", "-W", str(round(width * dpi))]
        cmd += ["-H", str(round(height * dpi * top))]
    done = subprocess.run(
        [*cmd, str(pdf), str(stem)], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0 or not png.exists():
        raise FinsamError(
            f"pdftoppm kunde inte rita sidan {page} av {pdf.name}: {done.stderr}",
            en=f"pdftoppm could not draw page {page} of {pdf.name}: {done.stderr}",
        )
    return png


def page_size_inches(pdf: Path, page: int) -> tuple[float, float]:
    """Width and height of one page (poppler's ``pdfinfo``); A4 landscape when unknown."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        done = subprocess.run(
            [pdfinfo, "-f", str(page), "-l", str(page), str(pdf)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        found = re.search(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", done.stdout)
        if found:
            return float(found.group(1)) / 72, float(found.group(2)) / 72
    return 11.69, 8.27
