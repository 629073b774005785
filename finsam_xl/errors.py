"""The small exception tree for real failures (bad data is never an exception: it is an Issue).

    FinsamError
    ├── TemplateError        a template cannot be made or a prefill file is wrong
    ├── WorkbookReadError    a file is no readable workbook (validate folds it into `olasbar`)
    ├── ConsolidationError   the master cannot be written (open in Excel, foreign sheets)
    └── SheetsSyncError      Google Sheets said no (auth, sharing, quota, conflict)

Each carries what a person needs to find the problem; the CLI prints ``str(exc)`` as one line.
"""

from __future__ import annotations

from pathlib import Path


class FinsamError(Exception):
    """Base of every error finsam-xl raises on purpose. ``str(exc)`` is Swedish; ``en`` the same
    in English for ``--english``, where it is written (empty: only the Swedish is known)."""

    def __init__(self, *args: object, en: str = "") -> None:
        super().__init__(*args)
        self.en = en


class TemplateError(FinsamError):
    def __init__(self, message: str, *, path: str | Path | None = None, en: str = "") -> None:
        super().__init__(message, en=en)
        self.path = str(path) if path is not None else None


class WorkbookReadError(FinsamError):
    """``str(exc)`` is Swedish; ``en`` the same reason in English, for ``--english`` (empty when
    only the Swedish is written: the English message then says the file is no readable .xlsx)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        en: str = "",
    ) -> None:
        super().__init__(message, en=en)
        self.path = str(path) if path is not None else None
        self.sheet = sheet


class ConsolidationError(FinsamError):
    def __init__(self, message: str, *, path: str | Path | None = None, en: str = "") -> None:
        super().__init__(message, en=en)
        self.path = str(path) if path is not None else None


class SheetsSyncError(FinsamError):
    def __init__(self, message: str, *, spreadsheet_id: str | None = None, en: str = "") -> None:
        super().__init__(message, en=en)
        self.spreadsheet_id = spreadsheet_id


class ValidationFailed(FinsamError):
    """Raised by ``ValidationReport.raise_for_issues()`` for callers who want an exception."""

    def __init__(self, message: str, *, errors: int) -> None:
        super().__init__(message)
        self.errors = errors


class NoReportsError(ConsolidationError):
    """No workbook was found under the paths given: nothing is written."""
