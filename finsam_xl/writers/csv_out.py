"""Every CSV finsam-xl writes: two dialects, formula neutralisation, and a folder swapped in whole.

Two dialects (``--csv-format``):

- ``excel`` (for people): semicolon separated, decimal comma, UTF-8 with BOM and CRLF line ends,
  so a double-click in Swedish Excel gives columns, numbers and å/ä/ö.
- ``standard`` (for machines): comma separated, ``.`` as decimal point, UTF-8 without BOM, LF.

In both, a text cell that starts with ``=``, ``+``, ``-``, ``@``, TAB or CR gets a leading ``'``
(OWASP's advice against CSV injection: a spreadsheet program would otherwise run a submitted
``=HYPERLINK(…)`` or ``=cmd|…``). Only text is touched: numbers stay numbers, so ``-5`` as a count
is written as ``-5`` and a text ``-1+2`` as ``'-1+2``. Dates are ISO (``2024-06-30``), which Swedish
Excel reads as dates; unknown values are empty.

:func:`swap_in_folder` gives an export folder all-or-nothing: the files are written into a new
hidden folder beside the target, which then replaces the target. A run killed midway leaves the
previous export whole (and a hidden ``.finsam-xl-export-*`` folder to delete), never a mix of two
runs, and a symlink planted in the old folder is never written through.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, get_args

import pandas as pd

from finsam_xl.atomic import _umask

CsvFormat = Literal["excel", "standard"]
CSV_FORMATS: tuple[str, ...] = get_args(CsvFormat)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEMP_PREFIX = ".finsam-xl-export-"


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet program would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float, decimal: str) -> str:
    return "" if math.isnan(value) else str(value).replace(".", decimal)


def _safe_column(values: pd.Series, decimal: str) -> pd.Series:
    """An object column with its text neutralised and its stray floats in the dialect's decimal."""

    def cell(value: object) -> object:
        if isinstance(value, str):
            return neutralise(value)
        if isinstance(value, float):
            return _number(value, decimal)
        return value

    return values.map(cell)


def csv_ready(df: pd.DataFrame, fmt: CsvFormat) -> pd.DataFrame:
    """A copy of ``df`` safe to write as CSV: text neutralised, numeric columns untouched."""
    decimal = "," if fmt == "excel" else "."
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = _safe_column(out[col].astype(object), decimal)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: Path, fmt: CsvFormat) -> None:
    """Write one table as CSV in dialect ``fmt`` (see the module docstring)."""
    if fmt not in CSV_FORMATS:
        raise ValueError(f"unknown CSV format {fmt!r}: one of {', '.join(CSV_FORMATS)}")
    safe = csv_ready(df, fmt)
    if fmt == "excel":
        safe.to_csv(
            path, index=False, sep=";", decimal=",", encoding="utf-8-sig", lineterminator="\r\n"
        )
    else:
        safe.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


@contextmanager
def swap_in_folder(target: Path, *, owned: Callable[[str], bool], marker: str) -> Iterator[Path]:
    """Yield a new empty folder beside ``target``; on success it replaces ``target`` whole.

    ``target`` may be missing, empty, or an earlier export: it holds ``marker`` and only files
    for which ``owned(name)`` is true. Anything else raises FileExistsError naming the first
    file that is not ours, so a user's own files are never deleted. On failure the new folder
    is removed and ``target`` is left as it was.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise NotADirectoryError(str(target))
    if target.is_dir():
        with os.scandir(target) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        names = {e.name for e in entries}
        for entry in entries:  # a symlink among them is replaced, never written through
            if marker not in names or not owned(entry.name) or entry.is_dir(follow_symlinks=False):
                raise FileExistsError(entry.path)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
    try:
        os.chmod(fresh, 0o777 & ~_umask())  # mkdtemp's 0700 would hide the export from others
        yield fresh
        if target.is_dir():
            old = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=parent))
            try:
                os.replace(target, old / target.name)  # Windows: fails if a file is open
                try:
                    os.replace(fresh, target)
                except BaseException:
                    os.replace(old / target.name, target)  # the earlier export back in place
                    raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
