"""Plain-text rendering of a validation report for the terminal (Swedish, English on request).

Everything from a submitted file (file and sheet names, messages echoing cell text) goes through
``terminal_text``: an ESC sequence in a cell must not retitle or recolour the officer's
terminal, nor a newline in a file name print a fake result line.
"""

from __future__ import annotations

from collections.abc import Callable

from finsam_xl.issue_order import workbook_order
from finsam_xl.issues import SEVERITY_SV, Issue, Severity
from finsam_xl.safe_text import terminal_text
from finsam_xl.validate import FileReport, ValidationReport
from finsam_xl.wording import in_language
from finsam_xl.wording import plural as plural

STATUS_SV = {
    "ok": "OK",
    "warnings": "VARNINGAR",
    "errors": "FEL",
    "unreadable": "OLÄSBAR",
}
STATUS_EN = {"ok": "OK", "warnings": "WARNINGS", "errors": "ERRORS", "unreadable": "UNREADABLE"}

Styler = Callable[[str, str], str]  # (text, status or severity) -> styled text


def _plain(text: str, _kind: str) -> str:
    return text


def counts_line(report: FileReport, *, english: bool = False) -> str:
    e, w, i = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if english:
        return f"{plural(e, 'error', 'errors')}, {plural(w, 'warning', 'warnings')}, {i} info"
    return f"{e} fel, {plural(w, 'varning', 'varningar')}, {i} info"


def position(issue: Issue) -> str:
    if issue.sheet and issue.cell:
        return terminal_text(f"{issue.sheet}!{issue.cell}")
    return terminal_text(issue.sheet or "–")


def render_file(
    report: FileReport, *, english: bool = False, show_info: bool = True, style: Styler = _plain
) -> list[str]:
    status = (STATUS_EN if english else STATUS_SV)[report.status]
    kind = f"{report.malltyp or '?'} {report.mallversion or ''}".strip()
    lines = [
        f"{style(status, report.status)}  {terminal_text(report.file)}  [{terminal_text(kind)}]  "
        f"{counts_line(report, english=english)}"
    ]
    for issue in workbook_order(report.issues, report.malltyp):
        if issue.severity is Severity.INFO and not show_info:
            continue
        sev = issue.severity.value if english else SEVERITY_SV[issue.severity]
        text = issue.message_en if english and issue.message_en else issue.message
        lines.append(
            f"  {style(f'{sev:<8}', issue.severity.value)} {position(issue):<22} "
            f"[{issue.code}] {terminal_text(text)}"
        )
    return lines


def render_report(
    report: ValidationReport,
    *,
    english: bool = False,
    show_info: bool = True,
    style: Styler = _plain,
    quiet: bool = False,
) -> str:
    """The whole report: one block per file (``quiet``: only files with problems), the notes on
    skipped files, and a one-line summary."""
    lines: list[str] = []
    for file_report in report.files:
        if quiet and file_report.status == "ok":
            continue
        block = render_file(file_report, english=english, show_info=show_info, style=style)
        lines += block
        if len(block) > 1:  # a blank line only after a file with issue lines
            lines.append("")
    if lines and lines[-1] != "":
        lines.append("")
    lines += (terminal_text(in_language(note, english=english)) for note in report.notes)
    lines.append(summary_line(report, english=english))
    return "\n".join(lines)


def summary_line(report: ValidationReport, *, english: bool = False) -> str:
    """One line: how many files, and how many of them ok, with warnings, errors, unreadable."""
    by_status = {s: sum(1 for f in report.files if f.status == s) for s in STATUS_SV}
    n = len(report.files)
    if english:
        return (
            f"Summary: {plural(n, 'file', 'files')}: {by_status['ok']} ok, "
            f"{by_status['warnings']} with warnings, {by_status['errors']} with errors, "
            f"{by_status['unreadable']} unreadable."
        )
    return (
        f"Sammanfattning: {plural(n, 'fil', 'filer')}: {by_status['ok']} ok, "
        f"{by_status['warnings']} med varningar, {by_status['errors']} med fel, "
        f"{by_status['unreadable']} oläsbara."
    )
