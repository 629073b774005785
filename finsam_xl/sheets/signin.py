"""Sign-in to Google: which credentials win, and reading a key without ever echoing it.

Order (docs/google-sheets.md says the same): a key given with ``--credentials``, else
``FINSAM_GOOGLE_CREDENTIALS`` (a path, or the key itself: JSON, JSON in quotes, with a BOM, or
base64), else ``GOOGLE_APPLICATION_CREDENTIALS`` (any credentials file Google's libraries accept:
a service-account key, ``gcloud auth application-default login`` user credentials, workload
identity federation); else ``FINSAM_GOOGLE_OAUTH=1`` (the browser flow as a person); else
gspread's default key file (``~/.config/gspread/service_account.json``); else gcloud's
application-default credentials file. A configured key always wins over the browser flow.

A credential value is secret: messages name where it came from (the option or the variable),
never its content. Only a short, single-line value is taken for a file path and shown as one.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets.client import SCOPES, RetryPolicy, SheetsClient, _gspread

if TYPE_CHECKING:
    import requests

MAX_PATH_CHARS = 400  # a longer value is key material, never a path (Windows allows 260)
BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    """A credential value and where it came from (named in messages instead of the value)."""

    value: str
    origin: str  # "--credentials", "FINSAM_GOOGLE_CREDENTIALS", ...


def _unwrap(text: str) -> str:
    """Strip what .env loaders and editors add around a key: BOM, blanks, one pair of quotes."""
    text = text.replace(BOM, "").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    return text


def _looks_like_path(text: str) -> bool:
    """Short, one line, none of JSON's quotes and braces: only then is it shown as a path."""
    return (
        0 < len(text) <= MAX_PATH_CHARS
        and "\n" not in text
        and "\r" not in text
        and not any(ch in text for ch in '{}"')
    )


