"""Issues in workbook order, as an officer walks the workbook: the template's sheet order, then
row, then column (``Uppgifter`` before ``Ekonomi``, ``E8`` before ``E13``).

File-level issues (no sheet) come first; sheets the template does not have come after its own,
by name. A cell that is a range (``C10:C19``) sorts by its first cell.
"""

from __future__ import annotations

from collections.abc import Iterable

from finsam_xl.cellmap import parse_a1
from finsam_xl.issues import Issue
from finsam_xl.schema import Malltyp
from finsam_xl.templates.layout import INSTRUKTIONER, LISTOR, SHEETS


def sheet_order(malltyp: str | None) -> list[str]:
    """The sheets of a ``malltyp`` template in workbook order (of every type when unknown)."""
    kinds = [Malltyp(malltyp)] if malltyp in {m.value for m in Malltyp} else list(Malltyp)
    names = [INSTRUKTIONER]
    for kind in kinds:
        names += [name for name, _groups in SHEETS[kind] if name not in names]
    return [*names, LISTOR]


def _cell_key(cell: str | None) -> tuple[int, int]:
    if not cell:
        return (0, 0)
    try:
        return parse_a1(cell.split(":", 1)[0])
    except ValueError:
        return (0, 0)


def workbook_order(issues: Iterable[Issue], malltyp: str | None) -> list[Issue]:
    """``issues`` sorted by sheet (template order), row and column; stable otherwise."""
    order = {name: i for i, name in enumerate(sheet_order(malltyp))}

    def key(issue: Issue) -> tuple[int, int, str, int, int]:
        if not issue.sheet:
            return (0, 0, "", 0, 0)
        known = order.get(issue.sheet)
        sheet = (1, known, "") if known is not None else (2, 0, issue.sheet)
        return (*sheet, *_cell_key(issue.cell))

    return sorted(issues, key=key)
