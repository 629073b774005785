"""The reader's speed paths (issue 16) give what the plain path gives, sharing only equals."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import engine_workbook, read_workbook, sheet_key, sheetxml, xlsx


def _workbook(header: str, *, instructions: str = "Fyll i bladen i ordning.") -> bytes:
    """A two-sheet book: a field on Uppgifter, a text-only sheet printed with ``header``."""
    wb = openpyxl.Workbook()
    info = wb.active
    assert info is not None
    info.title = "Instruktioner"
    info["B2"] = instructions
    info.oddHeader.left.text = header
    form = wb.create_sheet("Uppgifter")
    form["B2"] = "Insatsen"
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text="Uppgifter!$B$2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_xml(data: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(part)


def _fresh_read(data: bytes, name: str) -> object:
    xlsx._SHEETS.clear()
    return read_workbook(data, name=name)


def test_a_plain_print_header_is_left_out_of_the_sheet_key_tags_kept() -> None:
    a, b = _sheet_xml(_workbook("Insats 1")), _sheet_xml(_workbook("Insats 2"))
    assert a != b and b"Insats 1" in a
    key = sheet_key.sheet_key_xml(a)
    assert key == sheet_key.sheet_key_xml(b)
    assert b"Insats" not in key and b"<oddHeader></oddHeader>" in key
    assert key.count(b"/>") == a.count(b"/>")  # the scan's counts see the same tags


def test_the_print_header_is_found_where_the_regex_search_finds_it() -> None:
    xml = _sheet_xml(_workbook("Insats 1"))
    end = xml.find(b"</sheetData>")
    broken = xml[:end] + b"</sheetData><headerFooter><oddHeader>x" + xml[end + 12 :]
    for sheet in (xml, broken, xml.replace(b"<headerFooter", b"<headerFoot")):
        expected = sheet_key._PRINT_HEADER.search(sheet, end)
        found = sheet_key._print_header(sheet, end)
        assert (found and found.span()) == (expected and expected.span())
    assert sheet_key._print_header(broken, end) is not None  # past a first that does not match


@pytest.mark.parametrize(
    "text",
    [
        b"Insats: 1",  # ':' could make a tag prefix
        b"Insats &#49;",  # an entity other than &amp;
        b"Insats <b>1</b>",  # markup
        b"Insats \x01",  # a control character: expat refuses it
        b"Insats \xff",  # not UTF-8: calamine refuses it
        b"Insats \xef\xbf\xbf",  # U+FFFF, no XML character
    ],
)
def test_a_print_header_not_plain_stays_in_the_key(text: bytes) -> None:
    xml = _sheet_xml(_workbook("Insats 1")).replace(b"Insats 1", text)
    assert sheet_key.sheet_key_xml(xml) == xml


def test_a_sheet_declared_in_another_encoding_keeps_its_print_header_in_the_key() -> None:
    xml = _sheet_xml(_workbook("Insats 1"))
    assert xml.startswith(b"<?xml") or b"<?xml" not in xml
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml.split(b"?>", 1)[-1]
    assert sheet_key.sheet_key_xml(latin) == latin
    utf8 = b"<?xml version='1.0' encoding='utf-8'?>" + xml.split(b"?>", 1)[-1]
    assert sheet_key.sheet_key_xml(utf8) != utf8


def _with_part_text(data: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in its part ``name``, re-zipped."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == name:
                assert old in part
                part = part.replace(old, new)
            target.writestr(info, part)
    return out.getvalue()


def _with_sheet_text(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in the first sheet's XML, re-zipped."""
    return _with_part_text(data, "xl/worksheets/sheet1.xml", old, new)


