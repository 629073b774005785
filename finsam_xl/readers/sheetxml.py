"""Worksheet XML before any spreadsheet engine sees it: formula cells, and clipping to the limits.

calamine builds a dense grid from A1 to the outermost cell, so one cell at XFD1048576 would cost
gigabytes: a sheet reaching past ``max_rows`` or ``MAX_COLUMNS`` is rewritten without the cells
outside. The common case (every cell written as ``<c r="B7" ...>``, within the limits) is
settled by literal-prefix regexes at C speed and passes through untouched; what they find in
one row is kept by the row's bytes (``_row_findings``), so a form's rows, the same in every file
made from it, are scanned once per batch and only the rows a submitter typed in are scanned again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple, cast

from finsam_xl.cellmap import column_index, column_letter
from finsam_xl.readers.cache import BoundedCache

MAX_COLUMNS = 128  # column DX: far past any template; bounds calamine's dense grid per sheet

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_F_OPEN = re.compile(rb"<" + _NS + rb"f[\s/>]")
_PLAIN_OPEN = re.compile(rb"<c[\s/>]")
_PREFIXED_OPEN = re.compile(rb":c[\s/>]")
_CANON_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
# A cell opening not in the canonical form: exactly where _PLAIN_OPEN matches and _CANON_REF not.
_NON_CANON_OPEN = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,3}[0-9]{1,7}")')
_CANON_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f[\s/>]')
# A row or cell tag: closing slash, prefix, name, attributes, self-closing slash.
_TAG = re.compile(rb"<(/?)(" + _NS + rb")(row|c)\b([^>]*?)(/?)\s*>")
_ROW_EMPTY = re.compile(rb"<row\b[^>]*/>")
_R_ATTR = re.compile(rb"(?<=\s)r\s*=\s*[\"']([A-Za-z]{0,3})(\d{1,7})[\"']")
_SHEET_DATA = re.compile(rb"<(" + _NS + rb")sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rb"</" + _NS + rb"sheetData\s*>")
_CONTENT = re.compile(rb"<" + _NS + rb"(?:v|is|f)[\s/>]")
# Literals counted by _balanced ("<row " and "<row>" are one pattern: they cannot overlap).
_ROW_OPEN = re.compile(rb"<row[ >]")
_ROW_CLOSE = re.compile(rb"</row>")
_CELL_OPEN = re.compile(rb"<c ")
_CELL_CLOSE = re.compile(rb"</c>")
_SELF_CLOSE = re.compile(rb"/>")
# What any of the above could match, but "/>" and _PREFIXED_OPEN's: none of it outside sheetData
# lets them all look inside it only (see _around). One literal first byte: an alternation
# of several is tried at every position, ten times slower.
_SCAN_TOKEN = re.compile(rb"<(?:c[\s/>]|row|/row>|/c>)")
# A formula element with its text (no child element can stand in it), and a CDATA section, in
# which the same bytes would be text, not markup.
_FORMULA_TEXT = re.compile(rb"<f(?:\s[^<>]*)?>[^<]*</f>")
_CDATA = b"<![CDATA["  # found by `in`: its last byte is rare in XML, unlike a regex's '<'


class Rows(NamedTuple):
    """A sheet as the engine gets it, cut after each "</row>" (for row_values.py): ``head`` +
    each piece + "</row>" + ``rest`` is ``SheetScan.engine``."""

    head: bytes  # up to and with <sheetData>
    pieces: tuple[bytes, ...]  # each without its "</row>"
    places: tuple[int | None, ...]  # per piece: its row (``row_place``)
    strings: tuple[tuple[int, ...] | None, ...]  # per piece: ``shared_refs``
    rest: bytes  # from the last "</row>" on


# A piece read as one row of its own: one row opened (empty rows written <row r="4"/> aside),
# before any cell, its r naming the row every cell of the piece stands in.
_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
_ROW_R = re.compile(rb'\sr="([0-9]{1,7})"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
NO_CELLS = -1  # row_place of a piece without cells
# A cell that takes a shared string, as Excel and LibreOffice write it; SHARED_ANY, any way
# (and more: no \b before the t, which would make the regex try every position, 25x slower).
_SHARED_CELL = re.compile(
    rb'<c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,5}")? t="s"><v>([0-9]{1,9})</v></c>'
)
SHARED_ANY = re.compile(rb"""t\s*=\s*["']s["']""")


def row_place(piece: bytes) -> int | None:
    """The 0-based row a piece's cells stand in (``NO_CELLS`` when it has none), or None when
    the piece is not one row that means the same wherever it stands: its "</row>" closes a row
    opened elsewhere, a cell stands before the row or in another row, or a comment, processing
    instruction or prefixed row could hide or move what it holds."""
    if b"<!" in piece or b"<?" in piece or b":row" in piece:
        return None
    opening: re.Match[bytes] | None = None
    for tag in _ROW_TAG.finditer(piece):
        if tag.group(1).endswith(b"/"):  # an empty row: no cells
            continue
        if opening is not None:
            return None
        opening = tag
    if opening is None:
        return None
    number = _ROW_R.search(opening.group(1))
    if number is None:
        return None
    first_cell = piece.find(b"<c ")
    if first_cell < 0:
        return NO_CELLS
    if first_cell < opening.end():
        return None
    rows = set(_CELL_ROW.findall(piece))
    if len(rows) != 1 or int(rows.pop()) != int(number.group(1)):
        return None
    return int(number.group(1)) - 1


def shared_refs(piece: bytes) -> tuple[int, ...] | None:
    """The shared strings a piece's cells take, in order (``()``: none), or None when some
    cell refers to them in a form other than the one Excel and LibreOffice write."""
    if SHARED_ANY.search(piece) is None:
        return ()
    found = _SHARED_CELL.findall(piece)
    if len(found) != len(SHARED_ANY.findall(piece)):
        return None
    return tuple(int(i) for i in found)


@dataclass(frozen=True, slots=True)
class SheetScan:
    xml: bytes  # the worksheet XML, clipped when it reached past the limits
    formulas: list[str]  # A1 refs of cells holding a formula
    clipped: bool  # cells with content lay beyond the limits and were dropped
    engine: bytes | None = None  # ``xml`` without formula text (``without_formula_text``), if made
    # ``engine`` cut into its rows, when the row by row scan made it: a view, not compared
    rows: Rows | None = field(default=None, compare=False)

    def for_engine(self) -> bytes:
        """The XML the engine reads: the formula texts left out (cached results kept)."""
        return self.engine if self.engine is not None else without_formula_text(self.xml)


class MalformedSheet(ValueError):
    """The sheet's rows and cells do not nest: a row or cell never closed, or closed twice.
    ``str(exc)`` is Swedish, ``en`` English."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(sv)
        self.en = en


def _clip(xml: bytes, max_rows: int, max_cols: int) -> SheetScan:
    """Rewrite sheetData keeping cells within the limits, every row and cell with an explicit r.

    One pass over the row and cell tags (linear whatever the file holds); tags that do not
    nest raise MalformedSheet, since an engine would guess at such a sheet's cells.
    """
    start = _SHEET_DATA.search(xml)
    if start is None or start.group(2):
        return SheetScan(xml, [], False)
    end = _SHEET_DATA_END.search(xml, start.end())
    if end is None:
        raise MalformedSheet("sheetData stängs aldrig", "sheetData is never closed")
    out: list[bytes] = []
    formulas: list[str] = []
    clipped = False
    row_no = col_no = 0
    row_prefix: bytes | None = None  # the open row's namespace prefix; None: no row open
    kept: list[bytes] = []
    cell: tuple[bytes, bytes, int] | None = None  # the open cell: prefix, attributes, body start

    def add_cell(prefix: bytes, attrs: bytes, body: bytes) -> None:
        nonlocal col_no, clipped
        ref = _R_ATTR.search(attrs)
        if ref and ref.group(1):
            cell_row, col_no = int(ref.group(2)), column_index(ref.group(1).decode())
        else:
            cell_row, col_no = row_no, col_no + 1
        if cell_row > max_rows or col_no > max_cols:
            clipped = clipped or _CONTENT.search(body) is not None
            return
        a1 = f"{column_letter(col_no)}{cell_row}"
        if _F_OPEN.search(body):
            formulas.append(a1)
        attrs = _R_ATTR.sub(b"", attrs)
        kept.append(b'<%sc r="%s"%s>%s</%sc>' % (prefix, a1.encode(), attrs, body, prefix))

    def end_row(prefix: bytes) -> None:
        if row_no <= max_rows:
            out.append(b'<%srow r="%d">%s</%srow>' % (prefix, row_no, b"".join(kept), prefix))
        kept.clear()

    for tag in _TAG.finditer(xml, start.end(), end.start()):
        closing, prefix, name, attrs, empty = tag.groups()
        if name == b"row":
            if cell is not None or (row_prefix is None) == bool(closing):
                raise MalformedSheet(
                    "en rad stängs aldrig eller stängs två gånger",
                    "a row is never closed, or closed twice",
                )
            if closing:
                end_row(row_prefix or b"")
                row_prefix = None
                continue
            m = _R_ATTR.search(attrs)
            row_no = int(m.group(2)) if m else row_no + 1
            col_no = 0
            if empty:
                end_row(prefix)
            else:
                row_prefix = prefix
        else:
            if row_prefix is None or (cell is None) == bool(closing):
                raise MalformedSheet(
                    "en cell står utanför en rad eller stängs aldrig",
                    "a cell is outside a row or never closed",
                )
            if closing:
                assert cell is not None
                add_cell(cell[0], cell[1], xml[cell[2] : tag.start()])
                cell = None
            elif empty:
                add_cell(prefix, attrs, b"")
            else:
                cell = (prefix, attrs, tag.end())
    if row_prefix is not None or cell is not None:
        raise MalformedSheet("en rad eller cell stängs aldrig", "a row or cell is never closed")
    xml = xml[: start.end()] + b"".join(out) + xml[end.start() :]
    return SheetScan(xml, formulas, clipped)


def _balanced(xml: bytes, pos: int = 0, endpos: int | None = None) -> bool:
    """Rows and cells opened are closed, as far as byte counts (C speed) can tell (``_nests``),
    counted in ``xml[pos:endpos]``."""
    end = len(xml) if endpos is None else endpos
    return _nests(
        _count(_ROW_OPEN, xml, pos, end) - _count(_ROW_CLOSE, xml, pos, end),
        lambda: len(_ROW_EMPTY.findall(xml, pos, end)),
        _count(_CELL_OPEN, xml, pos, end) - _count(_CELL_CLOSE, xml, pos, end),
        lambda: _count(_SELF_CLOSE, xml, pos, end),
        lambda: _count(_SELF_CLOSE, xml, 0, len(xml)),
    )


def _nests(
    unclosed_rows: int,
    empty_rows: Callable[[], int],
    open_cells: int,
    self_closed: Callable[[], int],
    all_self_closed: Callable[[], int],
) -> bool:
    """The rule of ``_balanced``, from its counts (the whole scan's, or the rows' summed).

    Called on canonical sheets only, where every cell opens as ``<c r="..."``. Rows exactly
    (self-closing rows are counted only when some row is not closed by ``</row>``); cells by a
    bound, since self-closing cells are too many to count by regex on every sheet: more cells
    left open than there are self-closing tags at all is a sheet that does not nest (20 000
    unclosed ``<c>``), which ``_clip`` then rejects. Self-closing tags are counted in the range,
    then in all of the sheet when those there are too few for the bound.
    """
    if unclosed_rows and unclosed_rows != empty_rows():
        return False
    return open_cells >= 0 and (open_cells <= self_closed() or open_cells <= all_self_closed())


def _count(pattern: re.Pattern[bytes], xml: bytes, pos: int, endpos: int) -> int:
    """``xml.count(literal, pos, endpos)``, by a regex of the literal: twice as fast on XML,
    where the first byte, '<', is everywhere and bytes.count falls back on it at every tag."""
    return len(pattern.findall(xml, pos, endpos))


class _Around(NamedTuple):
    """Where a sheet's cells are, and the bytes around them as the engine gets them."""

    pos: int  # the cells' range: where the scan's regexes need to look (see _around)
    end: int
    head: bytes  # xml[:pos] and xml[end:] without formula elements (without_formula_text)
    tail: bytes


# The bytes before <sheetData> and from </sheetData> on -> whether a tag the scan seeks stands
# there, and both without formula elements. A form's are the same in every file made from it
# (but for the print header's insats name): searched once per template and insats.
_AROUND: BoundedCache[tuple[bytes, bytes], tuple[bool, bytes, bytes]] = BoundedCache(64)
_AROUND_MAX_BYTES = 1 << 16  # a form has ~13 kB there; 64 entries, key and value: <= 8 MB


def _around(xml: bytes) -> _Around:
    """The cells' range: between the sheetData tags as Excel and openpyxl write them when no tag
    the scan looks for stands outside (so every count and search gives what it gives on the
    whole), else everywhere; on a styled form half the bytes lie outside."""
    start, end = xml.find(b"<sheetData>"), xml.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return _Around(0, len(xml), b"", b"")
    before, after = xml[:start], xml[end:]
    found = _AROUND.get((before, after))
    if found is None:
        clean = not any(
            pattern.search(before) or pattern.search(after)
            for pattern in (_SCAN_TOKEN, _PREFIXED_OPEN)
        )
        # no formula element can hold "<sheetData>" (its text has no '<'): stripped apart
        head = _FORMULA_TEXT.sub(b"", before) + b"<sheetData>"
        found = (clean, head, _FORMULA_TEXT.sub(b"", after))
        if len(before) + len(after) <= _AROUND_MAX_BYTES:
            _AROUND.put((before, after), found)
    clean, head, tail = found
    if not clean:
        return _Around(0, len(xml), b"", b"")
    return _Around(start + len(b"<sheetData>"), end, head, tail)


@functools.lru_cache(maxsize=16)
def _far_ref(max_rows: int, max_cols: int) -> re.Pattern[bytes]:
    """A canonical reference with as many column letters or row digits as the limits' own.

    None found proves every cell within the limits (fewer letters or digits means a smaller
    number), in one pass; a match only means the exact check must run.
    """
    letters = len(column_letter(max_cols)) if max_cols >= 1 else 1
    digits = len(str(max_rows)) if max_rows >= 1 else 1
    return re.compile(rb'<c r="(?:[A-Z]{%d}|[A-Z]{1,3}[0-9]{%d})' % (letters, digits))


class _RowFindings(NamedTuple):
    """What the scan's regexes find in one row's bytes (see ``_rows_scan``): flat, so a sheet's
    rows add up by ``zip`` and ``sum``."""

    rows_open: int  # the counts _balanced takes: "<row " or "<row>"
    rows_closed: int  # "</row>"
    empty_rows: int  # "<row .../>"
    cells_open: int  # "<c "
    cells_closed: int  # "</c>"
    self_closed: int  # "/>"
    formulas: tuple[str, ...]  # cells holding a formula
    engine: bytes  # the row without its formula elements (the row itself when it has none)
    cut: bool  # formula elements were taken out
    place: int | None  # row_place
    strings: tuple[int, ...] | None  # shared_refs


# Per limits, a row's bytes (its "</row>" cut off) -> what the scan found there, or None when
# the fast path cannot take the row. Bounded in bytes, emptied whole when full (a refill costs a
# rescan, never memory); a longer row is scanned for its file only.
_ROWS: dict[tuple[int, int], dict[bytes, _RowFindings | None]] = {}
_ROWS_MAX_BYTES = 8 << 20
_ROW_MAX_BYTES = 1 << 16
_rows_bytes = 0
_MISSING = object()  # not in the memo yet (no tuple equals it: `in` finds it by identity)
_NOTHING = _RowFindings(0, 0, 0, 0, 0, 0, (), b"", False, None, ())  # an empty piece


def _row_findings(piece: bytes, text: bytes, far: re.Pattern[bytes]) -> _RowFindings | None:
    """The findings in ``text`` (``piece``, with its "</row>" when it had one), or None when
    the fast path cannot take it."""
    # A cell tag left open up to the row's closing '>' would let _CANON_FORMULA look past the
    # cut (malformed, never written by a program): such a sheet is scanned whole instead.
    last_cell = text.rfind(b'<c r="')
    if not (
        (last_cell < 0 or text.find(b">", last_cell) != len(text) - 1)
        and _NON_CANON_OPEN.search(text) is None
        and _PREFIXED_OPEN.search(text) is None
        and far.search(text) is None
    ):
        return None
    engine = _FORMULA_TEXT.sub(b"", piece)  # only ever takes away: same length, nothing taken
    return _RowFindings(
        _count(_ROW_OPEN, text, 0, len(text)),
        _count(_ROW_CLOSE, text, 0, len(text)),
        len(_ROW_EMPTY.findall(text)),
        _count(_CELL_OPEN, text, 0, len(text)),
        _count(_CELL_CLOSE, text, 0, len(text)),
        _count(_SELF_CLOSE, text, 0, len(text)),
        tuple(_formulas(text, 0, len(text))),
        engine,
        len(engine) != len(piece),
        row_place(engine),  # as in the piece: formula text holds no '<'
        shared_refs(engine),
    )


def _rows_scan(
    xml: bytes,
    pos: int,
    end: int,
    max_rows: int,
    max_cols: int,
    head: bytes = b"",
    tail: bytes = b"",
) -> SheetScan | None:
    """The scan when ``xml[pos:end]`` is canonical, balanced and within the limits
    (``scan_sheet``'s fast path), else None; found row by row, each row's findings kept, and the
    engine's XML joined from the rows without their formula text (``without_formula_text``);
    ``head`` and ``tail`` are ``xml[:pos]`` and ``xml[end:]`` without theirs (``_around``).

    Every pattern the scan uses decides a match by the time it meets the '>' that ends a
    ``</row>``: the literals hold no '>' but at their end, the character classes stop at '<' or
    '>', and the one that does not (``_CANON_FORMULA``'s cell tag, malformed when open that far)
    sends the sheet to the whole scan. So cutting after each ``</row>`` cuts no match, and the
    pieces' findings, added up in order, are what the whole range gives.
    """
    global _rows_bytes
    far = _far_ref(max_rows, max_cols)
    pieces = xml[pos:end].split(b"</row>")
    after = pieces.pop()  # what follows the last "</row>": no "</row>" of its own
    known = _ROWS.get((max_rows, max_cols))
    if known is None:
        known = _ROWS[(max_rows, max_cols)] = {}
    found: list[object] = [known.get(piece, _MISSING) for piece in pieces]
    if _MISSING in found:  # (by identity first) the rows not seen before: scanned here
        for i, piece in enumerate(pieces):
            if found[i] is _MISSING:
                found[i] = row = _row_findings(piece, piece + b"</row>", far)
                if len(piece) <= _ROW_MAX_BYTES:
                    if _rows_bytes + len(piece) > _ROWS_MAX_BYTES:
                        _ROWS.clear()
                        known = _ROWS[(max_rows, max_cols)] = {}
                        _rows_bytes = 0
                    known[piece] = row
                    _rows_bytes += len(piece)
    found.append(_row_findings(after, after, far) if after else _NOTHING)
    if None in found:
        return None
    rows = cast(list[_RowFindings], found)
    (rows_open, rows_closed, empty_rows, cells_open, cells_closed, self_closed, formula_rows,
     engine, cut, places, strings) = zip(*rows, strict=True)  # fmt: skip
    if not _nests(
        sum(rows_open) - sum(rows_closed),
        lambda: sum(empty_rows),
        sum(cells_open) - sum(cells_closed),
        lambda: sum(self_closed),
        lambda: _count(_SELF_CLOSE, xml, 0, len(xml)),
    ):
        return None
    formulas = list(chain.from_iterable(formula_rows))
    stripped = any(cut)
    # without_formula_text(xml), from the rows kept: no formula element crosses a cut (its text
    # holds no '<'), so taking them out piece by piece takes out what one pass would
    if _CDATA in xml:
        return SheetScan(xml, formulas, False, xml)
    # head is empty when tags the scan seeks stand outside sheetData: then no cut into rows
    by_rows = (
        Rows(head, engine[:-1], places[:-1], strings[:-1], engine[-1] + tail) if head else None
    )
    if not stripped and len(head) == pos and len(tail) == len(xml) - end:
        return SheetScan(xml, formulas, False, xml, by_rows)
    return SheetScan(xml, formulas, False, head + b"</row>".join(engine) + tail, by_rows)


def scan_sheet(xml: bytes, *, max_rows: int, max_cols: int = MAX_COLUMNS) -> SheetScan:
    """Formula cells, and the XML clipped to the limits. Untouched in the common case (fast).

    Every writer we know (Excel, LibreOffice, openpyxl, xlsxwriter) writes each cell as
    ``<c r="B7" ...>`` with its formula first. When every cell is in that form, literal-prefix
    regexes (C speed, ~0.1 ms a sheet) settle both questions; anything else is rewritten by
    ``_clip``, which reads positions the way a spreadsheet program does.
    """
    pos, end, head, tail = _around(xml)
    if max_rows >= 0 and max_cols >= 0:
        fast = _rows_scan(xml, pos, end, max_rows, max_cols, head, tail)
        if fast is not None:
            return fast
    return _scan_whole(xml, pos, end, max_rows, max_cols)


def _scan_whole(xml: bytes, pos: int, end: int, max_rows: int, max_cols: int) -> SheetScan:
    """``scan_sheet`` over the whole range at once: what the row by row path must equal."""
    canonical = (
        _NON_CANON_OPEN.search(xml, pos, end) is None
        and _PREFIXED_OPEN.search(xml, pos, end) is None
        and _balanced(xml, pos, end)
    )
    if (
        canonical
        and max_rows >= 0
        and max_cols >= 0
        and _far_ref(max_rows, max_cols).search(xml, pos, end) is None
    ):
        return SheetScan(xml, _formulas(xml, pos, end), False)
    refs = _CANON_REF.findall(xml, pos, end)
    cols, rows = zip(*refs, strict=True) if refs else ((), ())
    if (
        canonical
        and max(map(int, rows), default=0) <= max_rows
        and max(map(column_index, map(bytes.decode, set(cols))), default=0) <= max_cols
    ):
        return SheetScan(xml, _formulas(xml, pos, end), False)
    return _clip(xml, max_rows, max_cols)


def _formulas(xml: bytes, pos: int, end: int) -> list[str]:
    return [ref.decode() for ref in _CANON_FORMULA.findall(xml, pos, end)]


def without_formula_text(xml: bytes) -> bytes:
    """The sheet as the engine gets it: every formula element left out, its cached value kept.

    An engine reading values takes a formula cell's cached ``<v>``, never its formula, so the
    cells come out the same; but it still tokenises the formula's text, and a self-checking
    form's live checks are a third of its bytes (measured: the engine's time for a filled
    report 0.84 -> 0.53 ms). Which cells held formulas is ``SheetScan.formulas``, taken before.
    A sheet with a CDATA section keeps everything: there ``<f>`` could be a text's letters.
    """
    if _CDATA in xml:
        return xml
    return _FORMULA_TEXT.sub(b"", xml)
