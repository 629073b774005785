"""Push and pull against the stand-in's Google rules: empty tables, renamed and chart sheets,
protected tabs, formulas typed over the overview, and request counts."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sheets_fixtures import SA_EMAIL, client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.errors import SheetsSyncError
from finsam_xl.sheets import RetryPolicy, SheetsClient, connect, pull_cellmap, push_tables
from finsam_xl.sheets.pull import pull_tables
from finsam_xl.sheets.state import OWNED_KEY

SID = "oversikt-2"


def tables(rows: int = 3) -> dict[str, pd.DataFrame]:
    return {
        "Översikt": pd.DataFrame({"Insats": [f"I{i}" for i in range(rows)], "Belopp": range(rows)}),
        "Problem": pd.DataFrame({"Fil": [], "Kod": [], "Meddelande": []}),
    }


def test_an_empty_table_gets_a_data_row_under_its_frozen_header(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    problem = standin.books[SID].sheet_by_title("Problem")
    grid = problem.properties["gridProperties"]
    assert grid["frozenRowCount"] == 1 and grid["rowCount"] == 2
    back = pull_tables(client, SID)
    assert back["Problem"].empty and list(back["Problem"].columns) == ["Fil", "Kod", "Meddelande"]
    # A table with rows that becomes empty on a later push shrinks to the same shape.
    push_tables(client, SID, {"Översikt": tables()["Problem"], "Problem": tables()["Översikt"]})
    assert standin.books[SID].sheet_by_title("Översikt").rows == 2


def test_a_renamed_owned_sheet_is_found_by_id_and_named_back(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    book = standin.books[SID]
    sheet = book.sheet_by_title("Översikt")
    sheet.properties["title"] = "Översikt (gammal)"
    result = push_tables(client, SID, tables(5))
    titles = [s.title for s in standin.books[SID].sheets]
    assert titles.count("Översikt") == 1 and "Översikt (gammal)" not in titles
    assert standin.books[SID].sheet_by_title("Översikt").id == sheet.id
    assert any("Översikt (gammal)" in w for w in result.warnings)
    assert list(pull_tables(client, SID)) == ["Översikt", "Problem"]
    assert len(pull_tables(client, SID)["Översikt"]) == 5


def test_a_case_only_rename_is_the_same_sheet(standin: StandIn, client: SheetsClient) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    standin.books[SID].sheet_by_title("Problem").properties["title"] = "problem"
    push_tables(client, SID, tables())
    assert [s.title for s in standin.books[SID].sheets] == ["Blad1", "Översikt", "Problem"]


def test_an_owned_sheet_made_before_sheet_ids_were_recorded_is_still_ours(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    for meta in standin.books[SID].sheet_by_title("Översikt").metadata:
        if meta["metadataKey"] == OWNED_KEY:
            meta["metadataValue"] = "1"  # the marker value older versions wrote
    push_tables(client, SID, tables(4))
    assert [s.title for s in standin.books[SID].sheets] == ["Blad1", "Översikt", "Problem"]


def test_chart_sheets_are_left_alone_by_push_and_pull(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    standin.add_chart_sheet(SID, "Diagram")
    push_tables(client, SID, tables())
    push_tables(client, SID, tables(4))
    assert "Diagram" in [s.title for s in standin.books[SID].sheets]
    assert list(pull_tables(client, SID)) == ["Översikt", "Problem"]
    cm = pull_cellmap(client, SID)
    assert all(t.sheet != "Diagram" for t in cm.texts)


def test_a_formula_giving_the_same_value_is_a_conflict(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    standin.edit(SID, "'Översikt'!B3", "=0+1")  # the value stays 1
    with pytest.raises(SheetsSyncError, match="värde eller en formel"):
        push_tables(client, SID, tables())
    assert standin.books[SID].sheet_by_title("Översikt").cells[(2, 1)].formula == "=0+1"


def test_the_conflict_message_has_no_misleading_drive_versions(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    standin.edit(SID, "'Översikt'!A2", "ändrat")
    with pytest.raises(SheetsSyncError) as err:
        push_tables(client, SID, tables())
    assert "Drive-version" not in str(err.value) and "'Översikt'" in str(err.value)


def test_a_protected_owned_sheet_gets_its_own_message(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    sheet = standin.books[SID].sheet_by_title("Översikt")
    sheet.protected.append(
        {"protectedRangeId": 7, "range": {"sheetId": sheet.id}, "editors": {"users": ["a@x.se"]}}
    )
    with pytest.raises(SheetsSyncError, match="skyddat") as err:
        push_tables(client, SID, tables())
    assert "inte delat" not in str(err.value) and SA_EMAIL in str(err.value)


def test_request_counts_do_not_depend_on_machine_load(
    standin: StandIn, sa_key: Path, sleeps: list[float]
) -> None:
    """A generous timeout: a slow answer on a busy machine is never retried and counted."""
    patient = connect(
        credentials=str(sa_key),
        session=standin.session(),
        timeout=600.0,
        retry=RetryPolicy(sleep=sleeps.append, rand=lambda: 0.5),
    )
    standin.create_book(SID)
    first = push_tables(patient, SID, tables(2000))
    second = push_tables(patient, SID, tables(2000))
    # first: get, staging, values (one chunk), files.get, format read, final; the second adds
    # the values read of the conflict check.
    assert (first.requests, second.requests) == (6, 7)
    assert sleeps == []


def test_the_cell_limit_counts_the_owned_sheets_staging_sits_beside(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, {"Stor": pd.DataFrame({"A": [1]})})
    grid = standin.books[SID].sheet_by_title("Stor").properties["gridProperties"]
    grid["rowCount"] = 9_000_000  # the owned sheet as an earlier, bigger run left it
    standin.reset_log()
    smaller = pd.DataFrame({"A": range(600_000), "B": range(600_000)})
    with pytest.raises(SheetsSyncError, match="rymmer"):
        push_tables(client, SID, {"Stor": smaller})
    assert standin.count("sheets.spreadsheets.batchUpdate") == 0  # refused before writing


def test_formatting_the_top_rows_of_an_owned_sheet_is_a_conflict(
    standin: StandIn, client: SheetsClient
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, tables())
    push_tables(client, SID, tables())  # unchanged formatting: no conflict
    cell = standin.books[SID].sheet_by_title("Översikt").cell(3, 0)
    cell.fmt["backgroundColor"] = {"red": 1.0}  # someone colours A4
    with pytest.raises(SheetsSyncError, match=r"formateringen i 'Översikt'.*--force"):
        push_tables(client, SID, tables())
    push_tables(client, SID, tables(), force=True)
    assert "backgroundColor" not in standin.books[SID].sheet_by_title("Översikt").cell(3, 0).fmt
    push_tables(client, SID, tables())  # the forced push recorded the new formats
