"""`--export DIR`: every consolidation table as CSV (UTF-8) and Parquet, plus the run's record.

Files are ``<table_id>.csv`` and ``<table_id>.parquet`` with the column ids as headers (the
machine contract; the workbook carries the Swedish headers), and ``korning.json`` with the tool
version, the options, the combined input hash and every file's hash. Tables are written in
their fixed order with their fixed row order, so equal inputs give byte-equal CSV files.

CSV: comma separated, ``.`` as decimal point, dates ISO, empty for unknown, no BOM (UTF-8 as the
brief asks; Excel users open the workbook, not these). Parquet: the column types of
finsam_xl.consolidation.columns; a column that masking turned into a mix of counts and markers
is written as text, since Parquet columns have one type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from finsam_xl.errors import ConsolidationError

if TYPE_CHECKING:
    from . import Consolidation


def _parquet_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype != object:
            continue
        kinds = {type(v) for v in out[col] if v is not None and not pd.isna(v)}
        if len(kinds) > 1:  # masked counts: ints and "<N" / ".."
            out[col] = pd.Series(
                [None if v is None or pd.isna(v) else str(v) for v in out[col]],
                index=out.index,
                dtype="str",
            )
    return out


def export_tables(consolidation: Consolidation, directory: str | Path) -> list[Path]:
    """Write every table as CSV and Parquet into ``directory`` (created if needed).

    Returns the written paths in order. Raises ConsolidationError when the folder cannot be
    written (the message names it).
    """
    target = Path(directory)
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, df in consolidation.tables.items():
            csv_path = target / f"{name}.csv"
            df.to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")
            parquet_path = target / f"{name}.parquet"
            _parquet_ready(df).to_parquet(parquet_path, index=False)
            written += [csv_path, parquet_path]
        record = target / "korning.json"
        record.write_text(
            json.dumps(consolidation.record(), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        written.append(record)
    except OSError as exc:
        raise ConsolidationError(
            f"Kan inte skriva exporten till {target}: {exc.strerror or exc}.", path=target
        ) from exc
    return written
