"""The main job on the shipped example reports: set up, validate them, consolidate them.

README's first command: ``python3 scripts/demo.py`` (Windows: ``py scripts\\demo.py``). Writes
out/finansieringsoversikt.xlsx, feedback copies in out/kontroll/, the tables in out/tabeller/
and, with LibreOffice installed, the board's report out/styrelse.pdf (without it, the demo goes
on).

The three steps read only the examples and write different files, so consolidate and the board's
report (LibreOffice: most of a rerun's seconds) run while validate prints; their output is held
back and shown after validate's, so the screen reads in order.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bootstrap import ROOT, bootstrap, say


def main() -> int:
    python = bootstrap(Path(__file__).resolve(), extras=[])
    (ROOT / "out").mkdir(exist_ok=True)
    command = [str(python), "-m", "finsam_xl"]
    consolidate = ["consolidate", "workbooks/examples", "-o", "out/finansieringsoversikt.xlsx",
                   "--export", "out/tabeller"]  # fmt: skip
    board = ["rapport", "workbooks/examples", "--styrelse", "-o", "out/styrelse.pdf"]
    with ExitStack() as stack:
        held = {}  # step -> (process, its output so far); UTF-8 whatever the console's code page
        for name, args in (("consolidate", consolidate), ("rapport", board)):
            log = stack.enter_context(tempfile.TemporaryFile())
            process = subprocess.Popen([*command, *args], cwd=ROOT, stdout=log,
                                       stderr=subprocess.STDOUT,
                                       env=dict(os.environ, PYTHONIOENCODING="utf-8"))  # fmt: skip
            stack.callback(_stop, process)
            held[name] = (process, log)
        say("\n== finsam-xl validate workbooks/examples  (det en handläggare ser)")
        subprocess.run([*command, "validate", "workbooks/examples", "--hide-info", "--annotate",
                        "out/kontroll"], cwd=ROOT, check=False)  # fmt: skip
        codes = {}
        for name, args in (("consolidate", consolidate), ("rapport", board)):
            process, log = held[name]
            codes[name] = process.wait()
            say(f"\n== finsam-xl {' '.join(args)}")
            log.seek(0)
            say(log.read().decode("utf-8", "replace").rstrip("\n"))
            if name == "consolidate" and codes[name] != 0:
                return codes[name]
    say("\nKlart: öppna out/finansieringsoversikt.xlsx (återkoppling per rapport i out/kontroll/,")
    say("tabellerna som CSV för Excel och Parquet i out/tabeller/).")
    if codes["rapport"] == 0:
        say("Styrelserapporten: out/styrelse.pdf.")
    else:  # LibreOffice missing: the master and the tables are still there
        say("Styrelserapporten (PDF) skrevs inte: den kräver LibreOffice, se meddelandet ovan.")
    return 0


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Leave nothing running when the demo stops early (an error, Ctrl+C)."""
    if process.poll() is None:
        process.kill()
        process.wait()


if __name__ == "__main__":
    raise SystemExit(main())
