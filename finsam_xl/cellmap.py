"""The one shape every reader hands to the pure core: raw values by field id, with their positions.

A reader (xlsx file, live Excel book, Google Sheet) locates cells by defined name only and copies
their raw values here untouched; parsing Swedish input is the core's job (``finsam_xl.parse``).
Nothing in this module imports openpyxl, xlwings or gspread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

RawValue = str | int | float | bool | date | datetime | time | None
"""What a cell can hold as a reader sees it (formulas are never carried: only cached results)."""


@dataclass(frozen=True, slots=True)
class RawCell:
    """One cell: where it is and what it held."""

    sheet: str
    cell: str  # A1 reference without dollars, e.g. "C12"
    value: RawValue

    @property
    def is_empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(slots=True)
class CellMap:
    """Everything a reader found in one workbook, keyed by field id (= defined name).

    ``scalars`` holds the one cell of each scalar field found. ``tables`` holds every row of a
    table field's named block (empty rows included), each row its cells left to right.
    ``texts`` holds every non-empty text cell anywhere in the workbook, for the whole-workbook
    scans (personnummer, text that would be a formula). ``formulas`` lists the cells that held a
    formula in the source: their value here is the cached result or None, never the formula.

    ``properties`` keys a reader may set (all strings):
    ``malltyp``, ``mallversion`` (custom document properties); ``har_makron``, ``har_former``,
    ``har_extlst`` = "ja" when the file holds parts openpyxl would drop on re-save;
    ``trasiga_namn`` (comma-separated field ids whose defined name is broken);
    ``avkortade_blad`` (comma-separated sheets whose content past the reader's limits was not read).
    """

    source: str
    scalars: dict[str, RawCell] = field(default_factory=dict)
    tables: dict[str, list[list[RawCell]]] = field(default_factory=dict)
    texts: list[RawCell] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    formulas: set[tuple[str, str]] = field(default_factory=set)

    def drop_live_checks(self) -> None:
        """Forget the template's live checks (names starting with ``CHECK_PREFIX``) and their
        text: a reader that read every name calls this, so the checks' output is never data."""
        own = [k for k in (*self.scalars, *self.tables) if k.startswith(CHECK_PREFIX)]
        cells = {(c.sheet, c.cell) for k in own if k in self.scalars for c in [self.scalars[k]]}
        cells |= {(c.sheet, c.cell) for k in own for row in self.tables.get(k, []) for c in row}
        for k in own:
            self.scalars.pop(k, None)
            self.tables.pop(k, None)
        if cells:
            self.texts = [t for t in self.texts if (t.sheet, t.cell) not in cells]

    def value(self, field_id: str) -> RawValue:
        cell = self.scalars.get(field_id)
        return None if cell is None else cell.value

    def has(self, field_id: str) -> bool:
        return field_id in self.scalars or field_id in self.tables


CHECK_PREFIX = "kontroll_"
"""Names of a template's live checks (templates/live_checks.py): never a field, never read."""


def check_areas(names: Iterable[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[AreaRef]]:
    """Split defined names into the report's names and the areas of the live checks' cells."""
    fields: list[tuple[str, str]] = []
    areas: list[AreaRef] = []
    for name, text in names:
        if not name.startswith(CHECK_PREFIX):
            fields.append((name, text))
            continue
        try:
            areas.append(parse_area(text))
        except ValueError:
            continue  # a broken check name hides nothing
    return fields, areas


def in_areas(sheet: str, ref: str, areas: Iterable[AreaRef]) -> bool:
    row, col = parse_a1(ref)
    return any(
        a.sheet == sheet and a.min_row <= row <= a.max_row and a.min_col <= col <= a.max_col
        for a in areas
    )


# --- A1 helpers (pure) --------------------------------------------------------------------------

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def column_letter(index: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    if index < 1:
        raise ValueError(f"column index must be >= 1, got {index}")
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27."""
    result = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        result = result * 26 + (ord(ch) - 64)
    return result


def a1(row: int, col: int) -> str:
    """1-based (row, col) -> 'C12'."""
    return f"{column_letter(col)}{row}"


def parse_a1(ref: str) -> tuple[int, int]:
    """'$C$12' or 'C12' -> (12, 3), 1-based (row, col)."""
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref!r}")
    return int(m.group(2)), column_index(m.group(1))


@dataclass(frozen=True, slots=True)
class AreaRef:
    """A defined name's target: a sheet and a rectangle, 1-based inclusive."""

    sheet: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def is_single(self) -> bool:
        return self.min_row == self.max_row and self.min_col == self.max_col

    def cells(self) -> list[list[str]]:
        """A1 refs row by row."""
        return [
            [a1(r, c) for c in range(self.min_col, self.max_col + 1)]
            for r in range(self.min_row, self.max_row + 1)
        ]


def quote_sheet(sheet: str) -> str:
    """Sheet name as it stands in a formula or defined name: quoted when it must be."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def parse_area(text: str) -> AreaRef:
    """ "'Mål och text'!$B$5:$F$14" or "Ekonomi!$C$7" -> AreaRef. Raises ValueError otherwise."""
    text = text.strip().lstrip("=")
    if "!" not in text:
        raise ValueError(f"defined name has no sheet: {text!r}")
    sheet_part, _, ref = text.rpartition("!")
    if sheet_part.startswith("'") and sheet_part.endswith("'") and len(sheet_part) >= 2:
        sheet = sheet_part[1:-1].replace("''", "'")
    else:
        sheet = sheet_part
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last) if last else (r1, c1)
    return AreaRef(sheet, min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


def format_area(area: AreaRef) -> str:
    """AreaRef -> "'Mål'!$B$5:$F$14" (absolute, as Excel stores defined names)."""
    start = f"${column_letter(area.min_col)}${area.min_row}"
    if area.is_single:
        return f"{quote_sheet(area.sheet)}!{start}"
    end = f"${column_letter(area.max_col)}${area.max_row}"
    return f"{quote_sheet(area.sheet)}!{start}:{end}"
