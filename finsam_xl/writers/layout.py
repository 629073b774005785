"""How each column of the consolidated tables looks in the master: kind, width, format, label.

The consolidation hands over tables keyed by column id with machine values (codes, int kronor,
``datetime.date``, shares 0–1). This module decides, per ``(table, column)``, what kind of value a
column holds and how a board member should see it: Swedish labels for codes, ``1 234 kr``,
``12,5 %``, ISO dates. Number formats in ``.xlsx`` are locale-neutral (``#,##0``), so a Swedish
Excel or LibreOffice shows space-grouped thousands and decimal commas by itself.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from enum import StrEnum
from typing import Any

from finsam_xl.issues import SEVERITY_SV, Severity
from finsam_xl.schema import CODE_LISTS


class ColKind(StrEnum):
    TEXT = "text"
    LONGTEXT = "longtext"
    CODE = "code"
    KRONOR = "kronor"
    COUNT = "count"
    NUMBER = "number"
    PERCENT = "percent"
    DATE = "date"
    HASH = "hash"
    YEAR = "year"


# Column ids whose kind does not follow from the name patterns in ``column_kind``. Per table first,
# because `utfall` is kronor in `budget`, a code in `avslut` and a plain number in `mal`.
_TABLE_KINDS: dict[str, dict[str, ColKind]] = {
    "avslut": {"utfall": ColKind.CODE, "antal": ColKind.COUNT},
    "mal": {"utfall": ColKind.NUMBER, "malvarde": ColKind.NUMBER, "mal": ColKind.LONGTEXT},
    "budget": {"budget": ColKind.KRONOR, "utfall": ColKind.KRONOR},
    "uppfoljning_finsam": {"budget": ColKind.KRONOR, "utfall": ColKind.KRONOR},
    "problem": {"message": ColKind.LONGTEXT, "value": ColKind.TEXT},
}
_KINDS: dict[str, ColKind] = {
    "beviljat_belopp": ColKind.KRONOR,
    "belopp": ColKind.KRONOR,
    "insats_namn": ColKind.LONGTEXT,
    "huvudman": ColKind.LONGTEXT,
    "file": ColKind.LONGTEXT,
    "sha256": ColKind.HASH,
    "inputs_sha256": ColKind.HASH,
    "mal_uppnadda": ColKind.COUNT,
    "mal_totalt": ColKind.COUNT,
    "antal": ColKind.COUNT,
    "rapportdatum": ColKind.DATE,
    "sista_dag": ColKind.DATE,
    "planerat_antal_deltagare": ColKind.COUNT,
    "ar": ColKind.YEAR,
    "kommentar": ColKind.LONGTEXT,
    "text": ColKind.LONGTEXT,
    "ersatt_av": ColKind.LONGTEXT,
}

# Labels for values beyond the consolidation's VALUE_LABELS (finsam_xl.consolidation.labels): the
# latest report's type, template types, kön, a file's validation status and issue severities.
_EXTRA_LABELS: dict[str, dict[str, str]] = {
    "senaste_rapporttyp": dict(CODE_LISTS["rapporttyp"].items),
    "malltyp": dict(CODE_LISTS["malltyp"].items),
    "kon": dict(CODE_LISTS["kon"].items),
    "status": {"warnings": "Varningar", "errors": "Fel", "unreadable": "Oläsbar"},
    "severity": {str(s): SEVERITY_SV[s].capitalize() for s in Severity},
}
_CODE_COLUMNS = {
    *_EXTRA_LABELS,
    "inriktning",
    "rapporttyp",
    "kostnadsslag",
    "utfall",
    "uppnatt",
    "anvand",
    "code",
}

WIDTHS: dict[ColKind, float] = {
    ColKind.TEXT: 16,
    ColKind.LONGTEXT: 34,
    ColKind.CODE: 17,
    ColKind.KRONOR: 14,
    ColKind.COUNT: 10,
    ColKind.NUMBER: 10,
    ColKind.PERCENT: 10,
    ColKind.DATE: 11.5,
    ColKind.HASH: 20,
    ColKind.YEAR: 7,
}
# "_)" leaves a bracket's width of space after the number, so a right-aligned figure does not
# run into a left-aligned label in the next column (Excel's own accounting formats do this).
NUM_FORMATS: dict[ColKind, str] = {
    ColKind.KRONOR: '#,##0 "kr"_)',
    ColKind.COUNT: "#,##0_)",
    ColKind.NUMBER: "#,##0.##_)",
    ColKind.PERCENT: "0.0 %_)",
    ColKind.DATE: "yyyy-mm-dd",
    ColKind.YEAR: "0",  # 2024, not 2 024
}
SUMMABLE = frozenset({ColKind.KRONOR, ColKind.COUNT})
EXCEL_MAX_TEXT = 32_767

# Fills of Excel's own "good / neutral / bad" cell styles, so the highlighting reads as familiar.
RED = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
AMBER = {"bg_color": "#FFEB9C", "font_color": "#9C5700"}
GREY = {"font_color": "#7F7F7F"}


def column_kind(table_id: str, column: str, sample: object = None) -> ColKind:
    """The kind of ``column`` in ``table_id``; ``sample`` (a non-empty value) decides for
    unknown ids."""
    if column in _TABLE_KINDS.get(table_id, {}):
        return _TABLE_KINDS[table_id][column]
    if column in _KINDS:
        return _KINDS[column]
    if column in _CODE_COLUMNS:
        return ColKind.CODE
    if column.endswith("_andel"):
        return ColKind.PERCENT
    if column.endswith(("_fran", "_till", "datum")) or column.endswith("_at"):
        return ColKind.DATE
    if column.startswith("deltagare_") or column.startswith("antal"):
        return ColKind.COUNT
    if column.endswith(("_summa", "_kr")) or column.startswith(("budget_", "utfall_")):
        return ColKind.KRONOR
    if isinstance(sample, dt.date):
        return ColKind.DATE
    if isinstance(sample, bool):
        return ColKind.CODE
    if isinstance(sample, int | float | Decimal):
        return ColKind.NUMBER
    return ColKind.TEXT


def is_missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA all mean an empty cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    # pandas.NA and NaT: avoid importing pandas for an isinstance check.
    return type(value).__name__ in {"NAType", "NaTType"}


def display_value(column: str, value: object) -> object:
    """The value as a board member should see it: codes as Swedish labels, numbers as numbers."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars -> Python, so xlsxwriter picks the right writer
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return _label(column, value)
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()  # pandas Timestamp
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _label(column: str, value: str) -> str:
    from finsam_xl.consolidation.labels import VALUE_LABELS

    for labels in (VALUE_LABELS.get(column), _EXTRA_LABELS.get(column)):
        if labels is not None and value in labels:
            return labels[value]
    if len(value) > EXCEL_MAX_TEXT:
        return value[: EXCEL_MAX_TEXT - 1] + "…"
    return value


