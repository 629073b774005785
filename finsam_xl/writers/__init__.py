"""Outputs at the edge of the pipeline: renderers of the consolidated tables.

``master`` writes the board's funding-overview workbook (with ``safe_write`` guarding the target,
``layout``/``totals``/``charts`` deciding how it looks) and ``recalc`` drives LibreOffice headless
for recalculation checks and the docs' picture. Nothing here is imported by ``import finsam_xl``:
xlsxwriter and pandas load only when a master is written.
"""
