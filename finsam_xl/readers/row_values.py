"""The cell values of a form's rows, kept by the rows' bytes: the engine reads only new rows.

A form's rows (labels, headings, input rows left empty, code lists) are the same bytes in every
file made from it; only the rows a submitter typed in differ. The engine reads whole sheets, so
what it gave for each row is kept here, by the row's bytes as the engine got them (formula text
left out, ``sheetxml``) and the parts that give those bytes their meaning (styles: number formats
make dates; workbook.xml: the 1904 date system; for a row taking shared strings, those strings
as written). A later file's sheet goes to the engine without the rows known, and their values
are put back into the grid it returns.

That is exact because a row's values depend on nothing but those bytes:
- each piece of the sheet (``sheetxml.Rows``: the bytes up to one ``</row>``) opens exactly one
  row, before any cell, and every cell in it says where it stands (``<c r="B7"``, which the
  scan's fast path has checked) in that row; no comment, processing instruction or CDATA section
  stands there, so dropping a piece drops whole elements (``sheetxml.row_place``);
- the rows holding cells rise strictly from piece to piece, so no two pieces write one cell (the
  engine would let the later one win);
- nothing but the rows stands in sheetData;
- the shared strings a row takes are found only in the one form Excel and LibreOffice write
  (``sheetxml.shared_refs``), in a part whose strings stand back to back as they write them
  (``shared_items``); else the row is read every time.
A sheet where the rows' layout does not hold goes to the engine whole. Every sheet still goes
to the engine, with what stands around its rows and the whole shared strings part, so a file it
refuses is refused; and a file it cannot read is read again whole, so the error is what it always
was. tests/test_row_values.py holds the reading equal to the engine's reading of whole sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from finsam_xl.readers.sheetxml import NO_CELLS, Rows

__all__ = ["RowRead", "context_id", "keep", "plan", "put_back", "shared_items"]

Value = int | float | str | bool | date | datetime | time | timedelta
_Row = tuple[int, tuple[Value, ...]]  # 0-based row, its values up to the last one not ""
Grid = list[Sequence[Value]]  # rows as the engine gives them (lists), or put back (tuples)
# A piece's bytes, or for a piece taking shared strings, with the strings it takes as written
_Key = bytes | tuple[bytes, tuple[bytes, ...]]

# Per context (``context_id``): a piece's key -> its row. Bounded in bytes, emptied whole when
# full (a refill costs an engine read, never memory); a longer piece is read for its file only.
_VALUES: dict[int, dict[_Key, _Row]] = {}
_VALUES_MAX_BYTES = 8 << 20
_PIECE_MAX_BYTES = 1 << 16
_ENTRY_BYTES = 200  # what an entry costs beside its key's bytes (dict slot, tuples, values)
_values_bytes = 0
# The parts a row's values depend on -> a number that stands for them in _VALUES; never
# reused, so a context forgotten (the table is bounded) cannot match a row kept under it.
_CONTEXTS: dict[object, int] = {}
_CONTEXTS_MAX = 32
_next_context = 0


def context_id(parts: object) -> int:
    """The number for these parts (a hashable of the bytes a row's values depend on)."""
    global _next_context
    found = _CONTEXTS.get(parts)
    if found is None:
        if len(_CONTEXTS) >= _CONTEXTS_MAX:
            _CONTEXTS.clear()
        _next_context += 1
        found = _CONTEXTS[parts] = _next_context
    return found


class RowRead(NamedTuple):
    """How one sheet is read: what the engine gets, what is put back, what to keep after."""

    xml: bytes  # the sheet without the rows known
    known: tuple[_Row, ...]  # put back into the engine's grid
    new: tuple[tuple[_Key, int], ...]  # (key, row) read now, kept once the read succeeded


def shared_items(sst: bytes) -> tuple[bytes, tuple[bytes, ...]] | None:
    """The shared strings part as (what stands before the first string, each string's ``<si>``
    element as written, less its ``</si>``), or None unless they stand back to back as Excel and
    LibreOffice write them (then rows taking them are read every time)."""
    first = sst.find(b"<si>")
    if first < 0:
        return (sst, ()) if b"<si" not in sst else None
    items = sst[first:].split(b"</si>")
    items.pop()  # what follows the last string: "</sst>"
    n = len(items)
    # each item one <si> and nothing between them: the items' count in three C-speed counts
    if sst.count(b"<si") != n or sst.count(b"</si><si>") != n - 1:
        return None
    return sst[:first], tuple(items)


def plan(rows: Rows, context: int, strings: tuple[bytes, ...] | None = None) -> RowRead | None:
    """How to read a sheet cut into ``rows``, or None: read it whole. ``strings`` are the
    file's shared strings (``shared_items``; what stands before them belongs in the context),
    by which the rows taking them are kept."""
    end = rows.rest.find(b"</sheetData>")
    after = rows.rest if end < 0 else rows.rest[:end]  # read every time: must hold no cell
    if b"<c " in after or b"<row" in after or b"<!" in after or b"<?" in after:
        return None
    known: list[_Row] = []
    new: list[tuple[_Key, int]] = []
    unknown: list[bytes] = []
    last = NO_CELLS
    values = _VALUES.get(context) or {}
    take = strings.__getitem__ if strings is not None else None
    key: _Key | None
    for piece, row, refs in zip(rows.pieces, rows.places, rows.strings, strict=True):
        if row is None:
            return None
        if not refs:  # () takes no shared string; None, some in a form not followed
            key = None if refs is None else piece
        elif take is None:
            key = None
        else:
            try:
                key = (piece, tuple(map(take, refs)))
            except IndexError:  # a string the part does not have: the engine says so
                key = None
        hit = None if key is None else values.get(key)
        if hit is not None:
            if hit[1]:
                known.append(hit)
        else:
            unknown.append(piece)
            unknown.append(b"</row>")
            if key is not None and len(piece) <= _PIECE_MAX_BYTES:
                new.append((key, row))
        if row != NO_CELLS:
            if row <= last:
                return None
            last = row
    return RowRead(rows.head + b"".join(unknown) + rows.rest, tuple(known), tuple(new))


def keep(read: RowRead, context: int, grid: Grid) -> None:
    """Keep the values the engine gave (``grid``, before ``put_back``) for the new pieces."""
    global _values_bytes
    for key, row in read.new:
        line = grid[row] if 0 <= row < len(grid) else ()
        width = len(line)
        while width and line[width - 1] == "":
            width -= 1
        size = _ENTRY_BYTES + (
            len(key) if isinstance(key, bytes) else len(key[0]) + sum(map(len, key[1]))
        )
        if _values_bytes + size > _VALUES_MAX_BYTES:
            _VALUES.clear()
            _values_bytes = 0
        _VALUES.setdefault(context, {})[key] = (row, tuple(line[:width]))
        _values_bytes += size


def put_back(read: RowRead, grid: Grid) -> Grid:
    """The engine's grid with the known rows in their places. The engine gave those rows empty
    (or not at all: it did not read them), so each is replaced whole by the row kept, a tuple
    (never changed, so shared between files' grids as the sheets themselves are)."""
    for row, line in read.known:
        if len(grid) <= row:
            grid.extend(() for _ in range(row + 1 - len(grid)))
        grid[row] = line
    return grid


def clear() -> None:
    """Forget every row kept (tests; a long-running process never needs it)."""
    global _values_bytes
    _VALUES.clear()
    _CONTEXTS.clear()
    _values_bytes = 0
