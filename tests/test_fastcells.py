"""FastCellsWorksheet writes exactly what xlsxwriter's own calls write, only faster.

Each case builds the same sheet twice, once with xlsxwriter's public ``write_*`` calls on a
plain Worksheet and once through ``write_column_values`` on a FastCellsWorksheet, and compares
every part of the two packages byte for byte. An xlsxwriter release that changed how it stores
or writes cells would fail here before it could change a master.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from finsam_xl.writers.fastcells import FastCellsWorksheet

CREATED = dt.datetime(2026, 1, 1, 12, 0)
Column = tuple[int, int, list[object], bool]  # first row, column, values, strings in bulk


def _other(ws: Any, fmt: Any) -> Callable[[int, int, object], object]:
    """What a caller does with the values the bulk path hands back (master.write_cell's role)."""

    def other(row: int, col: int, value: object) -> object:
        if value is None:
            return ws.write_blank(row, col, None, fmt)
        if isinstance(value, bool):
            return ws.write_boolean(row, col, value, fmt)
        if isinstance(value, int | float):
            return ws.write_number(row, col, value, fmt)
        if isinstance(value, dt.date):
            return ws.write_datetime(row, col, value, fmt)
        return ws.write_string(row, col, str(value), fmt)

    return other


def _package(
    columns: list[Column], *, fast: bool, options: dict[str, object] | None = None
) -> dict[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"nan_inf_to_errors": True, **(options or {})})
    wb.set_properties({"created": CREATED})
    ws = wb.add_worksheet("Data", worksheet_class=FastCellsWorksheet if fast else Worksheet)
    fmts = [wb.add_format({"num_format": "#,##0"}), wb.add_format({"bold": True}), None]
    ws.write_comment(3, 9, "en kommentar")  # comments count in the row spans too
    for i, (first, col, values, strings) in enumerate(columns):
        fmt = fmts[i % len(fmts)]
        other = _other(ws, fmt)
        if fast:
            ws.write_column_values(first, col, values, fmt, strings=strings, other=other)
            continue
        for row, value in enumerate(values, start=first):
            other(row, col, value)
    ws.write_formula(0, 0, "=1+1", None, 2)  # a cell the fast writer hands to xlsxwriter
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


def _assert_same(columns: list[Column], **kw: Any) -> None:
    plain, fast = _package(columns, fast=False, **kw), _package(columns, fast=True, **kw)
    assert plain.keys() == fast.keys()
    for name in plain:
        assert fast[name] == plain[name], name


VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(['<a href="x">&amp;</a>', " kant ", "=SUMMA(A1)", "\x01styr", "ÅÄÖ"]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.booleans(),
)
COLUMNS = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=40),
        st.integers(min_value=0, max_value=12),
        st.lists(VALUES, max_size=30),
        st.booleans(),
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(COLUMNS)
def test_same_bytes_as_xlsxwriter_for_any_mix_of_values(columns: list[Column]) -> None:
    _assert_same(columns)


def test_same_bytes_at_the_sheet_edges_and_for_long_text() -> None:
    long_text = "x" * 20_000  # past half of Excel's limit: xlsxwriter's own length check
    too_long = "y" * 40_000  # past the limit: xlsxwriter truncates it
    columns: list[Column] = [
        (1_048_570, 0, [1, 2, 3, 4, 5, 6, 7, 8], True),  # runs off the last row
        (5, 16_383, ["sista kolumnen", 2.5, None], True),
        (2, 3, [long_text, too_long, "kort"], True),
        (0, 4, [], True),
    ]
    _assert_same(columns)


def test_constant_memory_workbooks_take_xlsxwriter_s_own_path() -> None:
    columns: list[Column] = [(1, 0, [1, "a", None, 2.5], True), (1, 1, ["b", 3], False)]
    _assert_same(columns, options={"constant_memory": True})


@pytest.mark.parametrize("strings", [True, False])
def test_bulk_cells_are_stored_as_xlsxwriter_stores_them(strings: bool) -> None:
    wb = xlsxwriter.Workbook(io.BytesIO())
    fmt = wb.add_format({"bold": True})
    fast = wb.add_worksheet("Snabb", worksheet_class=FastCellsWorksheet)
    plain = wb.add_worksheet("Vanlig")
    handed: list[tuple[int, str]] = []
    values: list[object] = [None, 1, 2.5, "text", float("nan"), dt.date(2024, 1, 1), True]
    fast.write_column_values(
        3, 2, values, fmt, strings=strings, other=lambda r, c, v: handed.append((r, repr(v)))
    )
    stored = 4 if strings else 3  # None, 1, 2.5 (and "text") stored; the rest handed back
    for row, value in enumerate(values[:stored], start=3):
        _other(plain, fmt)(row, 2, value)
    assert [fast.table[r][2] for r in range(3, 3 + stored)] == [
        plain.table[r][2] for r in range(3, 3 + stored)
    ]
    assert handed == [(3 + i, repr(v)) for i, v in enumerate(values) if i >= stored]
    assert (fast.dim_rowmin, fast.dim_rowmax, fast.dim_colmin, fast.dim_colmax) == (3, 9, 2, 2)
    wb.close()


@pytest.mark.parametrize(
    "formula",
    [
        "=IF(ISBLANK('Mål'!$A$1),\"\",'Mål'!$A$1)",
        '=IF(AND(ISNUMBER(A1),ISNUMBER(B1)),A1/B1,"ej redovisat")',
        "{=SUM(A1:A3)}",
        "=FILTER(A1:A3,B1:B3)",
        "=SINGLE(A1)",
        '=IF(A1,"SORT(x)",1)',
        "=_xlfn.XLOOKUP(A1,B1:B2,C1:C2)",
        "='Uppföljning (år)'!A1",
        "=LAMBDA(x,x+1)(2)",
    ],
)
def test_fast_formula_preparation_is_xlsxwriters(formula: str) -> None:
    from xlsxwriter.worksheet import Worksheet

    fast, plain = FastCellsWorksheet(), Worksheet()
    for future in (False, True):
        assert fast._prepare_formula(formula, future) == plain._prepare_formula(formula, future)
    fast.use_future_functions = plain.use_future_functions = True
    assert fast._prepare_formula(formula) == plain._prepare_formula(formula)


