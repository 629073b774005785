"""The pure-Python cell path (readers/pure_cells.py, for xlwings Lite) against python-calamine.

Both read the same verified, clipped parts; the pure path must give calamine's grids value for
value and type for type, so that every CellMap is identical. Compared here on every shipped
workbook and on crafted sheets (formats, strings, cell types, odd numbers); the reader's own
tests also run on both paths (tests/conftest.py, ``reader_engine``).
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from excel_support import make_master_xlsx, make_report_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from finsam_xl.readers import xlsx
from finsam_xl.readers.ooxml import stored_zip
from finsam_xl.readers.pure_cells import PureWorkbook, format_kind

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = sorted(
    [
        *(ROOT / "workbooks" / "examples").glob("*.xlsx"),
        *(ROOT / "workbooks" / "templates").glob("*.xlsx"),
        ROOT / "workbooks" / "finsam-master.xlsm",
    ]
)


def typed(value: Any) -> tuple[str, str]:
    """A value with its type: 5 and 5.0, or a date and a datetime, must not compare equal."""
    return type(value).__name__, repr(value)


def cellmap_key(cellmap: Any) -> Any:
    cells = lambda rows: [[(c.sheet, c.cell, typed(c.value)) for c in row] for row in rows]  # noqa: E731
    return (
        {k: (c.sheet, c.cell, typed(c.value)) for k, c in cellmap.scalars.items()},
        {k: cells(rows) for k, rows in cellmap.tables.items()},
        [(c.sheet, c.cell, typed(c.value)) for c in cellmap.texts],
        cellmap.properties,
        cellmap.formulas,
    )


def read_both(source: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    monkeypatch.setattr(xlsx, "ENGINE", "calamine")
    fast = xlsx.read_workbook(source, name="x")
    monkeypatch.setattr(xlsx, "ENGINE", "python")
    pure = xlsx.read_workbook(source, name="x")
    return fast, pure


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_same_cellmap_on_every_shipped_workbook(path, monkeypatch):
    fast, pure = read_both(path, monkeypatch)
    assert fast.scalars or fast.texts  # the comparison is about something
    assert cellmap_key(pure) == cellmap_key(fast)


def test_same_cellmap_on_the_test_helpers_workbooks(tmp_path, monkeypatch):
    for path in (
        make_report_xlsx(tmp_path / "r.xlsx"),
        make_master_xlsx(tmp_path / "m.xlsx", **{"Källmapp": "C:\\Rapporter"}),
    ):
        fast, pure = read_both(path, monkeypatch)
        assert cellmap_key(pure) == cellmap_key(fast)


# --- crafted sheets: raw XML parts, read by both ----------------------------------------------

_NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    b'.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    b'.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b"</Relationships>"
)
FORMATS = ["yyyy-mm-dd", "[h]:mm", "hh:mm:ss", "General", '#,##0 "kr"', "mm:ss", "d/m/yyyy h:mm"]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def parts(cells: str, formats: list[str] = FORMATS, sst: str = "", date1904: bool = False):
    numfmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="{_esc(f)}"/>' for i, f in enumerate(formats)
    )
    xfs = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{164 + i}"/>' for i in range(len(formats)))
    xfs += "".join(f'<xf numFmtId="{n}"/>' for n in range(60))  # built-ins from style 8 on
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    return {
        "xl/workbook.xml": f'<workbook {_NS}>{pr}<sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
        f"</sheets></workbook>".encode(),
        "xl/_rels/workbook.xml.rels": _RELS,
        "xl/worksheets/sheet1.xml": (
            f"<worksheet {_NS}><sheetData>{cells}</sheetData></worksheet>".encode()
        ),
        "xl/sharedStrings.xml": f"<sst {_NS}>{sst}</sst>".encode(),
        "xl/styles.xml": f"<styleSheet {_NS}><numFmts>{numfmts}</numFmts><cellXfs>{xfs}</cellXfs>"
        f"</styleSheet>".encode(),
    }


def grids(p: dict[str, bytes]) -> tuple[Any, Any]:
    """(calamine's outcome, the pure path's): the grid with types, or that it failed."""

    def outcome(read):
        try:
            grid = read()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # calamine panics (pyo3's PanicException) on some hostile numbers
            return "unreadable"
        return [[typed(v) if not (isinstance(v, float) and math.isnan(v)) else "nan" for v in row]
                for row in grid]  # fmt: skip

    def fast():
        book = CalamineWorkbook.from_filelike(io.BytesIO(stored_zip(p)))
        return book.get_sheet_by_name("S").to_python(skip_empty_area=False, nrows=1000)

    def pure():
        book = PureWorkbook(p, {"S": "xl/worksheets/sheet1.xml"})
        return book.get_sheet_by_name("S").to_python(skip_empty_area=False, nrows=1000)

    return outcome(fast), outcome(pure)


NUMBERS = [
    "0", "0.5", "1", "1.5", "59", "59.5", "60", "60.5", "61", "45000", "45000.75",
    "45000.123456789", "45000.9999999", "0.99999999999", "-1", "-0.5", "-1e6", "-1e10",
    "-96439724", "-96439724.00000001", "2958465", "2958465.9", "2958466", "1e10", "1e300",
    "NaN", "inf", "Infinity", "+5", ".5", "5.", "1e5", "1e-320", "-0", "1e400",
    "abc", " 5", "1,5", "0x10", "1_000", "",
]  # fmt: skip


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("number", NUMBERS)
def test_numbers_under_every_kind_of_format(number, date1904):
    # styles 0 (none), 1.. the custom formats, 8 + n the built-in format n
    styles = ["", *(f' s="{i}"' for i in range(1, len(FORMATS) + 1)), ' s="22"', ' s="54"']
    for s in styles:
        for t in ("", ' t="n"'):
            cell = f'<row r="1"><c r="A1"{s}{t}><v>{number}</v></c></row>'
            fast, pure = grids(parts(cell, date1904=date1904))
            assert pure == fast, (number, s, t)


CODES = [
    "DD/MM/YY", "H:MM:SS;@", "#,##0\\ [$\\u20bd-46D]", 'm"M"d"D";@', "[h]:mm:ss", "[h]", "[ss]",
    "[s].000", "[m]", "[mm]", "[Blue]\\+[h]:mm;[Red]\\-[h]:mm", "[>=100][Magenta][s].00",
    "[>=100][Magenta].00", "[>=100][Magenta]General", "ha/p\\\\m", "#,##0*y", '0"x"*d',
    "*-#,##0", "*-yyyy-mm-dd", "\\Y000000", '#,##0.0####" YMD"', "AM/PM 0", "A/P", "[$-41D]yyyy",
    '"Datum" 0', "[Red]0", "dddd", "ss.0", "General", "@", "0.00E+00", "_(* #,##0_)",
]  # fmt: skip


@pytest.mark.parametrize("code", CODES)
def test_format_codes(code):
    for number in ("45000.5", "0.25", "3"):
        cell = f'<row r="1"><c r="A1" s="1"><v>{number}</v></c></row>'
        fast, pure = grids(parts(cell, formats=[code]))
        assert pure == fast, (code, number)


def test_format_kind_names_the_three_kinds():
    assert [format_kind(c) for c in ("yyyy-mm-dd", "[h]:mm", '#,##0 "kr"')] == [1, 2, 0]


SST = "".join(
    [
        "<si><t>a_x000D_b</t></si>",
        "<si><t>a_x005F_x000D_b</t></si>",
        "<si><t>x_x00e5_y _xD83D__xDE00_ _x0000_ _x00ZZ_</t></si>",
        '<si><r><t>rik </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="1"><t>PH</t>'
        "</rPh></si>",
        "<si><t>plain</t><rPh><t>ph</t></rPh></si>",
        "<si></si>",
        "<si><t>efter tom</t></si>",
        "<si><t>rad\r\nx\ry</t></si>",
        '<si><t xml:space="preserve">  mellanrum  </t></si>',
        "<si><t>a</t><r><t>b</t></r></si>",
        "<si><r><t>b</t></r><t>a</t></si>",
        "<si><t>&amp;&lt;&#x41;Åäö</t></si>",
    ]
)


def test_shared_strings():
    cells = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>' for i in range(12)
    )
    fast, pure = grids(parts(cells, sst=SST))
    assert fast != "unreadable" and pure == fast


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A1" t="str"><v>f_x000D_s</v></c>',
        '<c r="A1" t="inlineStr"><is><t>in_x000D_l</t></is></c>',
        '<c r="A1" t="inlineStr"><v>x</v></c>',
        '<c r="A1" t="b"><v>true</v></c>',
        '<c r="A1" t="b"><v>0</v></c>',
        '<c r="A1" t="b"><v></v></c>',
        '<c r="A1" t="e"><v>#N/A</v></c>',
        '<c r="A1" t="e"><v>#SPILL!</v></c>',
        '<c r="A1" t="d"><v>2024-03-01T10:00:00</v></c>',
        '<c r="A1" t="d"><v>2024-03-01</v></c>',
        '<c r="A1" t="d"><v>10:00:00</v></c>',
        '<c r="A1" t="d"><v>skräp</v></c>',
        '<c r="A1" t="s"><v></v></c>',
        '<c r="A1" t="s"><v>99</v></c>',
        '<c r="A1" t="s"><v>x</v></c>',
        '<c r="A1" t="x"><v>1</v></c>',
        '<c r="A1" t="str"><v> </v></c>',
        '<c r="A1" s="999"><v>45000</v></c>',
        '<c r="A1"><f>1+1</f><v>2</v></c>',
        '<c r="A1"><f>1+1</f></c>',
        '<c r="A1" s="1"/>',
        '<c r="C3"><v>1</v></c><c r="B2"><v>2</v></c>',
        "<c><v>1</v></c><c><v>2</v></c>",
        '<c r="B1"><v>1</v></c><c><v>2</v></c>',
    ],
)
def test_cell_types(cell):
    fast, pure = grids(parts(f'<row r="1">{cell}</row><row><c><v>9</v></c></row>', sst="<si/>"))
    assert pure == fast


def test_rows_and_the_row_limit():
    cells = '<row r="3"><c r="A3"><v>1</v></c></row><row><c r="B4"><v>2</v></c></row>'
    assert grids(parts(cells))[1] == grids(parts(cells))[0]
    p = parts("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 20)))
    book = PureWorkbook(p, {"S": "xl/worksheets/sheet1.xml"})
    fast = CalamineWorkbook.from_filelike(io.BytesIO(stored_zip(p)))
    assert book.get_sheet_by_name("S").to_python(nrows=5) == fast.get_sheet_by_name("S").to_python(
        skip_empty_area=False, nrows=5
    )


_TYPES = st.sampled_from(["", ' t="n"', ' t="s"', ' t="str"', ' t="b"', ' t="e"', ' t="d"'])
_TEXT = st.text(alphabet="0123456789.-+eE_xDa Åä#N/A", max_size=10)
_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**7), 10**7).map(str),
    st.sampled_from(["0", "1", "#N/A", "#DIV/0!", "2024-01-31", "true", ""]),
    _TEXT,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 6), st.integers(1, 4), _TYPES, st.integers(0, 9), _VALUE),
        max_size=12,
    ),
    st.booleans(),
)
def test_random_sheets(cells, date1904):
    rows: dict[int, list[str]] = {}
    for row, col, t, style, value in cells:
        ref = f"{'ABCD'[col - 1]}{row}"
        s = f' s="{style}"' if style else ""
        rows.setdefault(row, []).append(f'<c r="{ref}"{s}{t}><v>{_esc(value)}</v></c>')
    xml = "".join(f'<row r="{r}">{"".join(c)}</row>' for r, c in sorted(rows.items()))
    sst = "<si><t>ett</t></si><si><r><t>t</t></r><r><t>vå</t></r></si>"
    fast, pure = grids(parts(xml, sst=sst, date1904=date1904))
    assert pure == fast


def test_values_are_the_types_calamine_gives():
    cell = '<row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>1.5</v></c></row>'
    book = PureWorkbook(parts(cell), {"S": "xl/worksheets/sheet1.xml"})
    assert book.get_sheet_by_name("S").to_python(nrows=9) == [
        [date(2023, 3, 15), timedelta(days=1, hours=12)]
    ]
    assert isinstance(datetime(2024, 1, 1), date) and not isinstance(time(), date)


BLOCKED = """
import sys
sys.modules["python_calamine"] = None  # as in Pyodide: the import fails
from finsam_xl.readers import xlsx
cellmap = xlsx.read_workbook(sys.argv[1], name="x")
print(xlsx.ENGINE, len(cellmap.scalars), len(cellmap.texts))
"""


def test_without_python_calamine_the_pure_path_reads(monkeypatch):
    example = WORKBOOKS[0]
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED, str(example)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    engine, scalars, texts = done.stdout.split()
    fast = xlsx.read_workbook(example, name="x")
    assert engine == "python"
    assert (int(scalars), int(texts)) == (len(fast.scalars), len(fast.texts))