@pytest.mark.parametrize("text", [b"Insats \xff\xfe", b"Insats &amp;\xc3"])
def test_a_print_header_the_engine_refuses_is_refused_after_its_twin_was_cached(
    text: bytes,
) -> None:
    good = _workbook("Insats 1")
    bad = _with_sheet_text(good, b"Insats 1", text)
    xlsx._SHEETS.clear()
    with pytest.raises(WorkbookReadError):
        read_workbook(bad, name="b.xlsx")
    read_workbook(good, name="a.xlsx")
    with pytest.raises(WorkbookReadError):
        read_workbook(bad, name="b.xlsx")


def test_sheets_differing_only_in_print_header_share_one_read_and_equal_results() -> None:
    first, second = _workbook("Insats 1"), _workbook("Insats 2")
    expected = _fresh_read(second, "b.xlsx")
    xlsx._SHEETS.clear()
    read_workbook(first, name="a.xlsx")
    kept = len(xlsx._SHEETS)
    assert read_workbook(second, name="b.xlsx") == expected
    assert len(xlsx._SHEETS) == kept  # both sheets came from the cache


def test_other_text_on_the_sheet_is_never_shared() -> None:
    first = _workbook("Insats 1", instructions="Fyll i bladen i ordning.")
    second = _workbook("Insats 2", instructions="Något annat, 19121212-1212.")
    read_workbook(first, name="a.xlsx")
    texts = [t.value for t in read_workbook(second, name="b.xlsx").texts]
    assert "Något annat, 19121212-1212." in texts
    assert "Fyll i bladen i ordning." not in texts


def test_engine_zip_holds_only_the_sheets_read() -> None:
    data = _workbook("Insats 1")
    read_workbook(data, name="a.xlsx")  # both sheets cached
    seen: list[list[str]] = []
    real = xlsx._read_grids

    def spy(label, parts, sheets, config, checksums=None):  # type: ignore[no-untyped-def]
        seen.append(sorted(parts))
        return real(label, parts, sheets, config, checksums)

    xlsx._read_grids = spy
    try:
        other = _workbook("Insats 1", instructions="Ny text.")
        read_workbook(other, name="b.xlsx")
    finally:
        xlsx._read_grids = real
    assert seen and all("xl/worksheets/sheet2.xml" not in parts for parts in seen)
    assert all("xl/worksheets/sheet1.xml" in parts for parts in seen)


_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="x"><dimension ref="A1:C3"/>'
    b'<sheetData>%s</sheetData><conditionalFormatting sqref="C4"><cfRule type="expression">'
    b'<formula>$H$4&lt;&gt;""</formula></cfRule></conditionalFormatting>%s</worksheet>'
)
_ROWS = (
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/><c r="C1"><f>A1</f><v>1</v></c>'
    b'</row><row r="2"><c r="A2"/><c r="B2"/></row><row r="3"/>'
)


def _whole_scan(xml: bytes, max_rows: int) -> sheetxml.SheetScan:
    """The scan as it was before it looked inside sheetData only: every regex on all bytes."""
    real = sheetxml._around
    sheetxml._around = lambda xml: sheetxml._Around(0, len(xml), b"", b"")  # type: ignore[assignment]
    try:
        return sheetxml.scan_sheet(xml, max_rows=max_rows)
    finally:
        sheetxml._around = real


@pytest.mark.parametrize(
    ("rows", "after"),
    [
        (_ROWS, b""),  # the common case: the scan looks inside sheetData only
        (_ROWS, b'<extLst><c r="D9"><f>X</f></c></extLst>'),  # a cell tag outside
        (_ROWS, b"<extLst><x:c r='D9'/></extLst>"),  # a prefixed one
        (_ROWS, b"<rowBreaks><row/></rowBreaks>"),  # a row tag
        (_ROWS, b'<c r="XFD1048576"><v>1</v></c>'),  # a far cell outside: clipped either way
        (b'<row r="1"><c r="A1"><c r="A2"></row>', b"<a/>" * 3),  # open cells: '/>' outside
        (b'<row r="1"><c r="A1"><c r="A2"></row>', b""),  # too few '/>' anywhere
        (b'<row r="1"><c r="A99999"><v>1</v></c></row>', b""),  # past the row limit
    ],
)
def test_scan_inside_sheet_data_gives_what_the_whole_scan_gives(rows: bytes, after: bytes) -> None:
    xml = _SHEET % (rows, after)
    try:
        expected: object = _whole_scan(xml, 100)
    except sheetxml.MalformedSheet as exc:
        expected = str(exc)
    try:
        got: object = sheetxml.scan_sheet(xml, max_rows=100)
    except sheetxml.MalformedSheet as exc:
        got = str(exc)
    assert got == expected


