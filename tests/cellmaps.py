"""Build CellMaps from plain dicts, so the pure core is tested without any file."""

from __future__ import annotations

from typing import Any

from finsam_xl.cellmap import CellMap, RawCell, a1
from finsam_xl.schema import FIELD_BY_ID, MALLVERSION, Kind, Malltyp, fields_for


def make_cellmap(
    malltyp: str, values: dict[str, Any] | None = None, *, omit: tuple[str, ...] = ()
) -> CellMap:
    """Every field of the template at a made-up position (sheet = group, one row per field).

    Scalars sit in column C of sheet "S", row = schema order; a table starts at row 1000 + 100·k.
    ``values`` fill them by field id (tables: lists of dicts or lists).
    """
    values = dict(values or {})
    values.setdefault("malltyp", malltyp)
    values.setdefault("mallversion", MALLVERSION)
    cm = CellMap(source=f"{malltyp}.xlsx")
    table_no = 0
    for row, f in enumerate(fields_for(Malltyp(malltyp)), start=1):
        if f.id in omit:
            continue
        if f.kind is Kind.TABLE:
            table_no += 1
            base = 1000 + 100 * table_no
            given = values.get(f.id, [])
            rows = []
            for r in range(f.rows):
                src = given[r] if r < len(given) else {}
                cells = []
                for c, col in enumerate(f.columns, start=2):
                    v = (
                        src.get(col.id)
                        if isinstance(src, dict)
                        else (src[c - 2] if c - 2 < len(src) else None)
                    )
                    cells.append(RawCell("T", a1(base + r, c), v))
                rows.append(cells)
            cm.tables[f.id] = rows
        else:
            cm.scalars[f.id] = RawCell("S", a1(row, 3), values.get(f.id))
    for fid in values:
        assert fid in FIELD_BY_ID, fid
    return cm


def flatten(issues: Any, keys: tuple[str, ...] = ("sheet", "cell", "code")) -> set[tuple[Any, ...]]:
    return {tuple(getattr(i, k) for k in keys) for i in issues}
