"""Worksheet cell values in pure Python, for where python-calamine cannot be installed.

xlwings Lite runs Python in the browser (Pyodide), and Pyodide has no python-calamine that
finsam-xl can use. There ``readers.xlsx`` reads the cells here instead, from the same verified
parts (``ooxml.read_package``, clipped by ``sheetxml``). The contract is calamine's: each sheet as
``CalamineSheet.to_python(skip_empty_area=False, nrows=...)`` gives it, value for value and type
for type, so a workbook's ``CellMap`` is identical on both paths (tests/test_reader_paths.py
compares them on every example, template and test workbook). The rules below were read from
calamine's behaviour (python-calamine 0.9) and pinned by those tests, quirks included:

- Numbers are floats; a number under a date/time format becomes ``date`` (whole), ``datetime``
  (with a time), ``time`` (under 1), or ``timedelta`` (elapsed formats such as ``[h]:mm``), with
  the 1900 leap-year bug kept (serials under 60 count from 1899-12-31) and times rounded to the
  millisecond; a date past 9999-12-31, or before calamine's earliest date, stays a float.
- Text is the shared or inline string, phonetic runs left out, ``_xHHHH_`` escapes decoded, each
  ``<t>`` trimmed of XML white space unless it says ``xml:space="preserve"``.
- Empty cells and error values (``#N/A`` ...) are ``""``; an error code calamine does not know
  (``#SPILL!``), an unknown cell type or a missing shared string makes the sheet unreadable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as safe_et

__all__ = ["PureWorkbook", "SheetError"]

Value = float | str | bool | date | datetime | time | timedelta
Grid = list[list[Value]]


class SheetError(ValueError):
    """The sheet cannot be read (the message is calamine's kind of reason, in English)."""


class _Broken:
    """A number no date or duration can hold. calamine fails on it only when it hands the grid
    to Python, so a later cell at the same place still replaces it: the check waits till then."""

    def __init__(self, why: str) -> None:
        self.why = why


# Built-in number formats that are dates or times (ECMA-376 18.8.30); 46 is elapsed time.
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 47})
_BUILTIN_ELAPSED = 46
_OTHER, _DATE, _ELAPSED = 0, 1, 2
_KNOWN_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|infinity|nan)", re.I)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MS_PER_DAY = 86_400_000
_EPOCH_1900 = datetime(1899, 12, 30)
# calamine's date arithmetic (chrono) ends on this day, counted from 1899-12-30: earlier serials
# under a date format stay numbers. Found by bisection against python-calamine 0.9.1.
_EARLIEST_DAY = -96_439_723
# chrono cannot hold more milliseconds than this: calamine itself fails on such a cell.
_MAX_MS = 2**63 - 1


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(elem: Element, name: str) -> Iterator[Element]:
    return (child for child in elem if _local(child.tag) == name)


def _parse(xml: bytes) -> Element:
    root: Element = safe_et.fromstring(xml, forbid_dtd=True)
    return root


def format_kind(code: str) -> int:
    """Whether a custom number format shows a date/time, elapsed time, or anything else.

    Only the first section counts. Quoted text, ``\\``-escaped characters and the character after
    ``_`` or ``*`` are literals; ``[...]`` holds colours, conditions and locales, except the
    elapsed-time tokens ``[h]``, ``[mm]``, ``[ss]``. A ``d m y h s`` token outside brackets makes
    a date; after an ``a`` (AM/PM), ``p``, ``m`` or ``/`` does too.
    """
    literal_next = quoted = after_a = elapsed = False
    depth = 0
    prev = " "
    for ch in code:
        if literal_next:
            literal_next = False
        elif ch in "_\\*":
            literal_next = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return _OTHER
        elif ch == "[":
            depth += 1
        elif ch == "]" and depth == 1 and elapsed:
            return _ELAPSED
        elif ch == "]":
            depth = max(depth - 1, 0)
        elif depth == 0 and not after_a and ch in "aA":
            after_a = True
        elif depth == 0 and ch in ("pmPM/" if after_a else "dmyhsDMYHS"):
            return _DATE
        elif not (elapsed and ch.lower() == prev.lower()):
            elapsed = prev == "[" and ch in "mhsMHS"
        prev = ch
    return _OTHER


def _styles(xml: bytes | None) -> list[int]:
    """The format kind of each cell style (cellXfs), by index."""
    if xml is None:
        return []
    root = _parse(xml)
    custom: dict[str, str] = {}
    kinds: list[int] = []
    for section in root:
        name = _local(section.tag)
        if name == "numFmts":
            for fmt in _children(section, "numFmt"):
                code = fmt.get("formatCode") or ""
                if code:
                    custom[fmt.get("numFmtId") or ""] = code
        elif name == "cellXfs":
            for xf in _children(section, "xf"):
                fmt_id = xf.get("numFmtId")
                if fmt_id is None:
                    kinds.append(_OTHER)
                elif fmt_id in custom:
                    kinds.append(format_kind(custom[fmt_id]))
                else:
                    number = int(fmt_id) if fmt_id.isdigit() else -1
                    kinds.append(
                        _DATE
                        if number in _BUILTIN_DATES
                        else _ELAPSED
                        if number == _BUILTIN_ELAPSED
                        else _OTHER
                    )
    return kinds


