"""Readers: one per source, each producing the same ``CellMap`` for the pure core.

Only the xlsx file reader lives here for now; it is imported lazily by ``finsam_xl`` so that
``import finsam_xl`` stays cheap. The live-Excel and Google Sheets readers sit behind their extras.
"""

from __future__ import annotations

from finsam_xl.readers.xlsx import read_workbook

__all__ = ["read_workbook"]
