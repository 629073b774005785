"""`sheets template` / `template --google` as a service account: where it may create the file,
who can open it, and the Swedish locale; plus a distinct message for each cause of a 403."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sheets_fixtures import SA_EMAIL, client, folder, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.cellmap import a1
from finsam_xl.cli import cli
from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets import SheetsClient, create_google_template
from finsam_xl.templates import make_template


@pytest.fixture
def signed_in(client: SheetsClient, monkeypatch: pytest.MonkeyPatch) -> SheetsClient:
    import finsam_xl.cli.sheets_cmd as cmd

    monkeypatch.setattr(cmd, "_connect", lambda credentials: client)
    return client


def test_a_service_account_is_told_to_use_a_shared_drive_folder(
    standin: StandIn, signed_in: SheetsClient
) -> None:
    result = CliRunner().invoke(cli, ["sheets", "template", "rapport"])
    assert result.exit_code == 2  # where to create the file: a command problem
    assert "tjänstekonto kan inte äga filer" in result.output and "--folder" in result.output
    assert "inte delat" not in result.output
    also = CliRunner().invoke(cli, ["template", "rapport", "--google"])
    assert also.exit_code == 2 and "--folder" in also.output


def test_the_template_is_shared_and_swedish(
    standin: StandIn, signed_in: SheetsClient, folder: str
) -> None:
    result = CliRunner().invoke(
        cli,
        ["sheets", "template", "rapport", "--folder", folder, "--share-with", "anna@kommun.se"],
    )
    assert result.exit_code == 0, result.output
    new_id = result.stdout.strip().rsplit("/", 1)[-1]
    assert "anna@kommun.se (redigerare)" in result.stderr
    book = standin.books[new_id]
    assert book.shared_with is not None and "anna@kommun.se" in book.shared_with
    assert book.permissions == [
        {"type": "user", "role": "writer", "emailAddress": "anna@kommun.se"}
    ]
    assert book.properties["locale"] == "sv_SE"
    assert book.properties["timeZone"] == "Europe/Stockholm"
    # Anna types an amount the Swedish way into an input cell: Sheets stores a number.
    (cell,) = [n for n in book.named_ranges if n["name"] == "utfall_lonekostnader"]
    sheet = book.sheet_by_id(cell["range"]["sheetId"])
    r, c = cell["range"]["startRowIndex"], cell["range"]["startColumnIndex"]
    standin.edit(new_id, f"'{sheet.title}'!{a1(r + 1, c + 1)}", "30 000,50")
    assert sheet.cells[(r, c)].value == 30000.5


def test_without_share_with_the_output_says_nobody_else_can_open_it(
    standin: StandIn, signed_in: SheetsClient, folder: str
) -> None:
    result = CliRunner().invoke(cli, ["template", "rapport", "--google", "--folder", folder])
    assert result.exit_code == 0, result.output
    assert SA_EMAIL in result.stderr and "--share-with" in result.stderr


def test_request_count_with_one_person_to_share_with(
    standin: StandIn, client: SheetsClient, folder: str
) -> None:
    create_google_template(
        client, make_template("budget"), title="B", folder_id=folder, share_with=["a@b.se"]
    )
    assert dict(standin.counts()) == {
        "drive.files.create": 1,
        "sheets.spreadsheets.get": 1,
        "sheets.spreadsheets.batchUpdate": 1,
        "drive.permissions.create": 1,
    }


@pytest.mark.parametrize("extra", [["-o", "mall.xlsx"], ["--force"], ["--prefill", "__prefill__"]])
def test_template_google_refuses_options_it_cannot_honour(tmp_path: Path, extra: list[str]) -> None:
    prefill = tmp_path / "insats.json"
    prefill.write_text("{}")
    args = [str(prefill) if a == "__prefill__" else a for a in extra]
    result = CliRunner().invoke(cli, ["template", "rapport", "--google", *args])
    assert result.exit_code == 2 and "gäller bara .xlsx-mallar" in result.output
    no_google = CliRunner().invoke(cli, ["template", "rapport", "-o", "x.xlsx", "--folder", "f"])
    assert no_google.exit_code == 2 and "bara med --google" in no_google.output


def test_each_cause_of_a_403_has_its_own_message(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book("privat").shared_with = {"annan@example.org"}
    with pytest.raises(SheetsSyncError, match=f"inte delat med {SA_EMAIL}"):
        client.get_spreadsheet("privat", "spreadsheetId")
    standin.create_book("ok")
    standin.narrow_tokens.add("test-token")
    with pytest.raises(SheetsSyncError, match="saknar behörighet") as scopes:
        client.get_spreadsheet("ok", "spreadsheetId")
    assert "inte delat" not in str(scopes.value)
    standin.narrow_tokens.clear()
    with pytest.raises(SheetsSyncError, match="kan inte äga filer"):
        client.create_spreadsheet("Ny")
