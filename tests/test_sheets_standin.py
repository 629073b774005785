"""The stand-in itself: it must reject what Google rejects, or the Sheets tests prove little."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gspread
import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from sheets_discovery import apply_fields, load_api, parse_fields, validate, validate_query
from sheets_standin import StandIn
from sheets_standin_model import col_letters

SHEETS = load_api("sheets.v4")


@pytest.fixture
def server() -> Iterator[StandIn]:
    s = StandIn().start()
    yield s
    s.stop()


def _errors(body: Any, ref: str) -> list[str]:
    return validate(body, {"$ref": ref}, SHEETS)


def test_validator_accepts_a_real_request_body() -> None:
    body = {
        "requests": [
            {
                "repeatCell": {
                    "range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 1},
                    "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                    "fields": "userEnteredFormat.textFormat.bold",
                }
            }
        ]
    }
    assert _errors(body, "BatchUpdateSpreadsheetRequest") == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"requests": [{"repeatCel": {}}]}, "unknown field 'repeatCel'"),
        ({"requests": [{"addSheet": {"properties": {"sheetId": "7"}}}]}, "expected integer"),
        ({"requests": [{"addSheet": {"properties": {"sheetType": "TABLE"}}}]}, "not one of"),
        ({"requests": {"addSheet": {}}}, "expected array"),
        ({"valueInputOption": "RAW", "data": [{"values": "x"}]}, "expected array"),
    ],
)
def test_validator_rejects_what_google_rejects(body: dict[str, Any], fragment: str) -> None:
    ref = "BatchUpdateValuesRequest" if "data" in body else "BatchUpdateSpreadsheetRequest"
    errors = _errors(body, ref)
    assert errors and fragment in errors[0]


def test_int64_is_a_string_in_google_json() -> None:
    drive = load_api("drive.v3")
    assert validate({"version": "12"}, {"$ref": "File"}, drive) == []
    assert validate({"version": 12}, {"$ref": "File"}, drive) != []


def test_query_parameters_are_checked() -> None:
    method = SHEETS.methods["sheets.spreadsheets.values.batchGet"]
    assert (
        validate_query(
            method, SHEETS, {"ranges": ["A1", "B2"], "valueRenderOption": ["UNFORMATTED_VALUE"]}
        )
        == []
    )
    assert validate_query(method, SHEETS, {"valueRenderOption": ["RAW"]}) != []
    assert validate_query(method, SHEETS, {"includeGridData": ["true"]}) != []


def test_fields_mask() -> None:
    tree = parse_fields("sheets(properties(sheetId,title)),namedRanges")
    data = {
        "spreadsheetId": "x",
        "namedRanges": [],
        "sheets": [{"properties": {"sheetId": 1, "title": "A", "index": 0}, "data": []}],
    }
    assert apply_fields(data, tree) == {
        "namedRanges": [],
        "sheets": [{"properties": {"sheetId": 1, "title": "A"}}],
    }


def test_bad_request_from_a_client_is_a_400_and_a_violation(server: StandIn) -> None:
    server.create_book("b")
    gc = gspread.Client(None, session=server.session())
    with pytest.raises(gspread.exceptions.APIError) as err:
        gc.http_client.batch_update("b", {"requests": [{"addSheet": {"bogus": 1}}]})
    assert err.value.response.status_code == 400
    assert server.violations and "unknown field 'bogus'" in server.violations[0]


def test_unimplemented_request_kind_is_loud(server: StandIn) -> None:
    server.create_book("b")
    gc = gspread.Client(None, session=server.session())
    with pytest.raises(gspread.exceptions.APIError) as err:
        gc.http_client.batch_update("b", {"requests": [{"sortRange": {}}]})
    assert err.value.response.status_code == 501


def test_other_hosts_are_refused(server: StandIn) -> None:
    with pytest.raises(requests.exceptions.ConnectionError, match="refuses"):
        server.session().get("https://oauth2.googleapis.com/token")
    with pytest.raises(requests.exceptions.ConnectionError, match="refuses"):
        server.session().get("http://sheets.googleapis.com/v4/spreadsheets/x")


def test_grid_limits_and_cell_size_are_enforced(server: StandIn) -> None:
    server.create_book("b")
    ws = gspread.Client(None, session=server.session()).open_by_key("b").sheet1
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        ws.update([[1]], "A1001", raw=True)
    with pytest.raises(gspread.exceptions.APIError, match="50000 characters"):
        ws.update([["x" * 50_001]], "A1", raw=True)


def test_batch_update_is_atomic(server: StandIn) -> None:
    book = server.create_book("b")
    gc = gspread.Client(None, session=server.session())
    with pytest.raises(gspread.exceptions.APIError):
        gc.http_client.batch_update(
            "b",
            {
                "requests": [
                    {"addSheet": {"properties": {"title": "Ny"}}},
                    {"deleteSheet": {"sheetId": 424242}},
                ]
            },
        )
    assert [s.title for s in server.books["b"].sheets] == ["Blad1"]
    assert server.books["b"].version == book.version


def test_raw_keeps_text_user_entered_parses(server: StandIn) -> None:
    server.create_book("b", locale="sv_SE")
    ws = gspread.Client(None, session=server.session()).open_by_key("b").sheet1
    ws.update([["=1+1", "85000,5"]], "A1", raw=True)
    ws.update([["=1+1", "85000,5"]], "A2", raw=False)
    got = ws.get("A1:B2", value_render_option="UNFORMATTED_VALUE")
    assert got == [["=1+1", "85000,5"], [2, 85000.5]]


@given(st.integers(min_value=0, max_value=18_277))
def test_column_letters_are_bijective(index: int) -> None:
    letters = col_letters(index)
    value = 0
    for ch in letters:
        value = value * 26 + ord(ch) - 64
    assert value - 1 == index
