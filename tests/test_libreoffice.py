"""A real spreadsheet program in the loop: every committed template and example is opened by
LibreOffice headless, recalculated and saved again as .xlsx (one LibreOffice start for all).

(a) the sums LibreOffice computed equal finsam-xl's own; (b) the re-saved file validates to the
same model and the same issues (defined names, dates, numbers and text survive the round trip).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import parse_area
from finsam_xl.models import Rapport
from finsam_xl.schema import DELTAGAR_RADER
from finsam_xl.templates.layout import plan
from finsam_xl.templates.sheet_plan import Role
from finsam_xl.validate import validate_workbook
from finsam_xl.writers.recalc import find_soffice, soffice_convert_many

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = sorted((ROOT / "workbooks" / "templates").glob("*.xlsx")) + sorted(
    (ROOT / "workbooks" / "examples").glob("*.xlsx")
)

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    out = tmp_path_factory.mktemp("lo")
    # templates and examples share no file names, so one output folder holds them all
    assert len({p.name for p in COMMITTED}) == len(COMMITTED)
    converted = soffice_convert_many(COMMITTED, "xlsx", out, timeout=600)
    return {src.name: dst for src, dst in zip(COMMITTED, converted, strict=True)}


def _cell(wb: openpyxl.Workbook, name: str) -> object:
    area = parse_area(wb.defined_names[name].attr_text)
    return wb[area.sheet].cell(area.min_row, area.min_col).value


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_recalculated_sums_equal_finsam_xl(path: Path, resaved: dict[str, Path]) -> None:
    original = validate_workbook(path)
    wb = openpyxl.load_workbook(resaved[path.name], data_only=True)
    model = original.model
    if not isinstance(model, Rapport):
        assert _cell(wb, "malltyp") is not None  # budget and deltagare carry no schema sums
        return
    for prefix in ("budget", "utfall", "utfall_ack"):
        assert _cell(wb, f"{prefix}_summa") == model.summa(prefix), prefix  # type: ignore[arg-type]
    for rad in DELTAGAR_RADER:
        assert _cell(wb, f"deltagare_{rad}_totalt") == model.deltagare[rad].totalt, rad


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_resaved_file_validates_the_same(path: Path, resaved: dict[str, Path]) -> None:
    before, after = validate_workbook(path), validate_workbook(resaved[path.name])
    assert (after.malltyp, after.mallversion) == (before.malltyp, before.mallversion)
    # The only difference allowed: formula cells now carry LibreOffice's cached results (openpyxl
    # wrote none), and those must equal what finsam-xl recomputes.
    if isinstance(after.model, Rapport) and isinstance(before.model, Rapport):
        for prefix in ("budget", "utfall", "utfall_ack"):
            assert after.model.summor_angivna[prefix] == before.model.summa(prefix)  # type: ignore[arg-type]
        for rad, row in after.model.deltagare.items():
            assert row.totalt_angivet == row.totalt, rad
        read_back = {
            "summor_angivna": True,
            "deltagare": {r: {"totalt_angivet"} for r in DELTAGAR_RADER},
        }
        assert after.model.model_dump(exclude=read_back) == before.model.model_dump(
            exclude=read_back
        )
    else:
        assert after.model == before.model

    def triples(report: object) -> list[tuple[str, str | None, str | None]]:
        issues = report.issues  # type: ignore[attr-defined]
        return sorted((i.code, i.sheet, i.cell) for i in issues)

    assert triples(after) == triples(before)


_SUM = re.compile(r"=SUM\(([A-Z]+\d+):([A-Z]+\d+)\)")
_PLUS = re.compile(r"=([A-Z]+\d+(?:\+[A-Z]+\d+)*)")


def _our_value(ws: Worksheet, formula: str) -> float:
    """What a template formula adds up, from the cells as written (text and blanks count 0; a
    cell that is itself a formula, such as a row total inside the grand total, is added up too)."""
    if m := _SUM.fullmatch(formula):
        cells = [c for row in ws[f"{m[1]}:{m[2]}"] for c in row]
    elif m := _PLUS.fullmatch(formula):
        cells = [ws[ref] for ref in m[1].split("+")]
    else:
        raise AssertionError(f"a template formula this test cannot add up: {formula}")
    total = 0.0
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith("="):
            total += _our_value(ws, c.value)
        elif isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
            total += c.value
    return total


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_every_template_formula_recalculates_to_our_sum(
    path: Path, resaved: dict[str, Path]
) -> None:
    """Each formula of the layout (schema sums and the row/column totals), as LibreOffice computes
    it, equals the sum of its cells as written."""
    original = openpyxl.load_workbook(path)
    computed = openpyxl.load_workbook(resaved[path.name], data_only=True)
    malltyp = str(_cell(original, "malltyp"))
    checked = 0
    for sheet in plan(malltyp):
        for cell in sheet.cells:
            if cell.role not in (Role.FORMULA, Role.TOTAL):
                continue
            formula = str(cell.value)
            ours = _our_value(original[sheet.name], formula)
            theirs = computed[sheet.name].cell(cell.row, cell.col).value
            assert theirs == ours, (sheet.name, cell.row, cell.col, formula)
            checked += 1
    assert checked or malltyp == "deltagare"  # the list has no sums
