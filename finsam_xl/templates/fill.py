"""Write values into a template by defined name: the one way tests, examples and prefill fill it.

Names are resolved once per call (a dict lookup per field, then plain cell writes), so filling a
500-row participant list costs about as much as writing the cells. Values are written as given:
``fill_workbook`` does not parse, so tests can plant text amounts, odd dates or wrong sums on
purpose. Prefill (prefill.py) turns JSON/CSV text into dates and numbers before calling it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import AreaRef, parse_area
from finsam_xl.errors import TemplateError
from finsam_xl.schema import FIELD_BY_ID, Field, Kind
from finsam_xl.templates.style import set_header_title

TEXT_KINDS = frozenset({Kind.TEXT, Kind.LONGTEXT, Kind.EMAIL})


def resolve_names(wb: Workbook, ids: Sequence[str]) -> dict[str, tuple[Worksheet, AreaRef]]:
    """Field id -> (sheet, area) for the given ids; a TemplateError names the first one missing."""
    out: dict[str, tuple[Worksheet, AreaRef]] = {}
    for field_id in ids:
        if field_id not in FIELD_BY_ID:
            raise TemplateError(
                f"okänt fält {field_id!r}: det finns inte i schemat",
                en=f"unknown field {field_id!r}: it is not in the schema",
            )
        defined = wb.defined_names.get(field_id)
        if defined is None or defined.attr_text is None:
            raise TemplateError(
                f"fältet {field_id!r} finns inte i den här mallen",
                en=f"the field {field_id!r} is not in this template",
            )
        try:
            area = parse_area(defined.attr_text)
        except ValueError as exc:
            raise TemplateError(
                f"namnet {field_id!r} pekar inte på celler",
                en=f"the name {field_id!r} does not refer to cells",
            ) from exc
        if area.sheet not in wb.sheetnames:
            raise TemplateError(
                f"namnet {field_id!r} pekar på bladet {area.sheet!r} som saknas",
                en=f"the name {field_id!r} refers to the sheet {area.sheet!r}, which is missing",
            )
        out[field_id] = (wb[area.sheet], area)
    return out


def _row_values(f: Field, index: int, row: Any) -> list[Any]:
    """One table row as values in column order, from a list/tuple or a dict by column id."""
    width = len(f.columns)
    if isinstance(row, Mapping):
        known = {c.id for c in f.columns}
        unknown = [k for k in row if k not in known]
        if unknown:
            columns = ", ".join(c.id for c in f.columns)
            raise TemplateError(
                f"{f.id}, rad {index + 1}: okänd kolumn {unknown[0]!r} (kolumnerna är {columns})",
                en=f"{f.id}, row {index + 1}: unknown column {unknown[0]!r} (the columns are "
                f"{columns})",
            )
        return [row.get(c.id) for c in f.columns]
    if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
        raise TemplateError(
            f"{f.id}, rad {index + 1}: en rad ska vara en lista eller ett objekt",
            en=f"{f.id}, row {index + 1}: a row must be a list or an object",
        )
    if len(row) > width:
        raise TemplateError(
            f"{f.id}, rad {index + 1}: {len(row)} värden men bara {width} kolumner",
            en=f"{f.id}, row {index + 1}: {len(row)} values but only {width} columns",
        )
    return list(row)


def _put(ws: Worksheet, row: int, col: int, value: Any, text: bool) -> None:
    cell = ws.cell(row, col)
    cell.value = value
    if text and isinstance(value, str) and value.startswith("="):
        # typed into a text-formatted (@) cell, "=..." stays text; openpyxl would make a formula
        cell.data_type = "s"


def fill_workbook(wb: Workbook, values: Mapping[str, Any]) -> None:
    """Write ``values`` (field id -> value, or -> list of rows for a table) into ``wb``.

    A table row is a list in the schema's column order or a dict by column id; rows not given
    are left as they are. Raises TemplateError naming the field on an unknown id, a field this
    template lacks, or more rows than the table holds.
    """
    targets = resolve_names(wb, list(values))
    for field_id, value in values.items():
        ws, area = targets[field_id]
        f = FIELD_BY_ID[field_id]
        if f.kind is not Kind.TABLE:
            _put(ws, area.min_row, area.min_col, value, f.kind in TEXT_KINDS)
            continue
        rows = list(value or [])
        capacity = area.max_row - area.min_row + 1
        if len(rows) > capacity:
            raise TemplateError(
                f"{field_id}: {len(rows)} rader men tabellen rymmer {capacity}",
                en=f"{field_id}: {len(rows)} rows but the table holds {capacity}",
            )
        text = [c.kind in TEXT_KINDS for c in f.columns]
        for i, row in enumerate(rows):
            r = area.min_row + i
            for j, cell_value in enumerate(_row_values(f, i, row)):
                _put(ws, r, area.min_col + j, cell_value, text[j])
    name = values.get("insats_namn")
    if isinstance(name, str) and name.strip():
        for ws in wb.worksheets:  # the printed header names the insats once it is known
            set_header_title(ws, name.strip())
