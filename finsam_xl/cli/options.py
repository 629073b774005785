"""Options shared by several commands, defined once so their names and help cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import click

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Utdata: läsbar text eller JSON (schema §8).",
)

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Inställningsfil (finsam-xl.toml).",
)

csv_format_option = click.option(
    "--csv-format",
    type=click.Choice(["excel", "standard"]),
    default="excel",
    show_default=True,
    help="CSV för Excel (semikolon, decimalkomma, BOM) eller standard (komma, punkt) för program.",
)
