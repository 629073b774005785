"""Every check in one command: set-up, then ruff, mypy --strict and the test suite on two cores.

README's test command: ``python3 scripts/test.py`` (Windows: ``py scripts\\test.py``); .ci/run
calls exactly that. Arguments are passed on to pytest. LibreOffice is installed with apt-get when
missing and we are root on Debian/Ubuntu (announced: it takes minutes); otherwise the tests that
need it skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bootstrap import ROOT, bootstrap, is_windows, say

# Carlito: Calibri's metric twin, so LibreOffice prints the master as wide as Excel does (the
# print tests measure it); Windows has Calibri itself.
LIBREOFFICE_PACKAGES = ["libreoffice-calc", "poppler-utils", "fonts-crosextra-carlito"]


def has_carlito() -> bool:
    if is_windows() or shutil.which("fc-list") is None:
        return is_windows()
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True)
    return "carlito" in listed.stdout.lower()


def libreoffice_plan(
    *, has_soffice: bool, windows: bool, is_root: bool, has_apt: bool, has_font: bool = True
) -> str:
    """What to do about LibreOffice: ``present``, ``apt`` (install it) or ``skip``."""
    if has_soffice and (has_font or windows):
        return "present"
    if not windows and is_root and has_apt:
        return "apt"
    return "skip"


def ensure_libreoffice() -> None:
    plan = libreoffice_plan(
        has_soffice=shutil.which("soffice") is not None or shutil.which("libreoffice") is not None,
        windows=is_windows(),
        is_root=not is_windows() and os.geteuid() == 0,
        has_apt=shutil.which("apt-get") is not None,
        has_font=has_carlito(),
    )
    if plan == "apt":
        say("== Installerar LibreOffice (" + ", ".join(LIBREOFFICE_PACKAGES) + ") med apt-get "
            "för testerna som öppnar filerna på riktigt. Det tar några minuter …")  # fmt: skip
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                        *LIBREOFFICE_PACKAGES], check=True, env=env)  # fmt: skip
    elif plan == "skip":
        how = ("installera LibreOffice från libreoffice.org" if is_windows()
               else "apt-get install " + " ".join(LIBREOFFICE_PACKAGES))  # fmt: skip
        say(f"== LibreOffice (soffice) saknas: testerna som behöver det hoppas över ({how}).")


def main() -> int:
    python = bootstrap(Path(__file__).resolve(), extras=["dev"])
    ensure_libreoffice()  # after the Python check: a wrong Python should fail in seconds
    # xlwings' remote engine (used to test the Excel entry points without Excel) starts with this
    # key; a samordningsförbund is a public body, a permitted purpose of PolyForm Noncommercial.
    env = dict(os.environ)
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    steps = [
        ("ruff", ["-m", "ruff", "check", "."]),
        ("ruff format", ["-m", "ruff", "format", "--check", "."]),
        ("mypy", ["-m", "mypy"]),
        ("pytest", ["-m", "pytest", "-n", "2", "-q", *sys.argv[1:]]),
    ]
    for name, args in steps:
        say(f"== {name}")
        code = subprocess.run([str(python), *args], cwd=ROOT, env=env).returncode
        if code != 0:
            return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
