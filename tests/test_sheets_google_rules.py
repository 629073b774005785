"""Google's rules the stand-in enforces beyond the schemas (each bit finsam-xl once).

Each is checked through plain gspread / the HTTP API, independent of finsam-xl's own code, so a
stand-in that stops enforcing a rule fails here and not silently in the push/pull tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gspread
import pytest
from sheets_fixtures import SA_EMAIL, Sleeps
from sheets_standin import Quota, StandIn

DRIVE = "https://www.googleapis.com/drive/v3/files"
SHEETS = "https://sheets.googleapis.com/v4/spreadsheets"
FROZEN_ALL = "You can't freeze all visible rows on the sheet."


@pytest.fixture
def server() -> Iterator[StandIn]:
    s = StandIn().start()
    yield s
    s.stop()
    assert s.violations == []


def _http(server: StandIn, token: str = "test-token") -> Any:
    return gspread.Client(None, session=server.session(token)).http_client


def _update(server: StandIn, requests: list[dict[str, Any]]) -> Any:
    return _http(server).batch_update("b", {"requests": requests})


def test_a_frozen_header_needs_a_row_below_it(server: StandIn) -> None:
    server.create_book("b")
    grid = {"rowCount": 1, "columnCount": 3, "frozenRowCount": 1}
    with pytest.raises(gspread.exceptions.APIError, match=FROZEN_ALL) as err:
        _update(server, [{"addSheet": {"properties": {"title": "Tom", "gridProperties": grid}}}])
    assert err.value.response.status_code == 400
    grid["rowCount"] = 2
    _update(server, [{"addSheet": {"properties": {"title": "Tom", "gridProperties": grid}}}])
    sheet_id = server.books["b"].sheet_by_title("Tom").id
    shrink = {
        "updateSheetProperties": {
            "properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": 1}},
            "fields": "gridProperties.rowCount",
        }
    }
    with pytest.raises(gspread.exceptions.APIError, match=FROZEN_ALL):
        _update(server, [shrink])


def test_titles_are_case_insensitive_in_ranges_and_names(server: StandIn) -> None:
    server.create_book("b", sheets=("Budget",))
    server.edit("b", "Budget!A1", "x")
    assert _http(server).values_get("b", "budget!A1")["values"] == [["x"]]
    with pytest.raises(gspread.exceptions.APIError, match="already exists"):
        _update(server, [{"addSheet": {"properties": {"title": "BUDGET"}}}])


def test_a_quoted_title_may_hold_an_exclamation_mark(server: StandIn) -> None:
    server.create_book("b", sheets=("Ö!x", "It's"))
    server.edit("b", "'Ö!x'!B2", 5)
    assert _http(server).values_get("b", "'Ö!x'!B2")["values"] == [["5"]]
    assert _http(server).values_get("b", "'Ö!x'")["values"] == [[], ["", "5"]]  # whole sheet
    assert _http(server).values_get("b", "'It''s'!A1").get("values") is None
    with pytest.raises(gspread.exceptions.APIError, match="Unable to parse range"):
        _http(server).values_get("b", "'Ö!x'B2")


def test_a_service_account_cannot_own_a_file_outside_a_shared_drive(server: StandIn) -> None:
    server.tokens["person"] = "anna@example.org"
    http = _http(server)
    body = {"name": "Mall", "mimeType": "application/vnd.google-apps.spreadsheet"}
    with pytest.raises(gspread.exceptions.APIError, match="storage quota") as err:
        http.request("post", DRIVE, json=body, params={"supportsAllDrives": "true"})
    assert err.value.response.status_code == 403
    assert err.value.error["errors"][0]["reason"] == "storageQuotaExceeded"
    server.add_shared_drive_folder("mapp", SA_EMAIL)
    made = http.request(
        "post", DRIVE, json={**body, "parents": ["mapp"]}, params={"supportsAllDrives": "true"}
    ).json()
    # A person may create one in their own Drive.
    _http(server, "person").request("post", DRIVE, json=body)
    book = server.books[made["id"]]
    assert book.properties["locale"] == "en_US"  # whoever creates it: not sv_SE
    assert book.properties["timeZone"] != "Europe/Stockholm"
    assert book.shared_with is not None and "anna@example.org" not in book.shared_with


def test_a_chart_sheet_has_no_grid(server: StandIn) -> None:
    server.create_book("b")
    server.add_chart_sheet("b", "Diagram")
    sheets = _http(server).request("get", f"{SHEETS}/b").json()["sheets"]
    chart = sheets[-1]["properties"]
    assert chart["sheetType"] == "OBJECT" and "gridProperties" not in chart
    with pytest.raises(gspread.exceptions.APIError, match="Unable to parse range"):
        _http(server).values_get("b", "Diagram!A1")


def test_reads_over_the_per_minute_quota_get_429_without_retry_after(server: StandIn) -> None:
    clock = Sleeps()
    server.quota = Quota(clock=clock.clock, reads_per_minute=3)
    server.create_book("b")
    http = _http(server)
    for _ in range(3):
        http.values_get("b", "A1")
    with pytest.raises(gspread.exceptions.APIError, match="Read requests") as err:
        http.values_get("b", "A1")
    assert err.value.response.status_code == 429
    assert "Retry-After" not in err.value.response.headers
    http.batch_update("b", {"requests": []})  # writes have a quota of their own
    clock(60.0)
    http.values_get("b", "A1")


def test_a_protected_range_refuses_others_than_its_editors(server: StandIn) -> None:
    book = server.create_book("b")
    book.sheets[0].protected.append(
        {"protectedRangeId": 1, "range": {"sheetId": 0}, "editors": {"users": ["agare@x.se"]}}
    )
    with pytest.raises(gspread.exceptions.APIError, match="protected cell") as err:
        _http(server).values_update("b", "A1", params={"valueInputOption": "RAW"},
                                    body={"values": [[1]]})  # fmt: skip
    assert err.value.response.status_code == 403


def test_a_token_without_the_spreadsheets_scope_is_refused(server: StandIn) -> None:
    server.create_book("b")
    server.narrow_tokens.add("test-token")
    with pytest.raises(gspread.exceptions.APIError, match="insufficient authentication scopes"):
        _http(server).values_get("b", "A1")


def test_grid_data_gives_effective_and_entered_values(server: StandIn) -> None:
    server.create_book("b", sheets=("S",))
    server.edit("b", "S!A1", 2)
    server.edit("b", "S!A2", "=A1+3")
    server.edit("b", "S!A3", "=text", option="RAW")
    got = _http(server).request(
        "get",
        f"{SHEETS}/b",
        params={"includeGridData": "true", "fields": "sheets(data(rowData(values)))"},
    )
    rows = got.json()["sheets"][0]["data"][0]["rowData"]
    assert rows[1]["values"][0]["userEnteredValue"] == {"formulaValue": "=A1+3"}
    assert rows[1]["values"][0]["effectiveValue"] == {"numberValue": 5}
    assert rows[2]["values"][0]["userEnteredValue"] == {"stringValue": "=text"}


def test_a_swedish_amount_is_a_number_only_in_a_swedish_locale(server: StandIn) -> None:
    server.create_book("sv", locale="sv_SE")
    server.create_book("en", locale="en_US")
    for book in ("sv", "en"):
        server.edit(book, "A1", "30 000,50")
        server.edit(book, "A2", "30,000.50")
    assert server.books["sv"].sheets[0].cells[(0, 0)].value == 30000.5
    assert server.books["en"].sheets[0].cells[(0, 0)].value == "30 000,50"  # text: SUM skips it
    assert server.books["en"].sheets[0].cells[(1, 0)].value == 30000.5
