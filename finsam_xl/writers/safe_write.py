"""Writing the master without losing anything: checks first, then a temporary file moved into place.

Before a byte is written the target is checked: not open in Excel (its ``~$`` owner file) or
LibreOffice (``.~lock.<name>#``), the folder writable, and — when a master already exists — no
sheets in it that finsam-xl did not make. Every master records the sheets it made in the custom
document property ``finsam_xl_sheets``; any other sheet there was added by a person.

Such foreign sheets are **refused, not copied**: xlsxwriter cannot copy a sheet, and copying it
with openpyxl would silently drop its charts, images, pivot tables and the cached results of its
formulas — exactly the kind of quiet loss this module exists to prevent. The run stops with a
message naming the sheets; ``overwrite_foreign=True`` (CLI ``--replace-foreign``) replaces them
knowingly, or the master can be written to another file.

The new workbook is written to a temporary file in the target's own folder (so the final
``os.replace`` is an atomic rename on the same file system) and only then moved over the target;
if writing fails, the old master is untouched and the temporary file removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from defusedxml import ElementTree

from finsam_xl.atomic import move_into_place, temp_beside
from finsam_xl.errors import ConsolidationError
from finsam_xl.schema import MASTER_MARKER
from finsam_xl.temporaries import remove_stale

SHEETS_PROPERTY = MASTER_MARKER
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PROPS_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_TEMP_PREFIX = ".finsam-xl-"
# A custom property holds 1-255 UTF-16 units (OOXML; desktop Office truncates a longer one, and a
# cut list would make the next run take our own sheets for the user's), so the sheet list is
# stored in parts: finsam_xl_sheets, finsam_xl_sheets_2, ...
PROPERTY_LIMIT = 255


def sheet_list_properties(made: list[str]) -> list[tuple[str, str]]:
    """The custom properties (name, text) recording the sheets finsam-xl made, each ≤ 255 units."""
    parts: list[str] = []
    part, units = "", 0
    for char in json.dumps(made, ensure_ascii=False):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > PROPERTY_LIMIT:
            parts.append(part)
            part, units = "", 0
        part, units = part + char, units + width
    parts.append(part)
    return [(_part_name(n), text) for n, text in enumerate(parts, start=1)]


def _part_name(n: int) -> str:
    return SHEETS_PROPERTY if n == 1 else f"{SHEETS_PROPERTY}_{n}"


def _part_number(name: str) -> int | None:
    if name == SHEETS_PROPERTY:
        return 1
    head, _, tail = name.rpartition("_")
    return int(tail) if head == SHEETS_PROPERTY and tail.isdigit() and tail != "0" else None


def lock_files(target: Path) -> list[Path]:
    """Owner/lock files of programs that have ``target`` open, if any exist."""
    candidates = [
        target.with_name("~$" + target.name),  # Excel
        target.with_name(f".~lock.{target.name}#"),  # LibreOffice
    ]
    return [p for p in candidates if p.exists()]


def read_sheet_names(path: Path) -> tuple[list[str], list[str] | None]:
    """The sheet names of an ``.xlsx`` file and the sheets finsam-xl recorded (None: not ours).

    Reads ``xl/workbook.xml`` and ``docProps/custom.xml`` from the zip instead of loading the whole
    book, which for a large master would cost seconds and memory for two short lists.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read("xl/workbook.xml"))
            names = [el.get("name", "") for el in root.iter(f"{_MAIN_NS}sheet")]
            ours: list[str] | None = None
            if "docProps/custom.xml" in zf.namelist():
                props = ElementTree.fromstring(zf.read("docProps/custom.xml"))
                parts: dict[int, str] = {}
                for prop in props.iter(f"{_PROPS_NS}property"):
                    n = _part_number(prop.get("name", ""))
                    if n is not None:
                        parts[n] = "".join(prop.itertext())
                if 1 in parts:
                    ours = _parse_sheet_list("".join(parts[n] for n in sorted(parts)))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise ConsolidationError(
            f"{path} finns redan men är ingen läsbar Excel-arbetsbok ({exc}); "
            "välj en annan fil med -o, eller flytta den befintliga filen.",
            path=path,
            en=f"{path} exists but is no readable Excel workbook ({exc}); choose another file "
            "with -o, or move the existing file.",
        ) from exc
    return names, ours


def _parse_sheet_list(text: str) -> list[str] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def foreign_sheets(target: Path) -> list[str]:
    """Sheets in an existing ``target`` that finsam-xl did not make (all, if it is no master)."""
    names, ours = read_sheet_names(target)
    made = set(ours or [])
    return [n for n in names if n not in made]


