"""Hostile and broken files: each is refused with a Swedish WorkbookReadError naming the file (and
sheet where one applies), or read safely with the damage recorded for validation.

Bombs are built in memory from a few repeated deflate blocks, so the tests stay fast and small.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from finsam_xl.config import Config
from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import read_workbook

MB = 1 << 20


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppföljning"
    ws["B2"] = "Steg framåt"
    ws["B3"] = 7
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text="Uppföljning!$B$2")
    wb.defined_names["antal"] = DefinedName("antal", attr_text="Uppföljning!$B$3")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def _repack(data: bytes, edit: dict[str, bytes]) -> bytes:
    out, edit = io.BytesIO(), dict(edit)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, edit.pop(info.filename) if info.filename in edit else src.read(info))
        for name, content in edit.items():
            dst.writestr(name, content)
    return out.getvalue()


def _zeros_zip(base: bytes, name: str, megabytes: int, declared: int | None = None) -> bytes:
    """``base`` with member ``name`` holding ``megabytes`` MB of zeros (deflated, ~1 kB per MB),
    its header declaring ``declared`` bytes (default: the truth)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(b"\0" * MB) + comp.flush(zlib.Z_FULL_FLUSH)  # self-contained block
    stream = block * megabytes + b"\x03\x00"  # then an empty final block
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(b"\0" * MB, crc)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        # Write the raw deflate stream ourselves: zipfile would re-compress a real payload.
        info.file_size, info.compress_size, info.CRC = declared or megabytes * MB, len(stream), crc
        offset = out.tell()
        info.header_offset = offset
        out.write(info.FileHeader(zip64=False))
        out.write(stream)
        dst.filelist.append(info)
        dst.NameToInfo[name] = info
        dst.start_dir = out.tell()
    return out.getvalue()


def _refused(source: object, *words: str, **kw: object) -> WorkbookReadError:
    with pytest.raises(WorkbookReadError) as info:
        read_workbook(source, **kw)  # type: ignore[arg-type]
    message = str(info.value)
    for word in words:
        assert word in message, message
    return info.value


def test_truncated_zip() -> None:
    err = _refused(
        _workbook()[:700], "inte en Excel-arbetsbok (.xlsx)", "halv.xlsx", name="halv.xlsx"
    )
    assert err.path == "halv.xlsx"


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "rapport.xlsx"
    path.write_text("insats;antal\nSteg;7\n", encoding="utf-8")
    err = _refused(path, "inte en Excel-arbetsbok (.xlsx)", str(path))
    assert err.path == str(path) and err.sheet is None


def test_encrypted_or_legacy_xls(tmp_path: Path) -> None:
    path = tmp_path / "hemlig.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"EncryptionInfo")
    _refused(path, "krypterad eller lösenordsskyddad", "utan lösenord", "hemlig.xlsx")


def test_zip_that_is_no_workbook() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    _refused(buf.getvalue(), "xl/workbook.xml saknas", "brev.docx", name="brev.docx")


def test_xlsm_values_read_macro_flagged_and_never_opened() -> None:
    data = _repack(_workbook(), {"xl/vbaProject.bin": b"Attribute VB_Name = x" * 50})
    # Corrupt the project's bytes: reading it would fail its CRC check, so success proves we
    # never inflated it.
    at = data.index(b"Attribute VB_Name")
    data = data[:at] + b"X" * 20 + data[at + 20 :]
    cm = read_workbook(data, name="makro.xlsm")
    assert cm.properties["har_makron"] == "ja"
    assert (cm.value("insats_namn"), cm.value("antal")) == ("Steg framåt", 7)


BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheets><sheet name="&lol2;" sheetId="1" r:id="rId1" xmlns:r="r"/></sheets></workbook>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_entity_bomb_in_workbook_xml(encoding: str) -> None:
    text = BOMB if encoding == "utf-8" else BOMB.replace("?>", ' encoding="UTF-16"?>', 1)
    data = _repack(_workbook(), {"xl/workbook.xml": text.encode(encoding)})
    _refused(data, "bomb.xlsx", "xl/workbook.xml", "DTD", name="bomb.xlsx")


def test_entity_in_a_sheet_is_refused_before_the_engine_sees_it() -> None:
    sheet = _member(_workbook(), "xl/worksheets/sheet1.xml")
    hostile = sheet.replace(
        b"<worksheet", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet', 1
    )
    err = _refused(_repack(_workbook(), {"xl/worksheets/sheet1.xml": hostile}), "DTD")
    assert err.sheet == "Uppföljning"


def test_zip_bomb_declaring_300_mb() -> None:
    data = _zeros_zip(_workbook(), "xl/worksheets/sheet1.xml", 300)
    assert len(data) < 2 * MB
    _refused(data, "zip-bomb", "bomb.xlsx", name="bomb.xlsx")


