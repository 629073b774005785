"""A worksheet that stores and writes its common cells in one step each.

xlsxwriter handles every cell through general paths: on ``write_*`` an A1-notation check and a
bounds check per call; on ``close`` an attribute list, a regex escape per attribute and a lookup
by the cell's class name. For a master of ~10⁶ cells that is most of the write (measured on
5 000 reports: 3.5 s of 6 s in ``close``, ~1 s in the calls). Our cells are nearly all numbers,
shared strings and blanks with a format, whose attributes (a cell reference, a style index)
never need escaping, written a column at a time. This subclass stores such a column after one
bounds check (``write_column_values``) and writes those cells directly; every other cell
(formulas, rich text, booleans, cells without a format) goes through xlsxwriter unchanged.

xlsxwriter supports worksheet subclasses (``add_worksheet(worksheet_class=...)``); the hooks
used here are its cell tuples, its table of cells, its row records (``row_info``, new in 3.3.0)
and ``_write_cell``, and tests/test_fastcells.py checks that the stored cells and the XML are
byte for byte what xlsxwriter's own calls give (run against xlsxwriter 3.3.0, the lowest version
pyproject allows, and 3.3.1; 3.2.x has no row_info and fails them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import (
    CellBlankTuple,
    CellDatetimeTuple,
    CellFormulaTuple,
    CellNumberTuple,
    CellStringTuple,
    Worksheet,
)

__all__ = ["FastCellsWorksheet"]

# The functions our formulas call. None of them is, or ends with, a name xlsxwriter rewrites
# for Excel 365 (FILTER, SORT, XLOOKUP, …, and its pattern for SINGLE): a formula calling only
# these comes out of _prepare_formula as it went in, minus "=" and braces.
_PLAIN_FUNCTIONS = frozenset(
    ("", "ABS", "AND", "COUNT", "COUNTIFS", "HYPERLINK", "IF", "IFERROR", "ISBLANK", "ISNUMBER",
     "LEFT", "MAX", "MIN", "N", "NOT", "OR", "ROUND", "SUM", "SUMIFS", "SUMPRODUCT")
)  # fmt: skip
# What stands before each "(": every rewrite pattern ends with a name and "(", so any match
# ends a run of these characters.
_CALLED = re.compile(r"([A-Za-z0-9_.]*)\(")
# The cached results xlsxwriter marks as errors (t="e") rather than text (t="str").
_ERROR_CODES = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))


def _escaped(data: str) -> str:
    # xlsxwriter's _escape_data: & < > escaped in element text, quotes and newlines left as is
    if "&" in data or "<" in data or ">" in data:
        return data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return data


def _formula_cell(ref: str, style: object, formula: str, value: object) -> str:
    """A formula cell with its cached result as xlsxwriter's _write_cell writes it."""
    kind = ""
    if isinstance(value, bool):
        kind, value = ' t="b"', 1 if value else 0
    elif isinstance(value, str):
        if value in _ERROR_CODES:
            kind = ' t="e"'
        elif value != "":
            kind = ' t="str"'
        value = _escaped(value)
    return f'<c r="{ref}" s="{style}"{kind}><f>{_escaped(formula)}</f><v>{value}</v></c>'


def _stripped(formula: str) -> str:
    # what xlsxwriter's _prepare_formula leaves of a formula it rewrites nothing in
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula


class FastCellsWorksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter ships no stubs
    def write_column_values(
        self,
        first_row: int,
        col: int,
        values: Sequence[object],
        cell_format: Any,
        *,
        strings: bool,
        other: Callable[[int, int, object], object],
    ) -> None:
        """``values[i]`` into (``first_row`` + i, ``col``) with ``cell_format``: None as a
        formatted blank, a finite int/float as a number, a str (when ``strings``) as a shared
        string; anything else is handed to ``other(row, col, value)``."""
        if not values:
            return
        last = first_row + len(values) - 1
        general = (
            cell_format is None  # write_blank would skip the cell
            or self.constant_memory
            or self._check_dimensions(first_row, col)
            or self._check_dimensions(last, col)
        )
        if general:
            for row, value in enumerate(values, start=first_row):
                other(row, col, value)
            return
        table, isfinite = self.table, math.isfinite
        shared = self.str_table._get_shared_string_index
        short = self.xls_strmax // 2  # below this a string cannot exceed Excel's limit
        blank = CellBlankTuple(cell_format)
        for row, value in enumerate(values, start=first_row):
            kind = value.__class__
            if value is None:
                table[row][col] = blank
            elif kind is int or (kind is float and isfinite(value)):  # type: ignore[arg-type]
                table[row][col] = CellNumberTuple(value, cell_format)
            elif kind is str and strings and len(value) <= short:  # type: ignore[arg-type]
                table[row][col] = CellStringTuple(shared(value), cell_format)
            else:
                other(row, col, value)

    def _plain(self, formula: str) -> bool:
        """Does the formula call only _PLAIN_FUNCTIONS (nothing xlsxwriter would rewrite)?"""
        return not self.use_future_functions and _PLAIN_FUNCTIONS.issuperset(
            _CALLED.findall(formula)
        )

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        # xlsxwriter runs ~30 regex substitutions on every formula (a fifth of writing a master
        # of 5 000 reports, all on the board pages' cell formulas); ours call none of the
        # functions they rewrite, which one pass over the formula proves.
        if expand_future_functions or not self._plain(formula):
            return str(super()._prepare_formula(formula, expand_future_functions))
        if formula.startswith("{"):
            formula = formula[1:]
        return _stripped(formula)

    def _write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: object = 0
    ) -> int:
        # xlsxwriter's, less its search for dynamic-array functions (a plain formula calls
        # none: each is a name before "(", none of them in _PLAIN_FUNCTIONS) and a second
        # pass over the formula. Array formulas ({...}), empty formulas and constant_memory
        # workbooks take xlsxwriter's path.
        if not formula or self.constant_memory or formula[0] == "{" or not self._plain(formula):
            return int(super()._write_formula(row, col, formula, cell_format, value))
        if self._check_dimensions(row, col):
            return -1
        self.table[row][col] = CellFormulaTuple(_stripped(formula), cell_format, value)
        return 0

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        fmt = cell.format
        kind = cell.__class__
        if fmt is None or self.constant_memory:  # row/column formats, inline strings: general
            super()._write_cell(row, col, cell)
            return
        if kind is CellNumberTuple or kind is CellDatetimeTuple:
            ref = xl_rowcol_to_cell_fast(row, col)
            self.fh.write(f'<c r="{ref}" s="{fmt._get_xf_index()}"><v>{cell.number:.16G}</v></c>')
        elif kind is CellFormulaTuple:
            ref = xl_rowcol_to_cell_fast(row, col)
            self.fh.write(_formula_cell(ref, fmt._get_xf_index(), cell.formula, cell.value))
        elif kind is CellStringTuple:
            ref = xl_rowcol_to_cell_fast(row, col)
            self.fh.write(f'<c r="{ref}" s="{fmt._get_xf_index()}" t="s"><v>{cell.string}</v></c>')
        elif kind is CellBlankTuple:
            self.fh.write(f'<c r="{xl_rowcol_to_cell_fast(row, col)}" s="{fmt._get_xf_index()}"/>')
        else:
            super()._write_cell(row, col, cell)

    def _write_rows(self) -> None:
        # xlsxwriter's loop, with each row's common cells (see _write_cell) joined and written
        # at once, column letters and style indexes looked up once a sheet: the cells of a
        # master are ~10⁶, and a call or two fewer a cell is a tenth of writing it.
        if self.constant_memory:
            super()._write_rows()
            return
        self._calculate_spans()
        table, row_info, comments, spans = self.table, self.row_info, self.comments, self.row_spans
        columns = range(self.dim_colmin, self.dim_colmax + 1)
        names = {col: xl_rowcol_to_cell_fast(0, col)[:-1] for col in columns}
        xf: dict[Any, Any] = {}
        write = self.fh.write
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row_num)
            if not cells and row_num not in row_info and row_num not in comments:
                continue
            span = spans.get(row_num // 16)
            info = row_info.get(row_num)
            if not cells:  # a row with comments or attributes only
                self._write_empty_row(row_num, span, info)
                continue
            if info is None:
                self._write_row(row_num, span)
            else:
                self._write_row(row_num, span, info)
            at = str(row_num + 1)
            done: list[str] = []
            for col_num in columns if len(cells) * 4 > len(columns) else sorted(cells):
                cell = cells.get(col_num)
                if cell is None or col_num not in names:
                    continue
                fmt = cell.format
                kind = cell.__class__
                if fmt is not None and (kind is CellNumberTuple or kind is CellDatetimeTuple):
                    s = xf[fmt] if fmt in xf else xf.setdefault(fmt, fmt._get_xf_index())
                    done.append(
                        f'<c r="{names[col_num]}{at}" s="{s}"><v>{cell.number:.16G}</v></c>'
                    )
                elif fmt is not None and kind is CellStringTuple:
                    s = xf[fmt] if fmt in xf else xf.setdefault(fmt, fmt._get_xf_index())
                    done.append(
                        f'<c r="{names[col_num]}{at}" s="{s}" t="s"><v>{cell.string}</v></c>'
                    )
                elif fmt is not None and kind is CellBlankTuple:
                    s = xf[fmt] if fmt in xf else xf.setdefault(fmt, fmt._get_xf_index())
                    done.append(f'<c r="{names[col_num]}{at}" s="{s}"/>')
                elif fmt is not None and kind is CellFormulaTuple:
                    s = xf[fmt] if fmt in xf else xf.setdefault(fmt, fmt._get_xf_index())
                    done.append(_formula_cell(f"{names[col_num]}{at}", s, cell.formula, cell.value))
                else:  # written by xlsxwriter, in its place
                    if done:
                        write("".join(done))
                        done.clear()
                    self._write_cell(row_num, col_num, cell)
            if done:
                write("".join(done))
            self._xml_end_tag("row")

    def _calculate_spans(self) -> None:
        # The <row spans="…"> hint per block of 16 rows, as xlsxwriter computes it, from each
        # row's smallest and largest column instead of a test of every column in the sheet.
        spans: dict[int, str] = {}
        lo: int | None = None
        hi: int | None = None
        first_col, last_col = self.dim_colmin, self.dim_colmax
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            for cells in (self.table.get(row), self.comments.get(row)):
                if not cells:
                    continue
                a, b = min(cells), max(cells)
                if a < first_col or b > last_col:  # never for cells; kept as xlsxwriter has it
                    inside = [c for c in cells if first_col <= c <= last_col]
                    if not inside:
                        continue
                    a, b = min(inside), max(inside)
                lo = a if lo is None else min(lo, a)
                hi = b if hi is None else max(hi, b)
            block_ends = (row + 1) % 16 == 0 or row == self.dim_rowmax
            if block_ends and lo is not None and hi is not None:
                spans[row // 16] = f"{lo + 1}:{hi + 1}"
                lo = hi = None
        self.row_spans = spans
