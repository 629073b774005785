"""Rows read from memory (finsam_xl/readers/row_values.py) give what the engine gives.

The engine reads only the rows it has not seen; the values of the others are put back from what
it gave before. Whatever a batch held before, a workbook must read exactly as the engine's
reading of its whole sheets (memory off, every cache cold): the same CellMap, or the same error.
Checked on every workbook of the project, on generated reports, on the same files with their text
in shared strings (in a different order in each file, as Excel and LibreOffice write them), on
hostile edits of those, and on files saved by LibreOffice.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import row_values, sheetxml, xlsx
from finsam_xl.writers.recalc import find_soffice, soffice_convert_many
from tests.speed_corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
PROJECT = sorted(
    [*ROOT.glob("workbooks/**/*.xlsx"), *ROOT.glob("tests/data/**/*.xlsx")],
)

_INLINE = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"((?: s="[0-9]+")?) t="inlineStr"><is>(.*?)</is></c>', re.S
)
_SST_REL = (
    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="/xl/sharedStrings.xml" Id="rIdSst" /></Relationships>'
)
_SST_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml" /></Types>'
)


def with_shared_strings(data: bytes, rng: random.Random, head: bytes = b"") -> bytes:
    """The workbook with its inline texts moved into shared strings, in a shuffled order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    texts = list(dict.fromkeys(m.group(3) for n in sheets for m in _INLINE.finditer(parts[n])))
    if not texts:
        return data
    rng.shuffle(texts)
    index = {t: i for i, t in enumerate(texts)}
    for n in sheets:
        parts[n] = _INLINE.sub(
            lambda m: b'<c r="%s"%s t="s"><v>%d</v></c>' % (m[1], m[2], index[m[3]]), parts[n]
        )
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"' + head + b">" + b"".join(b"<si>%s</si>" % t for t in texts)
        + b"</sst>"
    )  # fmt: skip
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", _SST_REL)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", _SST_TYPE)
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in parts.items():
            z.writestr(name, part)
    return out.getvalue()


def _forget() -> None:
    row_values.clear()
    xlsx._SHEETS.clear()
    sheetxml._ROWS.clear()


def _read(data: bytes) -> object:
    try:
        m = xlsx.read_workbook(data, name="x.xlsx")
    except WorkbookReadError as exc:
        return ("error", str(exc), exc.en)
    return (m.scalars, m.tables, m.texts, sorted(m.formulas), m.properties)


def _engine_alone(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    """The reference: no rows from memory, no sheet from the cache."""
    with monkeypatch.context() as m:
        m.setattr(row_values, "plan", lambda *args: None)
        _forget()
        try:
            return _read(data)
        finally:
            _forget()


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many rows were put back from memory (so no test passes with the memory unused)."""
    seen = [0]
    real = row_values.plan

    def plan(*args: object) -> row_values.RowRead | None:
        read = real(*args)  # type: ignore[arg-type]
        seen[0] += len(read.known) if read is not None else 0
        return read

    monkeypatch.setattr(row_values, "plan", plan)
    _forget()
    yield seen
    _forget()


def _corpus(tmp_path: Path) -> list[bytes]:
    (tmp_path / "gen").mkdir(exist_ok=True)
    generated = make_corpus(tmp_path / "gen", count=24, seed=7)
    files = [p.read_bytes() for p in [*PROJECT, *generated]]
    rng = random.Random(16)
    # each file's texts in shared strings, in a different order: the same row bytes then
    # name different strings from file to file
    return files + [with_shared_strings(f, rng) for f in files]


@pytest.mark.parametrize("engine", ["calamine", "python"])
def test_rows_from_memory_read_as_the_engine_reads_the_whole_sheets(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[int]
) -> None:
    """Both engines: python-calamine, and the pure-Python one xlwings Lite (Pyodide) reads with."""
    monkeypatch.setattr(xlsx, "ENGINE", engine)
    files = _corpus(tmp_path)
    warm = [_read(f) for f in files]  # in one batch: each file meets what the ones before left
    assert counted[0] > 2_000
    for data, got in zip(files, warm, strict=True):
        assert got == _engine_alone(data, monkeypatch)


def test_a_row_means_its_string_not_its_number(
    monkeypatch: pytest.MonkeyPatch, counted: list[int]
) -> None:
    """Two files whose rows are the same bytes, index for index, but whose shared strings
    differ (or are written under another prefix) read each its own texts."""
    base = (ROOT / "workbooks" / "templates" / "rapport.xlsx").read_bytes()
    a = with_shared_strings(base, random.Random(1))
    src = zipfile.ZipFile(io.BytesIO(a))
    parts = {n: src.read(n) for n in src.namelist()}
    sst = parts["xl/sharedStrings.xml"]
    b = _zip({**parts, "xl/sharedStrings.xml": sst.replace(b"Insats", b"Projekt")})
    c = _zip({**parts, "xl/sharedStrings.xml": sst.replace(b"<sst ", b'<sst xmlns:x="urn:x" ')})
    first = _read(a)
    assert _read(b) != first and _read(c) == first
    assert counted[0] > 100
    for data in (a, b, c):
        assert _read(data) == _engine_alone(data, monkeypatch)


def test_a_row_written_twice_reads_as_the_engine_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Row 5 known from the file before, then a second row 5 (row 6 renumbered): the engine
    lets the later cells win, so the known row must not be put back over them."""
    base = ROOT / "workbooks" / "examples" / "steget-vidare-kvartalsrapport-2024q1.xlsx"
    data = base.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: src.read(n) for n in src.namelist()}
    name = "xl/worksheets/sheet2.xml"  # Uppgifter: C5 is the insats's name
    row5 = re.search(rb'<row r="5".*?</row>', parts[name])
    row6 = re.search(rb'<row r="6".*?</row>', parts[name])
    assert row5 and row6
    copy = re.sub(rb'( r="[A-Z]*)6"', rb'\g<1>5"', row6[0])
    edited = _zip({**parts, name: parts[name].replace(row5[0], row5[0] + copy)})
    _forget()
    _read(data)
    got = _read(edited)
    assert got == _engine_alone(edited, monkeypatch)
    assert isinstance(got, tuple) and got[0]["insats_namn"].value == "SBY 2023-14"