def test_scan_looks_inside_sheet_data_only_when_no_tag_it_seeks_is_outside() -> None:
    xml = _SHEET % (_ROWS, b"")
    pos, end, _, _ = sheetxml._around(xml)
    assert xml[pos - len(b"<sheetData>") : pos] == b"<sheetData>"
    assert xml[end:].startswith(b"</sheetData>")
    for outside in (b"<c r='A1'/>", b"<x:c/>", b"<row/>", b"</row>", b"</c>"):
        assert sheetxml._around(_SHEET % (_ROWS, outside))[:2] == (
            0,
            len(_SHEET % (_ROWS, outside)),
        )


ROOT = Path(__file__).resolve().parent.parent
_BOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="x"><sheets><sheet name="A"/></sheets>'
    b'<definedNames><definedName name="a">A!$B$2</definedName><definedName name="b" '
    b'localSheetId="0">A!$C$1:$C$9</definedName></definedNames><calcPr/></workbook>'
)


def test_calamine_gets_workbook_xml_without_plain_defined_names() -> None:
    slim = engine_workbook._slim(_BOOK)
    assert b"definedName" not in slim
    assert slim == _BOOK.replace(_BOOK[_BOOK.find(b"<definedNames>") : _BOOK.find(b"<calcPr")], b"")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"A!$B$2</definedName>", b"A!$B$2</definedName><sheet name='B'/>"),  # not a name
        (b"A!$B$2", b"<![CDATA[A!$B$2]]>"),  # markup in a name
        (b"A!$B$2", b"\xc4!$B$2"),  # not UTF-8
        (b"<definedNames>", b"<definedNames><!-- x -->"),  # anything else in the block
        (b'encoding="UTF-8"', b'encoding="ISO-8859-1"'),  # another encoding
        (b"<calcPr/>", b"<definedNames></definedNames><calcPr/>"),  # a second block
    ],
)
def test_defined_names_calamine_might_read_otherwise_stay(old: bytes, new: bytes) -> None:
    book = _BOOK.replace(old, new)
    assert book != _BOOK
    assert engine_workbook._slim(book) == book


def _read_or_error(data: bytes) -> object:
    xlsx._SHEETS.clear()
    try:
        return read_workbook(data, name="a.xlsx")
    except WorkbookReadError as exc:
        return str(exc)


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))[:4],
        ROOT / "workbooks" / "examples" / "exempelbygd-forbund-2024.xlsx",
    ],
    ids=lambda p: p.name,
)
def test_workbooks_read_the_same_with_the_slim_workbook_xml(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    slim = _read_or_error(data)
    monkeypatch.setattr(xlsx, "engine_workbook", lambda xml: xml)
    assert _read_or_error(data) == slim


def test_a_defined_name_calamine_refuses_is_refused_either_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a Latin-1 part our parse takes and calamine, reading UTF-8, refuses
    data = _workbook("Insats 1")
    book = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?>' + book.split(b"?>", 1)[-1]
    name = b'<definedName name="\xc4">Uppgifter!$B$3</definedName></definedNames>'
    data = _with_part_text(data, "xl/workbook.xml", book, latin.replace(b"</definedNames>", name))
    slim = _read_or_error(data)
    monkeypatch.setattr(xlsx, "engine_workbook", lambda xml: xml)
    assert _read_or_error(data) == slim
