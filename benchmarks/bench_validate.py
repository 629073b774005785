"""Benchmark: `validate` over N generated reports beside a plain pandas.read_excel loop.

    python benchmarks/bench_validate.py [N] [--pandas-sample K] [--mall 1.0]

Generates N filled rapport workbooks (distinct values, some with problems) in a temp folder, then in
the same run times (a) finsam-xl's validate_paths over all N on all cores, (b) the same in one
process, and (c) `pandas.read_excel(sheet_name=None)` on K of them (every sheet, openpyxl engine:
what a hand-written script would do), and prints reports/s and the ratio per file.
``--mall 1.0`` fills the frozen 1.0 template (tests/data/v1/templates, read through the migration)
with the same values instead of today's, to set the cost of a 2.0 report against a 1.0 report.
Targets (issue 2): 5 000 reports <= 10 s on 2 cores, >= 15x the pandas loop; issue 16: read and
validate <= 1.0 ms CPU per report in one process, >= 15x the pandas loop in the same run (both
printed with a verdict); issue 11: a 2.0 report within 10 % of a 1.0. Load average, CPU and wall
times and peak memory are printed beside the figures, and where one process's time goes:
read_workbook, validate_cellmap, and the floor under any reader (the file read and hashed, the
XML of its field sheets inflated).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.validate import validate_paths

V1_TEMPLATE = Path(__file__).resolve().parent.parent / "tests/data/v1/templates/rapport.xlsx"


def generate(folder: Path, n: int, mall: str = "2.0") -> list[Path]:
    from openpyxl import load_workbook

    wb = load_workbook(V1_TEMPLATE) if mall == "1.0" else make_template("rapport")
    paths = []
    for i in range(n):
        q = i % 4
        fill_workbook(
            wb,
            {
                "forbund": "Samordningsförbundet Bench",
                "insats_namn": f"Insats {i // 4}",
                "insats_id": f"SFB {i // 4}",
                "huvudman": "Benchby kommun",
                "inriktning": "Individinriktad",
                "kontaktperson": "Kim",
                "kontakt_epost": "kim@bench.se",
                "beviljad_fran": date(2024, 1, 1),
                "beviljad_till": date(2024, 12, 31),
                "beviljat_belopp": 1_000_000 + i,
                "samverkande_parter": [{"organisation": "Region", "part_typ": "Region"}],
                "rapporttyp": "Kvartalsrapport",
                "period_fran": date(2024, 3 * q + 1, 1),
                "period_till": [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30),
                                date(2024, 12, 31)][q],
                "rapportdatum": date(2024, 12, 31),
                "budget_lonekostnader": 800_000,
                "utfall_lonekostnader": 200_000 + i % 1000,
                "utfall_ack_lonekostnader": 200_000 * (q + 1),
                "deltagare_nya_kvinnor": i % 7,
                "deltagare_nya_man": i % 5,
                "text_genomforande": "Arbetet fortsätter enligt plan." * (1 + i % 3),
            },
        )  # fmt: skip
        buf = io.BytesIO()
        wb.save(buf)
        path = folder / f"rapport-{i:05d}.xlsx"
        path.write_bytes(buf.getvalue())
        paths.append(path)
    return paths


def phases(paths: list[Path]) -> dict[str, float]:
    """CPU ms per report of each step of validate in one (fresh) process, and the
    floor no reader can go under: the file's bytes read and hashed, and the XML of the parts
    holding fields (workbook and its field sheets) inflated, before one cell is taken out."""
    import hashlib
    import zipfile

    import finsam_xl.rules  # noqa: F401  # imported by the first validation: not timed
    from finsam_xl.config import DEFAULT
    from finsam_xl.readers.ooxml import open_zip, read_package
    from finsam_xl.readers.xlsx import read_workbook
    from finsam_xl.validate import validate_cellmap

    def cpu(step: Callable[[Any], object], items: list[Any]) -> tuple[float, list[Any]]:
        c0 = time.process_time()
        out = [step(item) for item in items]
        return (time.process_time() - c0) / len(items) * 1000, out

    taken, datas = cpu(Path.read_bytes, paths)
    hashed, _ = cpu(lambda d: hashlib.sha256(d).digest(), datas)
    read, cellmaps = cpu(lambda d: read_workbook(d, name="r.xlsx"), datas)
    checked, _ = cpu(validate_cellmap, cellmaps)
    # the parts of the sheets holding fields, as the reader resolves them (one template: the
    # same parts in every file)
    sheets = {c.sheet for c in cellmaps[0].scalars.values()}
    package = read_package(datas[0], open_zip(datas[0], "r.xlsx", DEFAULT), "r.xlsx", DEFAULT)
    parts = [s.part for s in package.sheets if s.part and s.name in sheets]

    def inflate(data: bytes) -> int:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", *parts]
            return sum(len(z.read(name)) for name in names)

    inflated, _ = cpu(inflate, datas)
    return {
        "bytes read": taken,
        "sha256": hashed,
        "read_workbook": read,
        "validate_cellmap": checked,
        "floor: bytes + sha256 + field XML inflated": taken + hashed + inflated,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=5000)
    parser.add_argument("--pandas-sample", type=int, default=200)
    parser.add_argument("--mall", choices=("1.0", "2.0"), default="2.0")
    args = parser.parse_args()
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        paths = generate(folder, args.n, args.mall)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"generated {args.n} mall {args.mall} reports in {time.perf_counter() - t0:.1f} s; "
              f"load average {load}")  # fmt: skip

        t0, c0 = time.perf_counter(), time.process_time()
        report = validate_paths([folder])
        par = time.perf_counter() - t0
        main_cpu = time.process_time() - c0
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        par_cpu = main_cpu + children.ru_utime + children.ru_stime
        assert len(report.files) == args.n
        del report
        sample = paths[: min(args.n, 1000)]
        t0, c0 = time.perf_counter(), time.process_time()
        validate_paths(sample, workers=1)
        single = (time.perf_counter() - t0) / len(sample)
        single_cpu = (time.process_time() - c0) / len(sample)

        # in a fresh process: this one has read the sample, and a memo kept from it would hit
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as fresh:
            split = fresh.submit(phases, sample).result()

        k = min(args.pandas_sample, args.n)
        t0, c0 = time.perf_counter(), time.process_time()
        for p in paths[:k]:
            pd.read_excel(p, sheet_name=None, engine="openpyxl")
        pandas_per = (time.perf_counter() - t0) / k
        pandas_cpu = (time.process_time() - c0) / k

    cores = os.cpu_count() or 1
    print(f"finsam-xl validate, {cores} cores: {args.n} reports in {par:.2f} s "
          f"= {args.n / par:,.0f} reports/s")  # fmt: skip
    print(f"  CPU time, all processes: {par_cpu / args.n * 1000:.2f} ms/report "
          f"(of which the collecting main process {main_cpu / args.n * 1000:.2f})")  # fmt: skip
    print(f"finsam-xl validate, 1 process:  {single * 1000:.2f} ms/report "
          f"({single_cpu * 1000:.2f} ms CPU: wall above it means other load)")  # fmt: skip
    print(f"pandas.read_excel every sheet:   {pandas_per * 1000:.2f} ms/report (sample of {k}; "
          f"{pandas_cpu * 1000:.2f} ms CPU)")  # fmt: skip
    print(f"ratio per report, 1 process: {pandas_per / single:.1f}x; "
          f"all cores vs pandas loop: {pandas_per * args.n / par:.1f}x; "
          f"CPU time per report: {pandas_cpu / single_cpu:.1f}x")  # fmt: skip
    print("where one process's CPU goes, ms/report (same files): " + "; ".join(
        f"{step} {ms:.2f}" for step, ms in split.items()))  # fmt: skip
    floor = split["floor: bytes + sha256 + field XML inflated"] + split["validate_cellmap"]
    print(f"  floor + validate_cellmap: {floor:.2f} ms/report, what any reader costs with "
          "today's validation before it takes out one cell")  # fmt: skip
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = children.ru_maxrss / 1024  # the validating workers', before the split's process
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"peak memory: this process {own:.0f} MB (generating the reports included), largest "
          f"worker {worker:.0f} MB; load average at the end {load}")  # fmt: skip
    if args.mall == "2.0":  # issue 16
        for name, passed in {
            "read + validate <= 1.0 ms CPU per report, 1 process": single_cpu <= 0.001,
            ">= 15x the pandas loop (CPU per report)": pandas_cpu / single_cpu >= 15,
            ">= 15x the pandas loop (all cores, wall)": pandas_per * args.n / par >= 15,
        }.items():
            print(f"target {name}: {'ok' if passed else 'NOT MET'}")


if __name__ == "__main__":
    main()
