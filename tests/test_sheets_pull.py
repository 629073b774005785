"""The Google template and pull: a report filled in Google validates exactly like the .xlsx."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from conftest import CLEAN_RAPPORT
from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from sheets_fixtures import SA_EMAIL, client, folder, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.cellmap import parse_area
from finsam_xl.sheets import SheetsClient, create_google_template, pull_cellmap
from finsam_xl.sheets.tables import to_json_value
from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.validate import validate_cellmap, validate_workbook


def tiny_template() -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppgifter"
    ws["A1"], ws["A2"], ws["B2"] = "Förbund", "Typ", None
    for ref in ("B1", "B2", "C2"):
        ws[ref].protection = Protection(locked=False)
    ws["D1"] = "=SUM(B3:B4)"
    ws.protection = SheetProtection(sheet=True)
    dv = DataValidation(type="list", formula1='"Kvartalsrapport,Slutrapport"', allow_blank=True)
    dv.add("B2")
    ws.add_data_validation(dv)
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["forbund"] = DefinedName("forbund", attr_text="Uppgifter!$B$1")
    wb.defined_names["rader"] = DefinedName("rader", attr_text="Uppgifter!$B$3:$C$4")
    return wb


def test_google_template_has_named_ranges_dropdowns_and_protection(
    standin: StandIn, client: SheetsClient, folder: str
) -> None:
    gid = create_google_template(client, tiny_template(), title="Mall", folder_id=folder)
    assert standin.count() == 3  # files.create, spreadsheets.get, one batchUpdate
    book = standin.books[gid]
    assert [s.title for s in book.sheets] == ["Uppgifter"]
    names = {n["name"]: n["range"] for n in book.named_ranges}
    sheet = book.sheets[0]
    assert names["forbund"] == {
        "sheetId": sheet.id,
        "startRowIndex": 0,
        "endRowIndex": 1,
        "startColumnIndex": 1,
        "endColumnIndex": 2,
    }
    assert names["rader"]["endRowIndex"] == 4 and names["rader"]["endColumnIndex"] == 3
    rule = sheet.cells[(1, 1)].validation
    assert rule is not None and rule["condition"]["type"] == "ONE_OF_LIST"
    assert [v["userEnteredValue"] for v in rule["condition"]["values"]] == [
        "Kvartalsrapport",
        "Slutrapport",
    ]
    (protected,) = sheet.protected
    assert protected["warningOnly"] is False
    assert protected["unprotectedRanges"] == [  # B1, then B2:C2
        {
            "sheetId": sheet.id,
            "startRowIndex": 0,
            "endRowIndex": 1,
            "startColumnIndex": 1,
            "endColumnIndex": 2,
        },
        {
            "sheetId": sheet.id,
            "startRowIndex": 1,
            "endRowIndex": 2,
            "startColumnIndex": 1,
            "endColumnIndex": 3,
        },
    ]
    assert sheet.cells[(0, 3)].formula == "=SUM(B3:B4)"


def test_real_template_replicates(standin: StandIn, client: SheetsClient, folder: str) -> None:
    wb = make_template("rapport")
    gid = create_google_template(client, wb, title="FINSAM rapport", folder_id=folder)
    book = standin.books[gid]
    assert [s.title for s in book.sheets] == wb.sheetnames
    assert {n["name"] for n in book.named_ranges} == set(wb.defined_names)
    listor = book.sheet_by_title("Listor")
    assert listor.properties.get("hidden") is True
    dropdowns = [
        c.validation
        for s in book.sheets
        for c in s.cells.values()
        if c.validation and c.validation["condition"]["type"] == "ONE_OF_RANGE"
    ]
    assert dropdowns and dropdowns[0]["condition"]["values"][0]["userEnteredValue"].startswith(
        "=Listor!"
    )
    assert all(s.protected for s in book.sheets)
    assert {m["metadataKey"]: m["metadataValue"] for m in book.metadata} == {
        "finsam-xl:property:malltyp": "rapport",
        "finsam-xl:property:mallversion": "2.0",
    }


def _copy_into_google(client: SheetsClient, gid: str, filled: Workbook) -> None:
    """Type the filled workbook's named cells into the Google copy (as Sheets stores them)."""
    data: list[dict[str, Any]] = []
    for name, defined in filled.defined_names.items():
        area = parse_area(str(defined.attr_text))
        ws = filled[area.sheet]
        for r in range(area.min_row, area.max_row + 1):
            for c in range(area.min_col, area.max_col + 1):
                cell = ws.cell(r, c)
                if (
                    cell.value is None
                    or cell.data_type == "f"
                    or name in ("malltyp", "mallversion")
                ):
                    continue
                value, _ = to_json_value(cell.value)
                rng = f"'{area.sheet}'!{cell.coordinate}"
                data.append({"range": rng, "values": [[value]]})
    client.values_batch_update(gid, data)


