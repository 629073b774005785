"""Plain-text rendering of a validation report for the terminal (Swedish, English on request)."""

from __future__ import annotations

from collections.abc import Callable

from finsam_xl.issues import SEVERITY_SV, Issue, Severity
from finsam_xl.validate import FileReport, ValidationReport
from finsam_xl.wording import antal

STATUS_SV = {
    "ok": "OK",
    "warnings": "VARNINGAR",
    "errors": "FEL",
    "unreadable": "OLÄSBAR",
}
STATUS_EN = {"ok": "OK", "warnings": "WARNINGS", "errors": "ERRORS", "unreadable": "UNREADABLE"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

Styler = Callable[[str, str], str]  # (text, status or severity) -> styled text


def _plain(text: str, _kind: str) -> str:
    return text


def counts_line(report: FileReport, *, english: bool = False) -> str:
    e, w, i = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if english:
        return f"{e} errors, {w} warnings, {i} info"
    return f"{e} fel, {antal(w, 'varning')}, {i} info"


def position(issue: Issue) -> str:
    if issue.sheet and issue.cell:
        return f"{issue.sheet}!{issue.cell}"
    return issue.sheet or "–"


def render_file(
    report: FileReport, *, english: bool = False, show_info: bool = True, style: Styler = _plain
) -> list[str]:
    status = (STATUS_EN if english else STATUS_SV)[report.status]
    kind = f"{report.malltyp or '?'} {report.mallversion or ''}".strip()
    lines = [
        f"{style(status, report.status)}  {report.file}  [{kind}]  "
        f"{counts_line(report, english=english)}"
    ]
    issues = sorted(report.issues, key=lambda i: (_ORDER[i.severity], i.sheet or "", i.cell or ""))
    for issue in issues:
        if issue.severity is Severity.INFO and not show_info:
            continue
        sev = issue.severity.value if english else SEVERITY_SV[issue.severity]
        text = issue.message_en if english and issue.message_en else issue.message
        lines.append(
            f"  {style(f'{sev:<8}', issue.severity.value)} {position(issue):<22} "
            f"[{issue.code}] {text}"
        )
    return lines


def render_report(
    report: ValidationReport,
    *,
    english: bool = False,
    show_info: bool = True,
    style: Styler = _plain,
) -> str:
    lines: list[str] = []
    for file_report in report.files:
        lines += render_file(file_report, english=english, show_info=show_info, style=style)
        lines.append("")
    lines += report.notes
    by_status = {s: sum(1 for f in report.files if f.status == s) for s in STATUS_SV}
    n = len(report.files)
    if english:
        lines.append(
            f"Summary: {n} files: {by_status['ok']} ok, {by_status['warnings']} with warnings, "
            f"{by_status['errors']} with errors, {by_status['unreadable']} unreadable."
        )
    else:
        lines.append(
            f"Sammanfattning: {antal(n, 'fil')}: {by_status['ok']} ok, {by_status['warnings']} "
            f"med varningar, {by_status['errors']} med fel, "
            f"{antal(by_status['unreadable'], 'oläsbar')}."
        )
    return "\n".join(lines)
