"""The stand-in's spreadsheet model: grids of cells, A1 ranges, and reading and writing values.

Behaviour copied from Google Sheets where finsam-xl depends on it: RAW input stores text as text
(a leading ``=`` included), USER_ENTERED parses formulas and locale numbers; reads trim trailing
empty rows and columns; FORMATTED_VALUE renders numbers in the sheet's locale (``85000,5`` in
sv_SE); writes outside the grid and cells over 50 000 characters are refused with 400.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

MAX_CELL_CHARS = 50_000
MAX_CELLS = 10_000_000
EPOCH = date(1899, 12, 30)


class ApiError(Exception):
    """Becomes a Google-shaped error body: {"error": {"code", "message", "status"}}."""

    STATUS: ClassVar[dict[int, str]] = {
        400: "INVALID_ARGUMENT",
        401: "UNAUTHENTICATED",
        403: "PERMISSION_DENIED",
        404: "NOT_FOUND",
        429: "RESOURCE_EXHAUSTED",
        501: "UNIMPLEMENTED",
    }

    def __init__(self, code: int, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = (
            reason  # Drive's errors[].reason / Sheets' ErrorInfo reason, when Google sends one
        )

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": self.STATUS.get(self.code, "UNKNOWN"),
        }
        if self.reason:
            error["errors"] = [{"message": self.message, "domain": "global", "reason": self.reason}]
            error["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": self.reason,
                    "domain": "googleapis.com",
                }
            ]
        return {"error": error}


@dataclass
class Cell:
    value: Any = None  # effective value: number, str, bool or None
    formula: str | None = None
    fmt: dict[str, Any] = field(default_factory=dict)
    validation: dict[str, Any] | None = None

    def empty(self) -> bool:
        return self.value is None and self.formula is None and not self.fmt and not self.validation


@dataclass
class Sheet:
    properties: dict[str, Any]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    protected: list[dict[str, Any]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    dim_props: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    conditional: list[dict[str, Any]] = field(default_factory=list)  # conditional format rules
    charts: list[dict[str, Any]] = field(default_factory=list)  # EmbeddedChart (addChart)

    @property
    def id(self) -> int:
        return int(self.properties["sheetId"])

    @property
    def title(self) -> str:
        return str(self.properties["title"])

    @property
    def is_grid(self) -> bool:
        """Chart (OBJECT) sheets have no gridProperties and no cells, as in Google's schema."""
        return self.properties.get("sheetType", "GRID") == "GRID"

    @property
    def rows(self) -> int:
        return int(self.properties.get("gridProperties", {}).get("rowCount", 0))

    @property
    def cols(self) -> int:
        return int(self.properties.get("gridProperties", {}).get("columnCount", 0))

    def cell(self, r: int, c: int) -> Cell:
        return self.cells.setdefault((r, c), Cell())

    def trim_to_grid(self) -> None:
        self.cells = {k: v for k, v in self.cells.items() if k[0] < self.rows and k[1] < self.cols}