def _from_base64(text: str) -> str | None:
    try:
        decoded = base64.b64decode(text.replace("\n", ""), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    decoded = _unwrap(decoded)
    return decoded if decoded.startswith("{") else None


def credential_json(source: Source) -> tuple[dict[str, Any], Path | None]:
    """The credentials JSON a source holds or points at, and the file it came from (if any)."""
    text = _unwrap(source.value)
    path: Path | None = None
    if not text.startswith("{"):
        decoded = _from_base64(text)  # a path never decodes to a JSON object
        if decoded is not None:
            text = decoded
        elif _looks_like_path(text):
            path = Path(text).expanduser()
            text = _read_key_file(path, source)
        else:
            raise SheetsSyncError(
                f"Värdet i {source.origin} är varken en sökväg till en nyckelfil eller en "
                "JSON-nyckel (värdet visas inte, eftersom det kan vara hemligt). Ange sökvägen "
                "till tjänstekontots JSON-nyckel.",
                en=f"The value in {source.origin} is neither a path to a key file nor a JSON key "
                "(the value is not shown: it may be secret). Give the path to the service "
                "account's JSON key.",
            )
    try:
        info = json.loads(text)
    except ValueError as exc:
        where = f"Nyckelfilen {path}" if path else f"Nyckeln i {source.origin}"
        where_en = f"The key file {path}" if path else f"The key in {source.origin}"
        raise SheetsSyncError(
            f"{where} är inte giltig JSON. Hämta en ny JSON-nyckel för tjänstekontot i "
            "Google Cloud Console.",
            en=f"{where_en} is not valid JSON. Get a new JSON key for the service account in "
            "Google Cloud Console.",
        ) from None if path is None else exc
    if not isinstance(info, dict):
        raise SheetsSyncError(
            f"Nyckeln i {source.origin} är inte ett JSON-objekt.",
            en=f"The key in {source.origin} is not a JSON object.",
        )
    return info, path


def _read_key_file(path: Path, source: Source) -> str:
    try:
        if path.is_dir():
            raise SheetsSyncError(
                f"{path} ({source.origin}) är en mapp, inte en nyckelfil. Ange sökvägen till "
                "tjänstekontots JSON-nyckel.",
                en=f"{path} ({source.origin}) is a folder, not a key file. Give the path to the "
                "service account's JSON key.",
            )
        if not path.is_file():
            raise SheetsSyncError(
                f"Nyckelfilen {path} ({source.origin}) finns inte. Ange sökvägen till "
                "tjänstekontots JSON-nyckel.",
                en=f"The key file {path} ({source.origin}) does not exist. Give the path to the "
                "service account's JSON key.",
            )
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SheetsSyncError(
            f"Nyckelfilen i {source.origin} går inte att läsa ({exc.strerror or 'okänt fel'}).",
            en=f"The key file in {source.origin} cannot be read "
            f"({exc.strerror or 'unknown error'}).",
        ) from None
    except UnicodeDecodeError:
        raise SheetsSyncError(
            f"Nyckelfilen {path} är ingen textfil. Hämta en ny JSON-nyckel för tjänstekontot.",
            en=f"The key file {path} is no text file. Get a new JSON key for the service account.",
        ) from None


def _service_account(info: dict[str, Any], source: Source) -> dict[str, Any]:
    if info.get("type") != "service_account" or "client_email" not in info:
        raise SheetsSyncError(
            f"Nyckeln i {source.origin} är ingen nyckel för ett tjänstekonto (type "
            "'service_account' med client_email). För inloggning som person: "
            "sätt FINSAM_GOOGLE_OAUTH=1, eller peka GOOGLE_APPLICATION_CREDENTIALS på "
            "filen från 'gcloud auth application-default login'.",
            en=f"The key in {source.origin} is no service account key (type 'service_account' "
            "with client_email). To sign in as a person: set FINSAM_GOOGLE_OAUTH=1, or point "
            "GOOGLE_APPLICATION_CREDENTIALS at the file from "
            "'gcloud auth application-default login'.",
        )
    return info


def _sources(credentials: str | None) -> list[Source]:
    found = [Source(credentials, "--credentials")] if credentials else []
    for name in ("FINSAM_GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS"):
        value = os.environ.get(name)
        if value:
            found.append(Source(value, name))
    return found


def _default_files() -> list[Source]:
    """gspread's default key file, then gcloud's application-default credentials."""
    gspread = _gspread()
    out: list[Source] = []
    key = Path(gspread.auth.DEFAULT_SERVICE_ACCOUNT_FILENAME)
    if key.is_file():
        out.append(Source(str(key), f"gspreads standardnyckel {key}"))
    try:
        from google.auth import _cloud_sdk

        sdk: Any = _cloud_sdk  # untyped
        adc = Path(sdk.get_application_default_credentials_path())
    except (ImportError, OSError):
        return out
    if adc.is_file():
        out.append(Source(str(adc), "gcloud application-default"))
    return out


def _authorize(source: Source) -> tuple[Any, str | None]:
    """(gspread HTTP client, service-account e-mail or None) for one credentials source."""
    gspread = _gspread()
    info, _ = credential_json(source)
    if info.get("type") == "service_account" or source.origin in (
        "--credentials",
        "FINSAM_GOOGLE_CREDENTIALS",
    ):
        info = _service_account(info, source)
        try:
            client = gspread.service_account_from_dict(info, scopes=list(SCOPES))
        except (ValueError, KeyError, TypeError) as exc:
            raise SheetsSyncError(
                f"Nyckeln i {source.origin} går inte att använda ({exc.__class__.__name__}: "
                "den privata nyckeln eller ett fält saknas eller är skadat). Hämta en ny "
                "JSON-nyckel för tjänstekontot i Google Cloud Console.",
                en=f"The key in {source.origin} cannot be used ({exc.__class__.__name__}: the "
                "private key or a field is missing or damaged). Get a new JSON key for the "
                "service account in Google Cloud Console.",
            ) from None
        return client.http_client, str(info["client_email"])
    # Application-default credentials of another kind: a person's (gcloud) or federated.
    from google.auth import identity_pool
    from google.oauth2 import credentials as user_credentials

    users: Any = user_credentials.Credentials  # untyped
    pools: Any = identity_pool.Credentials
    loaders: dict[str, Any] = {
        "authorized_user": lambda: users.from_authorized_user_info(info, scopes=list(SCOPES)),
        "external_account": lambda: pools.from_info(info).with_scopes(list(SCOPES)),
    }
    kind = str(info.get("type", ""))
    if kind not in loaders:
        raise SheetsSyncError(
            f"Inloggningsuppgifterna i {source.origin} är av en sort finsam-xl inte använder "
            f"({kind or 'ingen type'}). Använd en JSON-nyckel för ett tjänstekonto, eller "
            "filen från 'gcloud auth application-default login'.",
            en=f"The credentials in {source.origin} are of a kind finsam-xl does not use "
            f"({kind or 'no type'}). Use a JSON key for a service account, or the file from "
            "'gcloud auth application-default login'.",
        )
    try:
        creds = loaders[kind]()
    except (ValueError, KeyError, TypeError) as exc:
        raise SheetsSyncError(
            f"Inloggningsuppgifterna i {source.origin} går inte att använda "
            f"({exc.__class__.__name__}). Skapa dem på nytt.",
            en=f"The credentials in {source.origin} cannot be used ({exc.__class__.__name__}). "
            "Make them again.",
        ) from None
    email = getattr(creds, "service_account_email", None)
    return gspread.authorize(creds).http_client, str(email) if email else None


def connect(
    *,
    credentials: str | None = None,
    session: requests.Session | None = None,
    timeout: float = 30.0,
    retry: RetryPolicy | None = None,
) -> SheetsClient:
    """Sign in to Google Sheets (order: see the module docstring).

    ``session`` replaces the transport (tests route it to a local stand-in); with a session,
    credentials only name the account for error messages.
    """
    gspread = _gspread()
    sources = _sources(credentials)
    oauth = os.environ.get("FINSAM_GOOGLE_OAUTH") == "1"
    email: str | None = None
    if session is not None:
        if sources:
            info, _ = credential_json(sources[0])
            email = str(info["client_email"]) if "client_email" in info else None
        http = gspread.http_client.HTTPClient(None, session=session)
    elif sources:
        http, email = _authorize(sources[0])
    elif oauth:
        http = gspread.oauth(scopes=list(SCOPES)).http_client
    elif defaults := _default_files():
        http, email = _authorize(defaults[0])
    else:
        raise SheetsSyncError(
            "Inga inloggningsuppgifter för Google. Ange --credentials NYCKEL.json, eller sätt "
            "FINSAM_GOOGLE_CREDENTIALS till tjänstekontots JSON-nyckel (sökväg eller innehåll), "
            "eller FINSAM_GOOGLE_OAUTH=1 för att logga in som person. Se docs/google-sheets.md.",
            en="No Google credentials. Give --credentials KEY.json, or set "
            "FINSAM_GOOGLE_CREDENTIALS to the service account's JSON key (a path or its content), "
            "or FINSAM_GOOGLE_OAUTH=1 to sign in as a person. See docs/google-sheets.md.",
        )
    http.set_timeout(timeout)
    return SheetsClient(http, email, timeout, retry or RetryPolicy())
