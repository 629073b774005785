"""The Book reader and the payload converter, through xlwings' real remote engine."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest
from excel_support import make_report_xlsx, open_book, remote_xlwings

from finsam_xl.cellmap import parse_area
from finsam_xl.excel.book_reader import read_book
from finsam_xl.excel.payload import xlsx_to_payload


@pytest.fixture
def report(tmp_path):
    return make_report_xlsx(tmp_path / "Rapport Åsele 2024.xlsx")


def test_payload_shape(report):
    xw = remote_xlwings()
    payload = xlsx_to_payload(report)
    assert payload["version"] == xw.__version__
    assert [s["name"] for s in payload["sheets"]] == ["Ekonomi", "Mål och text", "Deltagare ö"]
    names = {n["name"]: n for n in payload["names"]}
    assert names["deltagare"]["address"] == "A2:B4" and names["deltagare"]["sheet_index"] == 2
    assert names["budget"]["book_scope"] is True
    assert payload["sheets"][0]["values"][3][2] == "2024-03-01T00:00:00.000Z"


def test_reader_gives_what_the_file_holds(report):
    """Every defined name's cells, read through the Book API, equal openpyxl's view of the file."""
    xw = remote_xlwings()
    cellmap = read_book(open_book(xw, xlsx_to_payload(report)))
    wb = openpyxl.load_workbook(report, data_only=True)
    for name, definition in wb.defined_names.items():
        area = parse_area(definition.attr_text)
        ws = wb[area.sheet]
        expected = [[ws[ref].value for ref in row] for row in area.cells()]
        if area.is_single:
            got = [[cellmap.scalars[name].value]]
        else:
            got = [[c.value for c in row] for row in cellmap.tables[name]]
        assert got == expected, name
    assert cellmap.source == "Rapport Åsele 2024.xlsx"


def test_swedish_values_pass_through_untouched(report):
    xw = remote_xlwings()
    cellmap = read_book(open_book(xw, xlsx_to_payload(report)))
    assert cellmap.value("budget") == 85000.5
    assert cellmap.value("utfall") == "85 000,50"  # text with decimal comma: parsing is the core's
    assert cellmap.value("rapportdatum") == datetime(2024, 3, 1)
    assert cellmap.value("inlamnad") == datetime(2024, 3, 1, 14, 30)
    assert cellmap.value("insats_namn") == "Insatsen Åre–Östersund"
    assert cellmap.value("beskrivning") == "=SUMMA(1;2)"
    rows = cellmap.tables["deltagare"]
    assert [(c.sheet, c.cell) for c in rows[1]] == [("Deltagare ö", "A3"), ("Deltagare ö", "B3")]
    assert rows[1][1].value == "7,0" and rows[2][0].value is None


def test_texts_cover_every_sheet_but_own_sheets(report):
    xw = remote_xlwings()
    payload = xlsx_to_payload(report)
    payload["sheets"].append({"name": "Kontroll", "values": [["gammal kontroll"]], "tables": []})
    cellmap = read_book(open_book(xw, payload))
    where = {(c.sheet, c.cell) for c in cellmap.texts}
    assert ("Mål och text", "B2") in where and ("Deltagare ö", "A1") in where
    assert not any(c.sheet == "Kontroll" for c in cellmap.texts)


def test_sheet_scoped_and_dangling_names_are_no_fields(report, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    xw = remote_xlwings()
    wb = openpyxl.load_workbook(report)
    wb["Ekonomi"].defined_names["lokal"] = DefinedName("lokal", attr_text="Ekonomi!$C$2")
    wb.defined_names["trasig"] = DefinedName("trasig", attr_text="#REF!")
    path = tmp_path / "scoped.xlsx"
    wb.save(path)
    cellmap = read_book(open_book(xw, xlsx_to_payload(path)))
    assert not cellmap.has("lokal") and not cellmap.has("trasig")
    assert cellmap.has("budget")