@dataclass
class Book:
    id: str
    properties: dict[str, Any]
    sheets: list[Sheet]
    named_ranges: list[dict[str, Any]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    version: int = 1
    modified: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    shared_with: set[str] | None = None  # None: every known caller may open it
    next_id: int = 1000
    permissions: list[dict[str, Any]] = field(default_factory=list)  # Drive permissions.create
    actor: str = ""  # who sends the request being applied (protected ranges name their editors)

    def sheet_by_title(self, title: str) -> Sheet:
        """Google matches sheet titles in ranges regardless of case ('budget'!A1 finds Budget)."""
        for s in self.sheets:
            if s.title.casefold() == title.casefold():
                if not s.is_grid:
                    raise ApiError(400, f"Unable to parse range: {title}")
                return s
        raise ApiError(400, f"Unable to parse range: {title}")

    def sheet_by_id(self, sheet_id: int) -> Sheet:
        for s in self.sheets:
            if s.id == sheet_id:
                return s
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def touch(self) -> None:
        self.version += 1
        self.modified += timedelta(seconds=1)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


# --- A1 ----------------------------------------------------------------------------------------


def col_letters(index0: int) -> str:
    n, out = index0 + 1, ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


_PART = re.compile(r"^([A-Za-z]*)(\d*)$")


def parse_range(book: Book, text: str) -> tuple[Sheet, int, int, int, int]:
    """A1 text (or a named range's name) -> sheet and 0-based half-open rows/cols."""
    for nr in book.named_ranges:
        if nr["name"] == text:
            g = nr["range"]
            sh = book.sheet_by_id(g.get("sheetId", 0))
            return sh, *grid_bounds(sh, g)
    title, ref = _split_title(text)
    if title is not None:
        sheet = book.sheet_by_title(title)
    else:
        try:
            sheet, ref = book.sheet_by_title(text), ""
        except ApiError:
            sheet, ref = book.sheets[0], text
    if not ref:
        return sheet, 0, sheet.rows, 0, sheet.cols
    first, _, last = ref.partition(":")
    last = last or first
    m1, m2 = _PART.match(first.replace("$", "")), _PART.match(last.replace("$", ""))
    if not m1 or not m2 or not (m1.group(0) and m2.group(0)):
        raise ApiError(400, f"Unable to parse range: {text}")
    c0 = _col_index(m1.group(1)) if m1.group(1) else 0
    c1 = _col_index(m2.group(1)) + 1 if m2.group(1) else sheet.cols
    r0 = int(m1.group(2)) - 1 if m1.group(2) else 0
    r1 = int(m2.group(2)) if m2.group(2) else sheet.rows
    return sheet, r0, r1, c0, c1


def _split_title(text: str) -> tuple[str | None, str]:
    """("Title", "A1:B2") from "'Ti''tle'!A1:B2" or "Title!A1"; a quoted title may hold '!'."""
    if text.startswith("'"):
        i = 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                break
            i += 1
        else:
            raise ApiError(400, f"Unable to parse range: {text}")
        title, rest = text[1:i].replace("''", "'"), text[i + 1 :]
        if not rest:
            return title, ""
        if not rest.startswith("!"):
            raise ApiError(400, f"Unable to parse range: {text}")
        return title, rest[1:]
    if "!" in text:
        title, _, ref = text.partition("!")
        return title, ref
    return None, text


def grid_bounds(sheet: Sheet, g: dict[str, Any]) -> tuple[int, int, int, int]:
    return (
        g.get("startRowIndex", 0),
        g.get("endRowIndex", sheet.rows),
        g.get("startColumnIndex", 0),
        g.get("endColumnIndex", sheet.cols),
    )


def format_range(sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> str:
    title = sheet.title
    plain = re.fullmatch(r"[A-Za-z0-9_]+", title)
    quoted = title if plain else "'" + title.replace("'", "''") + "'"
    start, end = f"{col_letters(c0)}{r0 + 1}", f"{col_letters(max(c1 - 1, c0))}{max(r1, r0 + 1)}"
    return f"{quoted}!{start}" if start == end else f"{quoted}!{start}:{end}"


def _inside(r0: int, r1: int, c0: int, c1: int, g: dict[str, Any], sheet: Sheet) -> bool:
    gr0, gr1, gc0, gc1 = grid_bounds(sheet, g)
    return gr0 <= r0 and r1 <= gr1 and gc0 <= c0 and c1 <= gc1


def check_protection(book: Book, sheet: Sheet, r0: int, r1: int, c0: int, c1: int) -> None:
    """Google refuses an edit of a protected range by anyone not among its editors (403)."""
    for pr in sheet.protected:
        if pr.get("warningOnly"):
            continue
        if book.actor in pr.get("editors", {}).get("users", []):
            continue
        rng = pr.get("range", {})
        gr0, gr1, gc0, gc1 = grid_bounds(sheet, rng)
        if r1 <= gr0 or gr1 <= r0 or c1 <= gc0 or gc1 <= c0:
            continue  # no overlap
        if any(_inside(r0, r1, c0, c1, u, sheet) for u in pr.get("unprotectedRanges", [])):
            continue
        raise ApiError(
            403,
            "You are trying to edit a protected cell or object. Please contact the spreadsheet "
            "owner to remove protection if you need to edit.",
        )


def check_grid(sheet: Sheet, r1: int, c1: int, text: str) -> None:
    if r1 > sheet.rows or c1 > sheet.cols:
        raise ApiError(
            400,
            f"Range ({text}) exceeds grid limits. Max rows: {sheet.rows}, "
            f"max columns: {sheet.cols}",
        )


# --- values in and out -------------------------------------------------------------------------


def _locale_number(text: str, locale: str) -> float | None:
    s = text.strip()
    if locale.startswith(("sv", "de", "fr", "fi", "nb", "da")):
        s = s.replace("\u00a0", "").replace(" ", "")
        s = s.replace(".", "").replace(",", ".") if "," in s else s
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")  # en_US: "30,000.50"; "30 000,50" stays text
    try:
        return float(s) if re.fullmatch(r"-?\d+(\.\d+)?", s) else None
    except ValueError:
        return None


def check_chars(value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise ApiError(
            400, "Your input contains more than the maximum of 50000 characters in a single cell."
        )


def input_value(cell: Cell, raw: Any, option: str, locale: str) -> None:
    """One value of a values.update body into a cell, as Google applies RAW / USER_ENTERED."""
    check_chars(raw)
    cell.formula = None
    if raw == "" or raw is None:
        cell.value = None
    elif isinstance(raw, bool | int | float) or option == "RAW":
        cell.value = raw
    elif raw.startswith("="):
        cell.formula, cell.value = raw, None
    elif raw.upper() in ("TRUE", "FALSE"):
        cell.value = raw.upper() == "TRUE"
    else:
        number = _locale_number(raw, locale)
        cell.value = raw if number is None else number


def number_out(v: float | int) -> float | int:
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


def _format_number(v: float, fmt: dict[str, Any], locale: str) -> str:
    nf = fmt.get("numberFormat", {})
    comma = locale.startswith(("sv", "de", "fr", "fi", "nb", "da"))
    if nf.get("type") in ("DATE", "DATE_TIME"):
        return (EPOCH + timedelta(days=math.floor(v))).isoformat()
    pattern = nf.get("pattern", "")
    decimals = len(pattern.split(".")[1]) if "." in pattern else None
    if decimals is None:
        text = repr(number_out(v)) if isinstance(number_out(v), int) else f"{v:.10g}"
    else:
        text = f"{v:,.{decimals}f}" if "," in pattern else f"{v:.{decimals}f}"
    if comma:
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def render(cell: Cell | None, option: str, dt_option: str, locale: str) -> Any:
    if cell is None:
        return ""
    if option == "FORMULA" and cell.formula:
        return cell.formula
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool):
        return v if option != "FORMATTED_VALUE" else ("TRUE" if v else "FALSE")
    if isinstance(v, int | float):
        is_date = cell.fmt.get("numberFormat", {}).get("type") in ("DATE", "DATE_TIME")
        if option == "FORMATTED_VALUE" or (is_date and dt_option == "FORMATTED_STRING"):
            return _format_number(float(v), cell.fmt, locale)
        return number_out(v)
    return v


def read_values(
    sheet: Sheet, bounds: tuple[int, int, int, int], option: str, dt_option: str, locale: str
) -> list[list[Any]]:
    r0, r1, c0, c1 = bounds
    rows: list[list[Any]] = []
    for r in range(r0, min(r1, sheet.rows)):
        row = [
            render(sheet.cells.get((r, c)), option, dt_option, locale)
            for c in range(c0, min(c1, sheet.cols))
        ]
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


# --- a tiny formula evaluator: enough for the templates' SUM and a+b cells ----------------------

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def _ref_value(sheet: Sheet, ref: str) -> float:
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(ref)
    v = sheet.cells.get((int(m.group(2)) - 1, _col_index(m.group(1))))
    value = None if v is None else v.value
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def evaluate(sheet: Sheet, formula: str) -> Any:
    body = formula[1:].strip().upper()
    try:
        m = re.fullmatch(r"SUM\((.+)\)", body)
        if m:
            total = 0.0
            for part in m.group(1).split(","):
                a, _, b = part.strip().partition(":")
                ma, mb = _REF.match(a), _REF.match(b or a)
                if not ma or not mb:
                    return None
                for r in range(int(ma.group(2)), int(mb.group(2)) + 1):
                    for c in range(_col_index(ma.group(1)), _col_index(mb.group(1)) + 1):
                        total += _ref_value(sheet, f"{col_letters(c)}{r}")
            return number_out(total)
        terms = re.findall(r"([+-]?)\s*(\$?[A-Z]{1,3}\$?\d+|\d+(?:\.\d+)?)", body)
        rebuilt = "".join(s + t.replace("$", "") for s, t in terms)
        if terms and re.sub(r"[\s$]", "", body) == rebuilt:
            total = sum(
                (-1 if s == "-" else 1) * (float(t) if t[0].isdigit() else _ref_value(sheet, t))
                for s, t in terms
            )
            return number_out(total)
    except ValueError:
        return None
    return None


def recalc(book: Book) -> None:
    for sheet in book.sheets:
        for cell in sheet.cells.values():
            if cell.formula:
                cell.value = evaluate(sheet, cell.formula)


def serial(d: date) -> int:
    return (d - EPOCH).days
