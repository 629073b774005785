"""The "Inställningar" sheet of the master workbook: where the reports are and how to consolidate.

The officer edits it in Excel, so it is read by label, not by position: column A holds the label,
column B the value, and rows may be moved or given notes in column C. Values are read the way a
Swedish officer types them ("Ja"/"Nej", "5", "5 st"); anything unreadable stops the run with a
message naming the row, before any file is touched.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from finsam_xl.errors import FinsamError
from finsam_xl.excel.common import SETTINGS, Book, find_sheet
from finsam_xl.parse_numbers import parse_count

# Label (as shown in column A) -> setting; aliases keep older or English sheets working.
LABELS = {
    "källmapp": "source_dir",
    "kallmapp": "source_dir",
    "ta med rapporter med fel": "include_errors",
    "include errors": "include_errors",
    "maskera under": "mask_under",
    "mask-under": "mask_under",
    "google sheet-id": "sheet_id",
    "google sheet id": "sheet_id",
}
ROWS = [  # what the master ships with: label, default value, help text
    (
        "Källmapp",
        "rapporter",
        "Mappen med ifyllda rapporter (.xlsx), relativt denna fil eller hel sökväg.",
    ),
    (
        "Ta med rapporter med fel",
        "Ja",
        "Ja = en rapport med fel räknas med, markerad Komplettering begärd; Nej = den lämnas ute.",
    ),
    (
        "Maskera under",
        None,
        "Antal under detta visas som '<N' i översikten (tomt = ingen maskning).",
    ),
    (
        "Google Sheet-id",
        None,
        "Id:t ur länken till det Google-kalkylark som ska synkas (valfritt).",
    ),
]
LITE_DATA_DIR = "/data"  # where xlwings Lite puts files dragged into its file area
_TRUE = {"ja", "j", "sant", "true", "x", "1", "yes"}
_FALSE = {"nej", "n", "falskt", "false", "0", "no", ""}


@dataclass(frozen=True)
class Settings:
    source_dir: Path
    include_errors: bool = True  # as the CLI: figures of a report with errors count, marked
    mask_under: int | None = None
    sheet_id: str | None = None


def _label(value: Any) -> str:
    return str(value or "").strip().rstrip(":").strip().casefold()


def _bool(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    text = str(value or "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FinsamError(f"{SETTINGS}: '{label}' ska vara Ja eller Nej (står: '{value}').")


def _mask(value: Any, label: str) -> int | None:
    parsed = parse_count(value)
    if parsed.empty:
        return None
    if not parsed.ok or parsed.value is None or parsed.value < 0:
        raise FinsamError(
            f"{SETTINGS}: '{label}' ska vara ett heltal, t.ex. 5, eller tomt (står: '{value}')."
        )
    return parsed.value


def book_folder(book: Book) -> Path | None:
    """The folder the open book was saved in, or None (unsaved book, Excel on the web, Lite)."""
    try:
        full = Path(str(book.fullname))
    except Exception:  # engines without a path raise their own kinds of error
        return None
    return full.parent if full.is_absolute() and full.parent.is_dir() else None


def _source_dir(value: Any, book: Book) -> Path:
    text = str(value or "").strip()
    if sys.platform == "emscripten":  # xlwings Lite: only its file area can be read
        return Path(text) if text.startswith(LITE_DATA_DIR) else Path(LITE_DATA_DIR)
    if not text:
        raise FinsamError(f"Ange källmappen med rapporterna på bladet {SETTINGS} (raden Källmapp).")
    path = Path(text).expanduser()
    if not path.is_absolute():
        base = book_folder(book)
        if base is None:
            raise FinsamError(
                f"Källmappen '{text}' är relativ men arbetsboken är inte sparad. "
                "Spara arbetsboken eller ange en hel sökväg."
            )
        path = base / path
    if not path.is_dir():
        raise FinsamError(f"Källmappen finns inte: {path}. Rätta raden Källmapp på {SETTINGS}.")
    return path


def read_settings(book: Book) -> Settings:
    """The settings of the master ``book``; FinsamError when the sheet is missing or wrong."""
    sheet = find_sheet(book, SETTINGS)
    if sheet is None:
        raise FinsamError(
            f"Bladet {SETTINGS} saknas i arbetsboken. Använd huvudarbetsboken finsam-master.xlsm."
        )
    raw: dict[str, tuple[str, Any]] = {}
    for row in sheet.used_range.options(ndim=2).value or []:
        if len(row) >= 2 and _label(row[0]) in LABELS:
            raw.setdefault(LABELS[_label(row[0])], (str(row[0]).strip(), row[1]))
    label, value = raw.get("source_dir", ("Källmapp", None))
    source = _source_dir(value, book)
    label, value = raw.get("include_errors", ("Ta med rapporter med fel", None))
    include = True if value is None or str(value).strip() == "" else _bool(value, label)
    label, value = raw.get("mask_under", ("Maskera under", None))
    mask = _mask(value, label)
    sheet_id = str(raw.get("sheet_id", ("", None))[1] or "").strip() or None
    return Settings(source, include, mask, sheet_id)


def report_paths(folder: Path, *, exclude: Path | None = None) -> list[Path]:
    """The report files in ``folder`` (not its subfolders), sorted by name.

    Excel's lock files (``~$...``) and the master itself are left out.
    """
    found = [
        p
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.casefold() in (".xlsx", ".xlsm")
        and not p.name.startswith("~$")
        and (exclude is None or p.resolve() != exclude.resolve())
    ]
    return sorted(found, key=lambda p: p.name.casefold())
