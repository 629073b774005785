"""What every Excel-facing module shares: the lazy xlwings import, sheet helpers, safe cell text.

xlwings is the ``[excel]`` extra and is imported here only, when an entry point actually runs, so
the rest of finsam-xl never needs it and a missing install says exactly what to do. The helpers use
the xlwings Book API only, so they behave the same on desktop Excel (RunPython), in xlwings Lite and
on the remote engine the tests use.
"""

from __future__ import annotations

import importlib
import math
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from finsam_xl.errors import FinsamError
from finsam_xl.install import WHEEL, install_command

INSTALL_HINT = (
    "Excel-delen av finsam-xl kräver xlwings. Installera den i mappen med filen "
    f"{WHEEL} (från den som förvaltar finsam-xl) med {install_command('excel')} "
    "och kör sedan xlwings addin install."
)

Book = Any
"""An ``xlwings.Book`` (desktop, remote engine or xlwings Lite): xlwings ships no type hints."""
Sheet = Any

KONTROLL = "Kontroll"
MARKS = "_finsam_markeringar"
SETTINGS = "Inställningar"

CellOut = str | int | float | bool | date | datetime | time | None


def xlwings() -> Any:
    """Return the ``xlwings`` module, or raise FinsamError with the install hint."""
    try:
        return importlib.import_module("xlwings")
    except ImportError as exc:
        raise FinsamError(INSTALL_HINT) from exc


def unsupported(exc: BaseException) -> bool:
    """True for what an engine raises for a feature it lacks (the remote engine and Lite have no
    status bar and cannot read fill colours synchronously): callers fall back instead of failing."""
    return isinstance(exc, NotImplementedError | AttributeError)


def find_sheet(book: Book, name: str) -> Sheet | None:
    """The sheet called ``name`` (case-insensitive, as Excel compares), or None.

    Looked up by iterating because a missing sheet raises a different error on every engine.
    """
    wanted = name.casefold()
    for sheet in book.sheets:
        if str(sheet.name).casefold() == wanted:
            return sheet
    return None


def fresh_sheet(book: Book, name: str) -> Sheet:
    """An empty sheet called ``name``: the existing one cleared, or a new one at the end.

    Clearing instead of deleting keeps the sheet's place and avoids Excel's delete prompt.
    """
    sheet = find_sheet(book, name)
    if sheet is None:
        return book.sheets.add(name=name, after=book.sheets[len(book.sheets) - 1])
    sheet.clear()
    return sheet


def safe_cell(value: Any) -> CellOut:
    """A value ready for ``Range.value``: text that Excel would take as a formula stays text.

    Submitted reports can hold text like ``=HYPERLINK(...)``; Excel (and Office.js) turn a value
    that starts with = + - @ into a formula, so such text gets the apostrophe prefix that Excel
    itself uses for "this is text". Decimals become floats, NaN/NaT become empty cells.
    """
    if value is None:
        return None
    if isinstance(value, bool | int | date | time):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if _is_missing(value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp, without importing pandas here
        converted: datetime = value.to_pydatetime()
        return converted
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return safe_cell(value.item())
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and not _is_number_text(text):
        return "'" + text
    return text


def _is_missing(value: Any) -> bool:
    # pandas' NA and NaT are not floats; they compare unequal to themselves or refuse bool().
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return True


def _is_number_text(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def formula_text(text: str) -> str:
    """``text`` as a string literal inside an Excel formula."""
    return '"' + text.replace('"', '""') + '"'


def set_status(book: Book, text: str | None) -> None:
    """Show ``text`` in Excel's status bar (None gives it back to Excel); silent where the engine
    has no status bar (remote engine, xlwings Lite), because progress is a courtesy there."""
    try:
        book.app.status_bar = text if text is not None else False
    except Exception as exc:
        if not unsupported(exc):
            raise


def alert(book: Book, message: str, title: str = "finsam-xl", *, mode: str | None = None) -> None:
    """A message box in Excel (``mode`` "critical" or "info"); on every engine xlwings supports."""
    book.app.alert(message, title=title, mode=mode)
