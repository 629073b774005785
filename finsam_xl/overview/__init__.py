"""The overview model: what each consolidated column is (``columns``) and the overview as the
board sees it (``model``), rendered alike by the master workbook, the Excel button, the Google
Sheet and the exports.

Only ``columns`` is imported here: the consolidation types its tables from it, while ``model``
stands above the consolidation and is imported where it is rendered.
"""

from finsam_xl.overview.columns import SHEET_TITLES, TABLES, Column, Kind, Table

__all__ = ["SHEET_TITLES", "TABLES", "Column", "Kind", "Table"]
