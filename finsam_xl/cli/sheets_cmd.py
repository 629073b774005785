"""`finsam-xl sheets`: push the overview to Google Sheets, pull reports filled in Google.

A thin layer: each command parses options and calls one library function
(``finsam_xl.sheets.push_tables``, ``pull_reports``, ``create_google_template``). Progress goes
to stderr as one line rewritten in place on a terminal (one line per step when piped).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from finsam_xl.cli.errors import friendly_errors
from finsam_xl.cli.i18n import language, say
from finsam_xl.cli.options import config_option, format_option
from finsam_xl.cli.paths import shown_path
from finsam_xl.schema import Malltyp
from finsam_xl.wording import in_language

if TYPE_CHECKING:
    from finsam_xl.sheets import SheetsClient

CREDENTIALS_HELP = (
    "Tjänstekontots JSON-nyckel (annars FINSAM_GOOGLE_CREDENTIALS, "
    "GOOGLE_APPLICATION_CREDENTIALS eller FINSAM_GOOGLE_OAUTH=1)."
)


def _connect(credentials: str | None) -> SheetsClient:
    """The one place commands sign in (tests replace it to route to the local stand-in)."""
    from finsam_xl.sheets import connect

    return connect(credentials=credentials)


def _progress() -> tuple[Callable[[str], None], Callable[[], None]]:
    """(report a step, finish the line)."""
    tty = sys.stderr.isatty()
    width = [0]

    def step(message: str) -> None:
        message = in_language(message, english=language() == "en")  # a Note has its English
        if tty:
            click.echo("\r" + message.ljust(width[0]), nl=False, err=True)
            width[0] = max(width[0], len(message))
        else:
            click.echo(message, err=True)

    def done() -> None:
        if tty:
            click.echo("", err=True)

    return step, done


@click.group()
def sheets() -> None:
    """Google Sheets: dela översikten och hämta rapporter ifyllda i Google."""


@sheets.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--spreadsheet", "spreadsheet_id", required=True, help="Kalkylarkets id.")
@click.option("--force", is_flag=True, help="Skriv över även om bladen har ändrats.")
@click.option("--credentials", default=None, help=CREDENTIALS_HELP)
@click.option(
    "--mask-under",
    type=click.IntRange(min=2),
    default=None,
    help='Visa antal deltagare under N som "<N" (för kalkylark som delas utanför förbundet).',
)
@config_option
def push(
    paths: tuple[Path, ...],
    spreadsheet_id: str,
    force: bool,
    credentials: str | None,
    mask_under: int | None,
    config_path: Path | None,
) -> None:
    """Sammanställ rapporterna i PATHS och skriv översikten till ett delat kalkylark.

    Samma blad, värden och format som översiktsarbetsboken; bara blad som finsam-xl har
    skapat skrivs, andra blad rörs aldrig.
    """
    from finsam_xl.config import load_config
    from finsam_xl.consolidation import consolidate
    from finsam_xl.sheets import push_tables

    step, done = _progress()
    english = language() == "en"
    with friendly_errors():
        config = load_config(config_path, inputs=paths)
        client = _connect(credentials)  # a missing key or extra shows before minutes of work
        step(say("Sammanställer rapporterna …", "Consolidating the reports …"))
        tables = consolidate(list(paths), mask_under=mask_under, config=config).sheets()
        try:
            result = push_tables(client, spreadsheet_id, tables, force=force, progress=step)
        finally:
            done()
    for warning in result.warnings:
        click.echo(
            f"{say('Varning', 'Warning')}: {in_language(warning, english=english)}", err=True
        )
    url = f"https://docs.google.com/spreadsheets/d/{spreadsheet_id}"
    rows = ", ".join(f"{title} ({n} {say('rader', 'rows')})" for title, n in result.rows.items())
    click.echo(
        say(
            f"Skrev {rows} med {result.requests} anrop till {url}",
            f"Wrote {rows} with {result.requests} requests to {url}",
        )
    )


@sheets.command()
@click.option(
    "--spreadsheet",
    "spreadsheet_ids",
    required=True,
    multiple=True,
    help="Kalkylarkets id (kan anges flera gånger).",
)
@click.option("--credentials", default=None, help=CREDENTIALS_HELP)
@format_option
@click.option(
    "--output",
    "output",
    type=click.Path(path_type=Path),
    default=None,
    help="Sammanställ de hämtade rapporterna till denna översiktsarbetsbok.",
)
@config_option
def pull(
    spreadsheet_ids: tuple[str, ...],
    credentials: str | None,
    fmt: str,
    output: Path | None,
    config_path: Path | None,
) -> None:
    """Hämta rapporter ifyllda i Google Sheets och kontrollera dem som .xlsx-filer.

    Slutkod 0 när ingen rapport har fel, 1 när någon har det.
    """
    from finsam_xl.config import load_config
    from finsam_xl.render import render_report
    from finsam_xl.sheets import pull_reports

    with friendly_errors():
        config = load_config(config_path)  # --config, else the working folder's file
        report = pull_reports(_connect(credentials), list(spreadsheet_ids), config=config)
        if output is not None:
            from finsam_xl.consolidation import consolidate_reports
            from finsam_xl.writers.master import write_master

            result = consolidate_reports(report.files, config=config)
            written = write_master(result, output)
            shown = shown_path(written)
            click.echo(
                say(f"Översikten skrevs till {shown}", f"The overview was written to {shown}"),
                err=True,
            )
    english = language() == "en"
    click.echo(report.to_json() if fmt == "json" else render_report(report, english=english))
    raise SystemExit(report.exit_code)


FOLDER_HELP = (
    "Drive-mappens id (delen efter /folders/ i mappens adress). Ett tjänstekonto måste ange "
    "en mapp i en delad enhet där det är medlem."
)
SHARE_HELP = "Dela kalkylarket med denna e-postadress som redigerare (kan anges flera gånger)."


@sheets.command()
@click.argument("malltyp", type=click.Choice([m.value for m in Malltyp]))
@click.option("--title", default=None, help="Namn på det nya kalkylarket.")
@click.option("--folder", "folder_id", default=None, help=FOLDER_HELP)
@click.option("--share-with", "share_with", multiple=True, metavar="EPOST", help=SHARE_HELP)
@click.option("--credentials", default=None, help=CREDENTIALS_HELP)
def template(
    malltyp: str,
    title: str | None,
    folder_id: str | None,
    share_with: tuple[str, ...],
    credentials: str | None,
) -> None:
    """Skapa mallen som ett Google-kalkylark (namngivna områden, listor, låsta celler).

    Kalkylarket får svenska inställningar (sv_SE, Europe/Stockholm).
    """
    from finsam_xl.sheets import create_google_template
    from finsam_xl.templates import make_template

    for email in share_with:
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            raise click.BadParameter(
                say(f"{email!r} är ingen e-postadress", f"{email!r} is no e-mail address"),
                param_hint="--share-with",
            )
    with friendly_errors():
        client = _connect(credentials)
        new_id = create_google_template(
            client,
            make_template(malltyp),
            title=title or f"FINSAM {malltyp}",
            folder_id=folder_id,
            share_with=share_with,
        )
    click.echo(f"https://docs.google.com/spreadsheets/d/{new_id}")
    click.echo(who_can_open(client.account_email, share_with, folder_id), err=True)


def who_can_open(account: str | None, share_with: tuple[str, ...], folder_id: str | None) -> str:
    """One line saying who can open the new spreadsheet (a link nobody can open is useless), in
    this run's language."""
    owner = account or say("kontot du loggade in med", "the account you signed in with")
    parts = [say(f"Kalkylarket kan öppnas av {owner}", f"The spreadsheet can be opened by {owner}")]
    if share_with:
        parts.append(", ".join(share_with) + say(" (redigerare)", " (editors)"))
    if folder_id:
        parts.append(
            say(f"alla med åtkomst till mappen {folder_id}", f"all with access to the folder "
                f"{folder_id}")
        )  # fmt: skip
    and_ = say(" och ", " and ")
    line = ", ".join(parts[:-1]) + and_ + parts[-1] if len(parts) > 1 else parts[0]
    if account and not share_with:
        line += say(
            ". Ingen annan kan öppna det förrän det delas: ange --share-with EPOST",
            ". Nobody else can open it until it is shared: give --share-with EMAIL",
        )
    return line + "."
