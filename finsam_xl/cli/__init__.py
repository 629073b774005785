"""The `finsam-xl` command: a thin skin over the library, one module per command group.

Subcommands are imported only when run, so `finsam-xl --help` never pays for pandas or openpyxl.
Errors of finsam-xl's own types print as one line (a traceback only with --debug); exit codes:
0 fine, 1 the reports have problems (or none was found), 2 the command, its settings or its
output cannot be used.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from finsam_xl import __version__
from finsam_xl.cli import i18n

i18n.use_language(english=False)  # before the decorators below read click's texts

# command name -> (module, attribute, one-line help shown by --help without importing the module)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "template": ("finsam_xl.cli.template_cmd", "template", "Skriv en tom (eller förifylld) mall."),
    "validate": ("finsam_xl.cli.validate_cmd", "validate", "Kontrollera ifyllda rapporter."),
    "consolidate": (
        "finsam_xl.cli.consolidate_cmd",
        "consolidate",
        "Sammanställ rapporter till en översiktsarbetsbok.",
    ),
    "sheets": ("finsam_xl.cli.sheets_cmd", "sheets", "Google Sheets: push och pull."),
    "rapport": ("finsam_xl.cli.rapport_cmd", "rapport", "Styrelserapport som PDF."),
}


class LazyGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # One language for the whole run, chosen before click renders help or an error
        i18n.use_language(english=i18n.wants_english(args))
        i18n.frame_command(self)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(entry[0])
        command: click.Command = getattr(module, entry[1])
        i18n.frame_command(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, i18n.in_language(COMMANDS[name][2])) for name in self.list_commands(ctx)]
        with formatter.section(i18n.gettext("Commands")):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="finsam-xl")
@click.option("--debug", is_flag=True, help="Visa hela felspårningen vid fel.")
@click.option("--english", is_flag=True, help="Engelska i stället för svenska / English.")
@click.pass_context
def cli(ctx: click.Context, debug: bool, english: bool) -> None:
    """finsam-xl: mallar, kontroll och sammanställning av insatsrapporter (FINSAM)."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if debug:  # worker processes put an unexpected error's trace into the file's message
        import os

        from finsam_xl.validate import DEBUG_ENV

        os.environ[DEBUG_ENV] = "1"
    ctx.obj["english"] = english


i18n.frame_command(cli)  # the usage line in docs/cli.md, rendered without a run


PROCESS_ENDS = "process_ends"  # ctx.obj key: run from the console entry point, not in-process


def process_ends(ctx: click.Context) -> bool:
    """Does the process end with this command (run by ``main`` without argv)?"""
    root = ctx.find_root().obj
    return bool(isinstance(root, dict) and root.get(PROCESS_ENDS))


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: finsam-xl's own errors become one clear line and exit code 2."""
    from finsam_xl.errors import FinsamError

    try:
        # Without argv this is the console script or `python -m finsam_xl`: the process ends
        # with the command, which may freeze what it made (finsam_xl.gcpause). Code that
        # passes argv goes on after it, and finds the process as it was.
        return cli.main(
            args=argv,
            prog_name="finsam-xl",
            standalone_mode=True,
            obj={PROCESS_ENDS: argv is None},
        )
    except FinsamError as exc:
        if "--debug" in (argv if argv is not None else sys.argv):
            raise
        click.echo(f"finsam-xl: {exc}", err=True)
        sys.exit(2)
