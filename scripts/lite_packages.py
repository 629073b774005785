"""Vendor what xlwings Lite's Python (Pyodide) can install, for tests/test_lite_requirements.py.

    npm pack pyodide@0.29.5 && tar xzf pyodide-0.29.5.tgz
    python scripts/lite_packages.py package --pure xlwings==0.37.8

writes macros/lite/pyodide-packages.json: the Pyodide version, its Python, each package Pyodide
builds (name, version, what it depends on; from the npm package's pyodide-lock.json), and for
each ``--pure`` requirement the py3-none-any wheel PyPI has for it (found with
``pip download --platform any --implementation py --abi none``: a wheel micropip can install).
Run it again with the Pyodide version xlwings Lite moves to.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "macros" / "lite" / "pyodide-packages.json"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pure_wheel(requirement: str, python: str) -> str:
    """The file name of a py3-none-any wheel of ``requirement`` on the package index."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", requirement, "--no-deps", "--only-binary",
             ":all:", "--platform", "any", "--implementation", "py", "--abi", "none",
             "--python-version", python, "-d", tmp, "-q"],
            check=True,
        )  # fmt: skip
        (wheel,) = Path(tmp).glob("*.whl")
        return wheel.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="the unpacked npm package folder (package/)")
    parser.add_argument("--pure", action="append", default=[], help="NAME==VERSION")
    args = parser.parse_args()
    version = json.loads((args.package / "package.json").read_text(encoding="utf-8"))["version"]
    lock = json.loads((args.package / "pyodide-lock.json").read_text(encoding="utf-8"))
    python = ".".join(lock["info"]["python"].split(".")[:2])
    packages = {
        canonical(entry["name"]): {
            "version": entry["version"],
            "depends": sorted(canonical(d) for d in entry.get("depends", [])),
        }
        for entry in lock["packages"].values()
        if entry.get("package_type", "package") == "package"
    }
    out = {
        "pyodide": version,
        "python": lock["info"]["python"],
        "source": f"pyodide-lock.json of the npm package pyodide@{version}",
        "refresh": "python scripts/lite_packages.py --help",
        "pure_wheels": {canonical(r.split("==")[0]): pure_wheel(r, python) for r in args.pure},
        "packages": dict(sorted(packages.items())),
    }
    OUT.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(OUT)


if __name__ == "__main__":
    main()