def _unescape(text: str) -> str:
    if "_x" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return m.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)

    return _ESCAPE.sub(one, text)


_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_WHITE = " \t\r\n"  # XML's white space: a no-break space is text


def _t_text(t: Element) -> str:
    text = t.text or ""
    return text if t.get(_XML_SPACE) == "preserve" else text.strip(_WHITE)


def _rich_text(elem: Element) -> str:
    """A string item (``<si>`` or ``<is>``): its ``<t>`` texts in order, phonetic runs left out."""
    parts: list[str] = []
    for child in elem:
        name = _local(child.tag)
        if name == "t":
            parts.append(_t_text(child))
        elif name == "r":
            parts.extend(_t_text(t) for t in _children(child, "t"))
    return _unescape("".join(parts))


def _shared_strings(xml: bytes | None) -> list[str]:
    if xml is None:
        return []
    return [_rich_text(si) for si in _children(_parse(xml), "si")]


def _round_ms(days: float) -> int:
    """Days as whole milliseconds, halves away from zero (Rust's ``f64::round``); like Rust's
    float-to-integer cast, NaN gives 0 and the infinities saturate."""
    ms = days * _MS_PER_DAY
    if math.isnan(ms):
        return 0
    if math.isinf(ms):
        return _MAX_MS if ms > 0 else -_MAX_MS - 1
    whole = math.trunc(ms)  # exact, as is ms - whole: no rounding error at any magnitude
    if abs(ms - whole) >= 0.5:
        whole += 1 if ms > 0 else -1
    return int(whole)


def _date_value(number: float, date1904: bool) -> Value | _Broken:
    """A number under a date/time format, as calamine hands it to Python."""
    if math.isnan(number):
        return _EPOCH_1900
    if number == math.inf:
        return number
    # Counted from 1899-12-30. The 1904 system is the 1900 one moved by 1462 days; the 1900
    # system counts a 29 February 1900 that never was, so serials under 60 gain a day.
    days = number + 1462 if date1904 else number
    days = days + 1 if days < 60 else days
    if number < 1:
        if days * _MS_PER_DAY < -_MAX_MS:  # calamine itself fails on such a cell
            return _Broken(f"date value {number!r} out of range")
        ms = _round_ms(days)
        if ms < _EARLIEST_DAY * _MS_PER_DAY:
            return number
        of_day = ms % _MS_PER_DAY
        return time(of_day // 3_600_000, of_day // 60_000 % 60, of_day // 1000 % 60).replace(
            microsecond=of_day % 1000 * 1000
        )
    try:
        moment = _EPOCH_1900 + timedelta(milliseconds=_round_ms(days))
    except OverflowError:  # past 9999-12-31
        return number
    return moment.date() if number == math.floor(number) else moment


_ISO_DATETIME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?")


def _micro(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def _iso_value(text: str) -> Value:
    """A ``t="d"`` cell: an ISO 8601 date and time (with seconds), date, or time, as calamine
    parses them; anything else, an invalid date included, stays the text it is."""
    bare = text.strip(_WHITE)
    try:
        if m := _ISO_DATETIME.fullmatch(bare):
            y, mo, d, h, mi, sec = (int(g) for g in m.groups()[:6])
            return datetime(y, mo, d, h, mi, sec, _micro(m.group(7)))
        if m := _ISO_DATE.fullmatch(bare):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _ISO_TIME.fullmatch(bare):
            return time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), _micro(m.group(4)))
    except ValueError:
        pass
    return text


def _index(text: str) -> int:
    """An unsigned index as calamine parses it: anything but plain digits counts as 0."""
    if not (text.isascii() and text.isdigit()):
        return 0
    number = int(text)
    return number if number < 2**64 else 0


def _cell_value(
    cell: Element, strings: list[str], kinds: list[int], date1904: bool
) -> Value | _Broken | None:
    """The cell's value, or None where calamine sees an empty cell."""
    kind_attr = cell.get("t")
    value: Value | _Broken | None = None
    for child in cell:
        name = _local(child.tag)
        if name == "f":
            continue
        if name == "is":
            value = _rich_text(child)
        elif name == "v":
            if kind_attr in ("inlineStr", "is"):
                value = None
            else:
                value = _v_value(
                    child.text or "", kind_attr, cell.get("s"), strings, kinds, date1904
                )
        else:
            raise SheetError(f"unexpected <{name}> in a cell, expecting v, f or is")
    return value


