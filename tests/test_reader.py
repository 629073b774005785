"""The xlsx reader on well-formed workbooks: names to cells, values as held, formulas, texts, flags.

Workbooks are built here with openpyxl (and xlsxwriter where a formula needs a cached result,
which openpyxl cannot store), then read back through every kind of source.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName

from finsam_xl.cellmap import CellMap, RawCell
from finsam_xl.config import Config
from finsam_xl.readers import read_workbook
from finsam_xl.readers.sheetxml import scan_sheet, without_formula_text

MAL = "Mål och 'text'"  # spaces, å and a quote: must be quoted and escaped in a defined name
Q = "'Mål och ''text'''"


def _name(wb: openpyxl.Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _repack(data: bytes, edit: dict[str, bytes | None]) -> bytes:
    """The same zip with members replaced, added (bytes) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in edit:
                dst.writestr(info, src.read(info))
        for name, content in edit.items():
            if content is not None:
                dst.writestr(name, content)
    return out.getvalue()


@pytest.fixture
def report() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = MAL
    ws["B2"] = "Steg framåt"
    ws["B3"] = 12
    ws["B4"] = date(2024, 3, 1)
    ws["B5"] = datetime(2024, 3, 1, 14, 30)
    ws["B6"] = 2.5
    ws["B7"] = True
    ws["B8"] = "=B3*2"
    ws["B9"] = "1 200 kr"
    for i, (text, count) in enumerate([("Arbete", 3), ("Studier", 0)]):
        ws.cell(20 + i, 2, text)
        ws.cell(20 + i, 3, count)
    ekonomi = wb.create_sheet("Ekonomi")
    ekonomi["A1"] = "Fri text på ett blad utan namn"
    ekonomi["A2"] = 99
    ekonomi["C3"] = "   "
    _name(wb, "insats_namn", f"{Q}!$B$2")
    _name(wb, "antal", f"{Q}!$B$3")
    _name(wb, "beviljad_fran", f"{Q}!$B$4")
    _name(wb, "tidpunkt", f"{Q}!$B$5")
    _name(wb, "andel", f"{Q}!$B$6")
    _name(wb, "klar", f"{Q}!$B$7")
    _name(wb, "dubbelt", f"{Q}!$B$8")
    _name(wb, "beviljat_belopp", f"{Q}!$B$9")
    _name(wb, "tom", f"{Q}!$D$2")
    _name(wb, "samverkande_parter", f"{Q}!$B$20:$C$23")
    # a table field on one cell, its sheet written in lower case
    _name(wb, "budgetplan_kommentar", "ekonomi!$A$2")
    _name(wb, "_xlnm._FilterDatabase", "Ekonomi!$A$1:$A$2")
    ekonomi.defined_names["lokalt"] = DefinedName("lokalt", attr_text="Ekonomi!$A$1")
    props = wb.custom_doc_props  # type: ignore[attr-defined]  # missing from types-openpyxl
    props.append(StringProperty(name="malltyp", value="rapport"))
    props.append(StringProperty(name="mallversion", value="1.0"))
    props.append(StringProperty(name="har_makron", value="ja"))  # a property cannot set a flag
    return _bytes(wb)


def test_scalars_hold_what_the_cells_hold(report: bytes) -> None:
    cm = read_workbook(report, name="rapport.xlsx")
    assert cm.source == "rapport.xlsx"
    assert cm.scalars["insats_namn"] == RawCell(MAL, "B2", "Steg framåt")
    got = {k: (c.cell, c.value) for k, c in cm.scalars.items()}
    assert got["antal"] == ("B3", 12) and type(cm.value("antal")) is int
    assert got["beviljad_fran"] == ("B4", date(2024, 3, 1))
    assert got["tidpunkt"] == ("B5", datetime(2024, 3, 1, 14, 30))
    assert got["andel"] == ("B6", 2.5)
    assert got["klar"] == ("B7", True)
    assert got["beviljat_belopp"] == ("B9", "1 200 kr")  # parsing is the core's job
    assert got["tom"] == ("D2", None)


