"""The xlwings Lite script (macros/lite/main.py) and the custom functions, registered the way
Lite and xlwings Server register them (XLWINGS_ON_SERVER must be set before xlwings is first
imported, so this runs in a fresh interpreter)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from excel_support import LICENCE_REASON

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "macros" / "lite"

PROBE = """
import json, sys, importlib
from xlwings.pro.udfs_officejs import custom_functions_meta, custom_scripts_meta
module = importlib.import_module(sys.argv[1])
print(json.dumps({
    "scripts": sorted(s["function_name"] for s in custom_scripts_meta(module)),
    "functions": sorted(f["name"] for f in custom_functions_meta(module)["functions"]),
}))
"""


def registered(module: str) -> dict[str, list[str]]:
    if os.environ.get("XLWINGS_LICENSE_KEY") is None:
        pytest.skip(LICENCE_REASON)
    env = dict(os.environ, XLWINGS_ON_SERVER="true")
    env["PYTHONPATH"] = os.pathsep.join([str(LITE), str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_lite_scripts_and_functions():
    found = registered("main")
    assert found["scripts"] == ["konsolidera", "synka", "validera"]
    assert found["functions"] == ["FINSAM_ANMARKNINGAR", "FINSAM_STATUS"]


def test_udf_module_registers_for_office_js():
    assert registered("finsam_xl.excel.udf")["functions"] == [
        "FINSAM_ANMARKNINGAR",
        "FINSAM_STATUS",
    ]


def test_lite_requirements_pin_the_same_xlwings():
    import tomllib

    pin = next(
        d
        for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]["excel"]
        if d.startswith("xlwings")
    )
    lines = (LITE / "requirements.txt").read_text(encoding="utf-8").splitlines()
    reqs = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert pin in reqs and "finsam-xl" in reqs
