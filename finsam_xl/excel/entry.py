"""The Excel entry points: validate the open report, consolidate into the open master, sync.

``validate_book``, ``consolidate_into_book`` and ``sync_book`` take an xlwings Book and are what
all three ways in call: the classic buttons (``validera()`` etc. below, through RunPython and
``xw.Book.caller()``), the xlwings Lite scripts in ``macros/lite/main.py``, and the tests through
the remote engine. They call the same library functions as the CLI and never raise: whatever goes
wrong ends as one message box in Excel, because a Python traceback means nothing to an officer.
The library functions can be injected, which is how the tests run them against fakes.

Messages shown in the book never quote the command line: an officer in Excel has no flags to
pass. ``book_text`` names the settings-sheet row instead of the flag the library's text names.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from finsam_xl.errors import FinsamError
from finsam_xl.excel.book_reader import read_book
from finsam_xl.excel.common import (
    SETTINGS,
    Book,
    alert,
    find_sheet,
    fresh_sheet,
    safe_cell,
    set_status,
    xlwings,
)
from finsam_xl.excel.marks import ReportLike, clear_marks, mark_report
from finsam_xl.excel.settings import Settings, book_folder, read_settings, report_paths

T = TypeVar("T")
TITLE = "finsam-xl"
# The command line's options that the settings sheet also has: the book names the row instead.
_FLAG_AS_ROW = {
    "--include-errors": "Ta med rapporter med fel = Ja",
    "--mask-under": "Maskera under",
}
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
NO_GOOGLE_SIGN_IN = (
    "Synka kunde inte logga in på Google: på den här datorn finns ingen nyckel för Google "
    "(tjänstekontots JSON-nyckel, som miljövariabeln FINSAM_GOOGLE_CREDENTIALS pekar på). "
    "Be den som förvaltar finsam-xl att ordna det, se docs/google-sheets.md. Inget har lästs "
    "eller skickats."
)
LITE_NO_SYNC = (
    "Synka finns bara i Excel med Python på datorn (knappen Synka i finsam-master.xlsm): "
    "xlwings Lite kan inte logga in på Google med förbundets nyckel. Konsolidera här och synka "
    "från en dator med finsam-xl installerat."
)


def book_text(text: str) -> str:
    """``text`` for a message box: the settings-sheet row where the library names a CLI flag."""
    for flag, row in _FLAG_AS_ROW.items():
        text = text.replace(flag, f"{row} på {SETTINGS}")
    return text


def _quotes_flag(text: str) -> bool:
    return _FLAG.search(text) is not None


def _config(config: Any) -> dict[str, Any]:
    # The library's functions default to their own Config; None must not reach them.
    return {} if config is None else {"config": config}


def _lib(module: str, name: str) -> Any:
    """A library function, imported when first needed: pandas and the readers cost half a
    second, which the validate button should not pay for the consolidation code."""
    return getattr(importlib.import_module(module), name)


def guarded(book: Book, action: Callable[[], T]) -> T | None:
    """Run ``action``; any failure becomes a message box in ``book`` and None is returned."""
    try:
        return action()
    except FinsamError as exc:
        alert(book, book_text(str(exc)), TITLE, mode="critical")
    except Exception as exc:  # the officer must never see a traceback: say what and where
        alert(
            book,
            f"Oväntat fel i finsam-xl ({type(exc).__name__}: {exc}). Skicka det här "
            "meddelandet (Ctrl+C kopierar det) och filen du arbetade med till den som "
            "förvaltar verktyget.",
            TITLE,
            mode="critical",
        )
    finally:
        set_status(book, None)
    return None


# --- validate ------------------------------------------------------------------------------------


def _count(report: ReportLike, severity: str) -> int:
    return sum(1 for issue in report.issues if str(issue.severity) == severity)


def check_book(
    book: Book,
    *,
    validate: Callable[..., Any] | None = None,
    config: Any = None,
    formulas: dict[str, Any] | None = None,
) -> Any:
    """Read ``book`` and validate it; the FileReport, nothing written. Raises on failure.

    ``formulas``: the sheets' formula texts where the engine cannot read them (Lite fetches them).
    """
    if validate is None:
        validate = _lib("finsam_xl.validate", "validate_cellmap")
    set_status(book, f"finsam-xl: läser {book.name} …")
    cellmap = read_book(book, formulas=formulas)
    set_status(book, "finsam-xl: kontrollerar …")
    return validate(cellmap, **_config(config))


def _validate(
    book: Book,
    validate: Callable[..., Any] | None,
    config: Any,
    report: Any,
    originals: Mapping[tuple[str, str], Any] | None,
) -> Any:
    known = clear_marks(book)
    if report is None:
        report = check_book(book, validate=validate, config=config)
    set_status(book, "finsam-xl: markerar …")
    mark_report(book, report, originals=originals, known=known)
    errors, warnings = _count(report, "error"), _count(report, "warning")
    if errors == warnings == 0:
        alert(book, "Inga fel eller varningar. Rapporten kan skickas in.", TITLE, mode="info")
    else:
        alert(
            book,
            f"{errors} fel och {warnings} {'varning' if warnings == 1 else 'varningar'}. "
            "Se bladet Kontroll: varje rad länkar till "
            "cellen, och cellerna är färgade (rött = fel, gult = varning).",
            TITLE,
            mode="critical" if errors else "info",
        )
    return report


def validate_book(
    book: Book,
    *,
    validate: Callable[..., Any] | None = None,
    config: Any = None,
    report: Any = None,
    originals: Mapping[tuple[str, str], Any] | None = None,
) -> Any:
    """Validate the open report ``book`` and show the result in it; the FileReport or None.

    Clears the previous run's marks, writes "Kontroll", colours the problem cells and ends with
    a message box. ``report`` skips the reading (Lite fetches fills between the two steps).
    """
    return guarded(book, lambda: _validate(book, validate, config, report, originals))


# --- consolidate ---------------------------------------------------------------------------------


# The master file the CLI writes also has charts and totals as live formulas; the button writes
# the same sheets, cells and number formats, and says so at the end of Översikt.
CLI_ONLY_NOTE = (
    "Diagrammen (bladen Diagram och Styrelse) och summeringarna som formler finns i "
    "huvudöversikten som finsam-xl consolidate skriver; här står summeringarna som värden."
)


def write_overview(book: Book, view: Any) -> None:
    """Write each sheet of the overview model (finsam_xl.overview.model) onto its own sheet:
    the same cells and number formats as the master workbook's tables and totals.

    One block write per sheet, one number format per column: a write per cell would take
    minutes on desktop Excel.
    """
    from finsam_xl.overview.model import grid

    sheets = list(view.sheets.values())
    for number, shown in enumerate(sheets, start=1):
        set_status(book, f"finsam-xl: skriver {shown.title} ({number} av {len(sheets)}) …")
        sheet = fresh_sheet(book, shown.title)
        rows = [[safe_cell(v) for v in row] for row in grid(shown)]
        sheet.range("A1").value = rows
        width = max(len(shown.columns), 1)
        sheet.range((1, 1), (1, width)).font.bold = True
        for c, pattern in enumerate(shown.formats, start=1):
            if pattern is not None and len(rows) > 1:
                sheet.range((2, c), (len(rows), c)).number_format = pattern
        if shown.totals:
            sheet.range((len(rows) + 2, 1)).value = CLI_ONLY_NOTE
        sheet.autofit("c")


def _own_path(book: Book) -> Path | None:
    folder = book_folder(book)
    return None if folder is None else folder / str(book.name)


def _consolidation(
    book: Book, consolidate: Callable[..., Any] | None, config: Any
) -> tuple[Settings, list[Path], Any]:
    if consolidate is None:
        consolidate = _lib("finsam_xl.consolidation", "consolidate")
    settings = read_settings(book)
    paths = report_paths(settings.source_dir, exclude=_own_path(book))
    if not paths:
        raise FinsamError(
            f"Inga rapporter (.xlsx) i {settings.source_dir}. Rätta Källmapp på {SETTINGS}."
        )
    set_status(book, f"finsam-xl: sammanställer {len(paths)} rapporter …")

    def progress(done: int, total: int) -> None:
        set_status(book, f"finsam-xl: läst {done} av {total} rapporter …")

    if config is None:  # the same settings file the CLI would find beside the reports folder
        config = _lib("finsam_xl.config", "load_config")(inputs=[settings.source_dir])
    result = consolidate(
        paths,
        include_errors=settings.include_errors,
        mask_under=settings.mask_under,
        progress=progress,
        # Pyodide (xlwings Lite) has no processes; elsewhere the library decides.
        workers=1 if sys.platform == "emscripten" else None,
        **_config(config),
    )
    return settings, paths, result


def _overview(result: Any) -> Any:
    return _lib("finsam_xl.overview.model", "overview")(result)


def _consolidate(book: Book, consolidate: Callable[..., Any] | None, config: Any) -> Any:
    settings, paths, result = _consolidation(book, consolidate, config)
    write_overview(book, _overview(result))
    settings_sheet = find_sheet(book, SETTINGS)
    if settings_sheet is not None:
        settings_sheet.activate()
    alert(
        book, book_text(f"{len(paths)} filer i {settings.source_dir}.\n{result.summary()}"), TITLE
    )
    return result


def consolidate_into_book(
    book: Book, *, consolidate: Callable[..., Any] | None = None, config: Any = None
) -> Any:
    """Consolidate the reports named on "Inställningar" into the open master ``book``.

    Writes the overview sheets (the same content as the master file the CLI writes), shows
    progress in the status bar and ends with the summary; the Consolidation or None.
    """
    return guarded(book, lambda: _consolidate(book, consolidate, config))


# --- sync ----------------------------------------------------------------------------------------


def _sign_in() -> Any:
    """A Sheets client, signed in before anything is read: a missing key is said up front."""
    connect = _lib("finsam_xl.sheets", "connect")
    try:
        return connect()
    except FinsamError as exc:
        # connect's own text tells a terminal user which flag to pass; Excel has none
        if _quotes_flag(str(exc)):
            raise FinsamError(NO_GOOGLE_SIGN_IN) from exc
        raise


def _pusher(book: Book) -> Callable[[str, Any], str]:
    """The real push: the overview sheets, under the master's titles, into the Google Sheet.

    Signs in when made, so that credentials are checked before the folder is read.
    """
    client = _sign_in()

    def push(spreadsheet_id: str, result: Any) -> str:
        push_tables = _lib("finsam_xl.sheets", "push_tables")
        done = push_tables(
            client,
            spreadsheet_id,
            result.sheets(),
            progress=lambda message: set_status(book, f"finsam-xl: {message}"),
        )
        rows = sum(done.rows.values())
        lines = [f"Google-kalkylarket är uppdaterat: {len(done.rows)} blad, {rows} rader."]
        return "\n".join([*lines, *done.warnings])

    return push


def _sync(
    book: Book,
    consolidate: Callable[..., Any] | None,
    push: Callable[[str, Any], str] | None,
    config: Any,
) -> Any:
    if sys.platform == "emscripten":
        raise FinsamError(LITE_NO_SYNC)
    sheet_id = read_settings(book).sheet_id
    if not sheet_id:
        raise FinsamError(f"Ange Google Sheet-id på bladet {SETTINGS} för att kunna synka.")
    push = push or _pusher(book)  # signs in: no key means no folder read, nothing written
    _settings, _paths, result = _consolidation(book, consolidate, config)
    write_overview(book, _overview(result))
    set_status(book, "finsam-xl: skickar till Google Sheets …")
    message = push(sheet_id, result)
    alert(book, book_text(f"{result.summary()}\n{message}"), TITLE)
    return result


def sync_book(
    book: Book,
    *,
    consolidate: Callable[..., Any] | None = None,
    push: Callable[[str, Any], str] | None = None,
    config: Any = None,
) -> Any:
    """Consolidate into ``book`` as above, then push the tables to the Google Sheet on
    "Inställningar" through finsam-xl's Sheets module; the Consolidation or None.

    The Sheet id and the Google sign-in are checked before the folder is read. In xlwings Lite
    Synka says it is desktop-only: Lite has no safe place for the förbund's Google key.
    """
    return guarded(book, lambda: _sync(book, consolidate, push, config))


# --- classic desktop: RunPython from the VBA module macros/finsam_xl.bas -------------------------


# Workbooks Excel keeps open beside the officer's own: the (usually hidden) personal macro
# workbook, by its name on Windows and macOS, and add-ins. Never a report to validate.
_PERSONAL = frozenset({"personal.xlsb", "personal.xls", "personal macro workbook"})
_ADDIN_SUFFIXES = (".xlam", ".xla", ".xll")


def _is_helper_book(name: str) -> bool:
    folded = name.strip().casefold()
    return folded in _PERSONAL or folded.endswith(_ADDIN_SUFFIXES)


def pick_report_book(caller: Book) -> Book:
    """The report to validate when the macro lives in ``caller`` (the master, usually).

    The shortcut run from a report's window makes that report the active book; a button on the
    master makes the master active, and then the one other open workbook is meant. The personal
    macro workbook (PERSONAL.XLSB) and add-ins are not candidates, by name.
    """
    books = list(caller.app.books)
    active = caller.app.books.active
    if active is not None and active.name != caller.name and not _is_helper_book(active.name):
        return active
    others = [b for b in books if b.name != caller.name and not _is_helper_book(str(b.name))]
    if find_sheet(caller, SETTINGS) is None:
        return caller  # the macro runs inside a report itself
    if len(others) == 1:
        return others[0]
    raise FinsamError(
        "Vilken rapport ska kontrolleras? Gå till rapportens fönster och tryck Ctrl+Skift+V "
        "(eller Alt+F8 → Validera), eller ha bara den rapporten öppen bredvid huvudarbetsboken."
    )


def validera() -> None:
    """Button "Validera" / Ctrl+Shift+V."""
    caller = xlwings().Book.caller()
    target = guarded(caller, lambda: pick_report_book(caller))
    if target is not None:
        validate_book(target)


def konsolidera() -> None:
    """Button "Konsolidera"."""
    consolidate_into_book(xlwings().Book.caller())


def synka() -> None:
    """Button "Synka"."""
    sync_book(xlwings().Book.caller())
