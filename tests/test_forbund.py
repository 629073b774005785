"""The förbund's own workbook: template, reader, rules E7–E9 and its place in consolidation."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import finsam_xl
from finsam_xl.config import DEFAULT, config_from_dict
from finsam_xl.errors import FinsamError
from finsam_xl.forbund import Forbundsar
from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.templates.build import workbook_bytes
from finsam_xl.validate import FileReport, validate_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "examples" / "exempelbygd-forbund-2024.xlsx"
EXAMPLE_JSON = ROOT / "workbooks" / "examples" / "data" / "exempelbygd-forbund-2024.json"
RULE_CODES = (
    "medlemsbidrag-fordelning",
    "nyckel-summa",
    "eget-kapital-hogt",
    "beslutat-over-medel",
)


def example_values() -> dict[str, Any]:
    values: dict[str, Any] = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))["values"]
    return values


def workbook(values: dict[str, Any]) -> bytes:
    from scripts.make_examples import cell_values

    wb = make_template("forbund")
    fill_workbook(wb, cell_values(values))
    return workbook_bytes(wb)


def hostile_values() -> dict[str, Any]:
    """The example made wrong three ways and over-committed: every förbund rule fires."""
    values = example_values()
    medlemmar = values["medlemmar"]
    medlemmar[0] = {**medlemmar[0], "bidrag_budget": 1800000}  # FK 47,4 % of 3 800 000
    medlemmar[4] = {**medlemmar[4], "nyckel": 35}  # keys 50 + 35 + 20 = 105
    values["eget_kapital_ub"] = 1500000  # 37,7 % of 3 980 000 kr received
    values["medlemmar"][0]["bidrag_utfall"] = 1980000  # 49,7 %: inside 0,5 pp
    values["beslut"] = [
        *values["beslut"],
        {"insats_id": "EXB 2024-09", "ar": 2024, "belopp": 3000000},
    ]
    return values


def codes(report: FileReport) -> list[str]:
    return [i.code for i in report.issues]


def test_template_has_a_defined_name_per_field_and_swedish_titles() -> None:
    from finsam_xl.schema import fields_for

    wb = make_template("forbund")
    fields = {n for n in wb.defined_names if not n.startswith("kontroll_")}  # live checks' own
    assert fields == {f.id for f in fields_for("forbund")}
    assert wb.sheetnames == ["Instruktioner", "Förbundet", "Ekonomi", "Beslut", "Listor"]
    titles = [dv.promptTitle for ws in wb.worksheets for dv in ws.data_validations.dataValidation]
    assert titles and all(len(t) <= 32 for t in titles if t)
    assert "Andel av kommunernas del (%)" in titles
    # protected, formatting allowed (as in the other templates)
    sheet = wb["Förbundet"]
    assert sheet.protection.sheet and not sheet.protection.formatCells


def test_example_reads_into_forbundsar() -> None:
    report = validate_workbook(EXAMPLE)
    assert report.status == "ok", [(i.code, i.cell) for i in report.issues]
    assert report.model is None  # no insats report
    year = report.forbundsar
    assert isinstance(year, Forbundsar)
    assert (year.forbund, year.organisationsnummer, year.ar) == (
        "Samordningsförbundet Exempelbygd", "222000-4711", 2024,
    )  # fmt: skip
    assert year.tilldelat_budget == year.tilldelat_utfall == Decimal(4_000_000)
    assert [m.nyckel for m in year.medlemmar if m.part_typ == "kommun"] == [50, 30, 20]
    assert (
        year.medlemmar[1].part_typ == "arbetsformedlingen" and year.medlemmar[1].bidrag_budget == 0
    )
    assert year.beslutat(2024) == Decimal(2_700_000)
    assert year.beslutat(2025) == Decimal(1_800_000)
    assert {b.insats_id for b in year.beslut} >= {"SBY 2023-14", "SFG 22-8.4"}
    assert (year.eget_kapital_ib, year.eget_kapital_ub) == (300_000, 779_700)
    assert year.administrativa_kostnader_utfall == Decimal(874_500)


def test_keys_as_percent_cells_read_the_same_as_typed_percent() -> None:
    values = example_values()
    for row in values["medlemmar"]:
        if "nyckel" in row:
            row["nyckel"] = row["nyckel"] / 100  # as a cell Excel formats as percent stores it
    year = validate_workbook(workbook(values), name="f.xlsx").forbundsar
    assert year is not None
    assert [m.nyckel for m in year.medlemmar if m.nyckel is not None] == [50, 30, 20]


def test_hostile_workbook_raises_each_rule_where_the_fix_is() -> None:
    report = validate_workbook(workbook(hostile_values()), name="fientlig.xlsx")
    found = {i.code: replace(i, message=i.message.replace("\u00a0", " ")) for i in report.issues}
    assert set(RULE_CODES) <= set(found), codes(report)
    split = [i for i in report.issues if i.code == "medlemsbidrag-fordelning"]
    assert len(split) == 1  # the budget column; the received one is inside 0,5 pp
    assert "47,4 %" in split[0].message.replace("\u00a0", " ")
    assert "Finsamlagen" in split[0].message
    assert split[0].sheet == "Förbundet"
    assert "105,0 %" in found["nyckel-summa"].message
    assert found["eget-kapital-hogt"].field == "eget_kapital_ub"
    assert found["eget-kapital-hogt"].sheet == "Ekonomi"
    assert "20,0 %" in found["eget-kapital-hogt"].message
    # the default staircase is an assumption, and the message says so (never "Nationella
    # rådets nivå" as a fact a board might act on)
    assert "antagna trappa (inte kontrollerad" in found["eget-kapital-hogt"].message
    assert "assumed staircase" in (found["eget-kapital-hogt"].message_en or "")
    assert found["beslutat-over-medel"].sheet == "Beslut"
    assert "5 700 000 kr till insatser" in found["beslutat-over-medel"].message
    assert all(found[c].message_en for c in RULE_CODES)


def test_af_with_zero_and_half_pp_rounding_is_no_issue() -> None:
    values = example_values()
    values["medlemmar"][0]["bidrag_budget"] = 1990000  # 49,9 %: inside the tolerance
    report = validate_workbook(workbook(values), name="f.xlsx")
    assert not set(codes(report)) & set(RULE_CODES)


def test_a_kommun_without_key_is_named() -> None:
    values = example_values()
    del values["medlemmar"][5]["nyckel"]
    report = validate_workbook(workbook(values), name="f.xlsx")
    issue = next(i for i in report.issues if i.code == "nyckel-summa")
    assert "Norrviks kommun saknar andel" in issue.message
    assert issue.cell == "E16"  # the empty key, where the fix goes


def test_staircase_is_a_setting() -> None:
    values = example_values()
    report = validate_workbook(workbook(values), name="f.xlsx")
    assert "eget-kapital-hogt" not in codes(report)  # 19,5 % under the default 20 %
    strict = config_from_dict({"regler": {"eget_kapital_trappa": [[0, 0.10]]}})
    report = validate_workbook(workbook(values), name="f.xlsx", config=strict)
    assert "eget-kapital-hogt" in codes(report)
    issue = next(i for i in report.issues if i.code == "eget-kapital-hogt")
    assert "förbundets inställda trappa" in issue.message and "antagna" not in issue.message
    assert strict.eget_kapital_trappa == ((Decimal(0), Decimal("0.10")),)
    assert DEFAULT.eget_kapital_trappa[0] == (Decimal(0), Decimal("0.20"))


@pytest.mark.parametrize("bad", [[[0, 2]], [], [[0]], "20 %", [["x", 0.1]]])
def test_a_wrong_staircase_names_the_setting(bad: object) -> None:
    with pytest.raises(FinsamError, match="eget_kapital_trappa"):
        config_from_dict({"regler": {"eget_kapital_trappa": bad}})


def test_insats_rules_do_not_run_on_the_forbund_workbook() -> None:
    from finsam_xl.rules import registered
    from finsam_xl.schema import Malltyp

    on_forbund = {c for c, kinds in registered() if Malltyp.FORBUND in kinds}
    assert on_forbund == {*RULE_CODES, "personnummer", "formel-i-text"}


def test_consolidate_carries_the_forbund_year_and_its_problems(tmp_path: Path) -> None:
    import os

    hostile = hostile_values()
    hostile["forbund"] = "Samordningsförbundet Fientligbygd"
    (tmp_path / "fientlig.xlsx").write_bytes(workbook(hostile))
    (tmp_path / "exempel.xlsx").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "steget.xlsx").write_bytes(
        (ROOT / "workbooks/examples/steget-vidare-kvartalsrapport-2024q1.xlsx").read_bytes()
    )
    result = finsam_xl.consolidate([tmp_path])
    assert [y.forbund for y in result.forbundsar] == [
        "Samordningsförbundet Exempelbygd", "Samordningsförbundet Fientligbygd",
    ]  # fmt: skip
    kallor = result.tables["kallor"].set_index("file")
    forbund_files = kallor[kallor["malltyp"] == "forbund"]
    assert set(forbund_files["anvand"]) == {"ja"}
    assert len(result.tables["insatser"]) == 1  # only the insats report is an insats
    problem = result.tables["problem"]
    assert set(RULE_CODES) <= set(problem["code"])
    excluded = finsam_xl.consolidate([tmp_path], include_errors=False)
    assert [y.forbund for y in excluded.forbundsar] == ["Samordningsförbundet Exempelbygd"]
    # the same förbund and year twice: the newer file counts, the older is superseded
    revised = example_values()
    revised["eget_kapital_ub"] = 800000
    (tmp_path / "exempel-bokslut.xlsx").write_bytes(workbook(revised))
    os.utime(tmp_path / "exempel.xlsx", (1_600_000_000, 1_600_000_000))
    again = finsam_xl.consolidate([tmp_path])
    exempel = [y for y in again.forbundsar if y.forbund == "Samordningsförbundet Exempelbygd"]
    assert [y.eget_kapital_ub for y in exempel] == [800000]
    kallor = again.tables["kallor"].set_index(again.tables["kallor"]["file"].map(
        lambda f: Path(f).name))  # fmt: skip
    assert kallor.loc["exempel.xlsx", "anvand"] == "ersatt"
    assert kallor.loc["exempel-bokslut.xlsx", "anvand"] == "ja"
    dubblett = again.tables["problem"]
    dubblett = dubblett[dubblett["code"] == "dubblett"]
    assert [Path(f).name for f in dubblett["file"]] == ["exempel.xlsx"]
