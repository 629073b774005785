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

A relative path is read from the folder of the workbook the formula is in, never from wherever
Python happens to run: classic xlwings hands the calling cell to a parameter named ``caller``
(it is not an argument in Excel), and Lite reads from its file area ``/data``.

Classic Excel (Windows only: xlwings has no custom functions on macOS) imports this module
through the ``UDF Modules`` row of the master's ``xlwings.conf`` sheet; xlwings Lite wraps the
same two functions in ``macros/lite/main.py``. The work is in ``report_status`` and
``report_issues``, plain functions that tests call directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from finsam_xl.excel.common import safe_cell, xlwings
from finsam_xl.excel.settings import book_folder
from finsam_xl.issues import SEVERITY_SV, Severity

Validate = Callable[..., Any]
STATUS_SV = {"ok": "godkänd", "warnings": "varningar", "errors": "fel", "unreadable": "oläsbar"}
HEADER = ["Allvarlighet", "Blad", "Cell", "Meddelande"]


def _validate(path: Path, validate: Validate | None) -> Any:
    if validate is None:
        import finsam_xl

        validate = finsam_xl.validate_workbook
    return validate(path)


def _file(path: str, base: Path | None) -> Path | None:
    """``path`` as typed in a cell; a relative one under ``base``, or None without a base."""
    file = Path(str(path).strip().strip('"')).expanduser()
    if file.is_absolute():
        return file
    return None if base is None else base / file


def report_status(path: str, *, base: Path | None = None, validate: Validate | None = None) -> str:
    """One word (and a count) on the report file at ``path`` (relative: under ``base``)."""
    file = _file(path, base)
    if file is None or not file.is_file():
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


def report_issues(
    path: str, *, base: Path | None = None, validate: Validate | None = None
) -> list[list[Any]]:
    """The issues of the report at ``path`` (relative: under ``base``) as rows under a header."""
    file = _file(path, base)
    if file is None:
        return [
            HEADER,
            [
                "fel",
                "",
                "",
                f"Sökvägen {path} är relativ men arbetsboken är inte sparad: spara "
                "den eller ange en hel sökväg.",
            ],
        ]
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


def caller_folder(caller: Any) -> Path | None:
    """The saved folder of the workbook holding the calling cell (an xlwings Range), or None."""
    try:
        book = caller.sheet.book
    except Exception:  # no caller (called from Python), or an engine that cannot say
        return None
    return book_folder(book)


# Excel function names are upper case. ``caller`` is xlwings' reserved parameter: classic Excel
# fills it with the calling cell and leaves it out of the function's arguments in Excel.
def FINSAM_STATUS(sokvag: str, caller: Any = None) -> str:
    """Status för rapportfilen: godkänd, varningar (n), fel (n), oläsbar eller saknas."""
    return report_status(sokvag, base=caller_folder(caller))


def FINSAM_ANMARKNINGAR(sokvag: str, caller: Any = None) -> list[list[Any]]:
    """Anmärkningarna i rapportfilen som en tabell (allvarlighet, blad, cell, meddelande)."""
    return report_issues(sokvag, base=caller_folder(caller))


def _register() -> None:
    # xlwings finds custom functions by the marks its decorators leave on them; applying the
    # decorators here keeps the functions above typed and importable without Excel. A list of
    # rows spills by itself in dynamic-array Excel: no ``xw.ret(expand=...)``, the legacy mode
    # xlwings advises against (it also re-runs ``xw.func`` and loses the category).
    xw = xlwings()
    xw.func(category="finsam-xl")(FINSAM_STATUS)
    xw.func(category="finsam-xl")(FINSAM_ANMARKNINGAR)


_register()
