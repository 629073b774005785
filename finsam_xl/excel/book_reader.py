"""Read an open xlwings Book into the same CellMap the .xlsx reader gives.

Cells are located by defined name only (``book.names``, workbook scope) by the same rules as
``finsam_xl.readers.xlsx``, so validation cannot tell an open book from a saved file. What the
Book API cannot give: document properties (the template type is also in named cells, which
validation reads first), and on the remote engine which cells hold formulas. Desktop Excel reads
formulas synchronously; xlwings Lite fetches them (``await used_range.get_formula()``) and passes
them in as ``formulas``.

Each sheet's used range is read once as one block: a round trip per name would be slow on
desktop Excel, and on the remote engine and in xlwings Lite the values are already in the payload.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from finsam_xl.cellmap import AreaRef, CellMap, RawCell, RawValue, a1, parse_area
from finsam_xl.excel.common import KONTROLL, MARKS, Book, unsupported
from finsam_xl.schema import FIELD_BY_ID, Kind

# Sheets finsam-xl itself writes into a report: never part of what the officer submitted.
_OWN_SHEETS = frozenset({KONTROLL.casefold(), MARKS.casefold()})


class _Grid:
    """One sheet's values as a block anchored at its used range's top-left cell."""

    def __init__(self, values: list[list[Any]], row: int, col: int) -> None:
        self.values = values
        self.row = row
        self.col = col

    def get(self, row: int, col: int) -> RawValue:
        r, c = row - self.row, col - self.col
        if r < 0 or c < 0 or r >= len(self.values) or c >= len(self.values[r]):
            return None
        return _raw(self.values[r][c])


def _raw(value: Any) -> RawValue:
    """Engine values as a reader would hand them over; empty text is an empty cell."""
    if value is None or isinstance(value, bool | int | float | date | datetime | time | str):
        return None if value == "" else value
    return str(value)


def _read_grid(sheet: Any) -> _Grid:
    used = sheet.used_range
    values = used.options(ndim=2).value
    return _Grid([list(row) for row in (values or [])], int(used.row), int(used.column))


def _formula_set(title: str, grid: _Grid, formulas: Any) -> set[tuple[str, str]]:
    """The cells of a block of formula texts (anchored where the grid is) that hold one."""
    if isinstance(formulas, str):
        formulas = ((formulas,),)
    found: set[tuple[str, str]] = set()
    for r, row in enumerate(formulas or ()):
        for c, text in enumerate(row if isinstance(row, list | tuple) else (row,)):
            if isinstance(text, str) and text.startswith("="):
                found.add((title, a1(grid.row + r, grid.col + c)))
    return found


def _formula_cells(sheet: Any, grid: _Grid) -> set[tuple[str, str]]:
    """Cells holding a formula, where the engine can tell synchronously (desktop Excel). The
    remote engine cannot; there the set stays empty, which only costs the "formula in an input
    cell" check, never a wrong value (Lite fetches them first: ``read_book(formulas=...)``)."""
    if not grid.values:
        return set()
    try:
        rng = sheet.range(
            (grid.row, grid.col),
            (grid.row + len(grid.values) - 1, grid.col + len(grid.values[0]) - 1),
        )
        formulas = rng.formula
    except Exception as exc:
        if unsupported(exc):
            return set()
        raise
    return _formula_set(str(sheet.name), grid, formulas)


def _refers_to(name: Any) -> str | None:
    try:
        refers_to = name.refers_to
    except Exception:  # a name the engine cannot describe is a broken name, not a crash
        return None
    return refers_to if isinstance(refers_to, str) else None


def _workbook_names(book: Book, titles: dict[str, str]) -> tuple[dict[str, AreaRef], list[str]]:
    """Workbook-scoped names -> areas on existing sheets, and the broken ones, by the same rules
    as the .xlsx reader: the schema says which fields are tables, a scalar needs one cell."""
    areas: dict[str, AreaRef] = {}
    broken: list[str] = []
    for name in book.names:
        text = str(name.name)
        if "!" in text:  # sheet-scoped: the templates define fields at workbook scope only
            continue
        refers_to = _refers_to(name)
        try:
            area = parse_area(refers_to or "")
        except ValueError:
            broken.append(text)
            continue
        sheet = titles.get(area.sheet.casefold())
        field = FIELD_BY_ID.get(text)
        is_table = field.kind is Kind.TABLE if field else not area.is_single
        if sheet is None or (not is_table and not area.is_single):
            broken.append(text)
            continue
        areas[text] = AreaRef(sheet, area.min_row, area.min_col, area.max_row, area.max_col)
    return areas, broken


def read_book(
    book: Book, *, source: str | None = None, formulas: dict[str, Any] | None = None
) -> CellMap:
    """Everything validation needs from ``book``, keyed by field id (= defined name).

    ``source`` names the book in issues; by default the book's own name. ``formulas`` (sheet name
    -> the formula texts of its used range, as xlwings Lite's ``get_formula`` gives them) stands
    in for reading formulas from the book, which Lite cannot do synchronously.
    """
    grids: dict[str, _Grid] = {}
    cellmap = CellMap(source=source or str(book.name))
    for sheet in book.sheets:
        title = str(sheet.name)
        if title.casefold() in _OWN_SHEETS:
            continue
        grid = _read_grid(sheet)
        grids[title.casefold()] = grid
        if formulas is None:
            cellmap.formulas |= _formula_cells(sheet, grid)
        elif title in formulas:
            cellmap.formulas |= _formula_set(title, grid, formulas[title])
        for r, row in enumerate(grid.values):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.strip():
                    cellmap.texts.append(RawCell(title, a1(grid.row + r, grid.col + c), value))
    titles = {str(sheet.name).casefold(): str(sheet.name) for sheet in book.sheets}
    areas, broken = _workbook_names(book, titles)
    for field_id, area in areas.items():
        target = grids.get(area.sheet.casefold())
        if target is None:  # a name into finsam-xl's own sheets is no field of the report
            broken.append(field_id)
            continue
        rows = [
            [
                RawCell(area.sheet, ref, target.get(area.min_row + i, area.min_col + j))
                for j, ref in enumerate(refs)
            ]
            for i, refs in enumerate(area.cells())
        ]
        field = FIELD_BY_ID.get(field_id)
        if (field.kind is not Kind.TABLE) if field else area.is_single:
            cellmap.scalars[field_id] = rows[0][0]
        else:
            cellmap.tables[field_id] = rows
    cellmap.drop_live_checks()
    if broken:
        cellmap.properties["trasiga_namn"] = ",".join(broken)
    return cellmap
