"""The main job on the shipped example reports: set up, validate them, consolidate them.

README's first command: ``python3 scripts/demo.py`` (Windows: ``py scripts\\demo.py``). Writes
out/finansieringsoversikt.xlsx, feedback copies in out/kontroll/, the tables in out/tabeller/
and, with LibreOffice installed, the board's report out/styrelse.pdf (without it, the demo goes
on).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bootstrap import ROOT, bootstrap, say


def main() -> int:
    python = bootstrap(Path(__file__).resolve(), extras=[])
    out = ROOT / "out"
    out.mkdir(exist_ok=True)

    def finsam(*args: str) -> int:
        return subprocess.run([str(python), "-m", "finsam_xl", *args], cwd=ROOT).returncode

    say("\n== finsam-xl validate workbooks/examples  (det en handläggare ser)")
    finsam("validate", "workbooks/examples", "--hide-info", "--annotate", "out/kontroll")
    say("\n== finsam-xl consolidate workbooks/examples -o out/finansieringsoversikt.xlsx")
    code = finsam("consolidate", "workbooks/examples", "-o", "out/finansieringsoversikt.xlsx",
                  "--export", "out/tabeller")  # fmt: skip
    if code != 0:
        return code
    say("\n== finsam-xl rapport workbooks/examples --styrelse -o out/styrelse.pdf")
    board = finsam("rapport", "workbooks/examples", "--styrelse", "-o", "out/styrelse.pdf")
    say("\nKlart: öppna out/finansieringsoversikt.xlsx (återkoppling per rapport i out/kontroll/,")
    say("tabellerna som CSV för Excel och Parquet i out/tabeller/).")
    if board == 0:
        say("Styrelserapporten: out/styrelse.pdf.")
    else:  # LibreOffice missing: the master and the tables are still there
        say("Styrelserapporten (PDF) skrevs inte: den kräver LibreOffice, se meddelandet ovan.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
