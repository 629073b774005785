"""Live checks in the templates (issue 15), without LibreOffice: where they are, what they use.

The recalculated behaviour (every rule's cases against `finsam-xl validate`) is in
test_live_checks_lo.py; here: the formulas name cells by field only, use only the functions all
three programs have, sit locked and hidden, colour like the feedback copy, stay out of the
reader, and reach the Google template as the same text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.annotate import FILLS
from finsam_xl.cellmap import parse_area
from finsam_xl.issue_catalogue import CATALOGUE
from finsam_xl.live_base import placeholders
from finsam_xl.live_forms import (
    FORMULA_GUARDS,
    LIVE_FORMS,
    Fields,
    allowed_functions,
    functions_in,
    live_checks,
)
from finsam_xl.readers.xlsx import read_workbook
from finsam_xl.schema import FIELD_BY_ID, Malltyp
from finsam_xl.sheets.google_template import _sheet_requests
from finsam_xl.templates import make_template
from finsam_xl.templates.build import workbook_bytes
from finsam_xl.templates.layout import plan
from finsam_xl.templates.live_checks import ANTAL, CHECK_PREFIX, TEXT, place_checks
from finsam_xl.templates.live_place import row_cells

TYPES = list(Malltyp)
ALL = Fields(Malltyp.RAPPORT, {f: "Blad" for f in FIELD_BY_ID})
A1_REF = re.compile(r"(?<![A-Za-z_\"#!])\$?[A-Z]{1,3}\$?[0-9]+\b")


def _formulas(wb: Workbook) -> dict[tuple[str, str], str]:
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }


def _check_cells(wb: Workbook) -> dict[tuple[str, str], str]:
    placed = place_checks(plan(_malltyp(wb)))
    return {(p.sheet, p.cell.cells()[0][0]): str(wb[p.sheet][p.cell.cells()[0][0]].value)
            for p in placed}  # fmt: skip


def _malltyp(wb: Workbook) -> Malltyp:
    return Malltyp(next(p.value for p in wb.custom_doc_props if p.name == "malltyp"))


def test_every_live_form_is_a_catalogue_code() -> None:
    assert set(LIVE_FORMS) <= set(CATALOGUE)
    assert {c.code for c in live_checks(ALL)} == set(LIVE_FORMS)


def test_checks_name_cells_by_field_never_by_address() -> None:
    """H17 moves rows: a check's formula finds each cell through the field's defined name."""
    for check in live_checks(ALL):
        without_strings = re.sub(r'"(?:[^"]|"")*"', '""', check.formula())
        if check.per_row:  # its own row's cells by column id, "{startdatum}"; nothing else
            columns = {c.id for c in FIELD_BY_ID[check.field].columns}
            assert placeholders(without_strings) <= columns, check
            assert placeholders(without_strings)  # it reads its row
            without_strings = re.sub(r"\{[a-z0-9_]+\}", "", without_strings)
        else:
            assert not placeholders(without_strings), check
        assert not A1_REF.search(without_strings), check
        names = set(re.findall(r"[a-z][a-z0-9_]+", without_strings))
        assert names <= set(FIELD_BY_ID), names - set(FIELD_BY_ID)


@pytest.mark.parametrize("malltyp", TYPES)
def test_only_functions_all_three_programs_have(malltyp: Malltyp) -> None:
    allowed = allowed_functions()
    used = set().union(*(functions_in(f) for f in _formulas(make_template(malltyp)).values()))
    assert used <= allowed, used - allowed
    assert not {"LET", "LAMBDA", "FILTER", "TEXT", "TEXTJOIN"} & allowed


def test_function_scan_ignores_text_in_quotes() -> None:
    assert functions_in('=IF(a="LET(x)",SUM(b),"")') == {"IF", "SUM"}


@pytest.mark.parametrize("malltyp", TYPES)
def test_status_names_and_every_check_cell(malltyp: Malltyp) -> None:
    wb = make_template(malltyp)
    for name in (ANTAL, TEXT):
        area = parse_area(wb.defined_names[name].attr_text)
        assert area.sheet == wb.worksheets[0].title and area.is_single
    cells = _check_cells(wb)
    assert cells and all(v.startswith("=IFERROR(IF(") for v in cells.values())
    antal = parse_area(wb.defined_names[ANTAL].attr_text)
    counter = wb[antal.sheet].cell(antal.min_row, antal.min_col).value
    per_row = sum(1 for p in place_checks(plan(malltyp)) if p.text is not None)
    assert counter.count('<>"")') == len(cells) - per_row  # every check counted once
    assert counter.count("SUM(") == per_row  # a per-row check: the sum of its flags


def _protected(ws: Worksheet, ref: str) -> bool:
    cell = ws[ref]
    return bool(cell.protection.locked and cell.protection.hidden)


@pytest.mark.parametrize("malltyp", TYPES)
def test_check_cells_locked_and_hidden_under_the_marks_protection(malltyp: Malltyp) -> None:
    wb = make_template(malltyp)
    for sheet, ref in _check_cells(wb):
        ws = wb[sheet]
        assert _protected(ws, ref), (sheet, ref)
        # the protection finsam-xl's marks need: formatting cells allowed, the sheet protected
        assert ws.protection.sheet and not ws.protection.formatCells
    for name in (ANTAL, TEXT):
        area = parse_area(wb.defined_names[name].attr_text)
        assert _protected(wb[area.sheet], f"{'ABCDEFGH'[area.min_col - 1]}{area.min_row}")
    links = parse_area(wb.defined_names[f"{CHECK_PREFIX}lankar"].attr_text)
    for i, row in enumerate(links.cells()):  # a heading, then one link per check
        assert _protected(wb[links.sheet], row[0])
        assert ("HYPERLINK(" in wb[links.sheet][row[0]].value) == (i > 0)


def test_marks_use_the_feedback_copys_colours() -> None:
    wb = make_template("rapport")
    for p in place_checks(plan("rapport")):
        ws = wb[p.sheet]
        target = p.target.cells()[0][0]
        letter = re.sub(r"\d", "", p.cell.cells()[0][0])
        own = [f'${letter}${p.cell.min_row}<>""']
        rules = [
            r
            for cf in ws.conditional_formatting
            if str(cf.sqref) == target
            for r in cf.rules
            if r.formula == own
        ]
        assert len(rules) == 1, (p.check, target)
        assert rules[0].dxf.fill.start_color.rgb == "FF" + FILLS[CATALOGUE[p.check.code].severity]


def test_a_check_text_stands_on_its_cells_row_when_it_can() -> None:
    """Beside its cell, or beside another check's text on that row (two columns)."""
    rows: dict[tuple[str, int], int] = {}
    for p in place_checks(plan("rapport")):
        if p.check.code not in FORMULA_GUARDS:  # these pick first
            rows[(p.sheet, p.target.min_row)] = rows.get((p.sheet, p.target.min_row), 0) + 1
            if rows[(p.sheet, p.target.min_row)] <= 2:
                assert p.cell.min_row == p.target.min_row, p.check


