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
  (``sheetxml.shared_refs``), in a part whose strings are all plain ``<si>`` elements; else the
  row is read every time.
A sheet where the rows' layout does not hold goes to the engine whole. Every sheet still goes
to the engine, with what stands around its rows and the whole shared strings part, so a file it
refuses is refused; and a file it cannot read is read again whole, so the error is what it always
was. tests/test_row_values.py holds the reading equal to the engine's reading of whole sheets.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from finsam_xl.readers.sheetxml import NO_CELLS, Rows

__all__ = ["RowRead", "context_id", "keep", "plan", "put_back", "shared_items"]

Value = float | str | bool | date | datetime | time | timedelta
_Row = tuple[int, tuple[Value, ...]]  # 0-based row, its values up to the last one not ""
# (context, piece) or, for a piece taking shared strings, (context, piece, what stands before
# the strings in their part, the strings it takes as written)
_Key = tuple[int, bytes] | tuple[int, bytes, bytes, tuple[bytes, ...]]
_SI = re.compile(rb"<si>.*?</si>|<si/>", re.S)

# A piece's key -> its row. Bounded in bytes, emptied whole when full (a refill
# costs an engine read, never memory); a longer piece is read for its file only.
_VALUES: dict[_Key, _Row] = {}
_VALUES_MAX_BYTES = 8 << 20
_PIECE_MAX_BYTES = 1 << 16
_values_bytes = 0
# The parts a row's values depend on -> a number that stands for them in _VALUES's keys; never
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
    """The shared strings part as (what stands before the first string, each ``<si>`` as
    written), or None when its strings are not all plainly ``<si>…</si>`` (then rows taking
    them are read every time)."""
    items = _SI.findall(sst)
    if sst.count(b"<si") != len(items):
        return None
    first = sst.find(b"<si")
    return (sst if first < 0 else sst[:first]), tuple(items)


def plan(
    rows: Rows, context: int, shared: tuple[bytes, tuple[bytes, ...]] | None = None
) -> RowRead | None:
    """How to read a sheet cut into ``rows``, or None: read it whole. ``shared`` is the file's
    shared strings (``shared_items``), which the rows taking them are kept by."""
    end = rows.rest.find(b"</sheetData>")
    after = rows.rest if end < 0 else rows.rest[:end]  # read every time: must hold no cell
    if b"<c " in after or b"<row" in after or b"<!" in after or b"<?" in after:
        return None
    known: list[_Row] = []
    new: list[tuple[_Key, int]] = []
    unknown: list[bytes] = []
    last = NO_CELLS
    values = _VALUES
    for piece, row, strings in zip(rows.pieces, rows.places, rows.strings, strict=True):
        if row is None:
            return None
        key: _Key | None = None
        if not strings:  # () takes no shared string; None, some in a form not followed
            key = None if strings is None else (context, piece)
        elif shared is not None and max(strings) < len(shared[1]):
            key = (context, piece, shared[0], tuple(shared[1][i] for i in strings))
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


def keep(read: RowRead, grid: list[list[Value]]) -> None:
    """Keep the values the engine gave (``grid``, before ``put_back``) for the new pieces."""
    global _values_bytes
    for key, row in read.new:
        line = grid[row] if 0 <= row < len(grid) else []
        width = len(line)
        while width and line[width - 1] == "":
            width -= 1
        size = len(key[1]) + sum(map(len, key[3])) if len(key) > 2 else len(key[1])
        if _values_bytes + size > _VALUES_MAX_BYTES:
            _VALUES.clear()
            _values_bytes = 0
        _VALUES[key] = (row, tuple(line[:width]))
        _values_bytes += size


def put_back(read: RowRead, grid: list[list[Value]]) -> list[list[Value]]:
    """The engine's grid with the known rows in their places. The engine gave those rows empty
    (or not at all: it did not read them), so each is replaced whole, as long as it needs."""
    for row, line in read.known:
        if len(grid) <= row:
            grid.extend([] for _ in range(row + 1 - len(grid)))
        grid[row] = list(line)
    return grid


def clear() -> None:
    """Forget every row kept (tests; a long-running process never needs it)."""
    global _values_bytes
    _VALUES.clear()
    _CONTEXTS.clear()
    _values_bytes = 0
