"""The shipped master workbook: its VBA module, buttons, settings sheet and reproducible build."""

from __future__ import annotations

import random
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

import finsam_xl.excel
from finsam_xl.excel.settings import LABELS

ROOT = Path(__file__).resolve().parent.parent
XLSM = ROOT / "workbooks" / "finsam-master.xlsm"
NOISE = random.Random(4)  # seeded: xdist workers must collect the same parameters
BAS = ROOT / "macros" / "finsam_xl.bas"
sys.path.insert(0, str(ROOT / "scripts"))
import build_xlsm  # noqa: E402
import vba_project  # noqa: E402


def modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_vba_module_is_the_one_in_macros():
    code = modules(XLSM)
    assert "finsam_xl.bas" in code and "Module1.bas" not in code
    shipped = code["finsam_xl.bas"].replace("\r\n", "\n").strip()
    source = BAS.read_text(encoding="utf-8").strip()
    assert shipped == source  # word for word, å/ä/ö included (cp1252 in the project)


def test_macros_call_functions_that_exist():
    code = modules(XLSM)["finsam_xl.bas"]
    calls = re.findall(r'RunPython "import finsam_xl\.excel as f; f\.(\w+)\(\)"', code)
    assert calls == ["validera", "konsolidera", "synka"]
    for name in calls:
        assert callable(getattr(finsam_xl.excel, name))


def test_xlwings_version_matches_the_pin():
    import xlwings

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in pyproject["project"]["optional-dependencies"]["excel"] if "xlwings" in d)
    code = modules(XLSM)["xlwings.bas"]
    version = re.search(r'XLWINGS_VERSION As String = "([\d.]+)"', code).group(1)
    assert pin == f"xlwings=={version}" and version == xlwings.__version__


def test_buttons_run_the_macros():
    with zipfile.ZipFile(XLSM) as zf:
        vml = zf.read("xl/drawings/vmlDrawing1.vml").decode()
        assert "xl/vbaProject.bin" in zf.namelist()
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml) == [
        "Validera",
        "Konsolidera",
        "Synka",
    ]
    subs = re.findall(r"^Sub (\w+)\(\)", BAS.read_text(encoding="utf-8"), re.M)
    assert subs == ["Validera", "Konsolidera", "Synka"]


def test_settings_sheet_has_every_setting():
    wb = openpyxl.load_workbook(XLSM, read_only=True)
    try:
        assert wb.sheetnames == ["Inställningar", "xlwings.conf"]
        labels = {
            str(r[0]).casefold() for r in wb["Inställningar"].iter_rows(values_only=True) if r[0]
        }
    finally:
        wb.close()
    assert set(LABELS.values()) == {LABELS[label] for label in labels & set(LABELS)}


def conf_as_xlwings_reads_it(path: Path) -> dict[str, object] | None:
    """The settings the embedded xlwings VBA module reads from the workbook, done its way.

    ``GetConfig`` looks for the sheet ``PROJECT_NAME & ".conf"`` (exact name) and
    ``GetConfigFromSheet`` reads column A from A1 down to the first empty cell, keys upper-cased.
    """
    code = modules(path)["xlwings.bas"]
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', code).group(1)
    assert 'SheetExists(ThisWorkbook, PROJECT_NAME & ".conf")' in code
    assert "d.Add UCase(cell.Value), cell.Offset(0, 1).Value" in code
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        if f"{project}.conf" not in wb.sheetnames:
            return None
        rows = list(wb[f"{project}.conf"].iter_rows(max_col=2, values_only=True))
    finally:
        wb.close()
    conf: dict[str, object] = {}
    for key, value in rows:
        if key in (None, ""):
            break
        conf[str(key).upper()] = value
    return conf


def test_xlwings_reads_the_udf_module_and_nothing_that_overrides_the_add_in():
    conf = conf_as_xlwings_reads_it(XLSM)
    assert conf == {"UDF MODULES": "finsam_xl.excel.udf"}  # no Interpreter/PYTHONPATH/Conda rows
    import importlib

    assert hasattr(importlib.import_module(str(conf["UDF MODULES"])), "FINSAM_STATUS")


def test_install_line_in_the_workbook_is_the_wheel_line():
    from finsam_xl.install import WHEEL, install_command

    wb = openpyxl.load_workbook(XLSM, read_only=True)
    try:
        text = " ".join(
            str(v) for row in wb["Inställningar"].iter_rows(values_only=True) for v in row if v
        )
    finally:
        wb.close()
    assert install_command("excel") in text and WHEEL in text
    assert "pip install finsam-xl" not in text and "Lita på åtkomst till VBA" in text


def test_vba_project_is_a_sound_compound_file():
    with zipfile.ZipFile(XLSM) as zf:
        data = zf.read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    try:
        assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")
        project = ole.openstream("PROJECT").read().decode("cp1252")
        dir_data = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    finally:
        ole.close()
    assert "Module=finsam_xl\r\n" in project and "Module1" not in project
    assert b"finsam_xl" in dir_data and b"Module1" not in dir_data


@pytest.mark.parametrize(
    "data",
    [b"", b"a", b"abcabcabcabc" * 500, bytes(range(256)) * 40, NOISE.randbytes(9000)],
)
def test_ovba_compression_round_trips(data):
    assert bytes(decompress_stream(bytearray(vba_project.compress(data)))) == data


def test_cfb_writer_round_trips_big_and_small_streams():
    streams = {f"S/m{i}": NOISE.randbytes(i * 97) for i in range(12)}
    streams |= {"Big": NOISE.randbytes(70_000), "Ö/å": b"svenska"}
    ole = olefile.OleFileIO(vba_project.write_cfb(streams), raise_defects=olefile.DEFECT_INCORRECT)
    try:
        assert {"/".join(p): ole.openstream(p).read() for p in ole.listdir()} == streams
    finally:
        ole.close()


def test_build_is_reproducible_and_matches_the_shipped_file(tmp_path):
    first = build_xlsm.build(tmp_path / "a" / "finsam-master.xlsm").read_bytes()
    second = build_xlsm.build(tmp_path / "b" / "finsam-master.xlsm").read_bytes()
    assert first == second  # byte for byte, run after run
    # Against the shipped file, compare what this project controls: the VBA project exactly, the
    # parts' names and the cell texts (XlsxWriter may lay out its XML differently by version).
    hint = "the shipped workbook is stale: run python scripts/build_xlsm.py"
    built, shipped = zipfile.ZipFile(tmp_path / "a" / "finsam-master.xlsm"), zipfile.ZipFile(XLSM)
    with built, shipped:
        assert built.read("xl/vbaProject.bin") == shipped.read("xl/vbaProject.bin"), hint
        assert sorted(built.namelist()) == sorted(shipped.namelist()), hint
        texts = [
            re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
            for z in (built, shipped)
        ]
        assert texts[0] == texts[1], hint
