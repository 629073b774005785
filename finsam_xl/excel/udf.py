"""Custom functions for a cell: the state of a report file, without opening it.

Two, because two are what an officer checking in a pile of reports asks a cell for:

``=FINSAM_STATUS(sökväg)``
    "godkänd", "varningar (2)", "fel (3)", "oläsbar" or "saknas": next to a list of file names
    (say in a column built from the Källmapp), a checklist that fills itself in.
``=FINSAM_ANMARKNINGAR(sökväg)``
    The issues of that file as a spilled table (allvarlighet, blad, cell, meddelande).

A "figure from the last consolidation" is left to Excel itself: the overview sheets are in the
master, so ``XLOOKUP``/``INDEX`` on them reads any figure, keeps working when the master is sent
to someone without Python, and never goes stale behind a cached function result.

Classic Excel imports this module through the UDF Modules setting of xlwings.conf; xlwings Lite
wraps the same two functions in ``macros/lite/main.py``. The work is in ``report_status`` and
``report_issues``, plain functions that tests call directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from finsam_xl.excel.common import safe_cell, xlwings
from finsam_xl.issues import SEVERITY_SV, Severity

Validate = Callable[..., Any]
STATUS_SV = {"ok": "godkänd", "warnings": "varningar", "errors": "fel", "unreadable": "oläsbar"}
HEADER = ["Allvarlighet", "Blad", "Cell", "Meddelande"]


def _validate(path: Path, validate: Validate | None) -> Any:
    if validate is None:
        import finsam_xl

        validate = finsam_xl.validate_workbook
    return validate(path)


def report_status(path: str, *, validate: Validate | None = None) -> str:
    """One word (and a count) on the report file at ``path``."""
    file = Path(str(path).strip().strip('"')).expanduser()
    if not file.is_file():
        return "saknas"
    report = _validate(file, validate)
    status = STATUS_SV.get(str(report.status), str(report.status))
    if report.status == "errors":
        count = sum(1 for i in report.issues if str(i.severity) == "error")
        return f"{status} ({count})"
    if report.status == "warnings":
        count = sum(1 for i in report.issues if str(i.severity) == "warning")
        return f"{status} ({count})"
    return status


def report_issues(path: str, *, validate: Validate | None = None) -> list[list[Any]]:
    """The issues of the report at ``path`` as rows under a header row."""
    file = Path(str(path).strip().strip('"')).expanduser()
    if not file.is_file():
        return [HEADER, ["fel", "", "", f"Filen finns inte: {file}"]]
    report = _validate(file, validate)
    rows: list[list[Any]] = [HEADER]
    for issue in report.issues:
        severity = SEVERITY_SV.get(Severity(str(issue.severity)), str(issue.severity))
        rows.append([severity, issue.sheet or "", issue.cell or "", safe_cell(issue.message)])
    if len(rows) == 1:
        rows.append(["", "", "", "Inga anmärkningar."])
    return rows


def FINSAM_STATUS(sokvag: str) -> str:  # Excel function names are upper case
    """Status för rapportfilen: godkänd, varningar (n), fel (n), oläsbar eller saknas."""
    return report_status(sokvag)


def FINSAM_ANMARKNINGAR(sokvag: str) -> list[list[Any]]:
    """Anmärkningarna i rapportfilen som en tabell (allvarlighet, blad, cell, meddelande)."""
    return report_issues(sokvag)


def _register() -> None:
    # xlwings finds custom functions by the marks its decorators leave on them; applying the
    # decorators here keeps the functions above typed and importable without Excel.
    xw = xlwings()
    xw.func(category="finsam-xl")(FINSAM_STATUS)
    xw.ret(expand="table")(xw.func(category="finsam-xl")(FINSAM_ANMARKNINGAR))


_register()
