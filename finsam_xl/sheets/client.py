"""The one seam to Google: gspread's HTTP client, sign-in, bounded retries and error translation.

This is the only module of finsam-xl that imports gspread (lazily, behind the ``[sheets]`` extra).
Everything else in ``finsam_xl.sheets`` speaks Sheets v4 JSON through :class:`SheetsClient`, whose
methods each make exactly one API call (plus retries), so request counts are predictable.

gspread's own ``BackOffHTTPClient`` never gives up, ignores ``Retry-After`` and retries
non-idempotent writes, so retries are done here: 429 and rate-limit 403s always (Google refused
before doing anything), 5xx and read timeouts only for calls that are safe to repeat.

Quota. Google allows 60 Sheets reads and 60 writes a minute per user. The client paces itself
to that (a call that would be the 61st within 60 s waits for the oldest to leave the window),
and a 429 is retried until at least a full minute of waiting has passed, so one window always
refills before giving up. Sign-in is in :mod:`finsam_xl.sheets.signin`.
"""

from __future__ import annotations

import random
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar

from finsam_xl.errors import SheetsSyncError

if TYPE_CHECKING:
    import requests

INSTALL_HINT = (
    "Google Sheets-stödet är inte installerat. Installera tillägget [sheets] i samma Python som "
    "finsam-xl, från finsam-xl:s mapp: pip install '.[sheets]' (eller från wheel-filen: "
    "pip install 'finsam_xl-….whl[sheets]'). Se docs/google-sheets.md."
)
INSTALL_HINT_EN = (
    "Google Sheets support is not installed. Install the extra [sheets] into the same Python as "
    "finsam-xl, from finsam-xl's folder: pip install '.[sheets]' (or from the wheel file: "
    "pip install 'finsam_xl-….whl[sheets]'). See docs/google-sheets.md."
)
SCOPES = (
    "https://www.googleapis.com/auth/spreadsheets",
    "https://www.googleapis.com/auth/drive.file",  # create the Google template
    "https://www.googleapis.com/auth/drive.metadata.readonly",  # files.get: version
)
SHEETS_URL = "https://sheets.googleapis.com/v4/spreadsheets"
DRIVE_FILES_URL = "https://www.googleapis.com/drive/v3/files"
RETRYABLE_5XX = frozenset({500, 502, 503, 504})
READS = frozenset({"spreadsheets.get", "values.batchGet"})  # Sheets' "Read requests" quota
WRITES = frozenset({"spreadsheets.batchUpdate", "values.batchUpdate"})
T = TypeVar("T")


def _gspread() -> Any:
    try:
        import gspread
    except ImportError as exc:  # the [sheets] extra is missing
        raise SheetsSyncError(INSTALL_HINT, en=INSTALL_HINT_EN) from exc
    return gspread


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded, jittered exponential back-off that honours ``Retry-After``.

    ``max_attempts`` counts the first try. A quota refusal (429) is retried past it until
    ``quota_window`` seconds of waiting have passed: Google's quotas are per minute, so giving up
    sooner would give up inside the very window that refused. ``max_wait`` caps the total time
    spent sleeping, so a 429 storm ends in a clear error instead of an endless wait.
    ``per_minute`` paces Sheets reads and writes (each) to Google's default per-user quota
    (0: no pacing). ``sleep``, ``rand`` and ``clock`` are injectable for tests.
    """

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 32.0
    max_wait: float = 150.0
    quota_window: float = 60.0
    per_minute: int = 60
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("RetryPolicy.max_attempts must be at least 1")

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based)."""
        backoff = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        jittered = backoff * (0.5 + 0.5 * self.rand())  # "equal jitter": never a thundering herd
        return float(max(jittered, retry_after or 0.0))


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())


