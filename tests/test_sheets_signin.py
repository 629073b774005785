"""Sign-in: which credentials win, and a key value never appears in any message.

gspread's browser flow and Google's token endpoint are the outermost boundary: they are
replaced here (monkeypatched) and only the choice between them is tested; no request is sent.
"""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gspread
import pytest
from click.testing import CliRunner
from sheets_fixtures import SA_EMAIL, sa_key, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.cli import cli
from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets import connect


def _private_key() -> str:
    """A throwaway RSA key, so google-auth can build real signing credentials (never used)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


PRIVATE = _private_key()
KEY = {
    "type": "service_account",
    "client_email": "inline@x.iam.gserviceaccount.com",
    "private_key": PRIVATE,
    "private_key_id": "abc",
    "token_uri": "https://oauth2.googleapis.com/token",
    "project_id": "p",
}
VARIABLES = ("FINSAM_GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS", "FINSAM_GOOGLE_OAUTH")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(gspread.auth, "DEFAULT_SERVICE_ACCOUNT_FILENAME", tmp_path / "nej.json")
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))


@pytest.mark.parametrize(
    "wrap",
    [
        lambda t: "\ufeff" + t,  # saved by Notepad with a BOM
        lambda t: '"' + t + '"',  # quoted by a .env loader
        lambda t: "'" + t + "'\n",
        lambda t: base64.b64encode(t.encode()).decode(),  # a CI secret
    ],
)
def test_inline_key_in_every_common_wrapping_is_read(
    standin: StandIn, monkeypatch: pytest.MonkeyPatch, wrap: Callable[[str], str]
) -> None:
    monkeypatch.setenv("FINSAM_GOOGLE_CREDENTIALS", wrap(json.dumps(KEY)))
    assert connect(session=standin.session()).account_email == KEY["client_email"]


@pytest.mark.parametrize(
    "value",
    [
        "\ufeff" + json.dumps(KEY)[:-1],  # BOM and broken JSON
        "x" * 5000,  # long: would be "File name too long" as a path
        json.dumps(KEY).replace("{", "", 1),  # no opening brace: not JSON, not a path
        base64.b64encode(json.dumps(KEY).encode()).decode()[:-8] + "!!!!!!!!",
        "rad ett\n" + PRIVATE,  # several lines
    ],
)
def test_a_bad_key_value_is_never_echoed(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FINSAM_GOOGLE_CREDENTIALS", value)
    with pytest.raises(SheetsSyncError) as err:
        connect()
    text = str(err.value)
    assert "FINSAM_GOOGLE_CREDENTIALS" in text
    assert "PRIVATE KEY" not in text and PRIVATE[40:80] not in text and "xxxxxxxx" not in text
    assert value[:40] not in text


def test_the_cli_prints_no_key_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINSAM_GOOGLE_CREDENTIALS", "eyJ" + "A" * 3000)
    result = CliRunner().invoke(cli, ["sheets", "pull", "--spreadsheet", "x"])
    assert result.exit_code == 2  # credentials: a command problem, not the reports'
    assert "Traceback" not in result.output and "AAAAAAAA" not in result.output
    assert "FINSAM_GOOGLE_CREDENTIALS" in result.output


def test_an_unreadable_key_path_is_one_swedish_line(tmp_path: Path) -> None:
    with pytest.raises(SheetsSyncError, match="är en mapp"):
        connect(credentials=str(tmp_path))
    with pytest.raises(SheetsSyncError, match=r"\(--credentials\) finns inte"):
        connect(credentials=str(tmp_path / "saknas.json"))


def test_a_configured_key_wins_over_the_browser_flow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_browser(**_: Any) -> Any:
        raise AssertionError("the OAuth browser flow must not start when a key is configured")

    monkeypatch.setattr(gspread, "oauth", no_browser)
    monkeypatch.setenv("FINSAM_GOOGLE_OAUTH", "1")
    monkeypatch.setenv("FINSAM_GOOGLE_CREDENTIALS", json.dumps(KEY))
    assert connect().account_email == KEY["client_email"]
    monkeypatch.delenv("FINSAM_GOOGLE_CREDENTIALS")
    path = tmp_path / "nyckel.json"
    path.write_text(json.dumps({**KEY, "client_email": SA_EMAIL}))
    assert connect(credentials=str(path)).account_email == SA_EMAIL


def test_the_browser_flow_when_no_key_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[bool] = []

    import requests

    class Browser:
        http_client = gspread.http_client.HTTPClient(None, session=requests.Session())

    def browser(**_: Any) -> Any:
        started.append(True)
        return Browser()

    monkeypatch.setattr(gspread, "oauth", browser)
    monkeypatch.setenv("FINSAM_GOOGLE_OAUTH", "1")
    assert connect().account_email is None and started == [True]


def test_gspreads_default_key_file_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key = tmp_path / "service_account.json"
    key.write_text(json.dumps(KEY))
    monkeypatch.setattr(gspread.auth, "DEFAULT_SERVICE_ACCOUNT_FILENAME", key)
    assert connect().account_email == KEY["client_email"]


def test_application_default_user_credentials_are_accepted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`gcloud auth application-default login` writes such a file (no service account)."""
    user = {
        "type": "authorized_user",
        "client_id": "id.apps.googleusercontent.com",
        "client_secret": "s",
        "refresh_token": "r",
    }
    path = tmp_path / "adc.json"
    path.write_text(json.dumps(user))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    made = connect()
    assert made.account_email is None
    assert type(made.http.auth).__name__ == "Credentials"  # google.oauth2 user credentials
    gcloud = tmp_path / "gcloud"
    gcloud.mkdir()
    (gcloud / "application_default_credentials.json").write_text(json.dumps(user))
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS")
    assert connect().account_email is None  # found in gcloud's own place


def test_push_checks_credentials_before_consolidating(
    monkeypatch: pytest.MonkeyPatch, make_report: Callable[..., Path]
) -> None:
    import finsam_xl.consolidation as consolidation

    def never(*_: Any, **__: Any) -> Any:
        raise AssertionError("consolidated before checking the credentials")

    monkeypatch.setattr(consolidation, "consolidate", never)
    result = CliRunner().invoke(cli, ["sheets", "push", "--spreadsheet", "x", str(make_report())])
    assert result.exit_code == 2 and "Inga inloggningsuppgifter" in result.output


def test_an_unreachable_google_gives_no_urllib3_text(sa_key: Path) -> None:
    server = StandIn().start()
    session = server.session()
    server.stop()  # connection refused from now on
    from finsam_xl.sheets import RetryPolicy

    offline = connect(
        credentials=str(sa_key), session=session, retry=RetryPolicy(sleep=lambda _s: None)
    )
    with pytest.raises(SheetsSyncError, match="gick inte att nå") as err:
        offline.drive_version("x")
    for raw in ("HTTPConnectionPool", "Max retries", "urllib3", "127.0.0.1"):
        assert raw not in str(err.value)