def test_tables_keep_every_row_of_the_name(report: bytes) -> None:
    cm = read_workbook(report)
    rows = cm.tables["samverkande_parter"]
    assert [[(c.cell, c.value) for c in row] for row in rows] == [
        [("B20", "Arbete"), ("C20", 3)],
        [("B21", "Studier"), ("C21", 0)],
        [("B22", None), ("C22", None)],
        [("B23", None), ("C23", None)],
    ]
    # the schema says table, so a one-cell name is still a table; sheet names match any case
    assert cm.tables["budgetplan_kommentar"] == [[RawCell("Ekonomi", "A2", 99)]]
    assert not cm.has("lokalt") and not cm.has("_xlnm._FilterDatabase")


def test_formula_cells_are_listed_and_carry_no_formula(report: bytes) -> None:
    cm = read_workbook(report)
    assert cm.formulas == {(MAL, "B8")}
    assert cm.value("dubbelt") is None  # openpyxl stores no cached result


def test_formula_cached_result_is_the_value(tmp_path: Path) -> None:
    path = tmp_path / "cachad.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Budget år 1")
    sheet.write_number("A1", 40)
    sheet.write_formula("A2", "=A1*2", None, 80)
    sheet.write_formula("A3", '=IF(A1>0,"ja","nej")', None, "ja")
    book.define_name("summa", "='Budget år 1'!$A$2")
    book.define_name("svar", "='Budget år 1'!$A$3")
    book.close()
    cm = read_workbook(path)
    assert cm.source == str(path)
    assert (cm.value("summa"), cm.value("svar")) == (80, "ja")
    assert cm.formulas == {("Budget år 1", "A2"), ("Budget år 1", "A3")}


def test_the_engine_gets_no_formula_text_and_reads_the_same_values(tmp_path: Path) -> None:
    """Formula text is left out before the engine reads (speed, issue 16): every cached result,
    of every kind, reads as the engine reads it from the untouched file."""
    from python_calamine import CalamineWorkbook

    from finsam_xl.readers.xlsx import _raw

    path = tmp_path / "formler.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Blad")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_number("A1", 40)
    cached: list[tuple[str, str, object]] = [
        ("A2", "=A1*2", 80),
        ("A3", '=IF(A1>0,"ja","nej")', "ja"),
        ("A4", "=A1>1", True),
        ("A5", "=NA()", "#N/A"),
        ("A6", "=DATE(2024,1,31)", 45322),
        ("A7", "=A1/3", 13.333333333333334),
        ("A8", '=""', ""),
        ("A9", "=1+1", 0),
    ]
    for ref, formula, value in cached:
        sheet.write_formula(ref, formula, day if ref == "A6" else None, value)
    sheet.write_string("A10", "text <f>1+1</f> som text")
    for row in range(1, 11):
        book.define_name(f"cell{row}", f"=Blad!$A${row}")
    book.close()
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    stripped = without_formula_text(xml)
    assert b"<f>" not in stripped and stripped.count(b"<v>") == xml.count(b"<v>")

    def engine_values(data: bytes) -> list[object]:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grid = wb.get_sheet_by_name("Blad").to_python(skip_empty_area=False)
        return [_raw(line[0]) if line else None for line in grid]

    original = path.read_bytes()
    cm = read_workbook(original)
    assert [cm.value(f"cell{row}") for row in range(1, 11)] == engine_values(original)
    assert cm.value("cell10") == "text <f>1+1</f> som text"  # escaped in the file: text stays
    assert cm.formulas == {("Blad", f"A{row}") for row in range(2, 10)}
    # In a CDATA section "<f>…</f>" is text: such a sheet reaches the engine untouched.
    cdata = xml.replace(b"<v>80</v>", b"<v>80</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>"
                        b"<![CDATA[x<f>1</f>y]]></t></is>")  # fmt: skip
    assert without_formula_text(cdata) is cdata
    edited = _repack(original, {"xl/worksheets/sheet1.xml": cdata})
    assert read_workbook(edited).value("cell2") == 80


