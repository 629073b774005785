"""`finsam-xl template`: write a blank or prefilled template (a skin over finsam_xl.templates).

With ``--prefill insats.json`` one template gets the insats' identity; with ``--prefill
register.xlsx|register.csv`` and ``-o DIR`` every row of the register becomes its own file.
Nothing is overwritten without ``--force``; files are written through a temp file and a rename.
"""

from __future__ import annotations

from pathlib import Path

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.i18n import say
from finsam_xl.cli.paths import shown_path
from finsam_xl.schema import Malltyp

REGISTER_SUFFIXES = (".xlsx", ".xlsm", ".csv")


@click.command("template")
@click.argument("malltyp", type=click.Choice([*(m.value for m in Malltyp), "register"]))
@click.option(
    "-o",
    "--output",
    "output",
    default=None,
    type=click.Path(path_type=Path),
    help="Filen som skrivs (en mapp när --prefill är ett register).",
)
@click.option(
    "--prefill",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON med insatsens uppgifter, eller ett register (.xlsx/.csv) med en rad per insats.",
)
@click.option("--force", is_flag=True, help="Skriv över filer som redan finns.")
@click.option(
    "--google",
    is_flag=True,
    help="Skapa mallen som ett Google-kalkylark i stället (samma som `sheets template`).",
)
@click.option("--credentials", default=None, help="Tjänstekontots JSON-fil (med --google).")
@click.option("--folder", "folder_id", default=None, help="Drive-mappens id (med --google).")
@click.option(
    "--share-with",
    "share_with",
    multiple=True,
    metavar="EPOST",
    help="Dela Google-kalkylarket med denna e-postadress som redigerare (med --google).",
)
@click.pass_context
def template(
    ctx: click.Context,
    malltyp: str,
    output: Path | None,
    prefill: Path | None,
    force: bool,
    google: bool,
    credentials: str | None,
    folder_id: str | None,
    share_with: tuple[str, ...],
) -> None:
    """Skriv en mall av typen MALLTYP (budget, rapport, deltagare, forbund eller register).

    `register` skriver registret över insatser som en arbetsbok för kansliet; med --prefill
    register.csv får den registrets rader.
    """
    from finsam_xl.templates import write_prefilled_templates, write_template
    from finsam_xl.templates.prefill import load_json

    if google and malltyp == "register":
        raise click.UsageError(
            say(
                "registret skrivs som .xlsx-fil; --google gäller mallarna",
                "the register is written as an .xlsx file; --google applies to the templates",
            )
        )
    if google:
        from finsam_xl.cli.sheets_cmd import template as sheets_template

        given = [o for o, v in (("-o", output), ("--prefill", prefill), ("--force", force)) if v]
        if given:
            raise click.UsageError(
                say(
                    f"{', '.join(given)} gäller bara .xlsx-mallar, inte --google (ett "
                    "Google-kalkylark skapas alltid nytt, med --title, --folder och --share-with)",
                    f"{', '.join(given)} apply only to .xlsx templates, not --google (a Google "
                    "spreadsheet is always made new, with --title, --folder and --share-with)",
                )
            )
        ctx.invoke(sheets_template, malltyp=malltyp, title=None, folder_id=folder_id,
                   share_with=share_with, credentials=credentials)  # fmt: skip
        return
    if folder_id or share_with:
        raise click.UsageError(
            say(
                "--folder och --share-with gäller bara med --google",
                "--folder and --share-with apply only with --google",
            )
        )
    if output is None:
        raise click.UsageError(
            say(
                "ange -o FIL (eller --google för ett Google-kalkylark)",
                "give -o FILE (or --google for a Google spreadsheet)",
            )
        )
    with friendly_errors():
        if malltyp == "register":
            from finsam_xl.templates.register_template import write_register_template

            if prefill is not None and prefill.suffix.lower() not in REGISTER_SUFFIXES:
                raise click.UsageError(
                    say(
                        "--prefill till ett register ska vara en .xlsx- eller .csv-fil",
                        "--prefill for a register must be an .xlsx or .csv file",
                    )
                )
            path = write_register_template(output, source=prefill, overwrite=force)
            click.echo(f"{say('Skrev', 'Wrote')} {shown_path(path)}.")
            return
        if prefill is not None and prefill.suffix.lower() in REGISTER_SUFFIXES:
            if output.exists() and not output.is_dir():
                raise click.UsageError(
                    say(
                        "med ett register ska -o vara en mapp, inte en fil",
                        "with a register, -o must be a folder, not a file",
                    )
                )
            written = write_prefilled_templates(malltyp, prefill, output, overwrite=force)
            for path in written:
                click.echo(f"{say('Skrev', 'Wrote')} {shown_path(path)}.")
            where = shown_path(output)
            click.echo(
                say(
                    f"{len(written)} mallar skrivna i {where}.",
                    f"{len(written)} templates written to {where}.",
                ),
                err=True,
            )
            return
        if output.is_dir():
            raise click.UsageError(
                say(
                    f"{output} är en mapp; ange ett filnamn, t.ex. {malltyp}.xlsx",
                    f"{output} is a folder; give a file name, e.g. {malltyp}.xlsx",
                )
            )
        if output.exists() and not force:
            raise click.ClickException(
                say(
                    f"{output} finns redan; använd --force för att skriva över den",
                    f"{output} exists; use --force to overwrite it",
                )
            )
        data = load_json(prefill) if prefill is not None else None
        path = write_template(malltyp, output, prefill=data)
        click.echo(f"{say('Skrev', 'Wrote')} {shown_path(path)}.")
