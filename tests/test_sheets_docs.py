"""docs/google-sheets.md quotes only commands and options the CLI has."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from finsam_xl.cli import cli

DOC = Path(__file__).resolve().parent.parent / "docs" / "google-sheets.md"


def _quoted_commands() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    lines = re.findall(r"^ {4}finsam-xl (.+)$", text, flags=re.MULTILINE)
    inline = [c for c in re.findall(r"`finsam-xl ([^`]+)`", text) if "--" in c]
    return [shlex.split(line.replace("…", "x").replace("...", "")) for line in lines + inline]


def _parse(args: list[str]) -> click.Command:
    """Resolve the command and parse its options; a value click rejects only because a quoted
    example path does not exist here is fine, an unknown option or command is not."""
    command: click.Command = cli
    ctx = command.make_context("finsam-xl", list(args))
    while isinstance(command, click.Group):
        rest = [*ctx._protected_args, *ctx.args]
        name, sub, rest = command.resolve_command(ctx, rest)
        assert sub is not None, name
        command = sub
        try:
            ctx = command.make_context(name or "", rest, parent=ctx)
        except click.BadParameter as exc:
            assert "finns inte" in exc.format_message(), exc.format_message()
    return command


def test_the_doc_quotes_commands() -> None:
    assert len(_quoted_commands()) >= 4


@pytest.mark.parametrize("args", _quoted_commands(), ids=" ".join)
def test_every_quoted_command_parses(args: list[str]) -> None:
    _parse(args)
