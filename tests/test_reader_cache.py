"""The reader's per-template caches: keyed on content, bounded, never shared across contents."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import read_workbook
from finsam_xl.readers.cache import BoundedCache


def _workbook(ref: str, value: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppgifter"
    ws["B2"], ws["C3"] = value, f"annat {value}"
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text=ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_workbooks_with_other_names_never_share_a_plan() -> None:
    # Read alternately, so each lookup follows one for the other workbook.xml.
    for _ in range(3):
        a = read_workbook(_workbook("Uppgifter!$B$2", "Ett"), name="a.xlsx")
        b = read_workbook(_workbook("Uppgifter!$C$3", "Två"), name="b.xlsx")
        assert (a.scalars["insats_namn"].cell, a.value("insats_namn")) == ("B2", "Ett")
        assert (b.scalars["insats_namn"].cell, b.value("insats_namn")) == ("C3", "annat Två")


def test_an_unreadable_part_fails_for_every_file_naming_that_file() -> None:
    good = _workbook("Uppgifter!$B$2", "Ett")
    read_workbook(good, name="good.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:-20] if info.filename == "xl/workbook.xml" else data)
    for label in ("first.xlsx", "second.xlsx"):
        with pytest.raises(WorkbookReadError, match=label):
            read_workbook(out.getvalue(), name=label)


def test_bounded_cache_keeps_at_most_its_size_oldest_out_first() -> None:
    cache: BoundedCache[bytes, int] = BoundedCache(3)
    for i in range(10):
        cache.put(bytes([i]), i)
        assert len(cache) <= 3
    assert cache.get(bytes([9])) == 9
    assert cache.get(bytes([0])) is None


def test_bounded_cache_keeps_what_is_used_and_drops_the_least_recently_used() -> None:
    cache: BoundedCache[bytes, int] = BoundedCache(3)
    cache.put(b"template", 0)
    for i in range(1, 10):  # every file: the template's part used, one part of its own put
        assert cache.get(b"template") == 0
        cache.put(bytes([i]), i)
        assert len(cache) <= 3
    assert cache.get(bytes([9])) == 9 and cache.get(bytes([8])) == 8
    assert cache.get(bytes([7])) is None


def test_sheets_every_file_shares_stay_cached_while_each_files_own_pass_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from finsam_xl.readers import xlsx

    monkeypatch.setattr(xlsx, "_SHEETS", BoundedCache(8))
    scanned: list[str] = []
    real = xlsx._scan

    def spy(label: str, sheet: str, xml: bytes, config: Any) -> Any:
        scanned.append(sheet)
        return real(label, sheet, xml, config)

    monkeypatch.setattr(xlsx, "_scan", spy)
    for i in range(24):
        read_workbook(_two_sheets(f"Text {i}"), name=f"{i}.xlsx")
    assert scanned.count("Uppgifter") == scanned.count("Ekonomi") == 24  # each file's own
    assert scanned.count("Instruktioner") == 1  # the template's: read once, kept while used


def _two_sheets(value: str) -> bytes:
    """Two filled sheets beside an Instruktioner the same in every file (numbers only, so its
    key holds no shared strings)."""
    wb = openpyxl.Workbook()
    info = wb.active
    assert info is not None
    info.title = "Instruktioner"
    info["B2"], info["B3"] = 1, 2.5
    form = wb.create_sheet("Uppgifter")
    form["B2"] = value
    wb.create_sheet("Ekonomi")["B2"] = f"{value} kr"
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text="Uppgifter!$B$2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _one_sheet(value: object, number_format: str = "General") -> bytes:
    """A one-sheet workbook whose sheet XML is the same whatever ``value`` (a shared string or a
    number with a style), so only the shared strings or the styles tell two of them apart."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppgifter"
    ws["B2"] = value
    ws["B2"].number_format = number_format
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text="Uppgifter!$B$2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _with_shared_string(data: bytes) -> bytes:
    """The workbook with B2's inline string moved into a shared-strings part, as Excel saves it
    (openpyxl writes inline strings): the sheet XML then holds only the index 0."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    start = sheet.index('<c r="B2" t="inlineStr">')
    end = sheet.index("</c>", start) + 4
    text = sheet[start:end].split("<t>")[1].split("</t>")[0]
    sheet = sheet[:start] + '<c r="B2" t="s"><v>0</v></c>' + sheet[end:]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename).decode()
            if info.filename == "xl/worksheets/sheet1.xml":
                body = sheet
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Id="rIdSst" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                body = body.replace("</Relationships>", rel + "</Relationships>")
            elif info.filename == "[Content_Types].xml":
                part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
                body = body.replace("</Types>", part + "</Types>")
            dst.writestr(info.filename, body)
        dst.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}"><si><t>{text}</t></si></sst>')
    return out.getvalue()


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_an_equal_sheet_with_other_shared_strings_is_read_afresh() -> None:
    one = _with_shared_string(_one_sheet("Ett 19121212-1212"))
    two = _with_shared_string(_one_sheet("Två"))
    assert _sheet_xml(one) == _sheet_xml(two)  # the text is in the shared strings only
    for _ in range(3):
        a, b = read_workbook(one, name="a.xlsx"), read_workbook(two, name="b.xlsx")
        assert a.value("insats_namn") == "Ett 19121212-1212"
        assert b.value("insats_namn") == "Två"
        assert [t.value for t in a.texts] == ["Ett 19121212-1212"]
        assert [t.value for t in b.texts] == ["Två"]


def test_an_equal_sheet_with_other_styles_is_read_afresh() -> None:
    as_date, as_number = _one_sheet(45000, "yyyy-mm-dd"), _one_sheet(45000, "0.00")
    assert _sheet_xml(as_date) == _sheet_xml(as_number)  # the format is in the styles only
    for _ in range(3):
        d = read_workbook(as_date, name="d.xlsx").value("insats_namn")
        n = read_workbook(as_number, name="n.xlsx").value("insats_namn")
        assert str(d).startswith("2023-03-15") and n == 45000


def test_a_sheet_read_again_from_the_cache_gives_the_same_cellmap() -> None:
    data = _workbook("Uppgifter!$B$2", "Ett")
    cold = read_workbook(data, name="a.xlsx")
    warm = read_workbook(data, name="a.xlsx")
    assert (warm.scalars, warm.tables, warm.texts, warm.formulas, warm.properties) == (
        cold.scalars,
        cold.tables,
        cold.texts,
        cold.formulas,
        cold.properties,
    )


def test_the_kept_text_cells_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from finsam_xl.readers import xlsx

    monkeypatch.setattr(xlsx, "_TEXT_CELLS", {})
    monkeypatch.setattr(xlsx, "_TEXT_CELLS_MAX", 3)
    for i in range(5):
        cm = read_workbook(_workbook("Uppgifter!$B$2", f"Text {i}"), name=f"{i}.xlsx")
        assert [t.value for t in cm.texts] == [f"Text {i}", f"annat Text {i}"]
        assert len(xlsx._TEXT_CELLS) <= 3


def test_a_sheet_is_kept_only_with_small_parts_beside_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key holds the styles, workbook.xml and shared strings too: a file with a huge one of
    those (up to the member limit) must not be kept 64 times over."""
    from finsam_xl.readers import xlsx

    monkeypatch.setattr(xlsx, "_SHEETS", BoundedCache(64))
    data = _with_shared_string(_one_sheet("Ett"))
    monkeypatch.setattr(xlsx, "_CONTEXT_MAX_BYTES", 10)
    assert read_workbook(data, name="a.xlsx").value("insats_namn") == "Ett"
    assert len(xlsx._SHEETS) == 0
    monkeypatch.setattr(xlsx, "_CONTEXT_MAX_BYTES", 1 << 20)
    read_workbook(data, name="a.xlsx")
    assert len(xlsx._SHEETS) == 1


