"""Show a validation report inside the open book, and take it away again.

``mark_report`` writes the "Kontroll" sheet (one row per issue, with a link to the cell) and fills
the problem cells with a colour by severity. Every cell it colours is recorded, with the fill it
had before, on a hidden sheet; ``clear_marks`` puts those fills back and empties "Kontroll", so a
second run never leaves stale red cells nor loses the template's own colours.

Excel refuses a fill on a sheet protected without "Format cells". The templates allow it
(``templates/style.py``); a report made from an older template may not. Desktop Excel tells, and
there such a sheet's cells are listed on "Kontroll" but not coloured; the remote engine and Lite
cannot tell, so there the templates' own protection is what keeps the marks possible.

Reading a fill is only possible on desktop Excel. The remote engine and xlwings Lite cannot read it
synchronously: there the caller may pass the fills it fetched (Lite: ``await rng.get_color()``),
a fill recorded by an earlier run is reused, and otherwise the original counts as no fill.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol

from finsam_xl.excel.common import (
    KONTROLL,
    MARKS,
    Book,
    find_sheet,
    formula_text,
    fresh_sheet,
    safe_cell,
    unsupported,
)
from finsam_xl.issue_value import shown_value
from finsam_xl.issues import SEVERITY_SV, Severity

FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "info": "#DDEBF7"}  # Excel's own "bad/neutral"
NO_FILL = "ingen"
UNKNOWN = "okänd"
_RANK = {"error": 0, "warning": 1, "info": 2}
HEADERS = ["Allvarlighet", "Blad", "Cell", "Fält", "Meddelande", "Värde", "Kod"]
TABLE_ROW = 4  # header row of the issue list on "Kontroll"


class IssueLike(Protocol):
    code: str
    severity: Any
    sheet: str | None
    cell: str | None
    field: str | None
    message: str
    value: Any


class ReportLike(Protocol):
    status: str
    issues: list[Any]


def _hex(color: Any) -> str:
    """An engine's fill (RGB tuple, hex text or None) as "#RRGGBB" or NO_FILL."""
    if color is None:
        return NO_FILL
    if isinstance(color, str):
        return color.upper() if color.startswith("#") else "#" + color.upper()
    red, green, blue = color
    return f"#{int(red):02X}{int(green):02X}{int(blue):02X}"


def _read_fill(sheet: Any, cell: str) -> str:
    try:
        return _hex(sheet.range(cell).color)
    except Exception as exc:
        if unsupported(exc):
            return UNKNOWN
        raise


def formatting_refused(sheet: Any) -> bool:
    """True where desktop Excel says ``sheet`` is protected and forbids formatting cells.

    Only desktop Excel exposes protection (through COM); on other engines ``sheet.api`` is no
    COM object, the answer is False and the templates' protection must allow the marks.
    """
    try:
        api = sheet.api
        return bool(api.ProtectContents) and not bool(api.Protection.AllowFormattingCells)
    except Exception:
        return False


def _record(book: Book) -> list[tuple[str, str, str]]:
    sheet = find_sheet(book, MARKS)
    if sheet is None:
        return []
    rows = sheet.used_range.options(ndim=2).value or []
    found = []
    for row in rows[1:]:
        if len(row) >= 3 and row[0] and row[1]:
            found.append((str(row[0]), str(row[1]), str(row[2] or UNKNOWN)))
    return found


def clear_marks(book: Book) -> dict[tuple[str, str], str]:
    """Restore every fill the previous run changed and empty "Kontroll".

    Returns the originals that were known (``(sheet, cell) -> "#RRGGBB" | "ingen"``), so the next
    run can reuse them on engines that cannot read a fill.
    """
    known: dict[tuple[str, str], str] = {}
    for sheet_name, cell, original in _record(book):
        target = find_sheet(book, sheet_name)
        if target is None:  # the officer deleted the sheet meanwhile: nothing to restore
            continue
        if formatting_refused(target):  # protected since: Excel would refuse the restore
            continue
        rng = target.range(cell)
        rng.color = original if original.startswith("#") else None
        if original != UNKNOWN:
            known[(sheet_name, cell)] = original
    marks = find_sheet(book, MARKS)
    if marks is not None:
        marks.clear_contents()
    kontroll = find_sheet(book, KONTROLL)
    if kontroll is not None:
        kontroll.clear()
    return known


def _worst(issues: Iterable[IssueLike]) -> dict[tuple[str, str], str]:
    """The most severe severity per cell that can be coloured (issues without a cell cannot)."""
    worst: dict[tuple[str, str], str] = {}
    for issue in issues:
        if not issue.sheet or not issue.cell:
            continue
        sev = str(issue.severity)
        key = (issue.sheet, issue.cell)
        if key not in worst or _RANK.get(sev, 9) < _RANK.get(worst[key], 9):
            worst[key] = sev
    return worst