def test_zip_bomb_by_compression_ratio() -> None:
    data = _zeros_zip(_workbook(), "xl/styles.xml", 20)
    _refused(data, "packas upp mer än 200 gånger", "xl/styles.xml")


def test_zip_bomb_lying_about_its_size() -> None:
    # declares 1 kB, holds 300 MB: inflating stops just past the declared size
    data = _zeros_zip(_workbook(), "xl/worksheets/sheet1.xml", 300, declared=1000)
    start = time.perf_counter()
    err = _refused(data, "zip-bomb", "ljug.xlsx", name="ljug.xlsx")
    assert time.perf_counter() - start < 0.5
    assert err.sheet == "Uppföljning"


def test_inflated_parts_together_are_capped() -> None:
    # every part passes alone; together they pass the budget of inflated bytes
    base = _workbook()
    pad = {n: _member(base, n) + b" " * MB for n in ("xl/worksheets/sheet1.xml", "xl/styles.xml")}
    data = _repack(base, pad)
    limits = Config(max_member_bytes=int(1.5 * MB), max_compression_ratio=100_000)
    assert read_workbook(_repack(base, {"xl/styles.xml": pad["xl/styles.xml"]}), config=limits)
    _refused(data, "storleksgränsen", config=limits)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "stor.xlsx"
    path.write_bytes(_workbook())
    small = Config(max_file_bytes=1000)
    _refused(path, "större än", "stor.xlsx", config=small)
    with path.open("rb") as fh:
        _refused(fh, "större än", config=small)
    _refused(path.read_bytes(), "större än", config=small)


def test_missing_file(tmp_path: Path) -> None:
    _refused(tmp_path / "finns-inte.xlsx", "kan inte öppna", "finns-inte.xlsx")


def test_sheet_part_missing_names_the_sheet() -> None:
    data = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, src.read(info))
    err = _refused(out.getvalue(), "blad 'Uppföljning'", "saknas")
    assert err.sheet == "Uppföljning"


def test_duplicate_member_names() -> None:
    data = _workbook()
    with pytest.warns(UserWarning), zipfile.ZipFile(buf := io.BytesIO(data), "a") as z:
        z.writestr("xl/workbook.xml", _member(data, "xl/workbook.xml"))
    _refused(buf.getvalue(), "dubbla delar")


def test_million_row_used_range_is_clipped_fast() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    ws = wb["Uppföljning"]
    ws.cell(1_048_576, 16_384, "långt bort")  # XFD1048576: a dense grid of 17 billion cells
    ws.cell(20_001, 1, "under gränsen")
    buf = io.BytesIO()
    wb.save(buf)
    tracemalloc.start()
    start = time.perf_counter()
    cm = read_workbook(buf.getvalue())
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2 and peak < 50 * MB
    assert cm.properties["avkortade_blad"] == "Uppföljning"
    assert cm.value("antal") == 7
    assert {c.value for c in cm.texts} == {"Steg framåt"}


def test_defined_name_to_ref_error() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    wb.defined_names["beviljat_belopp"] = DefinedName("beviljat_belopp", attr_text="#REF!")
    wb.defined_names["forbund"] = DefinedName("forbund", attr_text="Uppföljning!#REF!")
    wb.defined_names["huvudman"] = DefinedName("huvudman", attr_text="Borttaget!$A$1")
    buf = io.BytesIO()
    wb.save(buf)
    cm = read_workbook(buf.getvalue())
    assert cm.properties["trasiga_namn"].split(",") == ["beviljat_belopp", "forbund", "huvudman"]
    assert cm.value("antal") == 7


def test_personnummer_and_formula_like_text_are_plain_texts() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    ws = wb["Uppföljning"]
    ws["D4"] = "Deltagare 19121212-1212 har slutat"
    for ref, text in (("D5", "=SUMMA(A1:A3)"), ("D6", "+46 70 123")):
        ws[ref] = text
        ws[ref].data_type = "s"  # typed as text, as a user's leading apostrophe does
    buf = io.BytesIO()
    wb.save(buf)
    cm = read_workbook(buf.getvalue())
    texts = {c.cell: c.value for c in cm.texts}
    assert texts["D4"] == "Deltagare 19121212-1212 har slutat"
    assert texts["D5"] == "=SUMMA(A1:A3)" and texts["D6"] == "+46 70 123"
    assert cm.formulas == set()


def test_damaged_member_names_file_and_sheet() -> None:
    data = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            info.compress_type = zipfile.ZIP_STORED  # stored, so the bytes can be edited below
            dst.writestr(info, content)
    stored = out.getvalue()
    at = stored.index("Steg framåt".encode())
    damaged = stored[:at] + "Steg bakåt!".encode() + stored[at + 12 :]
    err = _refused(damaged, "skadad", "kontrollsumma", "trasig.xlsx", name="trasig.xlsx")
    assert err.sheet == "Uppföljning"
    assert read_workbook(stored).value("insats_namn") == "Steg framåt"
