"""Time the Konsolidera button on 100 reports through xlwings' remote engine; target ≤ 2 s.

    XLWINGS_LICENSE_KEY=noncommercial python benchmarks/bench_excel.py [--reports 100] [--rounds 3]

Builds 100 filled reports from the example data (each with its own insats name, so none replaces
another), opens the shipped master as a remote-engine book with Källmapp pointing at them, and
times ``consolidate_into_book`` end to end: reading and validating every file, consolidating, and
writing the overview sheets through the Book API. Python time only: Excel's own time to apply the
returned actions is not part of it. Prints the median and the split between library and Excel side.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_S = 2.0


def make_reports(folder: Path, count: int) -> list[Path]:
    from finsam_xl.schema import fields_for
    from finsam_xl.templates import fill_workbook, make_template

    examples = sorted((ROOT / "workbooks" / "examples" / "data").glob("*.json"))
    data = [json.loads(p.read_text(encoding="utf-8")) for p in examples]
    # insats reports only: a förbund's own year (exempelbygd-forbund) has no insats name
    data = [d for d in data if any(f.id == "insats_namn" for f in fields_for(d["malltyp"]))]
    paths = []
    for i in range(count):
        base = data[i % len(data)]
        wb = make_template(base["malltyp"])
        fill_workbook(wb, {**base["values"], "insats_namn": f"Insats {i:03d} – Åre"})
        path = folder / f"rapport {i:03d} Östersund.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if os.environ.get("XLWINGS_LICENSE_KEY") is None:
        sys.exit("Set XLWINGS_LICENSE_KEY=noncommercial: the remote engine needs it.")
    import xlwings as xw

    from finsam_xl.consolidation import consolidate
    from finsam_xl.excel import consolidate_into_book
    from finsam_xl.excel.payload import xlsx_to_payload

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "Rapporter från Åre"
        folder.mkdir()
        paths = make_reports(folder, args.reports)
        payload = xlsx_to_payload(ROOT / "workbooks" / "finsam-master.xlsm")
        settings = next(s for s in payload["sheets"] if s["name"] == "Inställningar")
        settings["values"][2][1] = str(folder)
        totals, library = [], []
        for _ in range(args.rounds):
            start = time.perf_counter()
            consolidate(paths)
            library.append(time.perf_counter() - start)
            book = xw.Book(json=copy.deepcopy(payload))
            start = time.perf_counter()
            result = consolidate_into_book(book)
            totals.append(time.perf_counter() - start)
            if result is None:
                sys.exit(f"consolidation failed: {book.json()['actions'][-1]['args'][0]}")
            actions = len(book.json()["actions"])
    total, lib = statistics.median(totals), statistics.median(library)
    verdict = "OK" if total <= TARGET_S else "OVER TARGET"
    print(
        f"konsolidera, {args.reports} rapporter via remote engine: median {total:.2f} s "
        f"(mål ≤ {TARGET_S:.1f} s: {verdict}); varav biblioteket {lib:.2f} s, "
        f"Excel-sidan {total - lib:.2f} s; {actions} actions; rundor: "
        + ", ".join(f"{t:.2f}" for t in totals)
    )


if __name__ == "__main__":
    main()