def _decorated(fast: bool) -> dict[str, bytes]:
    """Rows with formats, hidden rows, a comment alone on its row, cells of every kind beside the
    bulk ones, some rows sparse in a wide sheet: what xlsxwriter writes row by row."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf)
    wb.set_properties({"created": CREATED})
    ws = wb.add_worksheet("Data", worksheet_class=FastCellsWorksheet if fast else Worksheet)
    fmt, bold = wb.add_format({"num_format": "#,##0"}), wb.add_format({"bold": True})
    ws.set_row(2, 30, bold)  # a row format over bulk cells
    ws.set_row(7, None, None, {"hidden": True})  # a hidden row with no cells
    ws.set_row(40, 18)  # a row height, no cells
    ws.write_comment(12, 3, "ensam kommentar")  # a row with a comment only
    values: list[object] = [1, None, "text", 2.5, dt.date(2024, 5, 1), True, None, "sist"]
    for col in (0, 1, 60):  # column 60 makes every row sparse
        other = _other(ws, fmt if col else bold)
        if fast:
            ws.write_column_values(1, col, values, fmt if col else bold, strings=True, other=other)
        else:
            for row, value in enumerate(values, start=1):
                other(row, col, value)
    ws.write_formula(3, 2, "=A4*2", fmt, 2)
    ws.write_rich_string(4, 2, "a ", bold, "fet", " text")
    ws.write_string(5, 2, "utan format")  # no format: xlsxwriter's own path
    ws.write_url(6, 2, "https://example.se", None, "länk")
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_same_bytes_for_rows_with_formats_comments_and_cells_of_every_kind() -> None:
    plain, fast = _decorated(fast=False), _decorated(fast=True)
    assert plain.keys() == fast.keys()
    for name in plain:
        assert fast[name] == plain[name], name


FORMULAS = [
    "=IF(ISBLANK('Mål'!$A$1),\"\",'Mål'!$A$1)",
    '=IF(AND(ISNUMBER(A1),ISNUMBER(B1)),A1/B1,"ej redovisat")',
    '=IF(A1<0,"<&>",A1)',  # escaped in the XML
    "{=SUM(A1:A3)}",  # array formula
    "{=SUM(A1:A3)",  # a brace not closed: prepared, not an array
    "=A1}",
    "=IF(A1>B1,1,0)",
    "=FILTER(A1:A3,B1:B3)",  # dynamic array
    '=IF(A1,"SORT(x)",1)',
    "=_xlfn.XLOOKUP(A1,B1:B2,C1:C2)",
    "=LAMBDA(x,x+1)(2)",
    "SUM(A1:A2)",  # no "="
    "",  # refused by xlsxwriter with a warning
]
# the cached results a formula cell can carry: every branch of xlsxwriter's _write_cell
RESULTS: list[object] = [0, 2.5, -3, 10**15, "", "text", "a<b & c>d", "#N/A", "#DIV/0!", True]
RESULTS += [False, "rad\nbrytning", 'citat "x"', "x<y", "z>0"]


def _formulas(fast: bool, options: dict[str, object] | None = None) -> dict[str, bytes]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, options or {})
    wb.set_properties({"created": CREATED})
    ws = wb.add_worksheet("Data", worksheet_class=FastCellsWorksheet if fast else Worksheet)
    fmts = [wb.add_format({"num_format": "#,##0"}), None, wb.add_format({"bold": True})]
    ws.set_row(4, 20, fmts[2])  # a row format under formula cells without their own
    with pytest.warns(UserWarning, match="empty"):  # the "" formula
        for i, formula in enumerate(FORMULAS):
            for j, result in enumerate(RESULTS):
                ws.write_formula(i, j, formula, fmts[(i + j) % 3], result)
    ws.write_formula(1_048_576, 0, "=A1", fmts[0], 1)  # past the last row: refused
    wb.close()
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize(
    "options", [{}, {"use_future_functions": True}, {"constant_memory": True}], ids=str
)
def test_same_bytes_for_formula_cells_with_every_kind_of_result(options: dict[str, object]) -> None:
    plain, fast = _formulas(False, options), _formulas(True, options)
    assert plain.keys() == fast.keys()
    for name in plain:
        assert fast[name] == plain[name], name


def test_plain_formulas_are_stored_as_xlsxwriter_stores_them() -> None:
    wb = xlsxwriter.Workbook(io.BytesIO())
    fmt = wb.add_format({"bold": True})
    fast = wb.add_worksheet("Snabb", worksheet_class=FastCellsWorksheet)
    plain = wb.add_worksheet("Vanlig")
    for ws in (fast, plain):
        for i, formula in enumerate(f for f in FORMULAS if f):
            assert ws.write_formula(i, 0, formula, fmt, i) == 0
            assert ws.write_formula(f"B{i + 1}", formula, None, "x") == 0  # A1 notation
        assert ws.write_formula(0, 16_384, "=A1", fmt) == -1
    assert fast.table == plain.table
    assert (fast.dim_rowmin, fast.dim_rowmax, fast.dim_colmin, fast.dim_colmax) == (
        plain.dim_rowmin,
        plain.dim_rowmax,
        plain.dim_colmin,
        plain.dim_colmax,
    )
    wb.close()
