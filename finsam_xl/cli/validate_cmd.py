"""`finsam-xl validate`: check filled reports; a thin layer over finsam_xl.validate_paths."""

from __future__ import annotations

from pathlib import Path

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.options import config_option, format_option

_COLOURS = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red",
            "error": "red", "warning": "yellow", "info": "cyan"}  # fmt: skip


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, readable=False, path_type=Path)
)  # an unreadable file is `olasbar` in the report, not a usage error that drops the batch
@format_option
@click.option(
    "--annotate",
    "annotate",
    type=click.Path(path_type=Path),
    default=None,
    help="Skriv en kopia med markerade celler och ett blad 'Kontroll' (fil eller mapp).",
)
@config_option
@click.option("--english", is_flag=True, help="Meddelanden på engelska.")
@click.option("--hide-info", is_flag=True, help="Visa inte info-meddelanden (tolkade värden).")
@click.option("--workers", type=int, default=None, help="Antal processer (standard: alla kärnor).")
def validate(
    paths: tuple[Path, ...],
    fmt: str,
    annotate: Path | None,
    config_path: Path | None,
    english: bool,
    hide_info: bool,
    workers: int | None,
) -> None:
    """Kontrollera ifyllda rapporter (filer eller mappar).

    Slutkod 0 när ingen fil har fel, 1 när någon har det, 2 vid felaktigt kommando.
    """  # fmt: skip
    from finsam_xl.config import load_config
    from finsam_xl.render import render_report
    from finsam_xl.validate import validate_paths

    with friendly_errors():
        config = load_config(config_path)
        report = validate_paths(paths, config=config, workers=workers)
        if annotate is not None:
            from finsam_xl.annotate import annotate_reports

            for line in annotate_reports(report, annotate):
                click.echo(line, err=fmt == "json")
    if fmt == "json":
        click.echo(report.to_json())
    else:

        def style(text: str, kind: str) -> str:
            return click.style(text, fg=_COLOURS.get(kind), bold=kind in ("errors", "unreadable"))

        click.echo(render_report(report, english=english, show_info=not hide_info, style=style))
    raise SystemExit(report.exit_code)
