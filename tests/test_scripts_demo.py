"""README's first command, run twice as an officer would: the second run is fast and offline.

Issue 13: "a second run of the demo takes under 10 s and works with the package index
unreachable". The second run here has every package source cut (no index, no find-links, no pip
configuration, a proxy that refuses), so a pip call would fail it; its steps and files are
checked, and its time is printed with the load average. The time is asserted only with a wide
margin: on a shared 2-core machine the load, not the demo, moves it by seconds (the README's
figure is measured by hand, see "Two commands").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out"
UNREACHABLE = "http://127.0.0.1:9/"  # the discard port: nothing answers
OFFLINE = {
    "PIP_INDEX_URL": UNREACHABLE,
    "PIP_EXTRA_INDEX_URL": UNREACHABLE,
    "PIP_NO_INDEX": "1",
    "PIP_FIND_LINKS": "",
    "PIP_CONFIG_FILE": os.devnull,
    "http_proxy": UNREACHABLE,
    "https_proxy": UNREACHABLE,
    "HTTP_PROXY": UNREACHABLE,
    "HTTPS_PROXY": UNREACHABLE,
}
STEPS = (
    "== finsam-xl validate workbooks/examples",
    "== finsam-xl consolidate workbooks/examples -o out/finansieringsoversikt.xlsx",
    "== finsam-xl rapport workbooks/examples --styrelse -o out/styrelse.pdf",
)
MARGIN_S = 60  # the 10 s is the figure printed below; this catches a runaway only


def _demo(env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "demo.py")], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=900, check=False)  # fmt: skip
    return done, time.monotonic() - start


def test_the_offline_environment_has_no_package_source(tmp_path: Path) -> None:
    """The second run's environment really cuts pip off: a download in it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(tmp_path), "six"],
        capture_output=True, text=True, env={**os.environ, **OFFLINE}, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode != 0, done.stdout


def test_the_demo_reruns_offline_in_seconds() -> None:
    env = {**os.environ, "XLWINGS_LICENSE_KEY": "noncommercial", "PYTHONIOENCODING": "utf-8"}
    # README's `PYTHON=python3.12 python3 scripts/demo.py`, naming this Python (another version
    # would rebuild .venv); the first run sets .venv up if it is not, as an officer's would
    first, _ = _demo({**env, "PYTHON": sys.executable})
    assert first.returncode == 0, first.stdout + first.stderr
    assert all(step in first.stdout for step in STEPS), first.stdout
    env.pop("PYTHON", None)
    started = time.time()
    second, seconds = _demo({**env, **OFFLINE})
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    figure = f"second run of scripts/demo.py: {seconds:.1f} s wall, load average {load:.2f}"
    print(figure)
    text = second.stdout + second.stderr
    assert second.returncode == 0, text
    assert "Installerar" not in text and "Skapar en virtuell miljö" not in text
    positions = [second.stdout.find(step) for step in STEPS]
    assert -1 not in positions and positions == sorted(positions), second.stdout  # in order
    assert "Skrev out/finansieringsoversikt.xlsx." in second.stdout
    assert "Sammanfattning: " in second.stdout and "Klart: " in second.stdout
    written = [OUT / "finansieringsoversikt.xlsx", OUT / "tabeller", OUT / "kontroll"]
    if "Styrelserapporten: out/styrelse.pdf." in second.stdout:  # with LibreOffice
        written.append(OUT / "styrelse.pdf")
    else:
        assert "kräver LibreOffice" in second.stdout
    for path in written:
        assert path.stat().st_mtime >= started - 1, path  # made by this run, not left over
    assert seconds < MARGIN_S, figure
