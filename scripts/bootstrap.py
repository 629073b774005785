"""Set-up shared by scripts/demo.py and scripts/test.py, the same on Debian and Windows.

Runs on whatever Python started it, so it must not use anything newer than Python 3.8 before the
version check has passed. Steps:

1. ``PYTHON=...`` (e.g. ``python3.12`` or ``py -3.12``) re-runs the script with that interpreter.
2. Python older than 3.11 stops at once with a Swedish message naming the version found.
3. ``.venv`` is created (its interpreter is ``Scripts\\python.exe`` on Windows, ``bin/python``
   elsewhere) and the project installed into it only when pyproject.toml, the extras or the
   Python version changed since the last install (a stamp file in .venv says what was
   installed), so a rerun takes seconds and needs no network. pip's and setuptools' output is
   shown only when the install fails.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP_NAME = ".finsam-xl-install.json"
REEXEC_MARK = "FINSAM_XL_BOOTSTRAP_PYTHON"  # set on the re-run, so PYTHON is followed once


def say(text: str) -> None:
    print(text, flush=True)


def version_problem(version: tuple[int, ...], executable: str) -> str | None:
    """A Swedish message when ``version`` is too old for finsam-xl, else None."""
    if tuple(version[:2]) >= MIN_PYTHON:
        return None
    found = ".".join(str(part) for part in version[:3])
    need = ".".join(str(part) for part in MIN_PYTHON)
    return (
        f"finsam-xl behöver Python {need} eller nyare, men {executable} är Python {found}.\n"
        f"Installera en nyare Python (python.org eller apt-get install python{need}) och välj den "
        f"med PYTHON, till exempel:\n"
        f"  PYTHON=python{need} python3 scripts/demo.py      (Linux, macOS)\n"
        f"  set PYTHON=py -{need} & py scripts\\demo.py       (Windows, cmd)\n"
        f'  $env:PYTHON="py -{need}"; py scripts\\demo.py    (Windows, PowerShell)'
    )


def interpreter_command(value: str, *, windows: bool) -> list[str]:
    """The command a ``PYTHON`` value names: ``py -3.12`` is two words, a Windows path keeps its
    backslashes."""
    words = shlex.split(value, posix=not windows)
    # Windows mode keeps the quotes around "C:\Program Files\...": the path is what is inside
    return [w[1:-1] if windows and len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]


def venv_python(venv: Path, *, windows: bool) -> Path:
    """The interpreter inside a virtual environment."""
    return venv / "Scripts" / "python.exe" if windows else venv / "bin" / "python"


def is_windows() -> bool:
    return os.name == "nt"


def wanted_stamp(pyproject: Path, extras: list[str], version: tuple[int, ...]) -> dict[str, object]:
    """What an install from ``pyproject`` with ``extras`` on Python ``version`` leaves behind."""
    return {
        "pyproject_sha256": hashlib.sha256(pyproject.read_bytes()).hexdigest(),
        "extras": sorted(extras),
        "python": ".".join(str(part) for part in version[:2]),
    }


def read_stamp(venv: Path) -> dict[str, object] | None:
    try:
        data = json.loads((venv / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def needs_install(stamp: dict[str, object] | None, wanted: dict[str, object]) -> bool:
    """True unless the last install was from the same pyproject.toml and Python and had every
    wanted extra (an install for the tests also serves the demo)."""
    if stamp is None:
        return True
    extras = stamp.get("extras")
    return (
        stamp.get("pyproject_sha256") != wanted["pyproject_sha256"]
        or stamp.get("python") != wanted["python"]
        or not isinstance(extras, list)
        or not set(wanted["extras"]) <= set(extras)  # type: ignore[call-overload]
    )


def follow_python_choice(script: Path, argv: list[str]) -> None:
    """Re-run ``script`` with the interpreter named by PYTHON (once), and exit with its code."""
    choice = os.environ.get("PYTHON", "").strip()
    if not choice or os.environ.get(REEXEC_MARK) == choice:
        return
    command = interpreter_command(choice, windows=is_windows())
    env = dict(os.environ, **{REEXEC_MARK: choice})
    try:
        done = subprocess.run([*command, str(script), *argv], env=env, check=False)
    except OSError:
        say(f"Hittar inte Python-tolken PYTHON={choice}: kontrollera namnet eller sökvägen.")
        raise SystemExit(2) from None
    raise SystemExit(done.returncode)


def check_python() -> None:
    problem = version_problem(tuple(sys.version_info), sys.executable or "python")
    if problem:
        say(problem)
        raise SystemExit(2)


def _run_quietly(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, errors="replace",
                          check=False, cwd=ROOT)  # fmt: skip
    if done.returncode != 0:
        say((done.stdout + done.stderr).strip())
        say(f"\n{what} misslyckades (slutkod {done.returncode}); pip:s utskrift står ovan.")
        say("Utan nätverk går det bara när .venv redan är installerad från samma pyproject.toml.")
        raise SystemExit(1)


def ensure_venv(extras: list[str]) -> Path:
    """The venv's interpreter, with finsam-xl (and ``extras``) installed and up to date."""
    windows = is_windows()
    python = venv_python(VENV, windows=windows)
    wanted = wanted_stamp(ROOT / "pyproject.toml", extras, tuple(sys.version_info))
    stamp = read_stamp(VENV)
    if not python.exists() or (stamp is not None and stamp.get("python") != wanted["python"]):
        say(f"Skapar en virtuell miljö i {VENV.name} (Python {wanted['python']}) …")
        done = subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(VENV)],
            capture_output=True,
            text=True,
            errors="replace",  # pip's output in the console's code page on Windows
            check=False,
        )
        if done.returncode != 0:
            say(done.stderr.strip())
            say(
                "Kunde inte skapa .venv. På Debian/Ubuntu behövs paketet "
                f"python{wanted['python']}-venv (apt-get install python{wanted['python']}-venv)."
            )
            raise SystemExit(1)
        stamp = None
    if needs_install(stamp, wanted):
        previous = stamp.get("extras") if stamp else []
        all_extras = sorted(set(extras) | set(previous if isinstance(previous, list) else []))
        target = "." + (f"[{','.join(all_extras)}]" if all_extras else "")
        say(f"Installerar finsam-xl{target[1:]} i {VENV.name} (första gången tar det en minut) …")
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        _run_quietly([*pip, "-e", target], "Installationen")
        wanted["extras"] = all_extras
        (VENV / STAMP_NAME).write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    return python


def bootstrap(script: Path, extras: list[str]) -> Path:
    """Follow PYTHON, check the version, make the venv current; return the venv's interpreter."""
    follow_python_choice(script, sys.argv[1:])
    check_python()
    return ensure_venv(extras)