def test_hostile_edits_read_as_the_engine_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[int]
) -> None:
    """Rows moved, doubled, renumbered, hidden in comments; cells moved to another row; shared
    strings taken in other forms or missing: after the unedited files were read (their rows
    known), each edited file reads as the engine alone reads it, or fails as it fails."""
    originals = _corpus(tmp_path)[::3]
    for data in originals:
        _read(data)
    known_before = counted[0]
    edits = [b"</row>", b'<row r="7">', b'<row r="3"/>', b"<!-- </row> -->", b"<?pi x?>",
             b'<c r="B2"><v>5</v></c>', b'<c r="A1" t="s"><v>0</v></c>', b' t="s"',
             b'<c r="C4" t = "s"><v>1</v></c>', b'<c r="D9" t="s"><v>99999</v></c>',
             b"<x:row>", b"<c>", b"</c>", b"/>", b"<![CDATA[<c>]]>"]  # fmt: skip
    rng = random.Random(11)
    for n in range(160):
        data = originals[n % len(originals)]
        src = zipfile.ZipFile(io.BytesIO(data))
        parts = {name: src.read(name) for name in src.namelist()}
        name = rng.choice([n for n in parts if n.startswith("xl/worksheets/sheet")])
        xml = bytearray(parts[name])
        rows = [m.start() for m in re.finditer(rb"<row ", xml)]
        for _ in range(rng.randint(1, 3)):
            kind = rng.random()
            if kind < 0.3 and len(rows) > 2:  # a whole row doubled or moved elsewhere
                i = rng.randrange(len(rows) - 1)
                piece = bytes(xml[rows[i] : xml.find(b"</row>", rows[i]) + 6])
                at = rng.choice(rows)
                xml[at:at] = piece
            elif kind < 0.4 and len(rows) > 2:  # a row's copy given another row's number
                i, j = rng.sample(range(len(rows) - 1), 2)
                piece = bytes(xml[rows[i] : xml.find(b"</row>", rows[i]) + 6])
                number = re.compile(rb'<row r="([0-9]+)"').match(bytes(xml), rows[j])
                if number:
                    piece = re.sub(rb'( r="[A-Z]*)[0-9]+"', rb"\g<1>" + number[1] + b'"', piece)
                    at = xml.find(b"</row>", rows[j]) + 6
                    xml[at:at] = piece
            elif kind < 0.5:  # a row or cell renumbered
                at = rng.randrange(len(xml))
                m = re.compile(rb' r="[A-Z]*([0-9]+)"').search(bytes(xml), at)
                if m:
                    xml[m.start(1) : m.end(1)] = str(rng.randint(1, 80)).encode()
            elif kind < 0.6 and "xl/sharedStrings.xml" in parts:  # a string changed or cut
                sst = parts["xl/sharedStrings.xml"]
                parts["xl/sharedStrings.xml"] = rng.choice(
                    [
                        sst.replace(b"<si>", b"<si><t>x</t></si><si>", 1),
                        sst[: len(sst) // 2],
                        sst.replace(b"</si>", b"</si><si/>", 3),
                    ]
                )
            else:
                at = rng.randrange(len(xml) + 1)
                xml[at:at] = rng.choice(edits)
        parts[name] = bytes(xml)
        edited = _zip(parts)
        got = _read(edited)  # with the originals' rows known
        assert got == _engine_alone(edited, monkeypatch), (n, name)
        for data in originals[:4]:  # known again, for the next edit
            _read(data)
    assert counted[0] > known_before + 1_000


@pytest.mark.libreoffice
def test_files_saved_by_libreoffice_read_as_the_engine_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted: list[int]
) -> None:
    """A real program's shared strings and row layout: reports saved by LibreOffice."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    (tmp_path / "gen").mkdir()
    (tmp_path / "lo").mkdir()
    sources = make_corpus(tmp_path / "gen", count=6, seed=5)
    saved = soffice_convert_many(sources, "xlsx", tmp_path / "lo", timeout=600)
    files = [p.read_bytes() for p in saved]
    assert all(b"xl/sharedStrings.xml" in f for f in files)
    warm = [_read(f) for f in files]
    assert counted[0] > 60  # 131 rows with LibreOffice 7.4
    for data, got in zip(files, warm, strict=True):
        assert got == _engine_alone(data, monkeypatch)


def test_the_rows_kept_stay_within_their_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bounded in bytes, each entry counted with its overhead: a batch of distinct rows empties
    the memory and starts again, never grows past the budget."""
    monkeypatch.setattr(row_values, "_VALUES_MAX_BYTES", 20_000)
    _forget()
    for data in _corpus(tmp_path)[:40]:
        _read(data)
        kept = sum(len(rows) for rows in row_values._VALUES.values())
        assert row_values._values_bytes <= 20_000
        assert kept * row_values._ENTRY_BYTES <= 20_000
    assert row_values._values_bytes > 0
    _forget()
