"""Feedback into the submitter's copy: problem cells coloured with a note, and a "Kontroll" sheet.

The original is never touched: the copy goes to another path through a temporary file. openpyxl
drops shapes, form controls, macros and extension lists when it re-saves a workbook, so for such a
file we write a separate feedback workbook (links point into the original by file name) instead of
a lossy copy, and say why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finsam_xl.atomic import write_atomically
from finsam_xl.cellmap import quote_sheet
from finsam_xl.errors import FinsamError
from finsam_xl.issues import SEVERITY_SV, Issue, Severity, json_value
from finsam_xl.validate import FileReport, ValidationReport
from finsam_xl.wording import antal

KONTROLL = "Kontroll"
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
_LOSSY = {
    "har_makron": "makron (VBA)",
    "har_former": "former eller knappar",
    "har_extlst": "tillägg som openpyxl inte kan spara",
}


@dataclass(frozen=True)
class Annotated:
    path: Path
    kind: str  # "kopia" (annotated copy) or "aterkoppling" (separate feedback workbook)
    reason: str = ""


def _text(cell: Any, value: object) -> None:
    """Write a value as data: text that starts with '=' must never become a formula."""
    cell.value = json_value(value) if not isinstance(value, str | int | float) else value
    if isinstance(cell.value, str):
        cell.data_type = "s"


def _lossy_parts(report: FileReport, source: Path) -> list[str]:
    parts = [label for key, label in _LOSSY.items() if report.properties.get(key) == "ja"]
    if source.suffix.lower() == ".xlsm" and _LOSSY["har_makron"] not in parts:
        parts.append(_LOSSY["har_makron"])
    return parts


def _write_kontroll(ws: Any, report: FileReport, link_file: str | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append(["Kontroll av", report.file])
    e, w, i = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    ws.append(["Resultat", f"{e} fel, {antal(w, 'varning')}, {i} info"])
    ws.append([])
    ws.append(["Allvarlighet", "Blad", "Cell", "Kod", "Meddelande", "Värde"])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    for issue in sorted(
        report.issues, key=lambda i: (order[i.severity], i.sheet or "", i.cell or "")
    ):
        row = ws.max_row + 1
        values = [SEVERITY_SV[issue.severity], issue.sheet, issue.cell, issue.code, issue.message,
                  None if issue.code == "personnummer" else issue.value]  # fmt: skip
        for col, value in enumerate(values, start=1):
            _text(ws.cell(row=row, column=col), value)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=FILLS[issue.severity])
        if issue.sheet and issue.cell:
            target = f"#{quote_sheet(issue.sheet)}!{issue.cell}"
            link = ws.cell(row=row, column=3)
            link.hyperlink = f"{link_file}{target}" if link_file else target
            link.style = "Hyperlink"
    for letter, width in zip("ABCDEF", (12, 16, 8, 22, 70, 18), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=5, min_col=1, max_col=6):
        for cell in row:
            cell.alignment = wrap
        # Spreadsheet programs do not grow rows for wrapped text written by openpyxl: size them.
        lines = max(1, -(-len(str(row[4].value or "")) // 75))
        ws.row_dimensions[row[0].row].height = 15 * lines
    ws.freeze_panes = "A5"
    # An officer prints this and goes through it with the insats: one page wide, landscape.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"


def _mark_cells(wb: Any, issues: Iterable[Issue]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet and issue.cell and issue.sheet in wb.sheetnames:
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        worst = min(found, key=lambda i: list(Severity).index(i.severity)).severity
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        text = "\n".join(f"{SEVERITY_SV[i.severity].upper()}: {i.message}" for i in found)
        cell.comment = Comment(text[:2000], "finsam-xl", width=320, height=140)


def _save(wb: Any, out: Path) -> None:
    write_atomically(out, wb.save, suffix=".xlsx")


def annotate_workbook(source: str | Path, report: FileReport, out: str | Path) -> Annotated:
    """Write feedback for one validated file to ``out``; the source is only read."""
    from openpyxl import Workbook, load_workbook

    src, dst = Path(source), Path(out)
    if dst.exists() and dst.resolve() == src.resolve():
        raise FinsamError(
            f"{dst}: återkopplingen får inte skriva över originalet. Välj en annan fil."
        )
    lossy = _lossy_parts(report, src)
    if lossy:
        wb = Workbook()
        sheet = wb.worksheets[0]
        sheet.title = KONTROLL
        _write_kontroll(sheet, report, link_file=src.name)
        _save(wb, dst)
        reason = (f"{src.name} innehåller {', '.join(lossy)} som skulle gå förlorade i en kopia; "
                  "återkopplingen är en egen arbetsbok med länkar till originalet.")  # fmt: skip
        return Annotated(dst, "aterkoppling", reason)
    try:
        wb = load_workbook(src, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FinsamError(f"{src}: kan inte öppnas för återkoppling ({exc}).") from exc
    if KONTROLL in wb.sheetnames:
        del wb[KONTROLL]
    _mark_cells(wb, report.issues)
    ws = wb.create_sheet(KONTROLL, 0)
    _write_kontroll(ws, report, link_file=None)
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == KONTROLL
    _save(wb, dst)
    return Annotated(dst, "kopia")


def annotate_reports(report: ValidationReport, target: str | Path) -> list[str]:
    """Annotate every readable file: into ``target`` if it is one .xlsx and one file, else a folder.

    Returns one Swedish line per file saying what was written.
    """
    target = Path(target)
    readable = [f for f in report.files if f.status != "unreadable"]
    lines = [f"{f.file}: oläsbar, ingen återkoppling skriven." for f in report.files
             if f.status == "unreadable"]  # fmt: skip
    single = len(report.files) == 1 and target.suffix.lower() == ".xlsx"
    for file_report in readable:
        src = Path(file_report.file)
        out = target if single else target / f"{src.stem}-kontroll.xlsx"
        done = annotate_workbook(src, file_report, out)
        line = f"{src}: återkoppling skriven till {done.path}"
        lines.append(line + (f" ({done.reason})" if done.reason else ""))
    return lines
