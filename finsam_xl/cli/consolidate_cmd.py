"""`finsam-xl consolidate`: many reports into the master workbook and/or exported tables.

A thin layer over finsam_xl.consolidation.consolidate (tables) and
finsam_xl.writers.master.write_master (the workbook). Exit code 0 when the outputs were
written, even if some files had errors: the master lists them on "Problem" and "Källor", and
`finsam-xl validate` is the gate for a pipeline; ``--strict`` makes such files exit 1 instead.
No workbook found exits 1 and writes nothing; a run that cannot write its outputs (master open
in Excel, bad register, bad settings) exits 2 with one line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.options import config_option, csv_format_option
from finsam_xl.cli.paths import shown_path
from finsam_xl.cli.progress import Progress
from finsam_xl.wording import in_language, plural

NOTES_SHOWN = 20  # skipped files and öre roundings printed; the rest are counted


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, readable=False, path_type=Path)
)  # an unreadable file is `olasbar` in the report, not a usage error that drops the batch
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Översiktsarbetsbok att skriva (.xlsx)."
)
@click.option(
    "--include-errors/--exclude-errors",
    default=True,
    show_default=True,
    help='Rapporter med fel räknas med i siffrorna, markerade "Komplettering begärd" '
    "(standard), eller lämnas utanför.",
)
@click.option(
    "--mask-under",
    type=click.IntRange(min=2),
    default=None,
    help='Visa antal deltagare under N som "<N" (för tabeller som lämnar förbundet).',
)
@click.option(
    "--register",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Register över insatser och förväntade rapporter (.xlsx eller .csv).",
)
@click.option(
    "--frist", type=click.IntRange(min=0), default=30, show_default=True,
    help="Dagar efter periodens slut som en rapport ska ha kommit in.",
)  # fmt: skip
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="ÅÅÅÅ-MM-DD",
    help="Bedöm saknade rapporter per detta datum (ÅÅÅÅ-MM-DD; standard i dag).",
)
@click.option(
    "--export",
    "export_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Skriv alla tabeller som CSV och Parquet i denna mapp (ersätter en tidigare export).",
)
@click.option(
    "--ar",
    type=click.IntRange(min=2000, max=2100),
    default=None,
    metavar="ÅÅÅÅ",
    help="Uppföljning Finsam-tabellerna (UF ...) för detta kalenderår (standard: alla år).",
)
@csv_format_option
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Antal processer.")
@config_option
@click.option("--strict", is_flag=True, help="Slutkod 1 om någon fil har fel eller är oläslig.")
@click.option(
    "--replace-foreign",
    is_flag=True,
    help="Ersätt en befintlig översikt även om den har blad som finsam-xl inte skapat.",
)
@click.option("--english", is_flag=True, help="Meddelanden på engelska.")
@click.pass_context
def consolidate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: Path | None,
    include_errors: bool,
    mask_under: int | None,
    register: Path | None,
    frist: int,
    as_of: Any,
    export_dir: Path | None,
    ar: int | None,
    csv_format: Literal["excel", "standard"],
    workers: int | None,
    config_path: Path | None,
    strict: bool,
    replace_foreign: bool,
    english: bool,
) -> None:
    """Sammanställ rapporter (filer eller mappar) till en översiktsarbetsbok.

    Ange -o för arbetsboken och/eller --export för tabellerna som CSV och Parquet.
    """
    root = ctx.find_root().obj  # `finsam-xl --english consolidate ...` as well
    english = english or bool(isinstance(root, dict) and root.get("english"))
    if output is None and export_dir is None:
        raise click.UsageError(
            "Give -o OVERVIEW.xlsx and/or --export FOLDER."
            if english
            else "Ange -o ÖVERSIKT.xlsx och/eller --export MAPP."
        )
    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.BadParameter(
            f"{output.name}: the overview is an Excel workbook and must end in .xlsx."
            if english
            else f"{output.name}: översikten är en Excel-arbetsbok och ska sluta på .xlsx.",
            param_hint="-o",
        )
    from finsam_xl.cli import process_ends
    from finsam_xl.config import load_config
    from finsam_xl.consolidation import consolidate as run
    from finsam_xl.consolidation import read_register
    from finsam_xl.consolidation.export import export_tables
    from finsam_xl.gcpause import gc_paused

    # One pause of the cyclic GC over the whole run (until click closes the context); what the
    # run made is frozen after it when the process ends with the command.
    ctx.with_resource(gc_paused(freeze=process_ends(ctx)))
    progress = Progress("Reading reports" if english else "Läser rapporter")
    with friendly_errors():
        config = load_config(config_path, inputs=paths)
        reg = read_register(register, frist_dagar=frist) if register is not None else None
        day: date | None = as_of.date() if as_of is not None else None
        try:
            result = run(
                paths,
                include_errors=include_errors,
                mask_under=mask_under,
                register=reg,
                config=config,
                progress=progress,
                workers=workers,
                as_of=day,
                exclude=[output] if output is not None else [],
                ar=ar,
            )
        finally:
            progress.close()
        if register is not None:
            result.options["register"] = str(register)
        if output is not None:
            from finsam_xl.writers.master import write_master

            written = write_master(result, output, overwrite_foreign=replace_foreign)
            click.echo(f"{'Wrote' if english else 'Skrev'} {shown_path(written)}.")
        if export_dir is not None:
            files = export_tables(result, export_dir, csv_format=csv_format)
            where = shown_path(export_dir)
            click.echo(
                f"Exported {len(files)} files to {where}."
                if english
                else f"Exporterade {len(files)} filer till {where}."
            )
    for note in result.notes[:NOTES_SHOWN]:
        click.echo(in_language(note, english=english), err=True)
    more = len(result.notes) - NOTES_SHOWN
    if more > 0:  # all of them are in korning.json with --export
        click.echo(f"… and {more} more notes." if english else f"… och {more} noteringar till.",
                   err=True)  # fmt: skip
    click.echo(result.summary(english=english))
    kallor = result.tables["kallor"]
    bad = [
        *result.files_with("olasbar"),
        *(str(f) for f in kallor.loc[kallor["status"] == "errors", "file"]),
    ]
    for file in bad:
        click.secho(
            f"  Errors in {file} (see the sheet Problem)."
            if english
            else f"  Fel i {file} (se bladet Problem).",
            fg="red",
            err=True,
        )
    # Files with warnings only count in the figures as they are; the officer may still want to
    # ask about them, so their number is said (each warning is a row of the Problem sheet).
    warned = int((kallor["status"] == "warnings").sum())
    if warned:
        click.echo(
            f"  {plural(warned, 'file has', 'files have')} warnings but no errors (see the "
            "sheet Problem)."
            if english
            else f"  {plural(warned, 'fil har', 'filer har')} varningar men inga fel (se bladet "
            "Problem).",
            err=True,
        )
    raise SystemExit(1 if strict and bad else 0)