def _v_value(
    text: str,
    kind_attr: str | None,
    style: str | None,
    strings: list[str],
    kinds: list[int],
    date1904: bool,
) -> Value | _Broken | None:
    if kind_attr in ("n", "s", "b", "e", None) and not text:
        return None  # calamine sees no value in an empty <v> of these types
    if kind_attr == "s":
        index = _index(text)
        if index >= len(strings):
            raise SheetError("cell string index not found in shared strings table")
        return strings[index]
    if kind_attr == "b":
        if not text:
            return None
        flag = text.strip(_WHITE).lower()
        if not flag:
            return None
        if flag not in ("0", "1", "true", "false"):
            raise SheetError(f"unrecognized boolean cell value: {text!r}")
        return flag in ("1", "true")
    if kind_attr == "d":
        return _iso_value(text)
    if kind_attr == "e":
        if not text:
            return None
        if text not in _KNOWN_ERRORS:
            raise SheetError(f"unsupported cell error value {text!r}")
        return ""
    if kind_attr == "str":
        return _unescape(text)
    if kind_attr not in ("n", None):
        raise SheetError(f"unknown cell 't' attribute: {kind_attr!r}")
    if not text:
        return None
    if not _NUMBER.fullmatch(text):
        if kind_attr is None:
            return text
        raise SheetError(f"invalid float literal {text!r}")
    number = float(text)
    if style is None:
        return number
    index = _index(style)
    kind = kinds[index] if index < len(kinds) else _OTHER
    if kind == _DATE:
        return _date_value(number, date1904)
    if kind == _ELAPSED:
        try:
            return timedelta(milliseconds=_round_ms(number))
        except OverflowError:
            return _Broken(f"duration {number!r} out of range")
    return number


_REF = re.compile(r"([A-Za-z]*)(\d*)")


def _position(ref: str) -> tuple[int, int | None]:
    """(row, column) of an A1 reference, both 0-based; the column None for a bare row number."""
    m = _REF.fullmatch(ref)
    if m is None or not m.group(2) or int(m.group(2)) == 0:
        raise SheetError(f"bad cell reference {ref!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, (col - 1 if m.group(1) else None)


def _sheet_grid(
    xml: bytes, strings: list[str], kinds: list[int], date1904: bool, max_rows: int
) -> Grid:
    root = _parse(xml)
    data = next((child for child in root if _local(child.tag) == "sheetData"), None)
    if data is None:
        return []
    cells: dict[tuple[int, int], Value | _Broken] = {}
    row_index = 0
    for row in _children(data, "row"):
        ref = row.get("r")
        if ref is not None:
            row_index = _position(ref)[0]
        col_index = 0
        for cell in _children(row, "c"):
            pos = cell.get("r")
            if pos is not None:
                row_at, col = _position(pos)
                if col is None:
                    raise SheetError(f"cell reference {pos!r} has no column")
                col_index = col
            else:
                row_at = row_index
            value = _cell_value(cell, strings, kinds, date1904)
            if value is not None:
                cells[(row_at, col_index)] = value
            col_index += 1
        row_index += 1
    kept = {pos: v for pos, v in cells.items() if pos[0] < max_rows}
    if not kept:
        return []
    broken = next((v for v in kept.values() if isinstance(v, _Broken)), None)
    if broken is not None:
        raise SheetError(broken.why)
    values = {pos: v for pos, v in kept.items() if not isinstance(v, _Broken)}
    height = max(r for r, _ in kept) + 1
    width = max(c for _, c in kept) + 1
    grid: Grid = [[""] * width for _ in range(height)]
    for (r, c), value in values.items():
        grid[r][c] = value
    return grid


def _date1904(workbook: bytes) -> bool:
    for elem in _parse(workbook):
        if _local(elem.tag) == "workbookPr":
            return (elem.get("date1904") or "").strip().lower() in ("1", "true")
    return False


class PureSheet:
    def __init__(self, book: PureWorkbook, part: str) -> None:
        self._book = book
        self._part = part

    def to_python(self, *, skip_empty_area: bool = False, nrows: int) -> Grid:
        """The sheet from A1 to its last non-empty cell, rows padded with ``""``."""
        if skip_empty_area:
            raise ValueError("only skip_empty_area=False, as readers.xlsx asks")
        book = self._book
        return _sheet_grid(book.parts[self._part], book.strings, book.kinds, book.date1904, nrows)


class PureWorkbook:
    """The part of ``python_calamine.CalamineWorkbook`` that ``readers.xlsx`` uses.

    Made from the verified parts of ``ooxml.read_package`` and the worksheets' part names; like
    calamine, the shared strings and styles are read from their usual places when it is made, so
    a broken one makes the whole workbook unreadable and a broken sheet only that sheet.
    """

    def __init__(self, parts: dict[str, bytes], sheets: dict[str, str]) -> None:
        self.parts = parts
        self.sheets = sheets
        self.strings = _shared_strings(parts.get("xl/sharedStrings.xml"))
        self.kinds = _styles(parts.get("xl/styles.xml"))
        self.date1904 = _date1904(parts["xl/workbook.xml"])

    def __enter__(self) -> PureWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def get_sheet_by_name(self, name: str) -> PureSheet:
        if name not in self.sheets:
            raise SheetError(f"worksheet {name!r} not found")
        return PureSheet(self, self.sheets[name])
