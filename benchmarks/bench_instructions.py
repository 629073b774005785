"""Instructions per report of read + validate in one process, counted by valgrind (callgrind).

    python benchmarks/bench_instructions.py [--files 100] [--mall 1.0|2.0|both]

Wall and CPU times move with the machine's load (two cores shared by several sessions moved our
CPU figures by 30 %); the number of instructions executed does not. The same reports as
bench_validate (distinct values, --mall 1.0 fills the frozen 1.0 template) are validated from
bytes in one process, once with none and once with N files after one warm-up file, and the
difference divided by N is printed. Needs valgrind; about a minute per 100 files.
Targets: issue 11, a 2.0 report within 10 % of a 1.0 report before the speed work (18.5 M
on 2026-11-30); issue 16 compares before/after of the same reports.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RUN = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from finsam_xl.validate import validate_workbook
files = sorted(Path(sys.argv[2]).glob("*.xlsx"))
n = int(sys.argv[3])
validate_workbook(files[-1].read_bytes())
for f in files[:n]:
    validate_workbook(f.read_bytes())
"""


def instructions(folder: Path, n: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", RUN, str(ROOT), str(folder), str(n)],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    found = re.search(r"Collected : (\d+)", out)
    assert found, out[-2000:]
    return int(found.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--mall", choices=("1.0", "2.0", "both"), default="both")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    from bench_validate import generate

    for mall in ("1.0", "2.0") if args.mall == "both" else (args.mall,):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            generate(folder, args.files + 1, mall)
            per = (instructions(folder, args.files) - instructions(folder, 0)) / args.files
            print(f"mall {mall}: {per / 1e6:.2f} M instructions per report (read + validate)")


if __name__ == "__main__":
    main()
