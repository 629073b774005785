"""Sign-in messages, retries and error translation, through real gspread and the stand-in."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sheets_fixtures import SA_EMAIL, Sleeps, client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import Fault, StandIn

from finsam_xl.errors import FinsamError, SheetsSyncError
from finsam_xl.sheets import RetryPolicy, SheetsClient, connect

SID = "rapport-1"


def test_missing_credentials_say_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "FINSAM_GOOGLE_CREDENTIALS",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "FINSAM_GOOGLE_OAUTH",
    ):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SheetsSyncError, match=r"FINSAM_GOOGLE_CREDENTIALS.*FINSAM_GOOGLE_OAUTH=1"):
        connect()


def test_credentials_file_missing_or_wrong(tmp_path: Path) -> None:
    with pytest.raises(SheetsSyncError, match="finns inte"):
        connect(credentials=str(tmp_path / "saknas.json"))
    bad = tmp_path / "trasig.json"
    bad.write_text("{inte json")
    with pytest.raises(SheetsSyncError, match="inte giltig JSON"):
        connect(credentials=str(bad))
    user = tmp_path / "user.json"
    user.write_text(json.dumps({"type": "authorized_user"}))
    with pytest.raises(SheetsSyncError, match="tjänstekonto"):
        connect(credentials=str(user))


def test_inline_json_in_environment_names_the_account(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "FINSAM_GOOGLE_CREDENTIALS",
        json.dumps({"type": "service_account", "client_email": "inline@x.iam.gserviceaccount.com"}),
    )
    made = connect(session=standin.session())
    assert made.account_email == "inline@x.iam.gserviceaccount.com"


def test_missing_extra_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gspread", None)  # import gspread -> ImportError
    with pytest.raises(SheetsSyncError, match=r"pip install '\.\[sheets\]'"):
        connect(credentials="x.json")


def test_not_shared_names_the_email_to_share_with(standin: StandIn, client: SheetsClient) -> None:
    book = standin.create_book(SID)
    book.shared_with = {"someone.else@example.org"}
    with pytest.raises(SheetsSyncError) as err:
        client.get_spreadsheet(SID, "spreadsheetId")
    assert SA_EMAIL in str(err.value) and "Dela" in str(err.value)
    assert err.value.spreadsheet_id == SID
    assert isinstance(err.value, FinsamError)
    assert isinstance(err.value.__cause__, Exception)  # the gspread error, chained


def test_wrong_id_says_where_the_id_is(client: SheetsClient) -> None:
    with pytest.raises(SheetsSyncError, match=r"Hittar inget kalkylark med id fel-id.*/d/"):
        client.get_spreadsheet("fel-id", "spreadsheetId")


def test_rejected_token_is_401(standin: StandIn, sa_key: Path) -> None:
    standin.create_book(SID)
    bad = connect(credentials=str(sa_key), session=standin.session(token="utgången"))
    with pytest.raises(SheetsSyncError, match="401"):
        bad.drive_version(SID)


def test_429_storm_honours_retry_after_then_succeeds(
    standin: StandIn, client: SheetsClient, sleeps: Sleeps
) -> None:
    standin.create_book(SID)
    standin.faults.append(Fault(None, status=429, headers={"Retry-After": "7"}, times=3))
    version, _ = client.drive_version(SID)
    assert version == 1
    assert sleeps == [7.0, 7.0, 7.0]  # Retry-After outweighs the 0.75/1.5/3 s back-off
    assert standin.counts()["drive.files.get"] == 4


def test_429_storm_is_bounded_but_outlasts_a_quota_minute(
    standin: StandIn, sa_key: Path, sleeps: Sleeps
) -> None:
    standin.create_book(SID)
    limited = connect(
        credentials=str(sa_key),
        session=standin.session(),
        retry=RetryPolicy(max_attempts=4, sleep=sleeps, rand=lambda: 1.0),
    )
    standin.faults.append(Fault(None, status=429, times=1000))
    with pytest.raises(SheetsSyncError, match=r"kvot.*429.*7 försök och 63 s"):
        limited.drive_version(SID)
    # Past max_attempts until a full quota minute has been waited out, then a clear error.
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0]
    assert standin.count() == 7


def test_the_least_jittered_429_budget_still_covers_a_minute(
    standin: StandIn, sa_key: Path, sleeps: Sleeps
) -> None:
    standin.create_book(SID)
    unlucky = connect(
        credentials=str(sa_key),
        session=standin.session(),
        retry=RetryPolicy(sleep=sleeps, rand=lambda: 0.0),  # every pause at its shortest
    )
    standin.faults.append(Fault(None, status=429, times=1000))
    with pytest.raises(SheetsSyncError, match="kvot"):
        unlucky.drive_version(SID)
    assert sum(sleeps) >= 60.0 and sum(sleeps) <= 150.0


def test_total_wait_is_capped(standin: StandIn, sa_key: Path, sleeps: Sleeps) -> None:
    standin.create_book(SID)
    capped = connect(
        credentials=str(sa_key),
        session=standin.session(),
        retry=RetryPolicy(max_wait=60, sleep=sleeps),
    )
    standin.faults.append(Fault(None, status=429, headers={"Retry-After": "3600"}, times=5))
    with pytest.raises(SheetsSyncError, match="1 försök"):
        capped.drive_version(SID)
    assert sleeps == []  # waiting an hour is not "bounded": give up at once, clearly


def test_502_html_is_retried_for_reads_and_reported_cleanly(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    html = "<!DOCTYPE html><html><body><h1>502. That’s an error.</h1></body></html>"
    standin.faults.append(Fault("sheets.spreadsheets.get", status=502, body=html, times=2))
    assert client.get_spreadsheet(SID, "spreadsheetId") == {"spreadsheetId": SID}
    standin.faults.append(Fault("sheets.spreadsheets.get", status=502, body=html, times=99))
    with pytest.raises(SheetsSyncError, match="502") as err:
        client.get_spreadsheet(SID, "spreadsheetId")
    assert "<html>" not in str(err.value)


def test_5xx_on_a_non_idempotent_write_is_not_repeated(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    standin.faults.append(Fault("sheets.spreadsheets.batchUpdate", status=503, times=5))
    with pytest.raises(SheetsSyncError, match="503"):
        client.batch_update(SID, [{"addSheet": {"properties": {"title": "Ny"}}}], idempotent=False)
    assert standin.count("sheets.spreadsheets.batchUpdate") == 1


def test_timeout_is_retried_then_succeeds(standin: StandIn, sa_key: Path, sleeps: Sleeps) -> None:
    standin.create_book(SID)
    quick = connect(
        credentials=str(sa_key),
        session=standin.session(),
        timeout=0.3,
        retry=RetryPolicy(sleep=sleeps),
    )
    standin.faults.append(Fault("drive.files.get", delay=1.0, times=1))
    assert quick.drive_version(SID)[0] == 1
    assert len(sleeps) == 1


def test_timeout_everywhere_gives_up_with_the_limit_named(
    standin: StandIn, sa_key: Path, sleeps: Sleeps
) -> None:
    standin.create_book(SID)
    quick = connect(
        credentials=str(sa_key),
        session=standin.session(),
        timeout=0.2,
        retry=RetryPolicy(max_attempts=2, sleep=sleeps),
    )
    standin.faults.append(Fault("drive.files.get", delay=0.6, times=2))
    with pytest.raises(SheetsSyncError, match=r"inom 0\.2 s"):
        quick.drive_version(SID)


def test_requests_are_counted_per_operation(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    client.drive_version(SID)
    client.get_spreadsheet(SID, "spreadsheetId")
    client.values_batch_get(SID, ["Blad1!A1:B2", "Blad1!C1"])
    assert dict(client.requests_made) == {
        "drive.files.get": 1,
        "spreadsheets.get": 1,
        "values.batchGet": 1,
    }
    assert standin.count() == 3