@dataclass
class SheetsClient:
    """A signed-in connection to Google Sheets; build it with :func:`connect`."""

    http: Any  # gspread.http_client.HTTPClient
    account_email: str | None = None
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    requests_made: Counter[str] = field(default_factory=Counter)
    _sent: dict[str, deque[float]] = field(default_factory=dict)  # quota kind -> call times

    # --- one API call each --------------------------------------------------------------

    def get_spreadsheet(
        self,
        spreadsheet_id: str,
        fields: str,
        *,
        grid_data: bool = False,
        ranges: Sequence[str] = (),
    ) -> dict[str, Any]:
        """``grid_data``: cell data too (``fields`` picks which parts, e.g. effectiveValue),
        of every sheet or of ``ranges`` only."""
        params: dict[str, Any] = {"fields": fields}
        if grid_data:
            params["includeGridData"] = "true"
        if ranges:
            params["ranges"] = list(ranges)
        return self._call(
            "spreadsheets.get",
            spreadsheet_id,
            True,
            lambda: self.http.request(
                "get", f"{SHEETS_URL}/{spreadsheet_id}", params=dict(params)
            ).json(),
        )

    def batch_update(
        self, spreadsheet_id: str, requests: Sequence[Mapping[str, Any]], *, idempotent: bool
    ) -> dict[str, Any]:
        body = {"requests": list(requests)}
        return self._call(
            "spreadsheets.batchUpdate",
            spreadsheet_id,
            idempotent,
            lambda: self.http.batch_update(spreadsheet_id, body),
        )

    def values_batch_get(
        self, spreadsheet_id: str, ranges: Sequence[str], *, render: str = "UNFORMATTED_VALUE"
    ) -> list[list[list[Any]]]:
        """Values of each range, rows as lists; numbers unformatted, dates as serial numbers."""
        if not ranges:
            return []
        params = {
            "valueRenderOption": render,
            "dateTimeRenderOption": "SERIAL_NUMBER",
            "majorDimension": "ROWS",
        }
        reply = self._call(
            "values.batchGet",
            spreadsheet_id,
            True,
            lambda: self.http.values_batch_get(spreadsheet_id, list(ranges), params=dict(params)),
        )
        return [vr.get("values", []) for vr in reply.get("valueRanges", [])]

    def values_batch_update(self, spreadsheet_id: str, data: Sequence[Mapping[str, Any]]) -> None:
        """Write value ranges as RAW: text stays text (``=IMPORTXML(`` is never run)."""
        body = {"valueInputOption": "RAW", "data": list(data)}
        self._call(
            "values.batchUpdate",
            spreadsheet_id,
            True,
            lambda: self.http.values_batch_update(spreadsheet_id, body),
        )

    def drive_version(self, spreadsheet_id: str) -> tuple[int, str]:
        """Drive's monotonic file ``version`` and ``modifiedTime``."""
        reply = self._call(
            "drive.files.get",
            spreadsheet_id,
            True,
            lambda: self.http.request(
                "get",
                f"{DRIVE_FILES_URL}/{spreadsheet_id}",
                params={"fields": "version,modifiedTime", "supportsAllDrives": "true"},
            ).json(),
        )
        return int(reply["version"]), str(reply.get("modifiedTime", ""))

    def create_spreadsheet(self, title: str, folder_id: str | None = None) -> str:
        body: dict[str, Any] = {
            "name": title,
            "mimeType": "application/vnd.google-apps.spreadsheet",
        }
        if folder_id:
            body["parents"] = [folder_id]
        reply = self._call(
            "drive.files.create",
            None,
            False,
            lambda: self.http.request(
                "post", DRIVE_FILES_URL, json=body, params={"supportsAllDrives": "true"}
            ).json(),
        )
        return str(reply["id"])

    def share(self, file_id: str, email: str, role: str = "writer") -> None:
        """Give a person access to a file (Drive permissions.create; Google e-mails them)."""
        body = {"type": "user", "role": role, "emailAddress": email}
        self._call(
            "drive.permissions.create",
            file_id,
            False,
            lambda: self.http.request(
                "post",
                f"{DRIVE_FILES_URL}/{file_id}/permissions",
                json=body,
                params={"supportsAllDrives": "true", "sendNotificationEmail": "true"},
            ).json(),
        )

    # --- pacing, retries and translation ------------------------------------------------------

    def _pace(self, op: str) -> None:
        """Wait until one more call of this quota kind fits in Google's per-minute window."""
        kind = "read" if op in READS else "write" if op in WRITES else None
        limit = self.retry.per_minute
        if kind is None or limit <= 0:
            return
        sent = self._sent.setdefault(kind, deque())
        now = self.retry.clock()
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        if len(sent) >= limit:
            self.retry.sleep(sent[0] + 60.0 - now)
            now = self.retry.clock()
            while sent and sent[0] <= now - 60.0:
                sent.popleft()
        sent.append(now)

    def _call(
        self, op: str, spreadsheet_id: str | None, idempotent: bool, fn: Callable[[], T]
    ) -> T:
        import requests

        gspread = _gspread()
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            self._pace(op)
            self.requests_made[op] += 1
            response: requests.Response | None = None
            quota = False
            try:
                return fn()
            except gspread.exceptions.APIError as exc:
                response = exc.response
                status = response.status_code
                quota = status == 429 or _rate_limited(response)
                retry = quota or (idempotent and status in RETRYABLE_5XX)
                if not retry:
                    raise _translate(exc, status, spreadsheet_id, self.account_email) from exc
                last: Exception = exc
            except requests.exceptions.ConnectTimeout as exc:
                last = exc  # never reached Google: always safe to try again
            except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
                if not idempotent:
                    raise SheetsSyncError(
                        f"Förbindelsen med Google bröts under '{op}' ({exc.__class__.__name__}). "
                        "Det är okänt om ändringen hann sparas; kör kommandot igen.",
                        spreadsheet_id=spreadsheet_id,
                        en=f"The connection to Google broke during '{op}' "
                        f"({exc.__class__.__name__}). Whether the change was saved is unknown; "
                        "run the command again.",
                    ) from exc
                last = exc
            if attempt >= self.retry.max_attempts and not (
                quota and waited < self.retry.quota_window
            ):
                break
            pause = self.retry.delay(attempt, _retry_after(response))
            if waited + pause > self.retry.max_wait:
                break
            self.retry.sleep(pause)
            waited += pause
        raise _gave_up(op, last, spreadsheet_id, self.timeout, attempt, waited) from last


