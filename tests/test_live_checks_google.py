"""The Google template carries the live checks (issue 15): real gspread HTTP to the stand-in.

Google's servers are the outer boundary: the stand-in (tests/sheets_standin*.py) refuses what
Google refuses for conditional formats (a border, a formula without "="). Its formula engine does
not compute our checks, so what is asserted is that the same formula text and the same colours
arrive, and that a pull never reads the checks' names or text as the report; nor does the live
Excel reader (xlwings' remote engine).
"""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sheets_fixtures import client, folder, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.cellmap import CHECK_PREFIX, CellMap, RawCell
from finsam_xl.errors import SheetsSyncError
from finsam_xl.issue_catalogue import CATALOGUE, MARK_FILLS
from finsam_xl.sheets import SheetsClient, create_google_template, pull_cellmap
from finsam_xl.sheets.google_template import google_link
from finsam_xl.templates import make_template
from finsam_xl.templates.layout import plan
from finsam_xl.templates.live_checks import ROW_COL, TARGET_COL, place_checks


def test_google_template_has_every_mark_and_the_pull_skips_the_checks(
    standin: StandIn, client: SheetsClient, folder: str
) -> None:
    wb = make_template("rapport")
    gid = create_google_template(client, wb, title="FINSAM rapport", folder_id=folder)
    book = standin.books[gid]
    by_title = {s.title: s for s in book.sheets}
    for p in place_checks(plan("rapport")):
        sheet = by_title[p.sheet]
        cell = sheet.cell(p.cell.min_row - 1, p.cell.min_col - 1)
        assert cell.formula == p.check.formula()  # the same text as in the .xlsx
        letter = "".join(ch for ch in p.cell.cells()[0][0] if ch.isalpha())
        own = f'=${letter}${p.cell.min_row}<>""'
        rules = [
            r
            for r in sheet.conditional
            if r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] == own
        ]
        assert len(rules) == 1, p.check
        rng = rules[0]["ranges"][0]
        assert (rng["startRowIndex"] + 1, rng["startColumnIndex"] + 1) == (
            p.target.min_row,
            p.target.min_col,
        )
        red, green, blue = (int(MARK_FILLS[CATALOGUE[p.check.code].severity][i : i + 2], 16)
                            for i in (0, 2, 4))  # fmt: skip
        color = rules[0]["booleanRule"]["format"]["backgroundColor"]
        assert round(color["red"] * 255) == red and round(color["blue"] * 255) == blue
        assert round(color["green"] * 255) == green
    cm = pull_cellmap(client, gid)
    assert not [k for k in (*cm.scalars, *cm.tables) if k.startswith(CHECK_PREFIX)]
    assert not [t for t in cm.texts if "skickar in" in str(t.value)]


def test_the_stand_in_refuses_a_border_as_google_does(
    standin: StandIn, client: SheetsClient, folder: str
) -> None:
    gid = create_google_template(client, make_template("budget"), title="B", folder_id=folder)
    sheet_id = standin.books[gid].sheets[1].id
    rule: dict[str, Any] = {
        "ranges": [{"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1,
                    "startColumnIndex": 0, "endColumnIndex": 1}],
        "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": "=A1<>\"\""}]},
            "format": {"borders": {"top": {"style": "SOLID"}}},
        },
    }  # fmt: skip
    with pytest.raises(SheetsSyncError):
        client.batch_update(
            gid, [{"addConditionalFormatRule": {"rule": rule, "index": 0}}], idempotent=False
        )


def test_drop_live_checks_forgets_names_and_their_text() -> None:
    cm = CellMap(source="x")
    cm.scalars["kontroll_text"] = RawCell("Instruktioner", "C2", "1 sak att rätta")
    cm.scalars["forbund"] = RawCell("Uppgifter", "C4", "Sjöbygden")
    cm.tables["kontroll_1"] = [[RawCell("Ekonomi", "H6", "Summan stämmer inte")]]
    cm.texts = [cm.scalars["kontroll_text"], cm.scalars["forbund"], cm.tables["kontroll_1"][0][0]]
    cm.drop_live_checks()
    assert list(cm.scalars) == ["forbund"] and not cm.tables
    assert [t.value for t in cm.texts] == ["Sjöbygden"]


def test_live_excel_reader_skips_the_checks(tmp_path: Path) -> None:
    """xlwings' remote engine (the real Book API code path; Excel itself is the boundary)."""
    from excel_support import open_book, remote_xlwings

    from finsam_xl.excel.book_reader import read_book
    from finsam_xl.excel.payload import xlsx_to_payload
    from finsam_xl.templates.build import workbook_bytes

    wb = make_template("rapport")
    p = place_checks(plan("rapport"))[0]
    wb[p.sheet].cell(p.cell.min_row, p.cell.min_col).value = "Summan stämmer inte: 1 601 001"
    path = tmp_path / "rapport.xlsx"
    path.write_bytes(workbook_bytes(wb))
    cm = read_book(open_book(remote_xlwings(), xlsx_to_payload(path)))
    assert "forbund" in cm.scalars
    assert not [k for k in (*cm.scalars, *cm.tables) if k.startswith(CHECK_PREFIX)]
    assert not [t for t in cm.texts if "stämmer" in str(t.value)]


@pytest.mark.parametrize("malltyp", ["rapport", "budget", "deltagare", "forbund"])
def test_google_links_jump_by_sheet_id_to_the_xlsx_cell(
    standin: StandIn, client: SheetsClient, folder: str, malltyp: str
) -> None:
    """Sheets follows "#gid=<sheetId>&range=E5" only. A status link is its target (data: sheet
    and column) & its row (a number, or a formula finding a list's first flagged row): in the
    Google template the target names a sheet of the new spreadsheet by id and the column of the
    .xlsx target, and the row is the same number or the same formula."""
    wb = make_template(malltyp)
    gid = create_google_template(client, wb, title="FINSAM", folder_id=folder)
    book = standin.books[gid]
    title_of = {s.id: s.title for s in book.sheets}
    intro, google_intro = wb.worksheets[0], book.sheets[0]
    assert google_intro.title == intro.title
    link_rows = [
        row
        for row in range(1, intro.max_row + 1)
        if str(intro.cell(row, TARGET_COL).value or "").startswith("#")
    ]
    assert len(link_rows) == len(place_checks(plan(malltyp)))
    for row in link_rows:
        sheet, _, column = str(intro.cell(row, TARGET_COL).value)[1:].rpartition("!")
        google = google_intro.cell(row - 1, TARGET_COL - 1)
        m = re.fullmatch(r"#gid=(\d+)&range=([A-Z]+)", str(google.value))
        assert m is not None, google
        assert title_of.get(int(m[1])) == sheet.strip("'").replace("''", "'")
        assert m[2] == column
        xlsx_row = intro.cell(row, ROW_COL).value
        google_row = google_intro.cell(row - 1, ROW_COL - 1)
        if isinstance(xlsx_row, int):
            assert google_row.value == xlsx_row and google_row.formula is None
        else:
            assert google_row.formula == xlsx_row


def test_a_link_target_in_google_form() -> None:
    ids = {"Ekonomi": 7, "Mål och text": 9, "Bob's": 3}
    assert google_link("#Ekonomi!E5", ids) == "#gid=7&range=E5"
    assert google_link("#'Mål och text'!$B$5", ids) == "#gid=9&range=B5"
    assert google_link("#'Bob''s'!C", ids) == "#gid=3&range=C"
    assert google_link("#Okänd!E5", ids) is None  # no such sheet: left as it was
    assert google_link("Ekonomi!E5", ids) is None  # not a link target
