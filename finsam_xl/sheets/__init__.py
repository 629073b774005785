"""Google Sheets for finsam-xl: push the overview to a shared sheet, pull reports filled in Google.

The small interface the rest of finsam-xl calls. gspread is imported only by
``finsam_xl.sheets.client`` and only when :func:`connect` runs, so this package imports without
the ``[sheets]`` extra; a missing extra raises ``SheetsSyncError`` with the
install hint. Every failure is a ``SheetsSyncError`` carrying
``spreadsheet_id``.
"""

from __future__ import annotations

from finsam_xl.sheets.client import RetryPolicy, SheetsClient
from finsam_xl.sheets.google_template import create_google_template
from finsam_xl.sheets.pull import pull_cellmap, pull_reports, pull_tables
from finsam_xl.sheets.push import PushResult, push_tables
from finsam_xl.sheets.signin import connect

__all__ = [
    "PushResult",
    "RetryPolicy",
    "SheetsClient",
    "connect",
    "create_google_template",
    "pull_cellmap",
    "pull_reports",
    "pull_tables",
    "push_tables",
]