PLANTED = {
    **CLEAN_RAPPORT,
    "kontakt_epost": "inte en adress",
    "utfall_lokalkostnader": 300_000,  # far over budget, no comment
    "text_analys": '=IMPORTXML("http://evil.example","//a")',
    "rapportdatum": date(2023, 1, 1),
}  # before the period
DATE_CELLS = {("Uppgifter", c) for c in ("C11", "C12", "C17", "C18", "C19")}


def _both(client: SheetsClient, standin: StandIn, tmp_path: Path) -> tuple[Any, Any]:
    """The same filled report validated as .xlsx and pulled from a Google copy of the template."""
    filled = make_template("rapport")
    fill_workbook(filled, PLANTED)
    path = tmp_path / "rapport.xlsx"
    filled.save(path)
    standin.add_shared_drive_folder("mapp", SA_EMAIL)
    gid = create_google_template(
        client, make_template("rapport"), title="Rapport", folder_id="mapp"
    )
    _copy_into_google(client, gid, filled)
    standin.reset_log()
    google = validate_cellmap(pull_cellmap(client, gid))
    assert standin.count() == 1  # one spreadsheets.get with grid data per report
    return validate_workbook(path), google


def _triples(issues: list[Any], *, info: bool = True) -> list[tuple[Any, ...]]:
    return sorted(
        (i.sheet, i.cell, str(i.code)) for i in issues if info or str(i.severity) != "info"
    )


def test_google_report_gives_the_same_errors_and_warnings_as_the_xlsx(
    standin: StandIn, client: SheetsClient, tmp_path: Path
) -> None:
    xlsx, google = _both(client, standin, tmp_path)
    assert _triples(google.issues, info=False) == _triples(xlsx.issues, info=False)
    codes = {t[2] for t in _triples(google.issues, info=False)}
    assert {"ogiltig-epost"} <= codes and len(codes) >= 2  # the planted problems were found
    assert google.malltyp == "rapport"


def test_google_report_gives_exactly_the_same_issues_as_the_xlsx(
    standin: StandIn, client: SheetsClient, tmp_path: Path
) -> None:
    xlsx, google = _both(client, standin, tmp_path)
    assert _triples(google.issues) == _triples(xlsx.issues)


def test_pull_reads_numbers_unformatted_on_a_swedish_sheet(
    standin: StandIn, client: SheetsClient
) -> None:
    book = standin.create_book("sv", sheets=("Ekonomi",), locale="sv_SE")
    standin.edit("sv", "Ekonomi!C6", "85000,5")  # typed the Swedish way
    standin.edit("sv", "Ekonomi!C7", "=C6*2")
    standin.edit("sv", "Ekonomi!C8", '=IMPORTXML("http://x","//a")', option="RAW")
    standin.edit("sv", "Ekonomi!C9", 45382)  # a date, as Sheets stores it
    book.named_ranges.append(
        {
            "namedRangeId": "a",
            "name": "utfall_personal",
            "range": {
                "sheetId": 0,
                "startRowIndex": 5,
                "endRowIndex": 6,
                "startColumnIndex": 2,
                "endColumnIndex": 3,
            },
        }
    )
    book.named_ranges.append(
        {
            "namedRangeId": "b",
            "name": "block",
            "range": {
                "sheetId": 0,
                "startRowIndex": 7,
                "endRowIndex": 10,
                "startColumnIndex": 2,
                "endColumnIndex": 3,
            },
        }
    )
    formatted = client.values_batch_get("sv", ["Ekonomi!C6"], render="FORMATTED_VALUE")
    assert formatted == [[["85000,5"]]]  # the trap the unformatted read avoids
    cm = pull_cellmap(client, "sv")
    assert cm.value("utfall_personal") == 85000.5
    block = [[c.value for c in row] for row in cm.tables["block"]]
    assert block == [['=IMPORTXML("http://x","//a")'], [45382], [None]]
    assert ("Ekonomi", "C8") not in cm.formulas  # text typed as =..., not a formula
    assert any(t.cell == "C8" for t in cm.texts)
    assert cm.source == "https://docs.google.com/spreadsheets/d/sv"


def test_pull_marks_formula_cells(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book("f", sheets=("S",))
    standin.edit("f", "S!A1", 2)
    standin.edit("f", "S!A2", "=A1+3")
    cm = pull_cellmap(client, "f")
    assert cm.formulas == {("S", "A2")}


def test_serial_numbers_are_numbers_not_dates(standin: StandIn, client: SheetsClient) -> None:
    assert to_json_value(date(2024, 3, 31)) == (45382, "date")
    assert to_json_value(datetime(2024, 3, 31, 12)) == (45382.5, "datetime")