def label_for(column: str, code: str) -> str:
    """The Swedish label a code column shows for ``code`` (formulas match on what is shown)."""
    return _label(column, code)


def cell_formats(workbook: Any) -> dict[str, Any]:
    """The workbook's shared cell formats, one per column kind plus headings and totals."""
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}
    fmts: dict[str, Any] = {}
    for kind in ColKind:
        props: dict[str, object] = dict(base)
        if kind in NUM_FORMATS:
            props["num_format"] = NUM_FORMATS[kind]
        if kind is ColKind.LONGTEXT:
            props["text_wrap"] = True
        if kind is ColKind.HASH:
            props |= {"font_name": "Consolas", "font_size": 8}
        fmts[kind] = workbook.add_format(props)
        # Totals rows: the same number format, bold, with a rule above.
        fmts[f"total_{kind}"] = workbook.add_format(props | {"bold": True, "top": 1})
    # A masked count ("<5") is text but must line up with the numbers beside it.
    fmts["masked"] = workbook.add_format(base | {"align": "right", "indent": 1, "italic": True})
    fmts["title"] = workbook.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
    fmts["subtitle"] = workbook.add_format({"font_size": 10, "font_color": "#595959"})
    fmts["hash_note"] = workbook.add_format(
        {"font_size": 8, "font_name": "Consolas", "font_color": "#595959"}
    )
    fmts["header"] = workbook.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "font_size": 10}
    )
    fmts["section"] = workbook.add_format({"bold": True, "font_size": 11, "bottom": 1})
    fmts["red"] = workbook.add_format(RED)
    fmts["amber"] = workbook.add_format(AMBER)
    fmts["grey"] = workbook.add_format(GREY)
    return fmts
