"""DataFrames to the JSON values Sheets stores, plus each column's number format (pure; no I/O).

Values go to Google as RAW JSON: numbers as numbers (never locale text, so a Swedish sheet cannot
turn 85000.5 into 850005), text as text (``=IMPORTXML(...)`` from a submitter stays inert text),
dates as serial numbers with a date format, NaN/None/NaT as empty. A text over Google's 50 000
characters per cell is cut with a visible mark and reported, rather than failing the whole push.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pandas as pd

from finsam_xl.overview.columns import NUMBER_FORMATS as MODEL_FORMATS
from finsam_xl.overview.columns import Kind
from finsam_xl.wording import Note

MAX_CELL_CHARS = 50_000
TRUNCATION_MARK = " … [avkortad av finsam-xl: mer än 50 000 tecken]"
EPOCH = datetime(1899, 12, 30)

NUMBER_FORMATS: dict[str, dict[str, str]] = {
    "int": {"type": "NUMBER", "pattern": "#,##0"},
    "float": {"type": "NUMBER", "pattern": "#,##0.00"},
    "date": {"type": "DATE", "pattern": "yyyy-mm-dd"},
    "datetime": {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"},
}
# The overview model's kinds, with the very pattern text the master workbook uses.
_SHEETS_TYPE = {Kind.ANDEL: "PERCENT", Kind.DATUM: "DATE"}
NUMBER_FORMATS |= {
    kind.value: {"type": _SHEETS_TYPE.get(kind, "NUMBER"), "pattern": pattern}
    for kind, pattern in MODEL_FORMATS.items()
    if pattern is not None
}


@dataclass
class PreparedTable:
    """One table ready to send: header plus rows of JSON values, and a kind per column."""

    title: str
    header: list[str]
    rows: list[list[Any]]
    kinds: list[str]
    warnings: list[str] = field(default_factory=list)
    table_id: str | None = None  # the overview model's table and column ids, when it is one
    ids: list[str] | None = None

    @property
    def all_rows(self) -> list[list[Any]]:
        return [list(self.header), *self.rows]

    @property
    def width(self) -> int:
        return max(1, len(self.header))


def _serial(value: date | datetime) -> float | int:
    if isinstance(value, datetime):
        naive = value.replace(tzinfo=None)
        delta = naive - EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    return (value - EPOCH.date()).days


def to_json_value(value: Any) -> tuple[Any, str | None]:
    """One cell -> (JSON value for RAW input, kind if it decides a number format)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return "", None
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value), None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        has_time = value.time() != time(0)
        return _serial(value), "datetime" if has_time else "date"
    if isinstance(value, date):
        return _serial(value), "date"
    if isinstance(value, Decimal):
        return (float(value), "float") if value.is_finite() else ("", None)
    numpy_kind = getattr(getattr(value, "dtype", None), "kind", "")  # numpy scalars
    if isinstance(value, int) or numpy_kind in ("i", "u"):
        return int(value), "int"
    if isinstance(value, float) or numpy_kind == "f":
        f = float(value)
        return ("", None) if not math.isfinite(f) else (f, "float")
    return str(value), None


def _column_kind(series: pd.Series, seen: set[str]) -> str:
    kind = series.dtype.kind
    if kind in "iu":
        return "int"
    if kind == "f":
        return "float"
    if kind == "M":
        return "datetime" if "datetime" in seen else "date"
    if seen == {"int"}:
        return "int"
    if seen and seen <= {"int", "float"}:
        return "float"
    if seen and seen <= {"date", "datetime"}:
        return "datetime" if "datetime" in seen else "date"
    return "text"


def prepare(title: str, frame: pd.DataFrame) -> PreparedTable:
    """Convert one DataFrame; Swedish column headers become the frozen first row."""
    header = [str(c) for c in frame.columns]
    declared: list[str] | None = frame.attrs.get("kinds")  # from the overview model
    columns: list[list[Any]] = []
    kinds: list[str] = []
    warnings: list[str] = []
    for position, name in enumerate(header):
        series = frame.iloc[:, position]
        seen: set[str] = set()
        out: list[Any] = []
        for row_number, raw in enumerate(series.tolist(), start=2):
            if isinstance(raw, float) and math.isnan(raw):
                out.append("")
                continue
            value, kind = to_json_value(raw)
            if kind:
                seen.add(kind)
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                value = value[: MAX_CELL_CHARS - len(TRUNCATION_MARK)] + TRUNCATION_MARK
                warnings.append(
                    Note(
                        f"'{title}' rad {row_number}, kolumn '{name}': texten var längre "
                        "än 50 000 tecken (Googles gräns per cell) och har kortats.",
                        f"'{title}' row {row_number}, column '{name}': the text was longer "
                        "than 50 000 characters (Google's limit per cell) and was shortened.",
                    )
                )
            out.append(value)
        columns.append(out)
        kinds.append(declared[position] if declared else _column_kind(series, seen))
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else [[] for _ in frame.index]
    table_id, ids = frame.attrs.get("table_id"), frame.attrs.get("ids")
    return PreparedTable(title, header, rows, kinds, warnings, table_id, ids)


def json_size(rows: list[list[Any]]) -> int:
    """Bytes these rows take in a request body (to keep each request under ~2 MB)."""
    return len(json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def column_width(table: PreparedTable, index: int) -> int:
    """Pixels: wide enough for the header and the first hundred values, within sane bounds."""
    sample = [table.header[index], *(str(r[index]) for r in table.rows[:100] if index < len(r))]
    return max(60, min(400, 8 * max(len(s) for s in sample) + 16))