def _rate_limited(response: requests.Response) -> bool:
    if response.status_code != 403:
        return False
    text = response.text
    return "rateLimitExceeded" in text or "userRateLimitExceeded" in text


SCOPE_REASONS = frozenset({"ACCESS_TOKEN_SCOPE_INSUFFICIENT", "insufficientPermissions"})


def _reason(error: Mapping[str, Any]) -> str:
    """Google's machine-readable reason: Sheets' ErrorInfo detail or Drive's errors[].reason."""
    for detail in error.get("details", []) or []:
        if isinstance(detail, dict) and detail.get("reason"):
            return str(detail["reason"])
    for item in error.get("errors", []) or []:
        if isinstance(item, dict) and item.get("reason"):
            return str(item["reason"])
    return ""


def _gave_up(
    op: str,
    exc: Exception,
    spreadsheet_id: str | None,
    timeout: float,
    attempts: int,
    waited: float,
) -> SheetsSyncError:
    import requests

    if isinstance(exc, requests.exceptions.Timeout):
        why = f"Google svarade inte inom {timeout:g} s"
        why_en = f"Google did not answer within {timeout:g} s"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        why = (
            "Google gick inte att nå (ingen förbindelse: kontrollera nätverket, en proxy "
            "eller brandväggen)"
        )
        why_en = (
            "Google could not be reached (no connection: check the network, a proxy or the "
            "firewall)"
        )
    else:
        status = getattr(getattr(exc, "response", None), "status_code", 0)
        quota = status == 429
        why = (
            "Googles kvot för anrop är slut (429): vänta en minut"
            if quota
            else f"Google svarade {status} (tillfälligt fel hos Google)"
        )
        why_en = (
            "Google's request quota is used up (429): wait a minute"
            if quota
            else f"Google answered {status} (a temporary error at Google)"
        )
    return SheetsSyncError(
        f"{why}. Gav upp '{op}' efter {attempts} försök och {waited:.0f} s "
        "väntan; försök igen senare.",
        spreadsheet_id=spreadsheet_id,
        en=f"{why_en}. Gave up '{op}' after {attempts} attempts and {waited:.0f} s of waiting; "
        "try again later.",
    )


