"""Where each field's cells are in a workbook: its defined names resolved, once per template.

A report is read by the plan of its template: which cells each field takes (a scalar's one
cell, a list's rows), which names are broken (``fel-mall`` downstream) or cut at the row limit,
and the live checks' areas, whose text is the template's own output. The same names and sheets
give the same plan, so a batch of files from one template makes it once (``_PLANS``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from finsam_xl.cellmap import AreaRef, RawCell, check_areas, column_letter, parse_area
from finsam_xl.readers.cache import BoundedCache
from finsam_xl.readers.sheetxml import MAX_COLUMNS
from finsam_xl.schema import FIELD_BY_ID, Kind

__all__ = ["LETTERS", "FieldPlan", "plan_for"]

LETTERS = [column_letter(c) for c in range(1, MAX_COLUMNS + 1)]  # column index - 1 -> letters


def _resolve_names(
    defined_names: Iterable[tuple[str, str]], worksheets: Collection[str], max_rows: int
) -> tuple[dict[str, AreaRef], list[str], list[str]]:
    """Defined names -> areas on real worksheets; the rest are broken (`fel-mall` downstream).

    A list reaching past ``max_rows`` is read up to that row and named in the third list, so
    validation can say the rest was not read; any other name past the limits is broken.
    """
    folded = {s.casefold(): s for s in worksheets}
    areas: dict[str, AreaRef] = {}
    broken: list[str] = []
    cut: list[str] = []
    for name, text in defined_names:
        try:
            area = parse_area(text)
        except ValueError:
            broken.append(name)
            continue
        sheet = area.sheet if area.sheet in worksheets else folded.get(area.sheet.casefold())
        field = FIELD_BY_ID.get(name)
        is_table = field.kind is Kind.TABLE if field else not area.is_single
        max_row = area.max_row
        if is_table and area.min_row <= max_rows < max_row:
            cut.append(name)
            max_row = max_rows
        if (
            sheet is None
            or max_row > max_rows
            or area.max_col > MAX_COLUMNS
            or (not is_table and not area.is_single)
        ):
            broken.append(name)
            continue
        areas[name] = AreaRef(sheet, area.min_row, area.min_col, max_row, area.max_col)
    return areas, broken, [n for n in cut if n in areas]


# Rows of (row index, ((col index, A1 ref, the cell when empty), ...)), indexes 0-based. Most
# cells of a form are empty: their RawCell is made once per plan and shared (it is frozen).
_Cells = tuple[tuple[int, tuple[tuple[int, str, RawCell], ...]], ...]


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """Where each field's cells are: the same for every file made from one template."""

    fields: tuple[tuple[str, str, bool, _Cells], ...]  # (field id, sheet, is table, cells)
    broken: tuple[str, ...]
    cut: tuple[str, ...]  # lists reaching past the row limit, read up to it
    named_sheets: frozenset[str]


def _a1(col: int, row: int) -> str:
    return f"{LETTERS[col]}{row}"


# (defined names as (name, text), worksheet names, row limit): what a plan is made from
_Key = tuple[tuple[tuple[str, str], ...], tuple[str, ...], int]
_PLANS: BoundedCache[_Key, FieldPlan] = BoundedCache(32)
# A plan naming more cells, or made from more name text, is made afresh for its file, never kept.
_PLAN_MAX_CELLS = 100_000
_PLAN_MAX_CHARS = 1 << 18


def _plan(
    defined_names: tuple[tuple[str, str], ...], sheets: tuple[str, ...], max_rows: int
) -> FieldPlan:
    """The fields' cells of a workbook with these names and sheets, made once per template.

    Keyed on the name texts and sheet names themselves (tuples compare in full, not by a
    digest), so two workbooks share a plan only when everything it is made from is equal.
    """
    key = (defined_names, sheets, max_rows)
    plan = _PLANS.get(key)
    if plan is not None:
        return plan
    areas, broken, cut = _resolve_names(defined_names, sheets, max_rows)
    fields: list[tuple[str, str, bool, _Cells]] = []
    size = 0
    for field_id, area in areas.items():
        cols = range(area.min_col - 1, area.max_col)
        sheet = area.sheet
        cells = tuple(
            (r - 1, tuple((c, ref, RawCell(sheet, ref, None)) for c in cols if (ref := _a1(c, r))))
            for r in range(area.min_row, area.max_row + 1)
        )
        size += len(cells) * len(cols)
        field = FIELD_BY_ID.get(field_id)
        is_table = field.kind is Kind.TABLE if field else not area.is_single
        fields.append((field_id, area.sheet, is_table, cells))
    plan = FieldPlan(
        tuple(fields), tuple(broken), tuple(cut), frozenset(a.sheet for a in areas.values())
    )
    chars = sum(len(name) + len(text) for name, text in defined_names) + sum(map(len, sheets))
    if size <= _PLAN_MAX_CELLS and chars <= _PLAN_MAX_CHARS:
        _PLANS.put(key, plan)
    return plan


_NAMES: BoundedCache[_Key, tuple[FieldPlan, tuple[AreaRef, ...]]] = BoundedCache(32)


def plan_for(
    defined_names: tuple[tuple[str, str], ...], sheets: tuple[str, ...], max_rows: int
) -> tuple[FieldPlan, tuple[AreaRef, ...]]:
    """The plan of a workbook's fields and its live checks' areas (the template's own output,
    not the report: their names and texts are skipped); kept beside the plan it names."""
    key = (defined_names, sheets, max_rows)
    hit = _NAMES.get(key)
    if hit is not None:
        return hit
    names, own = check_areas(defined_names)
    plan_key = (tuple(names), sheets, max_rows)
    plan = _plan(*plan_key)
    found = (plan, tuple(own))
    chars = sum(len(name) + len(text) for name, text in defined_names)
    if _PLANS.get(plan_key) is plan and chars <= _PLAN_MAX_CHARS:  # small enough (see _plan)
        _NAMES.put(key, found)
    return found
