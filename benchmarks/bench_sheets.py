"""Count (and time) the Google Sheets API requests per operation, against the local stand-in.

    python benchmarks/bench_sheets.py [--rows 5000] [--rounds 3]

Runs the real gspread client against the schema-checked stand-in from tests/ (no network): a
first push of three tables (one of ``--rows`` rows), a repeat push over the unchanged sheet (adds
the conflict check), a pull of the overview, the Google template, and a pull of a report. Prints
requests per operation and per API method, request bytes, and the median wall time. The request
counts are what matter for Google's quota (60 writes a minute per user; a batch counts once); the
times measure this machine and the stand-in, not Google's latency.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
MAX_PUSH_REQUESTS = 7  # 5 + value chunks (6 + chunks again); these tables fit one chunk


def tables(rows: int) -> dict[str, Any]:
    import pandas as pd

    return {
        "Översikt": pd.DataFrame(
            {
                "Insats": [f"Insats {i}" for i in range(rows)],
                "Beviljat (kr)": [1_000_000 + i for i in range(rows)],
                "Utfall (kr)": [85000.5 + i for i in range(rows)],
                "Period t.o.m.": [date(2024, 3, 31)] * rows,
                "Kommentar": ["Uppstart och rekrytering av deltagare"] * rows,
            }
        ),
        "Budget": pd.DataFrame({"Kostnadsslag": ["Lön", "Lokal"], "Budget": [1.6e6, 2.4e5]}),
        "Avvikelser": pd.DataFrame({"Insats": ["A"], "Antal": [1]}),
        "Problem": pd.DataFrame({"Fil": [], "Kod": []}),  # runs often have an empty table
    }


def measure(
    name: str,
    standin: Any,
    action: Callable[[], object],
    rounds: int,
    setup: Callable[[], object] = lambda: None,
) -> int:
    times, counts = [], None
    for _ in range(rounds):
        setup()
        standin.reset_log()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
        counts = standin.counts()
        sent = sum(e.request_bytes for e in standin.log)
    assert counts is not None
    total = sum(counts.values())
    detail = ", ".join(
        f"{m.removeprefix('sheets.spreadsheets.')} {n}" for m, n in sorted(counts.items())
    )
    print(
        f"{name:<34} {total:>3} requests  {sent / 1e6:6.2f} MB sent  "
        f"{statistics.median(times) * 1000:7.0f} ms   ({detail})"
    )
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from sheets_standin import StandIn

    from finsam_xl.sheets import (
        connect,
        create_google_template,
        pull_cellmap,
        pull_tables,
        push_tables,
    )
    from finsam_xl.templates import make_template

    standin = StandIn().start()
    try:
        client = connect(session=standin.session())
        # A service account may create files only in a shared drive: the template goes there.
        standin.add_shared_drive_folder("bench-folder", *standin.tokens.values())
        data = tables(args.rows)
        print(f"finsam-xl sheets, {args.rows} rows in the big table, median of {args.rounds}")
        first = measure(
            "push (new spreadsheet)",
            standin,
            lambda: push_tables(client, "bench", data),
            args.rounds,
            setup=lambda: standin.create_book("bench"),
        )
        again = measure(
            "push (again, with conflict check)",
            standin,
            lambda: push_tables(client, "bench", data),
            args.rounds,
        )
        measure(
            "pull_tables (overview)", standin, lambda: pull_tables(client, "bench"), args.rounds
        )
        made: list[str] = []
        measure(
            "create_google_template (rapport)",
            standin,
            lambda: made.append(
                create_google_template(
                    client, make_template("rapport"), title="Mall", folder_id="bench-folder"
                )
            ),
            args.rounds,
        )
        measure(
            "pull_cellmap (report)", standin, lambda: pull_cellmap(client, made[-1]), args.rounds
        )
        if standin.violations:
            print("schema violations:", *standin.violations[:5], sep="\n  ")
            return 1
    finally:
        standin.stop()
    ok = max(first, again) <= MAX_PUSH_REQUESTS
    verdict = "ok" if ok else "TOO MANY"
    print(f"push requests {first}/{again} (limit {MAX_PUSH_REQUESTS}): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
