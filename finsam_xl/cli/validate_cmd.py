"""`finsam-xl validate`: check filled reports; a thin layer over finsam_xl.validate_paths."""

from __future__ import annotations

from pathlib import Path

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.options import config_option, format_option
from finsam_xl.cli.paths import shown_path
from finsam_xl.cli.progress import Progress
from finsam_xl.wording import in_language

PLAIN_LISTED = 3  # feedback files listed one by one up to this many; more are counted
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
    help="Skriv en kopia med markerade celler och ett blad 'Kontroll' (en fil .xlsx när en "
    "rapport kontrolleras, annars en mapp).",
)
@config_option
@click.option("--english", is_flag=True, help="Meddelanden på engelska.")
@click.option("--hide-info", is_flag=True, help="Visa inte info-meddelanden (tolkade värden).")
@click.option("--quiet", "-q", is_flag=True, help="Visa bara filer med fel eller varningar.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Antal processer (standard: alla kärnor).",
)
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    annotate: Path | None,
    config_path: Path | None,
    english: bool,
    hide_info: bool,
    quiet: bool,
    workers: int | None,
) -> None:
    """Kontrollera ifyllda rapporter (filer eller mappar).

    Slutkod 0 när ingen fil har fel, 1 när någon har det (eller ingen arbetsbok hittades),
    2 vid felaktigt kommando, inställningar eller utdata.
    """  # fmt: skip
    from finsam_xl.config import load_config
    from finsam_xl.render import render_report
    from finsam_xl.validate import validate_paths

    root = ctx.find_root().obj  # `finsam-xl --english validate ...` as well
    english = english or bool(isinstance(root, dict) and root.get("english"))

    from finsam_xl.cli import process_ends
    from finsam_xl.gcpause import gc_paused

    # The reading paused the cyclic GC; what it made is frozen after it when the process ends
    # with the command. Feedback workbooks, made after, are collected as usual.
    ends = process_ends(ctx)
    annotated: list[str] = []
    progress = Progress("Reading reports" if english else "Läser rapporter")
    with friendly_errors():
        config = load_config(config_path, inputs=paths)
        try:
            with gc_paused(freeze=ends):
                report = validate_paths(paths, config=config, workers=workers, progress=progress)
        finally:
            progress.close()
        if not report.files:
            from finsam_xl.cli.errors import ReportsProblem

            where = ", ".join(map(str, paths))
            raise ReportsProblem(
                f"No workbooks (.xlsx) found in {where}."
                if english
                else f"Inga arbetsböcker (.xlsx) hittades i {where}."
            )
        if annotate is not None:
            from finsam_xl.annotate import annotate_reports

            if len(report.files) > 1 and (annotate.suffix.lower() == ".xlsx" or annotate.is_file()):
                raise click.UsageError(
                    f"{len(report.files)} files were checked: give a folder for --annotate, "
                    f"not {shown_path(annotate)}."
                    if english
                    else f"{len(report.files)} filer kontrollerades: ange en mapp för --annotate, "
                    f"inte {shown_path(annotate)}."
                )
            annotated = annotate_reports(report, annotate)
    if fmt == "json":
        for line in annotated:
            click.echo(in_language(line, english=english), err=True)
        click.echo(report.to_json())
    else:

        def style(text: str, kind: str) -> str:
            return click.style(text, fg=_COLOURS.get(kind), bold=kind in ("errors", "unreadable"))

        click.echo(
            render_report(
                report, english=english, show_info=not hide_info, style=style, quiet=quiet
            )
        )
        # After the verdicts they explain. Plain successes into the folder are counted, not
        # listed (a line each drowned the results); a file with a remark or a failure is named.
        plain = [line for line in annotated
                 if ": återkoppling skriven till " in line and not line.endswith(")")]  # fmt: skip
        for line in annotated:
            if line not in plain or (len(plain) <= PLAIN_LISTED and not quiet):
                click.echo(in_language(line, english=english))
        if plain and (len(plain) > PLAIN_LISTED or quiet) and annotate is not None:
            if english:
                count = f"{len(plain)} {'file' if len(plain) == 1 else 'files'}"
                click.echo(f"Feedback for {count} written to {shown_path(annotate)}.")
            else:
                count = f"{len(plain)} {'fil' if len(plain) == 1 else 'filer'}"
                click.echo(f"Återkoppling för {count} skriven i {shown_path(annotate)}.")
    raise SystemExit(report.exit_code)
