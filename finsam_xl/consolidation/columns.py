"""Column ids and types of every consolidation table, and how rows become typed DataFrames.

Each column's kind is declared once in finsam_xl.overview.columns; its dtype follows from it:

* amounts: integer kronor (pandas ``Int64``; empty where unknown). The models hold exact Decimal
  kronor; an amount with öre is rounded half up to whole kronor and the rounding is listed in
  ``Consolidation.notes`` (board tables are in kronor, and a float would not be exact anyway);
* counts: ``Int64``; shares: ``float64`` fractions 0–1 (NaN where undefined, e.g. nothing granted);
* dates: ``datetime.date`` objects (object column; CSV writes ISO, Parquet ``date32``);
* text: pandas' string dtype; flags: ``boolean``.

After ``--mask-under`` the masked count columns of a table become object columns holding ints and
the markers of finsam_xl.consolidation.mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from finsam_xl.overview.columns import TABLES as OVERVIEW_TABLES
from finsam_xl.wording import Note

DATE = "date"


def _text_dtype() -> str | pd.StringDtype:
    """pandas 3's default string dtype, "str": text, a missing value NaN. pandas 2 reads "str" as
    numpy's str, which writes None as the text 'None' (xlwings Lite's Pyodide has pandas 2.3):
    there the same dtype is named as pandas 2.3 names it."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return "str"
    return pd.StringDtype(na_value=float("nan"))


TEXT_DTYPE = _text_dtype()


# table -> column id -> dtype, from the one declaration of every column (finsam_xl.overview).
SPECS: dict[str, dict[str, str]] = {
    t.id: {c.id: c.dtype for c in t.columns} for t in OVERVIEW_TABLES.values()
}
TABLES = tuple(SPECS)


def frame(table: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows (dicts keyed by column id) as a DataFrame with the table's columns and types."""
    return typed_frame(SPECS[table], rows)


def typed_frame(spec: Mapping[str, str], rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows as a DataFrame with ``spec``'s columns (column id -> declared dtype, as
    overview.columns declares it; "str" as the installed pandas names it)."""
    records = [tuple(map(row.get, spec)) for row in rows]  # map: C speed over ~10⁵ rows
    df = pd.DataFrame.from_records(records, columns=list(spec))
    for col, dtype in spec.items():
        if dtype == DATE:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
        else:
            df[col] = df[col].astype(TEXT_DTYPE if dtype == "str" else dtype)  # type: ignore[arg-type]
    return df.reset_index(drop=True)


@dataclass
class Money:
    """Decimal kronor to whole kronor, remembering where öre were rounded away."""

    notes: list[str] = field(default_factory=list)

    def __call__(self, value: Decimal | None, where: str = "") -> int | None:
        if value is None:
            return None
        whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole != value and where:
            self.notes.append(
                Note(f"{where}: {value} kr avrundat till {whole} kr",
                     f"{where}: {value} kr rounded to {whole} kr")
            )  # fmt: skip
        return int(whole)


def share(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    """part / whole as a float fraction, None when the whole is unknown or zero."""
    if part is None or whole is None or whole == 0:
        return None
    return float(Decimal(part) / Decimal(whole))