def test_the_reader_skips_the_check_names_and_their_text() -> None:
    wb = make_template("rapport")
    sheet, ref = next(iter(_check_cells(wb)))
    wb[sheet][ref].value = "Summan stämmer inte: 19900101-1234"  # as if the check had fired
    cm = read_workbook(workbook_bytes(wb), name="r.xlsx")
    assert not [k for k in (*cm.scalars, *cm.tables) if k.startswith(CHECK_PREFIX)]
    assert not [t for t in cm.texts if (t.sheet, t.cell) == (sheet, ref)]
    assert not [t for t in cm.texts if "skickar in" in str(t.value)]


def _google_cells(wb: Workbook) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for ws in wb.worksheets:
        for req in _sheet_requests(ws, 1):
            rows = req.get("updateCells", {}).get("rows", [])
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row["values"], start=1):
                    formula = value.get("userEnteredValue", {}).get("formulaValue")
                    if formula:
                        out[(ws.title, ws.cell(r, c).coordinate)] = formula
    return out


@pytest.mark.parametrize("malltyp", TYPES)
def test_google_template_carries_the_same_formulas(malltyp: Malltyp) -> None:
    wb = make_template(malltyp)
    assert _google_cells(wb) == _formulas(wb)
    google_rules: list[dict[str, Any]] = [
        req["addConditionalFormatRule"]["rule"]
        for ws in wb.worksheets
        for req in _sheet_requests(ws, 1)
        if "addConditionalFormatRule" in req
    ]
    xlsx_rules = [r for ws in wb.worksheets for cf in ws.conditional_formatting for r in cf.rules]
    assert len(google_rules) == len(xlsx_rules)
    formulas = sorted(r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
                      for r in google_rules)  # fmt: skip
    assert formulas == sorted("=" + r.formula[0] for r in xlsx_rules)


