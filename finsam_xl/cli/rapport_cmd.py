"""`finsam-xl rapport --styrelse`: the board report as PDF (finsam_xl.writers.board_pdf).

Consolidates the reports as `consolidate` does, then prints the master's Styrelse pages through
LibreOffice. Exit 0 when the PDF was written; no workbook found exits 1; LibreOffice missing or
the PDF not writable exits 2 with one line.
"""

from __future__ import annotations

from pathlib import Path

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.i18n import say
from finsam_xl.cli.options import config_option
from finsam_xl.cli.paths import shown_path


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, readable=False, path_type=Path)
)
@click.option(
    "--styrelse",
    is_flag=True,
    help="Styrelserapporten: en A4-sida med årets nyckeltal och diagram, sedan en sida per insats.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="PDF att skriva (ersätts helt om den finns).",
)
@click.option(
    "--ar",
    "year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="År som första sidan visar (standard: senaste året med redovisade siffror).",
)
@click.option(
    "--register",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Register över insatser och förväntade rapporter (.xlsx eller .csv).",
)
@config_option
def rapport(
    paths: tuple[Path, ...],
    styrelse: bool,
    output: Path,
    year: int | None,
    register: Path | None,
    config_path: Path | None,
) -> None:
    """Skriv en rapport som PDF från rapporterna (filer eller mappar)."""
    if not styrelse:
        raise click.UsageError(
            say(
                "Ange --styrelse (den rapport som finns).", "Give --styrelse (the report there is)."
            )
        )
    if output.suffix.lower() != ".pdf":
        raise click.BadParameter(
            say(f"{output.name}: rapporten ska sluta på .pdf.", f"{output.name}: the report must "
                "end in .pdf."),
            param_hint="-o",
        )  # fmt: skip
    from finsam_xl.config import load_config
    from finsam_xl.consolidation import consolidate
    from finsam_xl.writers.board_pdf import board_pdf

    with friendly_errors():
        config = load_config(config_path, inputs=paths)
        result = consolidate(paths, register=register, config=config, exclude=[output])
        written = board_pdf(result, output, year=year)
    click.echo(f"{say('Skrev', 'Wrote')} {shown_path(written)}.")
