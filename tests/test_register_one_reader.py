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