def test_report_schema_lists_exactly_the_rules_with_a_live_form() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "report-schema.md").read_text("utf-8")
    section = text.split("### 8.1", 1)[1].split("What a template shows", 1)[0]
    listed = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert listed == set(LIVE_FORMS)


def test_a_feedback_copy_keeps_no_link_formula(tmp_path: Path) -> None:
    """The live checks' links are HYPERLINK formulas: a feedback copy drops every such formula
    (a submitter may have pointed one anywhere); its own Kontroll sheet links to the cells."""
    from finsam_xl.annotate import annotate_workbook
    from finsam_xl.validate import validate_workbook

    wb = make_template("rapport")
    wb["Uppgifter"]["C4"].value = '=HYPERLINK("http://evil.example","klicka")'
    source = tmp_path / "rapport.xlsx"
    source.write_bytes(workbook_bytes(wb))
    out = annotate_workbook(source, validate_workbook(source), tmp_path / "kopia.xlsx").path
    copy = load_workbook(out)
    left = [v for v in _formulas(copy).values() if "HYPERLINK" in v.upper()]
    assert left == [] and _formulas(wb)  # the template had them; the copy has none
    assert any("IFERROR(" in v for v in _formulas(copy).values())  # the checks themselves stay


@pytest.mark.parametrize("malltyp", TYPES)
def test_check_columns_print_outside_the_print_area(malltyp: Malltyp) -> None:
    """Fit to one page wide must not shrink a sheet for its (wide, blank) check columns."""
    wb = make_template(malltyp)
    for p in place_checks(plan(malltyp)):
        area = wb[p.sheet].print_area
        assert area, p.sheet
        last = parse_area(area.split(",")[0]).max_col
        assert last < p.cell.min_col, (p.sheet, area)


def test_every_list_row_carries_each_per_row_check() -> None:
    """A flag per row and check (hidden, locked), the mark on the concerned column reading its own
    row's flag, one text column; the reader skips all of it."""
    wb = make_template("deltagare")
    rows = [p for p in place_checks(plan("deltagare")) if p.text is not None]
    assert {p.check.code for p in rows} == {
        "period-ordning", "period-utanfor", "saknas", "alder-utanfor"
    }  # fmt: skip
    table = parse_area(wb.defined_names["deltagarlista"].attr_text)
    for p in rows:
        ws = wb[p.sheet]
        assert (p.cell.min_row, p.cell.max_row) == (table.min_row, table.max_row)
        assert (p.target.min_row, p.target.max_row) == (table.min_row, table.max_row)
        letter = re.sub(r"\d", "", p.cell.cells()[0][0])
        assert ws.column_dimensions[letter].hidden
        for row in range(table.min_row, table.max_row + 1):
            cell = ws.cell(row, p.cell.min_col)
            assert cell.value == p.check.at_row(row_cells(p, row)).flag_formula()
            assert _protected(ws, cell.coordinate)
        marks = [
            r
            for cf in ws.conditional_formatting
            if str(cf.sqref) == f"{p.target.cells()[0][0]}:{p.target.cells()[-1][0]}"
            for r in cf.rules
            if r.formula == [f"${letter}{table.min_row}=1"]  # relative: each row its own flag
        ]
        assert len(marks) == 1, p.check
    text = rows[0].text
    assert text is not None and all(p.text == text for p in rows)
    ws = wb[rows[0].sheet]
    ref = f"{re.sub(r'[0-9]', '', text.cells()[0][0])}{table.max_row}"
    assert _protected(ws, ref) and str(ws[ref].value).startswith("=IFERROR(TRIM(")
    ws[ref].value = "Startdatum 2024-03-01 är efter slutdatum"  # as if the check had fired
    cm = read_workbook(workbook_bytes(wb), name="d.xlsx")
    assert not [t for t in cm.texts if (t.sheet, t.cell) == (ws.title, ref)]
    assert "deltagarlista" in cm.tables
