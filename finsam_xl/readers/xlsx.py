"""Read an .xlsx/.xlsm file into a ``CellMap``: every field by its workbook-scoped defined name.

The package layer (``ooxml``) checks the zip, parses the workbook parts with defusedxml and
clips the sheets (``sheetxml``, which also leaves out the formula text no engine needs);
python-calamine then reads cell values from a fresh stored zip holding only the verified parts
(never the VBA project), which is both the safe and the fast way: calamine reads a small report
in well under a millisecond, openpyxl takes ~7 ms.

Values are handed over as the cell holds them, with two normalisations, both documented in
``_raw``: Excel stores every number as a double, so an integral number comes back as ``int``
(counts and years look as typed; the parsers accept both), and an empty cell is ``None``.
Formula cells carry their cached result (or ``None``) and are listed in ``CellMap.formulas``.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import compress
from typing import Any, BinaryIO

from finsam_xl.cellmap import (
    AreaRef,
    CellMap,
    RawCell,
    RawValue,
)
from finsam_xl.config import DEFAULT, Config
from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import row_values
from finsam_xl.readers.cache import BoundedCache
from finsam_xl.readers.engine_workbook import engine_workbook
from finsam_xl.readers.field_plan import LETTERS, plan_for
from finsam_xl.readers.ooxml import Package, open_zip, read_package, stored_zip
from finsam_xl.readers.pure_cells import PureWorkbook
from finsam_xl.readers.sheet_key import sheet_key_xml
from finsam_xl.readers.sheetxml import (
    SHARED_ANY,
    MalformedSheet,
    SheetScan,
    scan_sheet,
)

__all__ = ["read_workbook"]

Source = str | os.PathLike[str] | bytes | BinaryIO
_Value = row_values.Value  # a cell's value as the engine gives it
_Grid = row_values.Grid  # what calamine's to_python gives, known rows put back as tuples

# Which reads the cells: "calamine", or "python" (readers/pure_cells.py, the same grids).
try:
    from python_calamine import CalamineWorkbook

    ENGINE = "calamine"
except ImportError:  # Pyodide (xlwings Lite) has no usable build: the pure-Python path reads
    ENGINE = "python"


def _load(source: Source, name: str | None, config: Config) -> tuple[str, bytes]:
    """(label naming the file in messages, its bytes), reading no more than the size limit."""
    limit = config.max_file_bytes
    too_big = f"filen är större än {limit // (1024 * 1024)} MB och läses inte"
    too_big_en = f"the file is larger than {limit // (1024 * 1024)} MB and is not read"
    if isinstance(source, bytes | bytearray | memoryview):
        return name or "arbetsbok", bytes(source)
    if isinstance(source, str | os.PathLike):
        label = name or os.fspath(source)
        try:
            if os.stat(source).st_size > limit:
                raise WorkbookReadError(f"{label}: {too_big}", path=label, en=too_big_en)
            with open(source, "rb") as fh:
                data = fh.read(limit + 1)  # the file may grow after the stat
        except OSError as exc:
            raise WorkbookReadError(
                f"{label}: kan inte öppna filen ({exc.strerror or exc}): finns den, och är den "
                "stängd i andra program?",
                path=label,
                en=f"the file cannot be opened ({exc.strerror or exc}): does it exist, and is "
                "it closed in other programs?",
            ) from exc
        if len(data) > limit:
            raise WorkbookReadError(f"{label}: {too_big}", path=label, en=too_big_en)
        return label, data
    label = name or str(getattr(source, "name", "") or "arbetsbok")
    try:
        data = source.read(limit + 1)
    except OSError as exc:
        raise WorkbookReadError(
            f"{label}: kan inte läsa filen ({exc})", path=label, en=f"cannot read the file ({exc})"
        ) from exc
    if not isinstance(data, bytes):
        raise WorkbookReadError(
            f"{label}: filen måste öppnas binärt ('rb')",
            path=label,
            en="the file must be opened in binary mode ('rb')",
        )
    if len(data) > limit:
        raise WorkbookReadError(f"{label}: {too_big}", path=label, en=too_big_en)
    return label, data


def _raw(value: _Value) -> RawValue:
    """Calamine's value as the core wants it: '' is empty, integral doubles are ints, and a
    non-finite double is the text it was ('nan', 'inf'), which every number parser refuses."""
    if isinstance(value, float):
        if not math.isfinite(value):  # <v>NaN</v>, INF, 1e400: no number, so no empty cell either
            return repr(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        return value or None
    if isinstance(value, timedelta):  # a duration-formatted number: keep the number (days)
        return value.total_seconds() / 86400
    return value


# The texts of a form are mostly its own labels, the same in every file made from it: their
# RawCells are kept (frozen, shared) and looked up instead of made again. Bounded: emptied whole
# when full, so a batch of free text costs a refill, never memory.
_TEXT_CELLS: dict[tuple[str, int, int, str], RawCell] = {}
_TEXT_CELLS_MAX = 20_000
_TEXT_CELL_MAX_CHARS = 200  # longer texts are what submitters write: made afresh


# A rectangle 1-based inclusive: (min_row, max_row, min_col, max_col).
_Box = tuple[int, int, int, int]


def _boxes(sheet: str, areas: Iterable[AreaRef]) -> tuple[_Box, ...]:
    """The areas on this sheet (compared as ``in_areas`` does), as integer rectangles."""
    return tuple((a.min_row, a.max_row, a.min_col, a.max_col) for a in areas if a.sheet == sheet)


def _texts(sheet: str, grid: _Grid, skip: tuple[_Box, ...] = ()) -> tuple[RawCell, ...]:
    """Every non-blank text cell of the grid, row by row, but those inside ``skip`` (the
    template's live checks: their text is the template's own output, not the report)."""
    out: list[RawCell] = []
    known = _ROW_TEXTS
    for r, line in enumerate(grid, start=1):
        if not line:
            continue
        if type(line) is not tuple:  # the engine's row, read for this file
            _line_texts(sheet, r, line, skip, out)
            continue
        # a row kept by row_values, the same object in every file that has it
        key = (sheet, r, id(line), skip)
        hit = known.get(key)
        if hit is not None:
            out.extend(hit[1])
            continue
        start = len(out)
        _line_texts(sheet, r, line, skip, out)
        _keep_row_texts(key, line, tuple(out[start:]))
    return tuple(out)


# The texts of a row row_values keeps (a tuple shared by every file that has the row, never
# changed), by sheet, row number, the row's id and the boxes skipped. The entry holds the row
# itself, so while it lives no other row can take that id; it may outlive row_values' own entry,
# so what the rows hold is counted here too. Bounded in entries and bytes, emptied whole when
# full; a larger row (long texts, thousands of cells) is scanned for each file instead.
_RowTextsKey = tuple[str, int, int, tuple[_Box, ...]]
_ROW_TEXTS: dict[_RowTextsKey, tuple[object, tuple[RawCell, ...]]] = {}
_ROW_TEXTS_MAX = 20_000
_ROW_TEXTS_MAX_BYTES = 4 << 20
_ROW_TEXTS_ROW_MAX_BYTES = 1 << 14
_row_texts_bytes = 0


def _keep_row_texts(key: _RowTextsKey, line: Sequence[_Value], cells: tuple[RawCell, ...]) -> None:
    global _row_texts_bytes
    # a slot per value, the texts' characters, an entry's own tuples and cells
    size = 8 * len(line) + sum(len(v) for v in line if type(v) is str) + 100 * (len(cells) + 1)
    if size > _ROW_TEXTS_ROW_MAX_BYTES:
        return
    if len(_ROW_TEXTS) >= _ROW_TEXTS_MAX or _row_texts_bytes + size > _ROW_TEXTS_MAX_BYTES:
        _ROW_TEXTS.clear()
        _row_texts_bytes = 0
    _ROW_TEXTS[key] = (line, cells)
    _row_texts_bytes += size


def _line_texts(
    sheet: str, r: int, line: Sequence[_Value], skip: tuple[_Box, ...], out: list[RawCell]
) -> None:
    """The non-blank text cells of row ``r`` (1-based) outside ``skip``, appended to ``out``."""
    letters = LETTERS
    known = _TEXT_CELLS
    # the few boxes crossing this row, as 0-based column ranges
    cols = [(c0 - 1, c1 - 1) for r0, r1, c0, c1 in skip if r0 <= r <= r1] if skip else ()
    # Most cells are empty, and calamine gives those as '': compress() skips them in C, so
    # only the filled cells are looked at (a 2.0 template has twice the cells of 1.0).
    for c in compress(range(len(line)), line):
        value = line[c]
        if type(value) is str and not value.isspace():
            if cols and any(c0 <= c <= c1 for c0, c1 in cols):
                continue
            if len(value) > _TEXT_CELL_MAX_CHARS:
                out.append(RawCell(sheet, f"{letters[c]}{r}", value))
                continue
            key = (sheet, r, c, value)
            cell = known.get(key)
            if cell is None:
                if len(known) >= _TEXT_CELLS_MAX:
                    known.clear()
                cell = known[key] = RawCell(sheet, f"{letters[c]}{r}", value)
            out.append(cell)


@dataclass(frozen=True, slots=True)
class _Sheet:
    """What one sheet gave: its formula cells, whether it was clipped, its grid and texts.

    Shared by every later file whose sheet is byte-equal (see ``_SHEETS``): never mutated.
    """

    formulas: tuple[str, ...]
    clipped: bool
    grid: _Grid
    texts: tuple[RawCell, ...]


# A sheet's grid is a function of its XML, the shared strings when it refers to them, the other
# parts the engine sees (styles: number formats make dates; workbook.xml: the 1904 date system),
# the row limit and the engine. Sheets a submitter does not fill (instructions, code lists, an
# unused part of the form) are byte-equal in every file made from one template, so they are read
# once, not once per file. Keys are the bytes themselves, compared in full (see cache.py), the
# sheet's without the texts of a plain print header, which no engine reads (sheet_key.py).
_SheetKey = tuple[str, bytes, bytes | None, tuple[tuple[str, bytes], ...], int, str]
_SHEETS: BoundedCache[_SheetKey, _Sheet] = BoundedCache(64)
# What one entry may hold: a larger sheet, or one whose key would keep larger other parts (styles,
# workbook.xml, the shared strings it refers to), is read afresh for its file, never kept.
_SHEET_MAX_BYTES = 1 << 18
_CONTEXT_MAX_BYTES = 1 << 20


def _scan(label: str, sheet: str, xml: bytes, config: Config) -> SheetScan:
    try:
        return scan_sheet(xml, max_rows=config.max_rows)
    except MalformedSheet as exc:
        raise WorkbookReadError(
            f"{label}, blad '{sheet}': bladets XML är trasig ({exc}): öppna och spara om "
            "filen i Excel",
            path=label,
            sheet=sheet,
            en=f"the XML of sheet '{sheet}' is broken ({exc.en}): open the file in Excel "
            "and save it again",
        ) from exc


def _for_calamine(parts: dict[str, bytes]) -> dict[str, bytes]:
    book = parts.get("xl/workbook.xml")
    return parts if book is None else {**parts, "xl/workbook.xml": engine_workbook(book)}


def _read_grids(
    label: str,
    parts: dict[str, bytes],
    sheets: dict[str, str],
    config: Config,
    checksums: Mapping[str, tuple[bytes, int]] | None = None,
) -> dict[str, _Grid]:
    try:
        book: Any = (
            CalamineWorkbook.from_filelike(io.BytesIO(stored_zip(_for_calamine(parts), checksums)))
            if ENGINE == "calamine"
            else PureWorkbook(parts, sheets)
        )
    except Exception as exc:  # calamine's errors carry no position: the file as a whole
        raise WorkbookReadError(
            f"{label}: arbetsboken kan inte läsas ({exc}): spara om den som .xlsx i Excel",
            path=label,
            en=f"the workbook cannot be read ({exc}): save it again as .xlsx in Excel",
        ) from exc
    grids: dict[str, _Grid] = {}
    with book:
        for sheet in sheets:
            try:
                grids[sheet] = book.get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False, nrows=config.max_rows
                )
            except Exception as exc:
                raise WorkbookReadError(
                    f"{label}, blad '{sheet}': bladet kan inte läsas ({exc}): spara om filen "
                    "som .xlsx i Excel",
                    path=label,
                    sheet=sheet,
                    en=f"sheet '{sheet}' cannot be read ({exc}): save the file again as .xlsx "
                    "in Excel",
                ) from exc
    return grids


def _engine_grids(
    label: str,
    parts: dict[str, bytes],
    worksheets: dict[str, str],
    scans: dict[str, SheetScan],
    reads: dict[str, row_values.RowRead],
    config: Config,
    package: Package,
) -> dict[str, _Grid]:
    """The engine's grids of the sheets scanned, those in ``reads`` without their known rows.

    Every sheet goes to the engine, even one whose rows are all known: what stands around the
    rows (a print header's bytes, say) can make it refuse the file. Should the engine fail, the
    whole sheets are read again, so a file's error is what it always was (``reads`` is emptied
    then: no known row is put back into those grids).
    """
    sheets = {s: worksheets[s] for s in scans}
    try:
        return _read_grids(label, parts, sheets, config, package.checksums)
    except WorkbookReadError:
        if not reads:
            raise
    whole = {**parts, **{worksheets[s]: scans[s].for_engine() for s in reads}}
    reads.clear()
    return _read_grids(label, whole, sheets, config, package.checksums)


def _read_sheets(
    label: str,
    package: Package,
    worksheets: dict[str, str],
    config: Config,
    own: Iterable[AreaRef] = (),
) -> dict[str, _Sheet]:
    """Every worksheet's scan, grid and texts, in workbook order: from ``_SHEETS`` when an
    equal sheet was read before, else scanned (and clipped) here and read by the engine.

    ``own`` (the live checks' areas) come from xl/workbook.xml, part of every key's context,
    so the texts kept with a sheet, those outside ``own``, are right for every file it fits."""
    parts = dict(package.parts)
    shared = parts.get(package.shared_strings) if package.shared_strings else None
    sheet_parts = set(worksheets.values())
    context = tuple(
        (name, data)
        for name, data in parts.items()
        if name not in sheet_parts and name != package.shared_strings
    )
    context_size = sum(len(data) for _, data in context)
    keys: dict[str, _SheetKey] = {}
    found: dict[str, _Sheet] = {}
    scans: dict[str, SheetScan] = {}
    reads: dict[str, row_values.RowRead] = {}  # sheets the engine reads without known rows
    ctx: int | None = None  # what the rows' values depend on, as row_values numbers it
    strings: tuple[bytes, ...] | None = None  # row_values.shared_items, those strings
    for sheet, part in worksheets.items():
        xml = parts[part]
        # SHARED_ANY finds every cell that takes a shared string, maybe more: never too few
        refers = shared is not None and SHARED_ANY.search(xml) is not None
        key = (
            sheet,
            sheet_key_xml(xml),
            shared if refers else None,
            context,
            config.max_rows,
            ENGINE,
        )
        hit = _SHEETS.get(key)
        if hit is not None:
            found[sheet] = hit
            continue
        keys[sheet] = key
        scans[sheet] = scan = _scan(label, sheet, xml, config)
        plan = None
        if scan.rows is not None:
            if ctx is None:
                items = row_values.shared_items(shared) if shared is not None else None
                head, strings = items if items is not None else (None, None)
                ctx = row_values.context_id((context, ENGINE, head))
            plan = row_values.plan(scan.rows, ctx, strings)
        if plan is None:
            parts[part] = scan.for_engine()
        else:
            reads[sheet] = plan
            parts[part] = plan.xml
    if scans:
        # the engine gets no sheet it will not read: fewer bytes to pack, check-sum and index
        needed = {worksheets[s] for s in scans}
        for sheet in found:
            if worksheets[sheet] not in needed:
                parts.pop(worksheets[sheet], None)
        grids = _engine_grids(label, parts, worksheets, scans, reads, config, package)
        for sheet, scan in scans.items():
            rows = reads.get(sheet)
            grid = grids[sheet]
            if rows is not None and ctx is not None:
                row_values.keep(rows, ctx, grid)
                grid = row_values.put_back(rows, grid)
            texts = _texts(sheet, grid, _boxes(sheet, own))
            read = _Sheet(tuple(scan.formulas), scan.clipped, grid, texts)
            found[sheet] = read
            key = keys[sheet]
            if (
                len(key[1]) <= _SHEET_MAX_BYTES
                and context_size + len(key[2] or b"") <= _CONTEXT_MAX_BYTES
            ):
                _SHEETS.put(key, read)
    return {sheet: found[sheet] for sheet in worksheets}


def read_workbook(source: Source, *, name: str | None = None, config: Config = DEFAULT) -> CellMap:
    """Read one workbook into a CellMap; raise WorkbookReadError (Swedish) if it is unreadable.

    ``source`` is a path, the file's bytes, or a binary file object; ``name`` labels it in
    messages and as ``CellMap.source`` (default: the path as given).
    """
    label, data = _load(source, name, config)
    package = read_package(data, open_zip(data, label, config), label, config)
    worksheets = {s.name: s.part for s in package.sheets if s.part}
    plan, own = plan_for(package.defined_names, tuple(worksheets), config.max_rows)

    sheets = _read_sheets(label, package, worksheets, config, own)
    formulas = {
        (sheet, ref)
        for sheet, read in sheets.items()
        if sheet in plan.named_sheets
        for ref in read.formulas
    }
    clipped = [sheet for sheet, read in sheets.items() if read.clipped]

    result = CellMap(source=label, properties=dict(package.properties), formulas=formulas)
    no_line: list[_Value] = []
    scalars, tables = result.scalars, result.tables
    for field_id, sheet, is_table, cells in plan.fields:
        grid = sheets[sheet].grid
        if not is_table:  # one cell (the plan refuses a range for a scalar field)
            ((r, ((c, ref, empty),)),) = cells
            line = grid[r] if r < len(grid) else no_line
            scalars[field_id] = (
                RawCell(sheet, ref, _raw(v)) if c < len(line) and (v := line[c]) != "" else empty
            )
            continue
        rows: list[list[RawCell]] = []
        for r, row in cells:
            line = grid[r] if r < len(grid) else no_line
            width = len(line)
            rows.append(  # '' (an empty cell, the common case) is the plan's own empty cell
                [
                    RawCell(sheet, ref, _raw(v)) if c < width and (v := line[c]) != "" else empty
                    for c, ref, empty in row
                ]
            )
        tables[field_id] = rows
    texts = result.texts
    for read in sheets.values():
        texts.extend(read.texts)
    if plan.broken:
        result.properties["trasiga_namn"] = ",".join(plan.broken)
    if plan.cut:
        result.properties["avkortade_namn"] = ",".join(plan.cut)
    if clipped:
        result.properties["avkortade_blad"] = ",".join(clipped)
    return result
