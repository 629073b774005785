"""Benchmark: consolidate 1 000 and 5 000 generated reports beside a plain pandas.read_excel loop.

    python benchmarks/bench_consolidate.py              # 1000 and 5000 reports
    python benchmarks/bench_consolidate.py --sizes 200 --pandas-sample 50

The reports are real filled templates: four quarterly reports (2024 Q1–Q4) are made once with
finsam_xl.templates, then copied with a unique insats_id written into the workbook XML (in the
id itself, an Ekonomi comment, a Mål och text text, and the planned participants on Deltagare),
so N files are N/4 insatser × 4 quarters, every sheet a submitter fills differs from file to
file (only Instruktioner and Listor are the template's), and every one is read, validated and
consolidated in full.

Printed per size: end-to-end seconds and reports/s of ``finsam_xl.consolidation`` (read +
validate + tables, all cores), the pure ``consolidate_reports`` part alone, the pandas loop
(``read_excel(sheet_name=None)`` per file, which reads cells and nothing more; timed on a
sample and scaled to N unless --pandas-sample 0 reads all), their ratio, and the peak resident
memory of this process and of the largest worker; then the time of writing the master workbook,
of the whole command ``finsam-xl consolidate DIR -o master.xlsx`` run from the shell, and of the
export (``--export``) on top of the tables. CPU time (this process and its workers) is printed
beside every wall time, and the load average once: on a shared machine the wall times move.
Targets (issue 16): 5 000 reports ≤ 8 s end to end on 2 cores (the command, master written),
≤ 600 MB in its largest process, ≥ 15× the pandas loop (which only reads) both for the tables and
for the command, and the export ≤ 20 % on top of the tables' CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_ID = "SFB 24-0000"
PLANNED = 4747  # a marker: each copy gets its own planned number of participants
IDENTITY: dict[str, Any] = {
    "forbund": "Samordningsförbundet Benchmark",
    "insats_namn": "Benchmarkinsatsen",
    "insats_id": BASE_ID,
    "huvudman": "Benchby kommun",
    "inriktning": "Individinriktad",
    "kontaktperson": "Bo Bench",
    "kontakt_epost": "bo@benchby.se",
    "beviljad_fran": date(2024, 1, 1),
    "beviljad_till": date(2025, 12, 31),
    "beviljat_belopp": 2_000_000,
    "samverkande_parter": [{"organisation": "Region Bench", "part_typ": "Region"}],
}
QUARTERS = [
    (date(2024, 1, 1), date(2024, 3, 31)),
    (date(2024, 4, 1), date(2024, 6, 30)),
    (date(2024, 7, 1), date(2024, 9, 30)),
    (date(2024, 10, 1), date(2024, 12, 31)),
]


def base_report(quarter: int) -> bytes:
    """One filled kvartalsrapport for 2024 Q<quarter+1>, as xlsx bytes."""
    import io

    from finsam_xl.templates import fill_workbook, make_template

    fran, till = QUARTERS[quarter]
    n = quarter + 1
    values = IDENTITY | {
        "rapporttyp": "Kvartalsrapport",
        "period_fran": fran,
        "period_till": till,
        "rapportdatum": date(till.year + (till.month == 12), till.month % 12 + 1, 10),
        "uppgiftslamnare": "Bo Bench",
        "budget_lonekostnader": 1_600_000,
        "utfall_lonekostnader": 190_000,
        "utfall_ack_lonekostnader": 190_000 * n,
        "budget_lokalkostnader": 240_000,
        "utfall_lokalkostnader": 30_000,
        "utfall_ack_lokalkostnader": 30_000 * n,
        "planerat_antal_deltagare": PLANNED,
        "deltagare_nya_kvinnor": 3,
        "deltagare_nya_man": 2,
        "deltagare_nya_under30": 1,
        "deltagare_aktiva_kvinnor": 3 * n,
        "deltagare_aktiva_man": 2 * n,
        "deltagare_totalt_kvinnor": 3 * n,
        "deltagare_totalt_man": 2 * n,
        "deltagare_totalt_under30": n,  # consistent counts: every report is used in the figures
        "deltagare_aktiva_under30": n,
        "mal": [{"mal": "40 deltagare", "malvarde": 40, "utfall": 5 * n, "uppnatt": "Delvis"}],
        "text_genomforande": f"Löpande verksamhet i {BASE_ID}.",
        "kommentar_material": f"Inköp enligt plan för {BASE_ID}.",
    }
    wb = make_template("rapport")
    fill_workbook(wb, values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_id(data: bytes, insats_id: str, planned: int) -> bytes:
    """The workbook with its insats_id (inline strings in three sheets) and planned number of
    participants replaced."""
    import io

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    swaps = {
        BASE_ID.encode(): insats_id.encode(),
        f"<v>{PLANNED}</v>".encode(): f"<v>{planned}</v>".encode(),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for old, new in swaps.items():
                    body = body.replace(old, new)
            dst.writestr(info, body)
    return out.getvalue()


def generate(folder: Path, count: int, bases: list[bytes]) -> list[Path]:
    paths = []
    for i in range(count):
        insats, quarter = divmod(i, 4)
        path = folder / f"SFB-{insats:05d}-q{quarter + 1}.xlsx"
        path.write_bytes(with_id(bases[quarter], f"SFB 24-{insats + 1:04d}", 20 + insats % 80))
        paths.append(path)
    return paths


def peak_mb() -> tuple[float, float]:
    """(this process, largest child) peak resident memory in MB (Linux reports kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def pandas_loop(paths: list[Path]) -> float:
    import pandas as pd

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' notice about its future default engine
        for path in paths:
            pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def run(count: int, sample: int, workers: int, folder: Path) -> dict[str, float]:
    """One size, in this process (main() starts a fresh process per size, so peak memory and
    the workers' memory are this size's alone)."""
    from finsam_xl.consolidation import consolidate, consolidate_reports

    paths = sorted(folder.glob("*.xlsx"))
    cpu0 = cpu_seconds()
    start = time.perf_counter()
    result = consolidate([folder], workers=workers)
    total = time.perf_counter() - start
    total_cpu = cpu_seconds() - cpu0
    assert len(result.tables["kallor"]) == count
    # every report must count in the figures: excluded files would make the tables (and the
    # time) look smaller than a real förbund's
    assert (result.tables["kallor"]["anvand"] == "ja").all(), "benchmark reports have errors"
    assert len(result.tables["insatser"]) == (count + 3) // 4

    start = time.perf_counter()
    consolidate_reports(result.reports)
    pure = time.perf_counter() - start
    own, child = peak_mb()  # before the pandas loop, which is not ours to measure

    from finsam_xl.writers.master import write_master

    cpu0 = cpu_seconds()
    start = time.perf_counter()
    write_master(result, folder.parent / f"master-{count}.xlsx")
    master = time.perf_counter() - start
    master_cpu = cpu_seconds() - cpu0

    from finsam_xl.consolidation.export import export_tables

    cpu0 = cpu_seconds()
    start = time.perf_counter()
    export_tables(result, folder.parent / f"export-{count}", csv_format="excel")
    export = time.perf_counter() - start
    export_cpu = cpu_seconds() - cpu0

    timed = paths if sample <= 0 else paths[: min(sample, count)]
    pandas_s = pandas_loop(timed) * count / len(timed)
    return {
        "n": count,
        "total_s": total,
        "total_cpu_s": total_cpu,
        "master_cpu_s": master_cpu,
        "rate": count / total,
        "pure_s": pure,
        "master_s": master,
        "export_s": export,
        "export_cpu_s": export_cpu,
        "pandas_s": pandas_s,
        "ratio": pandas_s / total,
        "own_mb": own,
        "child_mb": child,
        "pandas_sampled": float(len(timed) != count),
    }


def measure(
    count: int, sample: int, workers: int, tmp: Path, bases: list[bytes]
) -> dict[str, float]:
    """Generate the files here, then time them in a fresh interpreter."""
    folder = tmp / f"n{count}"
    folder.mkdir()
    generate(folder, count, bases)
    cmd = [sys.executable, __file__, "--one", str(count), str(folder)]
    cmd += ["--pandas-sample", str(sample), "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    data: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    data["cli_s"], data["cli_cpu_s"], data["cli_mb"] = time_cli(folder, tmp / f"cli-{count}.xlsx")
    data["cli_ratio"] = data["pandas_s"] / data["cli_s"]
    return data


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the reading workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


# Runs the command and prints its wall time, CPU time (with its workers) and the peak resident
# memory of its largest process, measured from a fresh parent so no earlier child counts.
_CLI_PROBE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
wall = time.perf_counter() - start
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, kids.ru_utime + kids.ru_stime, kids.ru_maxrss / 1024]))
"""


def time_cli(folder: Path, master: Path) -> tuple[float, float, float]:
    """The officer's command, timed from the shell: interpreter start, imports, reading on all
    cores, tables, the master workbook written safely, the summary printed. Returns wall and
    CPU seconds and the peak MB of its largest process."""
    cmd = [sys.executable, "-m", "finsam_xl", "consolidate", str(folder), "-o", str(master)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    out = subprocess.run(
        [sys.executable, "-c", _CLI_PROBE, *cmd],
        check=True,
        capture_output=True,
        env=env,
        text=True,
    ).stdout
    wall, cpu, peak = json.loads(out.strip().splitlines()[-1])
    return float(wall), float(cpu), float(peak)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--pandas-sample", type=int, default=300, help="0: time every file")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--one", nargs=2, metavar=("N", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        count, folder = int(args.one[0]), Path(args.one[1])
        print(json.dumps(run(count, args.pandas_sample, args.workers, folder)))
        return 0
    bases = [base_report(q) for q in range(4)]
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cores: {os.cpu_count()}, workers: {args.workers}, load average: {load}")
    ok = True
    with tempfile.TemporaryDirectory(prefix="finsam-bench-") as tmp:
        for count in args.sizes:
            r = measure(count, args.pandas_sample, args.workers, Path(tmp), bases)
            scaled = " (scaled from a sample)" if r["pandas_sampled"] else ""
            print(
                f"{count:>6} reports: {r['total_s']:6.2f} s end to end"
                f" (CPU {r['total_cpu_s']:.2f} s) = {r['rate']:7.1f} reports/s"
                f" | consolidate_reports alone {r['pure_s']:5.2f} s"
                f" | pandas loop {r['pandas_s']:7.2f} s{scaled} | ratio {r['ratio']:5.1f}×"
                f" | peak {r['own_mb']:.0f} MB (+ worker {r['child_mb']:.0f} MB)"
            )
            print(
                f"        + writing the master workbook {r['master_s']:.2f} s"
                f" (CPU {r['master_cpu_s']:.2f} s)"
                f" | `finsam-xl consolidate DIR -o master.xlsx` from the shell: {r['cli_s']:.2f} s"
                f" (CPU {r['cli_cpu_s']:.2f} s, peak {r['cli_mb']:.0f} MB in its largest"
                f" process) | ratio to the pandas loop {r['cli_ratio']:.1f}×"
            )
            print(
                f"        + the export (--export: CSV and Parquet) {r['export_s']:.2f} s"
                f" (CPU {r['export_cpu_s']:.2f} s) = {r['export_cpu_s'] / r['total_cpu_s']:.0%}"
                " of the tables' CPU time"
            )
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"        load average after this size: {load}")
            if count >= 5000:
                checks = {  # issue 16
                    "≤ 8 s (the command, master workbook written)": r["cli_s"] <= 8,
                    "≥ 15× pandas (the command, master written)": r["cli_ratio"] >= 15,
                    "≥ 15× pandas (tables)": r["ratio"] >= 15,
                    "≤ 600 MB (the command's largest process)": r["cli_mb"] <= 600,
                    "export ≤ 20 % of the tables' CPU": r["export_cpu_s"] <= 0.2 * r["total_cpu_s"],
                }
                for name, passed in checks.items():
                    print(f"        target {name}: {'ok' if passed else 'NOT MET'}")
                ok = ok and all(checks.values())
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