def check_target(target: Path, *, overwrite_foreign: bool = False) -> None:
    """Raise ConsolidationError when writing ``target`` would fail or lose someone's work."""
    locks = lock_files(target)
    if locks:
        program = "Excel" if locks[0].name.startswith("~$") else "LibreOffice"
        raise ConsolidationError(
            f"Översikten är öppen i {program}: stäng den och kör igen ({target}). "
            f"Är den redan stängd, ta bort låsfilen {locks[0].name}.",
            path=target,
            en=f"The overview is open in {program}: close it and run again ({target}). If it "
            f"is closed already, delete the lock file {locks[0].name}.",
        )
    folder = target.parent
    if target.exists() and target.is_dir():
        raise ConsolidationError(
            f"{target} är en mapp, inte en fil: ange ett filnamn.",
            path=target,
            en=f"{target} is a folder, not a file: give a file name.",
        )
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise ConsolidationError(
            f"Mappen {folder} är skrivskyddad: välj en annan mapp med -o.",
            path=target,
            en=f"The folder {folder} is read-only: choose another folder with -o.",
        )
    if not target.exists():
        return
    if not os.access(target, os.W_OK):
        raise ConsolidationError(
            f"{target} är skrivskyddad: ta bort skrivskyddet eller välj en annan fil med -o.",
            path=target,
            en=f"{target} is read-only: make it writable or choose another file with -o.",
        )
    if overwrite_foreign:
        return
    foreign = foreign_sheets(target)
    if foreign:
        listed = ", ".join(f"'{n}'" for n in foreign)
        raise ConsolidationError(
            f"{target} innehåller blad som finsam-xl inte har skapat ({listed}) och som skulle "
            "försvinna. Flytta dem till en egen fil, skriv översikten till en annan fil med -o, "
            "eller kör med --replace-foreign för att ersätta dem.",
            path=target,
            en=f"{target} holds sheets finsam-xl did not make ({listed}), which would be lost. "
            "Move them to a file of their own, write the overview to another file with -o, or "
            "run with --replace-foreign to replace them.",
        )


def atomic_write(
    target: Path, write: Callable[[Path], None], *, overwrite_foreign: bool = False
) -> Path:
    """Check ``target``, let ``write(tmp)`` fill a temporary file beside it, move it in place."""
    target = Path(target).absolute()
    check_target(target, overwrite_foreign=overwrite_foreign)
    remove_stale(target.parent)  # left by a run killed mid-write
    try:
        tmp = temp_beside(target, prefix=_TEMP_PREFIX, suffix=target.suffix or ".xlsx")
    except OSError as exc:
        raise ConsolidationError(
            f"Kan inte skriva i mappen {target.parent} ({exc.strerror or exc}): "
            "välj en annan mapp med -o.",
            path=target,
            en=f"Cannot write in the folder {target.parent} ({exc.strerror or exc}): choose "
            "another folder with -o.",
        ) from exc
    try:
        try:
            write(tmp)
        except BaseException as exc:
            _close_zips(exc)
            raise
        _fsync(tmp)
        move_into_place(tmp, target)
    except PermissionError as exc:
        # On Windows a file open in Excel cannot be replaced even without a visible lock file.
        raise ConsolidationError(
            f"Kan inte ersätta {target}: filen är öppen eller skrivskyddad. "
            "Stäng den och kör igen.",
            path=target,
            en=f"Cannot replace {target}: the file is open or read-only. Close it and run again.",
        ) from exc
    except OSError as exc:
        raise ConsolidationError(
            f"Kunde inte skriva {target} ({exc.strerror or exc}); den gamla filen är orörd.",
            path=target,
            en=f"Could not write {target} ({exc.strerror or exc}); the old file is untouched.",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _close_zips(exc: BaseException) -> None:
    """Close every zip a failed writer left open, swallowing what closing it raises again.

    xlsxwriter's zip is a local of the frame that failed (a full disk, say); left to the garbage
    collector, its ``__del__`` retries the write and prints "Exception ignored in ZipFile.__del__"
    after our one-line error. Closed here, once, it has nothing left to do.
    """
    seen: set[int] = set()
    chain: BaseException | None = exc
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        tb = chain.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    # the disk is still full: close() drops the file all the same
                    with contextlib.suppress(OSError, ValueError):
                        value.close()
            tb = tb.tb_next
        chain = chain.__cause__ or chain.__context__


def _fsync(path: Path) -> None:
    # A crash right after the rename must not leave a master whose bytes never reached the disk.
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
