"""Reports from one template share one field-position map, equal to one made afresh."""

from __future__ import annotations

import pickle

from finsam_xl.cellmap import CellMap, RawCell
from finsam_xl.field_cells import field_cells


def _cellmap(positions: dict[str, tuple[str, str]], value: str | None = None) -> CellMap:
    cm = CellMap(source="x.xlsx")
    for fid, (sheet, cell) in positions.items():
        cm.scalars[fid] = RawCell(sheet, cell, value)
    return cm


def _fresh(cm: CellMap) -> dict[str, tuple[str, str]]:
    return {fid: (c.sheet, c.cell) for fid, c in cm.scalars.items()}


POSITIONS = {"insats_namn": ("Uppgifter", "C5"), "insats_id": ("Uppgifter", "C6")}


def test_equal_positions_share_one_map_equal_to_a_fresh_one() -> None:
    a, b = _cellmap(POSITIONS, "Ett"), _cellmap(POSITIONS, "Två")
    first, second = field_cells(a), field_cells(b)
    assert first == _fresh(a) and list(first) == list(_fresh(a))
    assert second is first
    # a chunk of reports sent back from a worker holds the map once
    assert len(pickle.dumps([first, second])) < 2 * len(pickle.dumps(first))


def test_other_positions_or_order_get_their_own_map() -> None:
    moved = dict(POSITIONS, insats_id=("Uppgifter", "D6"))
    turned = dict(reversed(list(POSITIONS.items())))
    base = field_cells(_cellmap(POSITIONS))
    for positions in (moved, turned, {"insats_namn": ("Mål", "C5")}):
        got = field_cells(_cellmap(positions))
        assert got == positions and list(got) == list(positions)
        assert got is not base


def test_a_map_of_long_names_is_made_but_not_kept() -> None:
    long = {f"f{i}": ("S" * 1000, f"A{i}") for i in range(100)}
    first, second = field_cells(_cellmap(long)), field_cells(_cellmap(long))
    assert first == second == long and first is not second
