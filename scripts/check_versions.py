"""Run the test suite with the dependencies at other versions than the newest.

    python3 scripts/check_versions.py lowest  [pytest arguments]
    python3 scripts/check_versions.py pyodide [pytest arguments]

``lowest``: every dependency at the lowest version pyproject.toml allows, so a bound that no
longer holds shows (on 2026-12-01 five did not: xlsxwriter, pandas, click, python-calamine,
defusedxml). A version the dev extra pins with ``==`` (openpyxl, whose name and version stand in
the committed templates) stays pinned. ``pyodide``: the dependencies xlwings Lite's Pyodide ships
at Pyodide's versions (macros/lite/pyodide-packages.json; pandas 2.3 and click 8.3 there), the
others as pip picks them: what the Lite door runs on, short of the browser.

Makes .venv-<set>/ (ignored by git), installs the project with the dev tools there under these
versions as pip constraints, and runs the suite on two cores from the checkout. Needs PyPI;
not part of .ci/run (a second install and a second run of the suite, ~8 minutes).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bootstrap import ROOT, is_windows, say, venv_python

SETS = ("lowest", "pyodide")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_BOUND = re.compile(r"(>=|==|~=)\s*([0-9][A-Za-z0-9.]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(pyproject: dict[str, object]) -> list[str]:
    """The runtime dependencies and the excel and sheets extras, as written."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    extras = project.get("optional-dependencies", {})
    return [*project["dependencies"], *extras.get("excel", []), *extras.get("sheets", [])]


def dev_pins(pyproject: dict[str, object]) -> dict[str, str]:
    """Packages the dev extra pins with ``==``: name -> version."""
    project = pyproject["project"]
    assert isinstance(project, dict)
    pins: dict[str, str] = {}
    for line in project.get("optional-dependencies", {}).get("dev", []):
        name, bound = _NAME.match(line), re.search(r"==\s*([0-9][A-Za-z0-9.]*)", line)
        if name and bound:
            pins[canonical(name.group(1))] = bound.group(1)
    return pins


def applies(requirement: str, platform: str = sys.platform) -> bool:
    """False for a requirement whose environment marker excludes ``platform`` (only the
    ``sys_platform`` markers pyproject uses)."""
    marker = requirement.partition(";")[2].strip()
    found = re.fullmatch(r"sys_platform\s*(==|!=)\s*['\"]([^'\"]+)['\"]", marker)
    if not marker or found is None:
        return True
    return (platform == found.group(2)) == (found.group(1) == "==")


def lowest(pyproject: dict[str, object]) -> dict[str, str]:
    """name -> the lowest version each requirement allows (its >=, == or ~= bound)."""
    pins: dict[str, str] = {}
    for requirement in requirements(pyproject):
        name, bound = _NAME.match(requirement), _BOUND.search(requirement.partition(";")[0])
        if name and bound and applies(requirement):
            pins[canonical(name.group(1))] = bound.group(2)
    return pins | dev_pins(pyproject)


def pyodide(pyproject: dict[str, object], packages: dict[str, dict[str, object]]) -> dict[str, str]:
    """name -> Pyodide's version, for each dependency Pyodide ships and installs there (and
    numpy, pandas')."""
    shipped = {canonical(k): str(v["version"]) for k, v in packages.items()}
    names = {
        canonical(m.group(1))
        for r in requirements(pyproject)
        if (m := _NAME.match(r)) and applies(r, "emscripten")
    }
    return {n: shipped[n] for n in sorted(names | {"numpy"}) if n in shipped} | dev_pins(pyproject)


def pins_for(which: str) -> dict[str, str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    if which == "lowest":
        return lowest(pyproject)
    lock = json.loads((ROOT / "macros/lite/pyodide-packages.json").read_text(encoding="utf-8"))
    return pyodide(pyproject, lock["packages"])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in SETS:
        say(__doc__ or "")
        return 2
    which, pytest_args = argv[0], argv[1:]
    pins = pins_for(which)
    say(f"== {which}: " + ", ".join(f"{n}=={v}" for n, v in sorted(pins.items())))
    venv = ROOT / f".venv-{which}"
    python = venv_python(venv, windows=is_windows())
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text("".join(f"{n}=={v}\n" for n, v in pins.items()), encoding="utf-8")
        install = [str(python), "-m", "pip", "install", "-q", "--upgrade", "-c", str(constraints)]
        # editable, as scripts/bootstrap.py installs it: the tests run the checkout
        subprocess.run([*install, "-e", f"{ROOT}[dev]"], check=True)
    subprocess.run([str(python), "-m", "pip", "check"], check=True)
    pytest = [str(python), "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"]
    return subprocess.run([*pytest, *(pytest_args or ["tests"])], cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
