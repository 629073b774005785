"""Where each scalar field was read: one map per template, shared by the reports made from it.

A report keeps field id -> (sheet, cell) so that cross-file rules can point at a cell. The
positions come from the template's defined names, so every file made from one template has the
same: one shared dict is pickled once per chunk a worker sends back (pickle writes an object met
twice once) and kept once per chunk by the collecting process, not once per report. Shared, so
never mutated.
"""

from __future__ import annotations

from finsam_xl.cellmap import CellMap
from finsam_xl.readers.cache import BoundedCache

_Key = tuple[tuple[str, str, str], ...]
_SHARED: BoundedCache[_Key, dict[str, tuple[str, str]]] = BoundedCache(16)
_MAX_CHARS = 1 << 16  # a larger map (a crafted file's long names) is made for its report alone


def field_cells(cellmap: CellMap) -> dict[str, tuple[str, str]]:
    """Scalar field id -> (sheet, cell) of ``cellmap``, equal to one made afresh."""
    key = tuple([(fid, raw.sheet, raw.cell) for fid, raw in cellmap.scalars.items()])
    hit = _SHARED.get(key)
    if hit is not None:
        return hit
    cells = {fid: (sheet, cell) for fid, sheet, cell in key}
    if sum(len(f) + len(s) + len(c) for f, s, c in key) <= _MAX_CHARS:
        _SHARED.put(key, cells)
    return cells
