"""How commands report finsam-xl's own errors: one Swedish line, a traceback only with --debug.

Exit codes, the same in every command: 0 done; 1 the reports have problems (errors, unreadable
files, or no workbook at all); 2 the command, its settings or its output cannot be used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from finsam_xl.errors import FinsamError, NoReportsError


class CommandProblem(click.ClickException):
    """The command, a settings file or an output cannot be used: exit 2."""

    exit_code = 2


class ReportsProblem(click.ClickException):
    """Nothing to judge (no workbook found): exit 1, like reports with errors."""

    exit_code = 1


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a FinsamError into one line (exit 2, or 1 when no report was found) unless --debug
    was given: Swedish, or its English with --english."""
    try:
        yield
    except FinsamError as exc:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and ctx.find_root().obj and ctx.find_root().obj.get("debug"):
            raise
        kind = ReportsProblem if isinstance(exc, NoReportsError) else CommandProblem
        from finsam_xl.cli.i18n import language

        # English where the error has it; one written only in Swedish stays Swedish
        raise kind(exc.en if language() == "en" and exc.en else str(exc)) from exc