def test_the_texts_of_a_kept_row_are_its_own_wherever_it_stands() -> None:
    """_texts keeps the texts of row_values' shared rows (tuples); a row met again gives what
    reading it afresh (as a list, never kept) gives: on another sheet, at another row, with
    other boxes skipped."""
    from finsam_xl.readers import xlsx

    rows = [("Rubrik", "", "text"), (), (" ", "mitt", 3, "slut"), ("x" * 300, "kort")]

    def fresh(sheet: str, grid: list[Any], skip: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        return xlsx._texts(sheet, [list(line) for line in grid], skip)

    xlsx._ROW_TEXTS.clear()
    cases: list[tuple[str, list[Any], tuple[Any, ...]]] = [
        ("Blad", rows, ()),
        ("Blad", rows, ((3, 3, 2, 2),)),  # the box over B3
        ("Annat", rows, ()),
        ("Blad", [(), *rows], ()),  # every row one lower
        ("Blad", rows, ()),
    ]
    for sheet, grid, skip in cases * 2:  # the second round finds every row kept
        assert xlsx._texts(sheet, grid, skip) == fresh(sheet, grid, skip), (sheet, skip)
    assert xlsx._ROW_TEXTS  # the tuples were kept, the lists never
    assert [t.cell for t in fresh("Blad", rows)] == ["A1", "C1", "B3", "D3", "A4", "B4"]
    assert [t.cell for t in fresh("Blad", rows, ((3, 3, 2, 2),))] == ["A1", "C1", "D3", "A4", "B4"]
    assert all(isinstance(line, tuple) for line, _ in xlsx._ROW_TEXTS.values())


def test_the_kept_row_texts_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from finsam_xl.readers import xlsx

    monkeypatch.setattr(xlsx, "_ROW_TEXTS", {})
    monkeypatch.setattr(xlsx, "_ROW_TEXTS_MAX", 3)
    for i in range(10):
        xlsx._texts("Blad", [(f"rad {i}",), (f"rad {i} b",)])
        assert len(xlsx._ROW_TEXTS) <= 3


def test_a_row_gone_never_lends_its_texts_to_a_row_made_in_its_place() -> None:
    # CPython reuses a freed tuple's address for the next one of its size: were the kept texts
    # keyed by the id alone, without the row kept alive beside them, this would find old texts.
    from finsam_xl.readers import xlsx

    xlsx._ROW_TEXTS.clear()
    for i in range(200):
        grid = [(f"text {i}", i)]
        assert [t.value for t in xlsx._texts("Blad", grid)] == [f"text {i}"]
        del grid


def test_the_kept_row_texts_stay_within_their_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # A kept row may outlive row_values' entry for it: what the rows hold counts here too.
    from finsam_xl.readers import xlsx

    monkeypatch.setattr(xlsx, "_ROW_TEXTS", {})
    monkeypatch.setattr(xlsx, "_row_texts_bytes", 0)
    monkeypatch.setattr(xlsx, "_ROW_TEXTS_MAX_BYTES", 10_000)
    long_row = ("x" * 20_000,)  # past the per-row limit: scanned each time, never kept
    assert [t.value for t in xlsx._texts("Blad", [long_row])] == ["x" * 20_000]
    assert not xlsx._ROW_TEXTS
    for i in range(50):
        xlsx._texts("Blad", [(f"{i} " + "y" * 1_000,)])
        assert xlsx._row_texts_bytes <= 10_000
        assert sum(len(line[0]) for line, _ in xlsx._ROW_TEXTS.values()) <= 10_000
