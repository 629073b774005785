"""No personnummer leaves the consolidation: flagged text is blanked in every table.

The validator flags a personnummer wherever it is typed (rule ``personnummer``), but a report
with errors still counts in the figures, so its texts would reach the master, the exports and
the Google Sheet. Every text column of every table is scanned here, after the tables are built
and before any output sees them; a hit is blanked and a row in Problem says where and why, never
what. Scanning the tables (not the models) also covers ids, names and file names.
"""

from __future__ import annotations

import pandas as pd

from finsam_xl.issues import Severity
from finsam_xl.overview.columns import TABLES, Kind
from finsam_xl.personnummer import contains_personnummer, mask, might_hold_personnummer

_TEXT = frozenset({Kind.TEXT, Kind.LANGTEXT, Kind.ID, Kind.KOD})
# Our own messages never repeat a number (checked where they are made); they are not scanned.
_OWN = {("problem", "message"), ("problem", "code"), ("problem", "severity")}
MESSAGE = (
    "Texten i kolumnen '{column}' (bladet {sheet}) visas inte: den ser ut att innehålla ett "
    "personnummer. Rapporter får inte innehålla personnummer – be insatsen ta bort det."
)


def _holders(values: pd.Series) -> list[object]:
    """Index labels of the values holding a personnummer, each value read as its text."""
    present = values.dropna()
    texts = [v if v.__class__ is str else str(v) for v in present.tolist()]
    distinct = dict.fromkeys(texts)  # ids and file names repeat once per row of a report
    # One C-speed search over the whole column settles the usual column, which holds none
    # (a match across the joining newline only sends the column on to the per-value check).
    if not distinct or not might_hold_personnummer("\n".join(distinct)):
        return []
    holding = {t for t in distinct if contains_personnummer(t)}  # it asks the cheap search first
    return [i for i, text in zip(present.index, texts, strict=True) if text in holding]


def blank_personnummer(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``tables`` with every text holding a personnummer blanked, and Problem rows saying so."""
    found: list[dict[str, object]] = []
    out = dict(tables)
    for table_id, df in tables.items():
        spec = TABLES.get(table_id)
        if spec is None or df.empty:
            continue
        changed = None
        for col in df.columns:
            column = spec.by_id.get(str(col))
            if column is None or column.kind not in _TEXT or (table_id, col) in _OWN:
                continue
            hits = _holders(df[col])
            if not hits:
                continue
            if changed is None:
                changed = df.copy()
            changed.loc[hits, col] = None
            files = df["file"] if "file" in df.columns else None
            for i in hits:
                found.append(
                    {
                        "file": None if files is None else mask(str(files.at[i])),
                        "sheet": spec.sv,
                        "cell": None,
                        "code": "personnummer",
                        "severity": str(Severity.ERROR),
                        "message": MESSAGE.format(column=column.sv, sheet=spec.sv),
                        "field": str(col),
                        "insats_id": None,
                    }
                )
        if changed is not None:
            changed.attrs = dict(df.attrs)
            out[table_id] = changed
    if found and "problem" in out:
        problem = out["problem"]
        added = pd.DataFrame(found, columns=list(problem.columns)).astype(problem.dtypes.to_dict())
        out["problem"] = pd.concat([problem, added], ignore_index=True)
    return out
