"""How fast ``read_workbook`` reads filled report templates, against ``pandas.read_excel``.

    python benchmarks/bench_reader.py [--files 200] [--rounds 5] [--malltyp rapport]

Generates N differently filled copies of a template in memory (``make_template`` +
``fill_workbook``), then times interleaved rounds of: finsam-xl's reader, pandas with openpyxl
(its default engine) and pandas with calamine, all reading every sheet of every file. Prints
the median files/s of each and the ratio. The machine's load moves absolute numbers a lot;
the ratios are the stable part, which is why the rounds are interleaved.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

from finsam_xl.readers import read_workbook
from finsam_xl.schema import Kind, fields_for
from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.templates.build import workbook_bytes


def _values(malltyp: str, i: int) -> dict[str, Any]:
    """Plausible values for the scalar fields a person types, different for every file."""
    values: dict[str, Any] = {}
    for f in fields_for(malltyp):
        if f.formula or f.kind in (Kind.TABLE, Kind.CODE) or f.id in ("malltyp", "mallversion"):
            continue
        if f.kind is Kind.DATE:
            values[f.id] = date(2024, 1, 1) + timedelta(days=i % 300)
        elif f.kind in (Kind.KRONOR, Kind.NUMBER):
            values[f.id] = 1000 * (i % 97) + 0.5
        elif f.kind in (Kind.COUNT, Kind.YEAR):
            values[f.id] = 2024 if f.kind is Kind.YEAR else i % 40
        elif f.kind is Kind.EMAIL:
            values[f.id] = f"kontakt{i}@example.se"
        else:
            values[f.id] = f"Insats nummer {i}: text för fältet {f.label}"
    return values


def make_files(malltyp: str, n: int) -> list[bytes]:
    files = []
    for i in range(n):
        wb = make_template(malltyp)
        fill_workbook(wb, _values(malltyp, i))
        files.append(workbook_bytes(wb))
    return files


def _time(read: Callable[[bytes], object], files: list[bytes]) -> float:
    start = time.perf_counter()
    for data in files:
        read(data)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--malltyp", default="rapport")
    args = parser.parse_args(argv)

    files = make_files(args.malltyp, args.files)
    first = read_workbook(files[0])
    print(
        f"{args.files} filled '{args.malltyp}' workbooks, {len(files[0]) // 1024} kB each: "
        f"{len(first.scalars)} scalars, {len(first.tables)} tables, {len(first.texts)} texts"
    )
    readers: dict[str, Callable[[bytes], object]] = {
        "finsam-xl read_workbook": read_workbook,
        "pandas.read_excel (openpyxl)": lambda d: pd.read_excel(
            io.BytesIO(d), sheet_name=None, engine="openpyxl"
        ),
        "pandas.read_excel (calamine)": lambda d: pd.read_excel(
            io.BytesIO(d), sheet_name=None, engine="calamine"
        ),
    }
    for read in readers.values():  # warm imports and caches outside the timing
        read(files[0])
    times: dict[str, list[float]] = {label: [] for label in readers}
    for _ in range(args.rounds):
        for label, read in readers.items():
            times[label].append(_time(read, files))

    ours = statistics.median(times["finsam-xl read_workbook"])
    for label, rounds in times.items():
        median = statistics.median(rounds)
        print(
            f"{label:30s} {args.files / median:8.0f} files/s  {median / args.files * 1e3:6.2f} "
            f"ms/file  x{median / ours:5.1f} of finsam-xl"
        )


if __name__ == "__main__":
    main()