def test_texts_cover_every_sheet_and_only_text(report: bytes) -> None:
    cm = read_workbook(report)
    texts = {(c.sheet, c.cell): c.value for c in cm.texts}
    assert texts[("Ekonomi", "A1")] == "Fri text på ett blad utan namn"
    assert texts[(MAL, "B9")] == "1 200 kr"
    assert ("Ekonomi", "A2") not in texts and ("Ekonomi", "C3") not in texts
    assert all(isinstance(v, str) for v in texts.values())


def test_properties_come_from_custom_props_and_the_package(report: bytes) -> None:
    cm = read_workbook(report)
    assert cm.properties == {"malltyp": "rapport", "mallversion": "1.0"}


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "file"])
def test_every_source_kind_reads_the_same(report: bytes, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(report)
    if kind == "file":
        with path.open("rb") as fh:
            cm = read_workbook(fh)
        assert cm.source == str(path)
    else:
        source = {"path": path, "str": str(path), "bytes": report}[kind]
        cm = read_workbook(source)  # type: ignore[arg-type]
    assert isinstance(cm, CellMap)
    assert cm.value("insats_namn") == "Steg framåt"


def test_scalar_field_on_a_range_is_a_broken_name(report: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(report))
    _name(wb, "insats_id", f"{Q}!$B$2:$B$3")
    _name(wb, "tva_omraden", f"{Q}!$B$2,{Q}!$B$3")
    cm = read_workbook(_bytes(wb))
    assert set(cm.properties["trasiga_namn"].split(",")) == {"insats_id", "tva_omraden"}
    assert not cm.has("insats_id")


def test_a_list_past_the_row_limit_is_read_up_to_it_and_said(report: bytes) -> None:
    cm = read_workbook(report, config=Config(max_rows=21))
    assert "trasiga_namn" not in cm.properties
    assert cm.properties["avkortade_namn"] == "samverkande_parter"
    assert cm.tables["samverkande_parter"][-1][0].cell.endswith("21")
    assert cm.value("antal") == 12


def test_flags_for_what_openpyxl_would_drop(report: bytes) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(report))
    wb["Ekonomi"]["A1"].comment = Comment("en kommentar", "granskare")
    commented = _bytes(wb)
    assert "har_former" not in read_workbook(commented).properties  # comments survive openpyxl
    shapes = _repack(commented, {"xl/drawings/drawing1.xml": b"<xdr:wsDr/>"})
    assert read_workbook(shapes).properties["har_former"] == "ja"
    with zipfile.ZipFile(io.BytesIO(report)) as z:
        wb_xml = z.read("xl/workbook.xml")
    ext = wb_xml.replace(b"</workbook>", b"<extLst><ext uri='{x}'/></extLst></workbook>")
    assert read_workbook(_repack(report, {"xl/workbook.xml": ext})).properties["har_extlst"] == "ja"


def test_scan_sheet_finds_formulas_with_prefixes_and_shared_formulas() -> None:
    xml = (
        b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1">'
        b'<x:c r="A1"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c>'
        b'<x:c r="C1"><x:f t="shared" si="0"/><x:v>3</x:v></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )
    scan = scan_sheet(xml, max_rows=10)  # prefixed: rewritten canonically, nothing lost
    assert not scan.clipped and scan.formulas == ["A1", "C1"]
    assert scan.xml.count(b"<x:c r=") == 3 and b"<x:f>1+1</x:f><x:v>2</x:v>" in scan.xml
    plain = xml.replace(b"x:", b"")
    scan = scan_sheet(plain, max_rows=10)  # the common form is passed through untouched
    assert scan.xml is plain and scan.formulas == ["A1", "C1"]


def test_scan_sheet_clips_implied_positions() -> None:
    # cells without r take the next column, rows without r the next row, as Excel reads them
    cells = b"".join(b"<c><v>%d</v></c>" % i for i in range(6))
    xml = b"<worksheet><sheetData><row>%s</row><row><c><f>1</f></c></row></sheetData></worksheet>"
    scan = scan_sheet(xml % cells, max_rows=1, max_cols=4)
    assert scan.clipped and scan.formulas == []
    assert scan.xml.count(b"<c ") == 4 and b'r="D1"' in scan.xml and b'r="E1"' not in scan.xml
    assert scan_sheet(xml % cells, max_rows=2, max_cols=6).formulas == ["A2"]
