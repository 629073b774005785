"""Where a template's live checks go (pure): each check's cell and the cell it concerns.

A check of one cell gets a check cell to the right of everything else on its sheet, on the row
of the cell it concerns (or the next free row). A check of the participant list's rows gets a
column of flags beside the list, and shares one text column with the list's other row checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from finsam_xl.cellmap import AreaRef, column_letter, quote_sheet
from finsam_xl.live_base import Fields, LiveCheck
from finsam_xl.live_forms import FORMULA_GUARDS, live_checks
from finsam_xl.schema import FIELD_BY_ID
from finsam_xl.templates.sheet_plan import SheetPlan


@dataclass(frozen=True)
class PlacedCheck:
    """A check and where it is: its own cell and the cell it concerns, on one sheet.

    A per-row check has a column of flag cells (``cell``, 1 where its row breaks the rule) over
    the table's rows, beside the concerned column (``target``), and shares the sheet's text
    column (``text``) with the other per-row checks.
    """

    check: LiveCheck
    sheet: str
    cell: AreaRef  # the check cell (text); a per-row check's flag column
    target: AreaRef  # the concerned field's cell; a per-row check's column of the table
    text: AreaRef | None = None  # a per-row check: the column saying what each row breaks

    @property
    def ref(self) -> str:
        """The check cell; a per-row check's flag column (absolute)."""
        top = f"{quote_sheet(self.sheet)}!${column_letter(self.cell.min_col)}${self.cell.min_row}"
        if self.cell.is_single:
            return top
        return f"{top}:${column_letter(self.cell.max_col)}${self.cell.max_row}"

    @property
    def fired(self) -> str:
        """A formula expression: how many problems the check shows now."""
        return f'({self.ref}<>"")' if self.cell.is_single else f"SUM({self.ref})"


def last_col(sheet: SheetPlan) -> int:
    cols = [c.col + c.span - 1 for c in sheet.cells]
    cols += [i.area.max_col + i.span - 1 for i in sheet.inputs]
    return max([*cols, *sheet.widths])


def place_checks(sheets: Sequence[SheetPlan]) -> list[PlacedCheck]:
    """Every live check of a template planned as ``sheets``, at its check cell (pure)."""
    where = {fid: (s, area) for s in sheets for fid, area in s.names.items()}
    placed: list[PlacedCheck] = []
    taken: dict[str, set[tuple[int, int]]] = {}
    malltyp = next(s.malltyp for s in sheets if s.malltyp is not None)
    checks = live_checks(Fields(malltyp, {fid: s.name for fid, (s, _) in where.items()}))
    # A check of the template's own formula fires only when someone overwrote it: the other
    # checks pick first, so their text stands on the row of the cell it is about (or beside the
    # text of another check on that row); the rest take the next free row.
    for check in sorted(checks, key=lambda c: c.code in FORMULA_GUARDS):
        if check.per_row:
            continue
        sheet, area = where[check.field]
        row0, col0 = area.min_row, area.min_col + check.column
        target = AreaRef(sheet.name, row0, col0, row0, col0)
        col = last_col(sheet) + 2
        used = taken.setdefault(sheet.name, set())
        row = target.min_row
        spot = next(((row, c) for c in (col, col + 1) if (row, c) not in used), None)
        while spot is None:
            row += 1
            spot = None if (row, col) in used else (row, col)
        used.add(spot)
        cell = AreaRef(sheet.name, spot[0], spot[1], spot[0], spot[1])
        placed.append(PlacedCheck(check, sheet.name, cell, target))
    # per-row checks: the text column after the sheet's other checks, then one flag column each
    text_col: dict[str, int] = {}
    flag_col: dict[str, int] = {}
    for check in (c for c in checks if c.per_row):
        sheet, area = where[check.field]
        if sheet.name not in text_col:
            cols = [c for _, c in taken.get(sheet.name, set())]
            text_col[sheet.name] = max([last_col(sheet) + 1, *cols]) + 1
            flag_col[sheet.name] = text_col[sheet.name] + 1
        flag, text = flag_col[sheet.name], text_col[sheet.name]
        flag_col[sheet.name] += 1
        col0 = area.min_col + check.column
        placed.append(
            PlacedCheck(
                check,
                sheet.name,
                AreaRef(sheet.name, area.min_row, flag, area.max_row, flag),
                AreaRef(sheet.name, area.min_row, col0, area.max_row, col0),
                AreaRef(sheet.name, area.min_row, text, area.max_row, text),
            )
        )
    order = {id(c): i for i, c in enumerate(checks)}
    return sorted(placed, key=lambda p: order[id(p.check)])


def row_cells(p: PlacedCheck, row: int) -> dict[str, str]:
    """A per-row check's ``{column id}`` -> that column's cell on ``row`` of its table."""
    columns = FIELD_BY_ID[p.check.field].columns
    first = p.target.min_col - p.check.column
    return {c.id: f"${column_letter(first + i)}{row}" for i, c in enumerate(columns)}
