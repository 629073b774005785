"""`--export DIR`: every consolidation table as CSV and Parquet, plus the run's record.

Files are ``<table_id>.csv`` and ``<table_id>.parquet`` with the column ids as headers (the
machine contract; the workbook carries the Swedish headers), and ``korning.json`` with the tool
version, the options, the combined input hash and every file's hash. Tables are written in
their fixed order with their fixed row order, so equal inputs give byte-equal CSV files.

CSV: written by finsam_xl.writers.csv_out in one of two dialects, ``excel`` (semicolon, decimal
comma, UTF-8 with BOM: opens right in Swedish Excel) or ``standard`` (comma, ``.``, UTF-8), with
text that a spreadsheet would run as a formula neutralised by a leading ``'``. The folder is
written beside the target and swapped in whole, so it never mixes two runs. Parquet: the column
types of finsam_xl.consolidation.columns; a column that masking turned into a mix of counts and
markers is written as text, since Parquet columns have one type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from finsam_xl.consolidation.columns import TEXT_DTYPE
from finsam_xl.errors import ConsolidationError
from finsam_xl.writers.csv_out import CsvFormat, swap_in_folder, write_csv

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
                dtype=TEXT_DTYPE,
            )
    return out


RECORD = "korning.json"


def _ours(name: str) -> bool:
    return name == RECORD or name.endswith((".csv", ".parquet"))


def export_tables(
    consolidation: Consolidation, directory: str | Path, *, csv_format: CsvFormat = "standard"
) -> list[Path]:
    """Write every table as CSV and Parquet into ``directory``, replacing an earlier export.

    ``csv_format`` is ``"standard"`` (comma, ``.``; for programs) or ``"excel"`` (semicolon,
    decimal comma, BOM; for people). Returns the written paths in order. Raises
    ConsolidationError when the folder cannot be written or holds files that are not an earlier
    export (the message names them).
    """
    target = Path(directory)
    written: list[Path] = []
    try:
        with swap_in_folder(target, owned=_ours, marker=RECORD) as fresh:
            for name, df in consolidation.tables.items():
                write_csv(df, fresh / f"{name}.csv", csv_format)
                _parquet_ready(df).to_parquet(fresh / f"{name}.parquet", index=False)
                written += [target / f"{name}.csv", target / f"{name}.parquet"]
            record = {**consolidation.record(), "csv_format": csv_format}
            (fresh / RECORD).write_text(
                json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            written.append(target / RECORD)
    except FileExistsError as exc:
        raise ConsolidationError(
            f"Exportmappen {target} innehåller annat än en tidigare export ({exc}): "
            "välj en ny eller tom mapp.",
            path=target,
            en=f"The export folder {target} holds more than an earlier export ({exc}): choose a "
            "new or empty folder.",
        ) from exc
    except PermissionError as exc:
        raise ConsolidationError(
            f"Kan inte ersätta exporten i {target}: en fil i mappen är öppen i ett annat program "
            "(Excel?) eller skrivskyddad. Stäng den och kör igen.",
            path=target,
            en=f"Cannot replace the export in {target}: a file in the folder is open in another "
            "program (Excel?) or read-only. Close it and run again.",
        ) from exc
    except NotADirectoryError as exc:
        raise ConsolidationError(
            f"Exporten ska vara en vanlig mapp, inte en fil eller länk: {target}.",
            path=target,
            en=f"The export must be a plain folder, not a file or a link: {target}.",
        ) from exc
    except OSError as exc:
        raise ConsolidationError(
            f"Kan inte skriva exporten till {target}: {exc.strerror or exc}.",
            path=target,
            en=f"Cannot write the export to {target}: {exc.strerror or exc}.",
        ) from exc
    return written
