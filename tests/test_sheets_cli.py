"""`finsam-xl sheets push|pull|template` through click's CliRunner, signed in to the stand-in."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sheets_fixtures import SA_EMAIL, client, folder, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.cli import cli
from finsam_xl.consolidation import consolidate
from finsam_xl.sheets import SheetsClient, pull_reports, pull_tables


@pytest.fixture
def signed_in(client: SheetsClient, monkeypatch: pytest.MonkeyPatch) -> SheetsClient:
    import finsam_xl.cli.sheets_cmd as cmd

    monkeypatch.setattr(cmd, "_connect", lambda credentials: client)
    return client


def test_push_consolidates_and_writes(
    standin: StandIn, signed_in: SheetsClient, make_report: Callable[..., Path]
) -> None:
    standin.create_book("delad")
    report = make_report()
    result = CliRunner().invoke(cli, ["sheets", "push", "--spreadsheet", "delad", str(report)])
    assert result.exit_code == 0, result.output
    assert "anrop till https://docs.google.com/spreadsheets/d/delad" in result.output
    expected = consolidate([report]).sheets()
    back = pull_tables(signed_in, "delad")
    assert list(back) == list(expected)


def test_push_to_a_wrong_id_is_one_clear_line(
    standin: StandIn, signed_in: SheetsClient, make_report: Callable[..., Path]
) -> None:
    result = CliRunner().invoke(
        cli, ["sheets", "push", "--spreadsheet", "finns-inte", str(make_report())]
    )
    assert result.exit_code == 2  # a Sheets problem, not the reports'
    assert "Hittar inget kalkylark med id finns-inte" in result.output
    assert "Traceback" not in result.output


def test_template_then_pull(standin: StandIn, signed_in: SheetsClient, folder: str) -> None:
    made = CliRunner().invoke(
        cli, ["sheets", "template", "rapport", "--title", "Mall", "--folder", folder]
    )
    assert made.exit_code == 0, made.output
    new_id = made.stdout.strip().rsplit("/", 1)[-1]
    assert standin.books[new_id].properties["title"] == "Mall"
    pulled = CliRunner().invoke(
        cli, ["sheets", "pull", "--spreadsheet", new_id, "--format", "json"]
    )
    assert pulled.exit_code == 1  # a blank template lacks every required field
    data = json.loads(pulled.output)
    assert data == json.loads(pull_reports(signed_in, [new_id]).to_json())
    assert data["files"][0]["file"].endswith(new_id)


def test_pull_of_an_unshared_sheet_is_reported_not_raised(
    standin: StandIn, signed_in: SheetsClient
) -> None:
    standin.create_book("privat").shared_with = {"annan@example.org"}
    result = CliRunner().invoke(cli, ["sheets", "pull", "--spreadsheet", "privat"])
    assert result.exit_code == 1
    assert SA_EMAIL in result.output


def test_template_google_flag_creates_the_same_spreadsheet(
    standin: StandIn, signed_in: SheetsClient, folder: str
) -> None:
    made = CliRunner().invoke(cli, ["template", "rapport", "--google", "--folder", folder])
    assert made.exit_code == 0, made.output
    new_id = made.stdout.strip().rsplit("/", 1)[-1]
    book = standin.books[new_id]
    names = {n["name"] for n in book.named_ranges}
    assert {"malltyp", "beviljat_belopp", "mal"} <= names
    no_output = CliRunner().invoke(cli, ["template", "rapport"])
    assert no_output.exit_code == 2 and "--google" in no_output.output
