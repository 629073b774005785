"""The Excel entry points on the real library: real templates and example reports, through the
remote engine, compared with what the file-based path (CLI) gives for the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from excel_support import apply_actions, cell, open_book, remote_xlwings, sheet_names

from finsam_xl.cellmap import column_letter
from finsam_xl.consolidation import consolidate
from finsam_xl.excel import consolidate_into_book, read_book, validate_book
from finsam_xl.excel.marks import FILL
from finsam_xl.excel.payload import xlsx_to_payload
from finsam_xl.readers.xlsx import read_workbook
from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.validate import validate_cellmap, validate_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks" / "examples" / "data").glob("*.json"))
TEMPLATES = sorted((ROOT / "workbooks" / "templates").glob("*.xlsx"))
MASTER = ROOT / "workbooks" / "finsam-master.xlsm"


def filled(path: Path, example: Path, **changes: object) -> Path:
    data = json.loads(example.read_text(encoding="utf-8"))
    wb = make_template(data["malltyp"])
    fill_workbook(wb, {**data["values"], **changes})
    wb.save(path)
    return path


def triples(report) -> list[tuple[str, str, str]]:
    return sorted((i.code, i.sheet or "", i.cell or "") for i in report.issues)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_book_reader_equals_file_reader_on_templates(template):
    xw = remote_xlwings()
    from_file = read_workbook(template, name="x")
    from_book = read_book(open_book(xw, xlsx_to_payload(template)), source="x")
    assert from_book.scalars == from_file.scalars
    assert from_book.tables == from_file.tables
    assert sorted(from_book.texts, key=str) == sorted(from_file.texts, key=str)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_validation_of_open_book_equals_cli(tmp_path, example):
    xw = remote_xlwings()
    path = filled(tmp_path / "Rapport från Ö.xlsx", example)
    book_report = validate_cellmap(read_book(open_book(xw, xlsx_to_payload(path)), source="r"))
    assert triples(book_report) == triples(validate_workbook(path, name="r"))


def test_validate_button_on_a_broken_report(tmp_path):
    xw = remote_xlwings()
    path = filled(
        tmp_path / "trasig.xlsx", EXAMPLES[0], beviljat_belopp="85 000,5 kronor?", kontakt_epost="x"
    )
    expected = validate_workbook(path)
    assert expected.status == "errors"
    payload = xlsx_to_payload(path)
    book = open_book(xw, payload)
    report = validate_book(book)
    state = apply_actions(payload, book.json()["actions"])
    assert triples(report) == triples(expected)
    errors = {(i.sheet, i.cell) for i in expected.issues if i.severity == "error" and i.cell}
    assert errors and all(state["fills"][key] == FILL["error"] for key in errors)
    listed = {cell(state, "Kontroll", f"G{r}") for r in range(5, 5 + len(expected.issues))}
    assert listed == {i.code for i in expected.issues}
    assert state["alerts"][-1]["mode"] == "critical"


def test_consolidate_button_writes_what_the_library_gives(tmp_path):
    xw = remote_xlwings()
    folder = tmp_path / "Inkomna rapporter Åre"
    folder.mkdir()
    paths = [filled(folder / f"{e.stem}.xlsx", e) for e in EXAMPLES]
    payload = xlsx_to_payload(MASTER)  # the shipped master, read only (never saved back)
    settings = next(s for s in payload["sheets"] if s["name"] == "Inställningar")
    settings["values"][2][1] = str(folder)  # Källmapp
    book = open_book(xw, payload)
    result = consolidate_into_book(book)
    state = apply_actions(payload, book.json()["actions"])
    assert result is not None, state["alerts"]
    expected = consolidate(paths).sheets()
    assert sheet_names(state) == ["Inställningar", "xlwings.conf", *expected]
    for title, frame in expected.items():
        header = [cell(state, title, f"{column_letter(i + 1)}1") for i in range(len(frame.columns))]
        assert header == list(frame.columns)
        written = next(s for s in state["sheets"] if s["name"] == title)["values"]
        note = 2 if title == "Översikt" else 0  # a blank row and the note on what only the CLI has
        assert len(written) == len(frame) + 1 + note
    assert state["alerts"][-1]["prompt"].endswith(result.summary())
