"""A local Sheets v4 (and Drive v3 files.get/create) stand-in for gspread's own code to talk to.

A threaded http.server on 127.0.0.1:0. Tests give gspread a ``requests.Session`` from
:meth:`StandIn.session`: its transport sends Google's hosts here and refuses every other host, so no
test can reach the network. Every request (query and body) and every response is checked against
Google's discovery documents (``sheets_discovery``); a mismatch is recorded in ``violations`` and
the fixture fails the test. ``faults`` injects 429 storms, HTML 502s, slow answers; ``log`` counts
requests per API method.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import HTTPAdapter
from sheets_discovery import (
    Api,
    apply_fields,
    load_api,
    parse_fields,
    validate_body,
    validate_query,
)
from sheets_standin_api import HANDLERS, drive_create
from sheets_standin_model import ApiError, Book, Sheet, input_value, parse_range, recalc

GOOGLE_HOSTS = {"sheets.googleapis.com", "www.googleapis.com"}

_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    ("GET", re.compile(r"^/v4/spreadsheets/([^/:]+)$"), "sheets.spreadsheets.get"),
    (
        "POST",
        re.compile(r"^/v4/spreadsheets/([^/:]+):batchUpdate$"),
        "sheets.spreadsheets.batchUpdate",
    ),
    (
        "GET",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchGet$"),
        "sheets.spreadsheets.values.batchGet",
    ),
    (
        "POST",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchUpdate$"),
        "sheets.spreadsheets.values.batchUpdate",
    ),
    (
        "POST",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values:batchClear$"),
        "sheets.spreadsheets.values.batchClear",
    ),
    (
        "POST",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^/:]+):clear$"),
        "sheets.spreadsheets.values.clear",
    ),
    (
        "GET",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^/:]+)$"),
        "sheets.spreadsheets.values.get",
    ),
    (
        "PUT",
        re.compile(r"^/v4/spreadsheets/([^/:]+)/values/([^/:]+)$"),
        "sheets.spreadsheets.values.update",
    ),
    ("GET", re.compile(r"^/drive/v3/files/([^/:]+)$"), "drive.files.get"),
    ("POST", re.compile(r"^/drive/v3/files$"), "drive.files.create"),
    ("POST", re.compile(r"^/drive/v3/files/([^/:]+)/permissions$"), "drive.permissions.create"),
]
READS = frozenset(
    {
        "sheets.spreadsheets.get",
        "sheets.spreadsheets.values.get",
        "sheets.spreadsheets.values.batchGet",
    }
)
SPREADSHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets"
_FAULT_TEXT = {
    429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute "
    "per user' of service 'sheets.googleapis.com'",
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    504: "Deadline exceeded.",
}


@dataclass
class Fault:
    """Answer matching requests with ``status``/``body`` (or after ``delay`` s) ``times`` times."""

    method: str | None = None  # discovery method id; None matches every request
    status: int = 429
    body: str | bytes | dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # sleep before answering (a timeout test makes this exceed the client's)
    times: int = 1
    passthrough: bool = False  # after the delay, handle the request normally


@dataclass
class Quota:
    """Google's per-user, per-minute request quota (60 reads and 60 writes by default).

    ``clock`` is the test's virtual clock, moved only by the client's retry and pacing sleeps
    (the ``sleeps`` fixture), so a one-minute window costs no wall time. Over the limit Google
    answers 429 RESOURCE_EXHAUSTED without a Retry-After header.
    """

    clock: Callable[[], float]
    reads_per_minute: int = 60
    writes_per_minute: int = 60
    seen: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    refused: int = 0

    def admit(self, user: str, method_id: str) -> None:
        if not method_id.startswith("sheets."):
            return  # Drive has quotas of its own, far larger
        kind = "Read" if method_id in READS else "Write"
        limit = self.reads_per_minute if kind == "Read" else self.writes_per_minute
        now = self.clock()
        times = [t for t in self.seen.get((user, kind), []) if t > now - 60.0]
        if len(times) >= limit:
            self.seen[(user, kind)] = times
            self.refused += 1
            raise ApiError(
                429,
                f"Quota exceeded for quota metric '{kind} requests' and limit '{kind} requests "
                f"per minute per user' of service 'sheets.googleapis.com' for consumer "
                "'project_number:1'.",
                reason="RATE_LIMIT_EXCEEDED",
            )
        times.append(now)
        self.seen[(user, kind)] = times


@dataclass
class Logged:
    method: str
    status: int
    request_bytes: int
    response_bytes: int


class StandIn:
    def __init__(self) -> None:
        self.books: dict[str, Book] = {}
        self.tokens: dict[str, str] = {"test-token": "finsam-test@example.iam.gserviceaccount.com"}
        self.faults: list[Fault] = []
        self.hooks: list[tuple[str, Callable[[StandIn], None]]] = []
        self.log: list[Logged] = []
        self.violations: list[str] = []
        self.default_locale = "sv_SE"  # books made by create_book: a Swedish user's own sheets
        self.quota: Quota | None = None  # set to model Google's per-minute quota
        self.narrow_tokens: set[str] = set()  # tokens granted without the spreadsheets scope
        self.folders: set[str] = set()  # Drive folder ids that exist
        self.shared_drive_folders: set[str] = set()  # ... of those, the ones in a shared drive
        self.shared_drive_members: set[str] = set()
        self.lock = threading.RLock()
        self.apis: dict[str, Api] = {"sheets": load_api("sheets.v4"), "drive": load_api("drive.v3")}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- lifecycle and test helpers -----------------------------------------------------------

    def start(self) -> StandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def session(self, token: str | None = "test-token") -> requests.Session:
        s = requests.Session()
        adapter = _RoutingAdapter(self.port)
        s.mount("https://", adapter)
        s.mount("http://", adapter)
        if token is not None:
            s.headers["Authorization"] = f"Bearer {token}"
        return s

    def create_book(
        self,
        book_id: str,
        title: str = "Test",
        *,
        sheets: tuple[str, ...] = ("Blad1",),
        locale: str | None = None,
    ) -> Book:
        book = Book(
            book_id,
            {
                "title": title,
                "locale": locale or self.default_locale,
                "timeZone": "Europe/Stockholm",
            },
            [],
        )
        for i, name in enumerate(sheets):
            book.sheets.append(
                Sheet(
                    {
                        "sheetId": i,
                        "title": name,
                        "index": i,
                        "sheetType": "GRID",
                        "gridProperties": {"rowCount": 1000, "columnCount": 26},
                    }
                )
            )
        with self.lock:
            self.books[book_id] = book
        return book

    def add_shared_drive_folder(self, folder_id: str, *members: str) -> None:
        """A folder in a shared drive (where a service account may create files)."""
        self.folders.add(folder_id)
        self.shared_drive_folders.add(folder_id)
        self.shared_drive_members.update(members)

    def add_chart_sheet(self, book_id: str, title: str) -> None:
        """A chart moved to its own sheet: sheetType OBJECT, no gridProperties, no cells."""
        with self.lock:
            book = self.books[book_id]
            props = {"sheetId": book.new_id(), "title": title, "index": len(book.sheets),
                     "sheetType": "OBJECT"}  # fmt: skip
            book.sheets.append(Sheet(props))
            book.touch()

    def edit(self, book_id: str, a1: str, value: Any, option: str = "USER_ENTERED") -> None:
        """A person typing into the sheet: changes the value and bumps the Drive version."""
        with self.lock:
            book = self.books[book_id]
            sheet, r0, _, c0, _ = parse_range(book, a1)
            input_value(sheet.cell(r0, c0), value, option, book.properties["locale"])
            recalc(book)
            book.touch()

    def count(self, prefix: str = "") -> int:
        return sum(1 for entry in self.log if entry.method.startswith(prefix))

    def counts(self) -> Counter[str]:
        return Counter(entry.method for entry in self.log)

    def reset_log(self) -> None:
        self.log.clear()

    # --- dispatch ---------------------------------------------------------------------------

    def dispatch(
        self, verb: str, url: str, headers: dict[str, str], raw: bytes
    ) -> tuple[int, dict[str, str], bytes, str]:
        parts = urlsplit(url)
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        for http_method, pattern, method_id in _ROUTES:  # noqa: B007 (used after break)
            m = pattern.match(path)
            if m and verb == http_method:
                break
        else:
            self.violations.append(f"no such endpoint: {verb} {path}")
            return 404, {"Content-Type": "text/html"}, b"<html>404</html>", "unknown"
        api = self.apis[method_id.split(".")[0]]
        method = api.methods[method_id]
        errors = validate_query(method, api, query)
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                errors.append(f"{method_id}: request body is not JSON")
        errors += validate_body(method, api, body, response=False)
        if errors:
            self.violations += errors
            err = ApiError(400, "Invalid JSON payload received. " + "; ".join(errors))
            return 400, _JSON, json.dumps(err.body()).encode(), method_id
        late = 0.0  # a passthrough fault's delay comes after the work: applied, answered late
        for fault in list(self.faults):
            if fault.times > 0 and fault.method in (None, method_id):
                fault.times -= 1
                if fault.passthrough:
                    late = fault.delay
                else:
                    time.sleep(fault.delay)
                    payload = (
                        fault.body
                        if fault.body is not None
                        else ApiError(fault.status, _FAULT_TEXT.get(fault.status, "Error")).body()
                    )
                    data = (
                        json.dumps(payload).encode()
                        if isinstance(payload, dict)
                        else (payload.encode() if isinstance(payload, str) else payload)
                    )
                    ctype = _JSON if isinstance(payload, dict) else {"Content-Type": "text/html"}
                    return fault.status, {**ctype, **fault.headers}, data, method_id
                break
        for hook_method, hook in list(self.hooks):
            if hook_method == method_id:
                self.hooks.remove((hook_method, hook))
                hook(self)
        try:
            token, user = self._auth(headers)
            ids = [unquote(g) for g in m.groups()]
            with self.lock:
                if self.quota is not None:
                    self.quota.admit(user, method_id)
                if token in self.narrow_tokens and method_id.startswith("sheets."):
                    raise ApiError(
                        403,
                        "Request had insufficient authentication scopes.",
                        reason="ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                    )
                result = self._handle(method_id, ids, query, body, user)
        except ApiError as exc:
            return exc.code, _JSON, json.dumps(exc.body()).encode(), method_id
        if "fields" in query:
            result = apply_fields(result, parse_fields(query["fields"][0]))
        errors = validate_body(method, api, result, response=True)
        if errors:
            self.violations += errors
        time.sleep(late)
        return 200, _JSON, json.dumps(result).encode(), method_id

    def _auth(self, headers: dict[str, str]) -> tuple[str, str]:
        auth = headers.get("authorization", "")
        token = auth.removeprefix("Bearer ").strip()
        user = self.tokens.get(token) if auth else None
        if user is None:
            raise ApiError(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential.",
            )
        return token, user

    def _book(self, book_id: str, user: str) -> Book:
        book = self.books.get(book_id)
        if book is None:
            raise ApiError(404, "Requested entity was not found.")
        if book.shared_with is not None and user not in book.shared_with:
            raise ApiError(403, "The caller does not have permission")
        return book

    def _handle(
        self, method_id: str, ids: list[str], query: dict[str, list[str]], body: Any, user: str
    ) -> dict[str, Any]:
        if method_id == "drive.files.create":
            return drive_create(self, None, ids, query, body, user)
        book = self._book(ids[0], user)
        book.actor = user
        return HANDLERS[method_id](self, book, ids, query, body)

    def swap(self, book: Book) -> None:
        """Keep the result of a write and bump the Drive version like any change does."""
        book.touch()
        self.books[book.id] = book


_JSON = {"Content-Type": "application/json; charset=UTF-8"}


def _make_handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, out_headers, data, method_id = standin.dispatch(
                self.command, self.path, headers, raw
            )
            standin.log.append(Logged(method_id, status, len(raw), len(data)))
            try:
                self.send_response(status)
                for k, v in out_headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing left to tell it

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _RoutingAdapter(HTTPAdapter):
    """Sends https://sheets.googleapis.com and https://www.googleapis.com to 127.0.0.1:port."""

    def __init__(self, port: int) -> None:
        super().__init__(max_retries=0)
        self.port = port

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url or "")
        if parts.scheme != "https" or parts.hostname not in GOOGLE_HOSTS:
            raise requests.exceptions.ConnectionError(
                f"test transport refuses {parts.scheme}://{parts.hostname}: only Google's API "
                "hosts are routed (to the local stand-in)"
            )
        request.url = f"http://127.0.0.1:{self.port}{parts.path}" + (
            f"?{parts.query}" if parts.query else ""
        )
        return super().send(request, *args, **kwargs)
