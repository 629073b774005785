"""The xlwings Lite script (macros/lite/main.py) and the custom functions, registered the way
Lite and xlwings Server register them (XLWINGS_ON_SERVER must be set before xlwings is first
imported, so this runs in a fresh interpreter)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from excel_support import (
    LICENCE_REASON,
    apply_actions,
    open_book,
    remote_xlwings,
)

from finsam_xl.excel.payload import xlsx_to_payload

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "workbooks" / "examples" / "data" / "steget-vidare-kvartalsrapport-2024q1.json"
)  # fmt: skip

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
    assert pin in reqs  # the finsam-xl line: tests/test_lite_requirements.py


def _lite_main() -> Any:
    """macros/lite/main.py as a module (xlwings' @script leaves the functions callable here)."""
    spec = importlib.util.spec_from_file_location("finsam_lite_main", LITE / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _kontroll_codes(state: dict) -> set[tuple[str, str, str]]:
    rows = next(s for s in state["sheets"] if s["name"] == "Kontroll")["values"][4:]
    return {(r[6], r[1], r[2]) for r in rows if len(r) > 6 and r[6]}


@pytest.mark.parametrize("lite_has_get_formula", [True, False])
def test_lite_validera_fetches_formulas(tmp_path, monkeypatch, lite_has_get_formula):
    """A formula whose result is text like '=SUMMA(1;2)' is no typed-in formula: Lite's script
    fetches the formulas with get_formula, as desktop Excel reads them. Office.js is the boundary:
    its answers to get_formula and get_color are given here from the file."""
    import json as _json

    import openpyxl

    from finsam_xl.cellmap import parse_area
    from finsam_xl.templates import fill_workbook, make_template

    xw = remote_xlwings()
    main = _lite_main()
    data = _json.loads(EXAMPLE.read_text(encoding="utf-8"))
    wb = make_template(data["malltyp"])
    fill_workbook(wb, {**data["values"], "kommentar_lonekostnader": "=SUMMA(1;2)"})
    wb.save(tmp_path / "Rapport.xlsx")
    area = parse_area(openpyxl.load_workbook(tmp_path / "Rapport.xlsx").defined_names[
        "kommentar_lonekostnader"].attr_text)  # fmt: skip
    target = (area.sheet, area.min_row, area.min_col)
    payload = xlsx_to_payload(tmp_path / "Rapport.xlsx")

    async def get_formula(self):
        if not lite_has_get_formula:
            raise NotImplementedError("no get_formula")
        values = self.options(ndim=2).value
        return [
            ['="=SUMMA(1;2)"' if (self.sheet.name, self.row + r, self.column + c) == target
             else "" for c, _ in enumerate(row)]
            for r, row in enumerate(values)
        ]  # fmt: skip

    async def get_color(self):
        return None

    monkeypatch.setattr(xw.Range, "get_formula", get_formula)
    monkeypatch.setattr(xw.Range, "get_color", get_color)
    book = open_book(xw, payload)
    asyncio.run(main.validera(book))
    codes = _kontroll_codes(apply_actions(payload, book.json()["actions"]))
    flagged = (
        "formel-i-text",
        area.sheet,
        f"{'ABCDEFGHIJ'[area.min_col - 1]}{area.min_row}",
    ) in codes
    assert flagged is not lite_has_get_formula, codes