def _translate(
    exc: Any, status: int, spreadsheet_id: str | None, email: str | None
) -> SheetsSyncError:
    message = str(exc.error.get("message", "")) if exc.error.get("code") != -1 else ""
    reason = _reason(exc.error)
    sid = spreadsheet_id or "?"
    who, who_en = email or "kontot du loggade in med", email or "the account you signed in with"
    if status == 401:
        text = (
            "Google godtog inte inloggningen (401). Kontrollera nyckelfilen i "
            "FINSAM_GOOGLE_CREDENTIALS eller logga in igen (FINSAM_GOOGLE_OAUTH=1)."
        )
        en = (
            "Google did not accept the sign-in (401). Check the key file in "
            "FINSAM_GOOGLE_CREDENTIALS or sign in again (FINSAM_GOOGLE_OAUTH=1)."
        )
    elif status == 403 and ("has not been used" in message or "is disabled" in message):
        text = (
            "Google Sheets API eller Drive API är inte aktiverat i Google Cloud-projektet: "
            f"{message}"
        )
        en = f"Google Sheets API or Drive API is not enabled in the Google Cloud project: {message}"
    elif status == 403 and (reason in SCOPE_REASONS or "insufficient authentication" in message):
        text = (
            "Inloggningen saknar behörighet för Google Sheets eller Drive (för snäva "
            "behörigheter, 'scopes'). Logga in igen: ta bort token-filen authorized_user.json "
            "i gspreads mapp (~/.config/gspread) och kör med FINSAM_GOOGLE_OAUTH=1, eller "
            "använd en nyckel för ett tjänstekonto."
        )
        en = (
            "The sign-in lacks permission for Google Sheets or Drive (too narrow 'scopes'). "
            "Sign in again: delete the token file authorized_user.json in gspread's folder "
            "(~/.config/gspread) and run with FINSAM_GOOGLE_OAUTH=1, or use a service account key."
        )
    elif status == 403 and "protected cell or object" in message:
        text = (
            f"Ett blad eller område i kalkylarket {sid} är skyddat, så {who} får inte ändra "
            "det fast kontot är redigerare. Ta bort skyddet från finsam-xl:s blad (Data → "
            f"Skyddade blad och intervall) eller lägg till {who} bland dem som får redigera."
        )
        en = (
            f"A sheet or range in the spreadsheet {sid} is protected, so {who_en} may not change "
            "it although the account is an editor. Remove the protection from finsam-xl's sheets "
            f"(Data → Protected sheets and ranges) or add {who_en} to those who may edit."
        )
    elif status == 403 and (
        reason == "storageQuotaExceeded" or "do not have storage quota" in message
    ):
        text = (
            "Ett tjänstekonto kan inte äga filer i Google Drive (det har inget eget "
            "lagringsutrymme), så kalkylarket kunde inte skapas. Ange --folder med id:t för en "
            f"mapp i en delad enhet där {email or 'tjänstekontot'} är medlem (Innehållsansvarig), "
            "eller logga in som person med FINSAM_GOOGLE_OAUTH=1."
        )
        en = (
            "A service account cannot own files in Google Drive (it has no storage of its own), "
            "so the spreadsheet could not be made. Give --folder with the id of a folder in a "
            f"shared drive where {email or 'the service account'} is a member (Content manager), "
            "or sign in as a person with FINSAM_GOOGLE_OAUTH=1."
        )
    elif status == 403:
        text = (
            f"Kalkylarket {sid} är inte delat med {who}. Öppna arket i Google Sheets, välj "
            f"Dela och ge {who} behörigheten Redigerare."
        )
        en = (
            f"The spreadsheet {sid} is not shared with {who_en}. Open it in Google Sheets, "
            f"choose Share and give {who_en} the role Editor."
        )
    elif status == 404:
        text = (
            f"Hittar inget kalkylark med id {sid}. Kontrollera id:t: det är delen mellan "
            "/d/ och /edit i arkets adress."
        )
        en = (
            f"No spreadsheet has the id {sid}. Check the id: it is the part between /d/ and "
            "/edit in the spreadsheet's address."
        )
    else:
        text = f"Google avvisade begäran ({status}): {message or 'inget besked'}"
        en = f"Google refused the request ({status}): {message or 'no reason given'}"
    return SheetsSyncError(text, spreadsheet_id=spreadsheet_id, en=en)
