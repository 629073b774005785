"""`consolidate --register` and `template --prefill` read a register with one reader and agree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from finsam_xl.consolidation.register import read_register as read_for_consolidate
from finsam_xl.templates import write_prefilled_templates
from finsam_xl.templates.fill import resolve_names

# What used to split them: headers in another case with spaces, the cadence word in rapporttyp
# and the register-only column perioder (prefill refused both), and in an .xlsx the sheet named
# Register after another sheet (prefill read the first sheet).
HEADER = ["Insats ID", "insats_namn", "Förbund", "beviljad_fran", "beviljad_till", "rapporttyp",
          "perioder", "kontaktperson", "kontakt_epost"]  # fmt: skip
ROWS = [
    ["SBY 2023-14", "Steget vidare", "Samordningsförbundet Sjöbygden", "2024-01-01",
     "2025-12-31", "kvartal", "", "Projektledare", "steget.vidare@example.org"],
    ["", "Unga till arbete", "Samordningsförbundet Exempelbygd", "2024-03-01", "2024-12-31",
     "Slutrapport", "", "Samordnare", "unga@example.org"],
]  # fmt: skip


def write_csv(path: Path) -> Path:
    lines = [";".join(HEADER), *(";".join(r) for r in ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path) -> Path:
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Anteckningar"
    notes.append(["insats_id", "insats_namn"])
    notes.append(["FEL 1", "Inte registret"])
    sheet = wb.create_sheet("Register")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([date.fromisoformat(v) if k.startswith("beviljad") else (v or None)
                      for k, v in zip(HEADER, row, strict=True)])  # fmt: skip
    wb.save(path)
    return path


@pytest.mark.parametrize("make", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_both_commands_read_the_same_insatser(tmp_path: Path, make: object) -> None:
    assert callable(make)
    register = make(tmp_path / ("register.csv" if make is write_csv else "register.xlsx"))
    entries = read_for_consolidate(register).entries
    written = write_prefilled_templates("rapport", register, tmp_path / "mallar")
    assert len(written) == len(entries) == 2
    for entry, path in zip(entries, sorted(written, key=lambda p: "Unga" in p.name), strict=True):
        wb = load_workbook(path)
        cells = {}
        for field_id in ("insats_id", "insats_namn", "forbund", "beviljad_fran", "beviljad_till",
                         "kontaktperson", "kontakt_epost", "rapporttyp"):  # fmt: skip
            ws, area = resolve_names(wb, [field_id])[field_id]
            value = ws.cell(area.min_row, area.min_col).value
            cells[field_id] = value.date() if hasattr(value, "date") else value
        assert cells["insats_id"] == entry.insats_id
        assert cells["insats_namn"] == entry.insats_namn
        assert cells["forbund"] == entry.forbund
        assert (cells["beviljad_fran"], cells["beviljad_till"]) == (
            entry.beviljad_fran, entry.beviljad_till,
        )  # fmt: skip
        assert (cells["kontaktperson"], cells["kontakt_epost"]) == (
            entry.kontaktperson, entry.kontakt_epost,
        )  # fmt: skip
        expected = {"kvartal": "Kvartalsrapport", "slut": "Slutrapport"}[entry.kadens]
        assert cells["rapporttyp"] == expected


def test_a_budget_template_from_a_register_leaves_out_the_cadence(tmp_path: Path) -> None:
    register = write_csv(tmp_path / "register.csv")
    written = write_prefilled_templates("budget", register, tmp_path / "mallar")
    assert len(written) == 2  # rapporttyp and perioder are the register's, not the budget's


REGISTER_DIR = Path(__file__).resolve().parent.parent / "workbooks" / "register"


def test_register_carries_huvudman_beslut_uf_fields_and_members() -> None:
    csv_reg = read_for_consolidate(REGISTER_DIR / "exempelbygd-register.csv")
    xlsx_reg = read_for_consolidate(REGISTER_DIR / "exempelbygd-register.xlsx")
    assert csv_reg.entries == xlsx_reg.entries  # the kansli's workbook says what the CSV says
    steget = next(e for e in csv_reg.entries if e.insats_id == "SBY 2023-14")
    u = steget.uppgifter
    assert (u.huvudman_part_typ, u.huvudman_kommun, u.inriktning) == (
        "kommun", "Sjöbygdens kommun", "individinriktad",
    )  # fmt: skip
    assert u.beslut_datum == date(2023, 11, 20) and u.beslut_paragraf == "§ 45"
    assert u.belopp_per_ar == ((2024, 1_200_000), (2025, 1_200_000))
    assert u.esf_finansiering is False and u.malgrupp == ("Unga vuxna 16–29 år",)
    assert csv_reg.brister == ()
    assert csv_reg.medlemmar == ()  # a CSV has no members sheet
    keys = {m.namn: m.nyckel for m in xlsx_reg.medlemmar if m.part_typ == "kommun"}
    assert keys == {"Sjöbygdens kommun": 50, "Åbacka kommun": 30, "Norrviks kommun": 20}


def test_register_beslut_agree_with_the_forbund_workbook() -> None:
    from finsam_xl.validate import validate_workbook

    year = validate_workbook(REGISTER_DIR.parent / "examples" / "exempelbygd-forbund-2024.xlsx")
    assert year.forbundsar is not None
    reg = read_for_consolidate(REGISTER_DIR / "exempelbygd-register.csv")
    by_id = {e.insats_id: dict(e.uppgifter.belopp_per_ar) for e in reg.entries if e.insats_id}
    for b in year.forbundsar.beslut:
        assert by_id[b.insats_id][b.ar] == b.belopp, b


def test_missing_uf_fields_are_notes_and_a_bad_code_stops_with_row_and_column(
    tmp_path: Path,
) -> None:
    from finsam_xl.consolidation import consolidate
    from finsam_xl.errors import ConsolidationError

    register = write_csv(tmp_path / "register.csv")
    reg = read_for_consolidate(register)
    assert len(reg.brister) == 2 and "preciserad_inriktning" in reg.brister[0]
    examples = REGISTER_DIR.parent / "examples" / "steget-vidare-budget.xlsx"
    result = consolidate([examples], register=register)
    assert any("Uppföljning Finsam" in n for n in result.notes)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "insats_id;beviljad_fran;beviljad_till;rapporttyp;huvudman_part_typ;belopp_2024\n"
        "X 1;2024-01-01;2024-12-31;år;Landsting;100\n",
        encoding="utf-8",
    )
    with pytest.raises(ConsolidationError, match="rad 2, kolumn huvudman_part_typ: 'Landsting'"):
        read_for_consolidate(bad)


def test_register_template_round_trips_through_both_readers(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from finsam_xl.cli import cli as main

    source = REGISTER_DIR / "exempelbygd-register.csv"
    out = tmp_path / "register.xlsx"
    result = CliRunner().invoke(main, ["template", "register", "-o", str(out), "--prefill",
                                       str(source)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert read_for_consolidate(out).entries == read_for_consolidate(source).entries
    wb = load_workbook(out)
    assert wb.sheetnames == ["Register", "Medlemmar"]
    assert wb["Register"]["L2"].value.year == 2018  # beviljad från as a real date
    written = write_prefilled_templates("rapport", out, tmp_path / "mallar")
    assert len(written) == 7
    blank = tmp_path / "tom.xlsx"
    assert CliRunner().invoke(main, ["template", "register", "-o", str(blank)]).exit_code == 0
    assert read_for_consolidate(blank).entries == ()
    again = CliRunner().invoke(main, ["template", "register", "-o", str(blank)])
    assert again.exit_code != 0 and "finns redan" in again.output
