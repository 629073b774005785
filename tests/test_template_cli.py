"""`finsam-xl template` through click's CliRunner: it writes, prefills, refuses and explains."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from finsam_xl.cellmap import parse_area
from finsam_xl.cli import cli


def value_of(path: Path, field_id: str) -> object:
    wb = openpyxl.load_workbook(path)
    area = parse_area(wb.defined_names[field_id].attr_text)
    return wb[area.sheet].cell(area.min_row, area.min_col).value


def test_writes_a_blank_template(tmp_path: Path) -> None:
    out = tmp_path / "rapport.xlsx"
    result = CliRunner().invoke(cli, ["template", "rapport", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert value_of(out, "malltyp") == "rapport"
    assert value_of(out, "forbund") is None
    assert not list(tmp_path.glob(".finsam-*"))  # the temp file was renamed, not left behind


def test_prefill_from_json(tmp_path: Path) -> None:
    data = {
        "forbund": "Samordningsförbundet Älvdal",
        "insats_namn": "Åter i arbete",
        "beviljad_fran": "2024-01-01",
        "rapporttyp": "tertialrapport",
        "samverkande_parter": [{"organisation": "Region", "part_typ": "region"}],
    }
    source = tmp_path / "insats.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        cli, ["template", "rapport", "-o", str(out), "--prefill", str(source)]
    )
    assert result.exit_code == 0, result.output
    assert value_of(out, "insats_namn") == "Åter i arbete"
    assert value_of(out, "beviljad_fran") == datetime(2024, 1, 1)
    assert value_of(out, "rapporttyp") == "Tertialrapport"
    assert value_of(out, "samverkande_parter") == "Region"


def test_bad_prefill_key_is_one_clear_line(tmp_path: Path) -> None:
    source = tmp_path / "insats.json"
    source.write_text(json.dumps({"insats_namn": "A", "utfall_material": 10}), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        cli, ["template", "rapport", "-o", str(out), "--prefill", str(source)]
    )
    assert result.exit_code == 2
    assert "utfall_material" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "budget.xlsx"
    out.write_bytes(b"keep me")
    runner = CliRunner()
    result = runner.invoke(cli, ["template", "budget", "-o", str(out)])
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    result = runner.invoke(cli, ["template", "budget", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert value_of(out, "malltyp") == "budget"


def test_register_writes_one_template_per_insats(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "insats_id,insats_namn,beviljad_till\nSFG 1,Första,2025-12-31\nSFG 2,Andra,2026-06-30\n",
        encoding="utf-8",
    )
    out = tmp_path / "mallar"
    result = CliRunner().invoke(
        cli, ["template", "deltagare", "-o", str(out), "--prefill", str(register)]
    )
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.xlsx"))
    assert [f.name for f in files] == ["deltagare SFG 1 Första.xlsx", "deltagare SFG 2 Andra.xlsx"]
    assert value_of(files[1], "beviljad_till") == datetime(2026, 6, 30)


def test_unknown_malltyp_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["template", "faktura", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
