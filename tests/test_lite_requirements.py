"""Everything macros/lite/requirements.txt asks xlwings Lite to install can be installed there.

Lite's Python is Pyodide: micropip installs a package Pyodide builds itself (its version is
Pyodide's) or a pure-Python wheel (py3-none-any), nothing else. Pyodide's package list is vendored
in macros/lite/pyodide-packages.json (from the npm package's pyodide-lock.json; refresh with
scripts/lite_packages.py). Each requirement, and what it requires in turn, with environment
markers evaluated as in Pyodide, must be one of the two. No network: a package neither in
Pyodide's list nor among the checked pure wheels counts as pure when its installed wheel here is.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

from finsam_xl.install import WHEEL

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "macros" / "lite"
PYODIDE = json.loads((LITE / "pyodide-packages.json").read_text(encoding="utf-8"))


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyodide_env(extra: str = "") -> dict[str, str]:
    full = PYODIDE["python"]
    return {
        "sys_platform": "emscripten",
        "platform_system": "Emscripten",
        "platform_machine": "wasm32",
        "os_name": "posix",
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": ".".join(full.split(".")[:2]),
        "python_full_version": full,
        "extra": extra,
    }


def requirement_lines() -> list[str]:
    lines = (LITE / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def finsam_requirements() -> list[Requirement]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in pyproject["project"]["dependencies"]]


def _pure_locally(name: str) -> tuple[Version, list[str]] | str:
    try:
        dist = importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return f"{name}: not in Pyodide, and no wheel here to tell whether it is pure Python"
    wheel = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag")]
    if "Root-Is-Purelib: true" not in wheel or not all(t.endswith("-none-any") for t in tags):
        return f"{name}: not in Pyodide and not a pure-Python wheel ({', '.join(tags)})"
    return Version(dist.version), list(dist.requires or [])


def unresolvable(start: list[Requirement]) -> list[str]:
    """What micropip could not install, walking every requirement as Pyodide would."""
    problems: list[str] = []
    seen: set[str] = set()
    todo = [(r, "") for r in start]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate(pyodide_env(extra)):
            continue
        name = canonical(req.name)
        key = f"{name}[{','.join(sorted(req.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        if name in PYODIDE["packages"]:
            entry = PYODIDE["packages"][name]
            if not req.specifier.contains(entry["version"], prereleases=True):
                problems.append(
                    f"{req}: Pyodide {PYODIDE['pyodide']} has {name} {entry['version']} only"
                )
            todo += [(Requirement(d), "") for d in entry["depends"]]
            continue
        found = _pure_locally(name)
        if isinstance(found, str):
            if name not in PYODIDE["pure_wheels"]:
                problems.append(found)
                continue
            wheel = PYODIDE["pure_wheels"][name]
            found = (Version(wheel.split("-")[1]), list(
                importlib.metadata.distribution(name).requires or []
            ))  # fmt: skip
        version, requires = found
        if not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req}: the pure wheel checked is {name} {version}")
        for extra_name in req.extras or {""}:
            todo += [(Requirement(r), extra_name) for r in requires]
    return problems


def test_requirements_name_xlwings_and_the_finsam_wheel():
    lines = requirement_lines()
    urls = [line for line in lines if "://" in line]
    assert len(urls) == 1 and urls[0].startswith("https://") and urls[0].endswith("/" + WHEEL)
    assert not any(canonical(Requirement(x).name) == "finsam-xl" for x in lines if x not in urls)


def test_every_runtime_dependency_installs_in_pyodide():
    lines = requirement_lines()
    start = [Requirement(x) for x in lines if "://" not in x] + finsam_requirements()
    assert unresolvable(start) == []


def test_the_check_would_catch_what_lite_cannot_install():
    # finsam-xl's old pin: Pyodide builds python-calamine, but an older one (no wheel otherwise)
    assert unresolvable([Requirement("python-calamine>=0.9,<1")])
    assert unresolvable([Requirement("pyarrow>=99")])  # Pyodide's version is what you get
    assert not unresolvable([Requirement("python-calamine>=0.9; sys_platform != 'emscripten'")])
    assert "pywin32" in str(unresolvable([Requirement("pywin32")]))


def test_the_vendored_list_says_where_it_is_from():
    assert PYODIDE["pyodide"].startswith("0.29.") and PYODIDE["python"].startswith("3.13")
    assert "pyodide-lock.json" in PYODIDE["source"] and "lite_packages.py" in PYODIDE["refresh"]
    assert PYODIDE["pure_wheels"]["xlwings"].endswith("-py3-none-any.whl")