def _write_record(book: Book, rows: list[list[str]]) -> None:
    sheet = find_sheet(book, MARKS)
    if sheet is None:
        sheet = fresh_sheet(book, MARKS)
    sheet.range("A1").value = [["blad", "cell", "ursprunglig färg"], *rows]
    sheet.visible = False


STATUS_SV = {"ok": "godkänd", "warnings": "varningar", "errors": "fel", "unreadable": "oläsbar"}


def _status_line(report: ReportLike, unmarked: int = 0) -> str:
    counts = {sev: 0 for sev in ("error", "warning", "info")}
    for issue in report.issues:
        counts[str(issue.severity)] = counts.get(str(issue.severity), 0) + 1
    warnings = "varning" if counts["warning"] == 1 else "varningar"
    infos = "upplysning" if counts["info"] == 1 else "upplysningar"
    line = (
        f"Status: {STATUS_SV.get(report.status, report.status)} — {counts['error']} fel, "
        f"{counts['warning']} {warnings}, {counts['info']} {infos}"
    )
    if unmarked:
        line += (
            f". {unmarked} {'cell' if unmarked == 1 else 'celler'} på skyddade blad är inte "
            "färgade (bladskyddet tillåter inte formatering): se listan nedan"
        )
    return line


def _write_kontroll(book: Book, report: ReportLike, when: datetime, unmarked: int) -> Any:
    sheet = fresh_sheet(book, KONTROLL)
    head: list[list[Any]] = [
        [f"Kontroll av {book.name}", None, None, None, None, None, None],
        [
            _status_line(report, unmarked),
            None,
            None,
            None,
            None,
            None,
            when.strftime("%Y-%m-%d %H:%M"),
        ],
        [None] * len(HEADERS),
        HEADERS,
    ]
    issues = sorted(report.issues, key=lambda i: _RANK.get(str(i.severity), 9))
    body = [
        [
            SEVERITY_SV.get(Severity(str(i.severity)), str(i.severity)),
            safe_cell(i.sheet),
            safe_cell(i.cell),
            safe_cell(i.field),
            safe_cell(i.message),
            safe_cell(shown_value(i)),
            i.code,
        ]
        for i in issues
    ]
    if not body:
        body = [["", "", "", "", "Inga anmärkningar.", "", ""]]
    sheet.range("A1").value = head + body
    links = [
        [f"=HYPERLINK({formula_text(_target(i.sheet, i.cell))},{formula_text(i.cell)})"]
        if i.sheet and i.cell
        else [safe_cell(i.cell) or ""]
        for i in issues
    ]
    if links:
        sheet.range((TABLE_ROW + 1, 3), (TABLE_ROW + len(links), 3)).formula = links
    sheet.range((TABLE_ROW, 1), (TABLE_ROW, len(HEADERS))).font.bold = True
    sheet.range("A1").font.bold = True
    return sheet


def _target(sheet: str, cell: str) -> str:
    return "#'" + sheet.replace("'", "''") + "'!" + cell


def mark_report(
    book: Book,
    report: ReportLike,
    *,
    originals: Mapping[tuple[str, str], str | None] | None = None,
    known: Mapping[tuple[str, str], str] | None = None,
    when: datetime | None = None,
) -> int:
    """Write "Kontroll" and colour the problem cells; returns how many cells were coloured.

    Call ``clear_marks`` first and pass what it returned as ``known``. ``originals`` are fills the
    caller fetched (Lite); other fills are read from the book where the engine can.
    """
    fetched = {k: _hex(v) for k, v in (originals or {}).items()}
    record: list[list[str]] = []
    refused: dict[str, bool] = {}
    unmarked = 0
    for (sheet_name, cell), sev in _worst(report.issues).items():
        target = find_sheet(book, sheet_name)
        if target is None:  # issue on a missing sheet ("bladet saknas"): listed, not coloured
            continue
        if sheet_name not in refused:
            refused[sheet_name] = formatting_refused(target)
        if refused[sheet_name]:
            unmarked += 1
            continue
        key = (sheet_name, cell)
        # A fill recorded by the previous run is the true original: this run's read or fetch
        # may see that run's mark if the restore has not reached Excel yet (Lite queues writes).
        original = (known or {}).get(key) or fetched.get(key) or _read_fill(target, cell)
        record.append([sheet_name, cell, original])
        target.range(cell).color = FILL.get(sev, FILL["info"])
    _write_record(book, record)
    kontroll = _write_kontroll(book, report, when or datetime.now(), unmarked)
    kontroll.activate()
    return len(record)
