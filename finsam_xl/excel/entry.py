"""The Excel entry points: validate the open report, consolidate into the open master, sync.

``validate_book``, ``consolidate_into_book`` and ``sync_book`` take an xlwings Book and are what
all three ways in call: the classic buttons (``validera()`` etc. below, through RunPython and
``xw.Book.caller()``), the xlwings Lite scripts in ``macros/lite/main.py``, and the tests through
the remote engine. They call the same library functions as the CLI and never raise: whatever goes
wrong ends as one message box in Excel, because a Python traceback means nothing to an officer.
The library functions can be injected, which is how the tests run them against fakes.
"""

from __future__ import annotations

import importlib
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
from finsam_xl.wording import antal

T = TypeVar("T")
TITLE = "finsam-xl"


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
        alert(book, str(exc), TITLE, mode="critical")
    except Exception as exc:  # the officer must never see a traceback: say what and where
        alert(
            book,
            f"Oväntat fel i finsam-xl ({type(exc).__name__}: {exc}). Kör samma sak med "
            "kommandot finsam-xl och flaggan --debug för detaljer, och skicka dem till den "
            "som förvaltar verktyget.",
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
    book: Book, *, validate: Callable[..., Any] | None = None, config: Any = None
) -> Any:
    """Read ``book`` and validate it; the FileReport, nothing written. Raises on failure."""
    if validate is None:
        validate = _lib("finsam_xl.validate", "validate_cellmap")
    set_status(book, f"finsam-xl: läser {book.name} …")
    cellmap = read_book(book)
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


def write_frames(book: Book, frames: Mapping[str, Any]) -> None:
    """Write each DataFrame (sheet title -> frame) onto its own sheet: headers, then rows.

    One block write per sheet: a write per cell would take minutes on desktop Excel.
    """
    for number, (title, frame) in enumerate(frames.items(), start=1):
        set_status(book, f"finsam-xl: skriver {title} ({number} av {len(frames)}) …")
        sheet = fresh_sheet(book, title)
        header = [safe_cell(c) for c in frame.columns]
        rows = [[safe_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        sheet.range("A1").value = [header, *rows]
        sheet.range((1, 1), (1, max(len(header), 1))).font.bold = True
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


def _consolidate(book: Book, consolidate: Callable[..., Any] | None, config: Any) -> Any:
    settings, paths, result = _consolidation(book, consolidate, config)
    write_frames(book, result.sheets())
    settings_sheet = find_sheet(book, SETTINGS)
    if settings_sheet is not None:
        settings_sheet.activate()
    alert(book, f"{antal(len(paths), 'fil')} i {settings.source_dir}.\n{result.summary()}", TITLE)
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


def _pusher(book: Book) -> Callable[[str, Any], str]:
    """The real push: the overview sheets, under the master's titles, into the Google Sheet."""

    def push(spreadsheet_id: str, result: Any) -> str:
        connect = _lib("finsam_xl.sheets", "connect")
        push_tables = _lib("finsam_xl.sheets", "push_tables")
        done = push_tables(
            connect(),
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
    settings, _paths, result = _consolidation(book, consolidate, config)
    if not settings.sheet_id:
        raise FinsamError(f"Ange Google Sheet-id på bladet {SETTINGS} för att kunna synka.")
    write_frames(book, result.sheets())
    set_status(book, "finsam-xl: skickar till Google Sheets …")
    message = (push or _pusher(book))(settings.sheet_id, result)
    alert(book, f"{result.summary()}\n{message}", TITLE)
    return result


def sync_book(
    book: Book,
    *,
    consolidate: Callable[..., Any] | None = None,
    push: Callable[[str, Any], str] | None = None,
    config: Any = None,
) -> Any:
    """Consolidate into ``book`` as above, then push the tables to the Google Sheet on
    "Inställningar" through finsam-xl's Sheets module; the Consolidation or None."""
    return guarded(book, lambda: _sync(book, consolidate, push, config))


# --- classic desktop: RunPython from the VBA module macros/finsam_xl.bas -------------------------


def pick_report_book(caller: Book) -> Book:
    """The report to validate when the macro lives in ``caller`` (the master, usually).

    The shortcut run from a report's window makes that report the active book; a button on the
    master makes the master active, and then the one other open workbook is meant.
    """
    books = list(caller.app.books)
    active = caller.app.books.active
    if active is not None and active.name != caller.name:
        return active
    others = [b for b in books if b.name != caller.name and not str(b.name).endswith(".xlam")]
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
