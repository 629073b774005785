"""The board's charts in Google Sheets: pushed through real gspread to the stand-in, over the same
rows and columns as the master's Styrelse charts, replaced (not duplicated) by the next push;
and the stand-in refusing chart requests Google refuses."""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import gspread
import openpyxl
import pytest
from overview_doors import EXAMPLES
from sheets_fixtures import client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn
from sheets_standin_model import Book

from finsam_xl.consolidation import Consolidation, consolidate
from finsam_xl.overview.board_charts import MEMBERS, MONEY, PEOPLE, SPENT
from finsam_xl.sheets import SheetsClient, push_tables
from finsam_xl.sheets.charts import CHARTS_KEY
from finsam_xl.writers.master import write_master
from finsam_xl.writers.styrelse import BOARD_SHEET

SID = "styrelse-1"
YEAR = 2024


@pytest.fixture(scope="module")
def examples() -> Consolidation:
    return consolidate([EXAMPLES])


def _charts(book: Book) -> dict[str, tuple[str, dict[str, Any]]]:
    """Chart title -> (the title of the sheet it sits on, the chart)."""
    return {c["spec"]["title"]: (s.title, c) for s in book.sheets for c in s.charts}


def _column(book: Book, data: dict[str, Any]) -> list[object]:
    """The values a ChartData shows, header source left out (headerCount 1)."""
    out: list[object] = []
    for g in data["sourceRange"]["sources"][1:]:
        sheet = book.sheet_by_id(g["sheetId"])
        for r in range(g["startRowIndex"], g["endRowIndex"]):
            cell = sheet.cells.get((r, g["startColumnIndex"]))
            out.append(None if cell is None else cell.value)
    return out


def _master_charts(path: Path) -> dict[str, list[str]]:
    """Chart title -> its ranges on the Styrelse sheet (categories first, then each series)."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if re.fullmatch(r"xl/charts/chart\d+\.xml", name):
                xml = zf.read(name).decode()
                title = " ".join(re.findall(r"<a:t>([^<]*)</a:t>", xml)[:1])
                refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
                if refs and refs[0].startswith(f"{BOARD_SHEET}!"):
                    cats = [r for r in refs if r.split("!")[1].startswith("$A$")][:1]
                    vals = [r for r in refs if r not in cats and not r.endswith("$1")]
                    out[title] = [r.split("!")[1] for r in cats + vals]
    return out


def _cells(ws: Any, ref: str) -> list[object]:
    values = [row[0].value for row in ws[ref.replace("$", "")]]
    return [None if v == "" else v for v in values]


def _titled(charts: dict[str, object], base: str) -> str:
    """The one chart title that is ``base``, or ``base`` with its "– siffror för …" note."""
    found = [t for t in charts if t == base or t.startswith(base + " – siffror för ")]
    assert len(found) == 1, (base, sorted(charts))
    return found[0]


def test_board_charts_match_the_master_and_a_second_push_replaces_them(
    standin: StandIn, client: SheetsClient, examples: Consolidation, tmp_path: Path
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, examples.sheets())
    book = standin.books[SID]
    charts = _charts(book)
    master = write_master(examples, tmp_path / "m.xlsx")
    drawn = _master_charts(master)
    title = {c.key: _titled(charts, c.title_for(YEAR)) for c in (MONEY, SPENT, PEOPLE, MEMBERS)}
    assert set(charts) == set(title.values())
    # a bar without figures reads as 0: both doors' titles say how many bars have figures
    assert title[SPENT.key] == "Förbrukat av årets medel per insats – siffror för 1 av 3"
    assert title[SPENT.key] in drawn and title[MONEY.key] == MONEY.title_for(YEAR)
    where = {t: sheet for t, (sheet, _) in charts.items()}
    assert where[title[MONEY.key]] == "Styrelse år"
    assert where[title[SPENT.key]] == "Styrelse insatser"
    assert where[title[PEOPLE.key]] == "Uppföljning Finsam"

    ws = openpyxl.load_workbook(master, data_only=True)[BOARD_SHEET]
    for spec in (MONEY, SPENT):  # the same rows and columns, value for value
        chart = charts[title[spec.key]][1]["spec"]["basicChart"]
        ranges = drawn[title[spec.key]]
        assert _column(book, chart["domains"][0]["domain"]) == _cells(ws, ranges[0]), spec.key
        for series, ref in zip(chart["series"], ranges[1:], strict=True):
            assert _column(book, series["series"]) == pytest.approx(_cells(ws, ref)), spec.key
    members = charts[title[MEMBERS.key]][1]["spec"]["basicChart"]
    ranges = drawn[_titled(drawn, MEMBERS.title_for(YEAR))]
    for series, ref in zip(members["series"], ranges[1:], strict=True):
        assert _column(book, series["series"]) == pytest.approx(_cells(ws, ref))
    # participants: Uppföljning Finsam's rows of the year; the master lays the same figures
    # beside the year's insatser
    people = charts[title[PEOPLE.key]][1]["spec"]["basicChart"]
    ranges = drawn[_titled(drawn, PEOPLE.title_for(YEAR))]
    on_page = dict(
        zip(
            _cells(ws, ranges[0]),
            zip(*(_cells(ws, r) for r in ranges[1:]), strict=True),
            strict=True,
        )
    )
    shown = zip(*(_column(book, s["series"]) for s in people["series"]), strict=True)
    for name, figures in zip(_column(book, people["domains"][0]["domain"]), shown, strict=True):
        assert on_page[name] == figures, name
    assert on_page["Steget vidare"] == (11, 9, 0)
    # Exempelbygd's kansli, insatser and kvar, as the board page shows them
    money = charts[title[MONEY.key]][1]["spec"]["basicChart"]
    names = _column(book, money["domains"][0]["domain"])
    row = names.index("Samordningsförbundet Exempelbygd")
    assert [_column(book, s["series"])[row] for s in money["series"]] == [
        900_000,
        600_000,
        2_500_000,
    ]
    assert money["stackedType"] == "STACKED" and money["chartType"] == "BAR"
    # two runs of rows (the table is sorted by förbund, then year), after the header
    sources = money["domains"][0]["domain"]["sourceRange"]["sources"]
    assert sources[0]["startRowIndex"] == 0 and len(sources) >= 3

    ids = {c["chartId"] for _, c in charts.values()}
    push_tables(client, SID, examples.sheets())
    again = _charts(standin.books[SID])
    assert sorted(again) == sorted(charts)  # once each: the old ones deleted
    assert sum(len(s.charts) for s in standin.books[SID].sheets) == 4
    assert not ids & {c["chartId"] for _, c in again.values()}
    markers = [m for s in standin.books[SID].sheets for m in s.metadata]
    assert sum(m["metadataKey"] == CHARTS_KEY for m in markers) == 4


def test_a_chart_people_added_survives_the_push(
    standin: StandIn, client: SheetsClient, examples: Consolidation
) -> None:
    standin.create_book(SID)
    push_tables(client, SID, examples.sheets())
    book = standin.books[SID]
    sheet = book.sheet_by_title("Styrelse år")
    theirs = _bar(sheet.id, 1, 3, 0, 2)
    theirs["spec"]["title"] = "Egen"
    gspread.Client(None, session=standin.session()).http_client.batch_update(
        SID, {"requests": [{"addChart": {"chart": theirs}}]}
    )
    push_tables(client, SID, examples.sheets())
    titles = [c["spec"]["title"] for s in standin.books[SID].sheets for c in s.charts]
    assert titles.count("Egen") == 1 and len(titles) == 5


def test_no_board_tables_no_charts(standin: StandIn, client: SheetsClient) -> None:
    import pandas as pd

    standin.create_book(SID)
    push_tables(client, SID, {"Tabell": pd.DataFrame({"a": [1, 2]})})
    assert not any(s.charts for s in standin.books[SID].sheets)


def _bar(sheet_id: int, r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
    """A plain BAR chart: categories in column c0, values in column c1, rows r0..r1."""

    def data(col: int) -> dict[str, Any]:
        grid = {
            "sheetId": sheet_id,
            "startRowIndex": r0,
            "endRowIndex": r1,
            "startColumnIndex": col,
            "endColumnIndex": col + 1,
        }
        return {"sourceRange": {"sources": [grid]}}

    return {
        "spec": {
            "title": "Test",
            "basicChart": {
                "chartType": "BAR",
                "domains": [{"domain": data(c0)}],
                "series": [{"series": data(c1), "targetAxis": "BOTTOM_AXIS"}],
            },
        },
        "position": {
            "overlayPosition": {
                "anchorCell": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0}
            }
        },
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"][0]
         .update(sheetId=424242), "No grid with id: 424242"),
        (lambda c: c["position"]["overlayPosition"]["anchorCell"].update(sheetId=424242),
         "No grid with id: 424242"),
        (lambda c: c["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"][0]
         .update(endRowIndex=5000), "exceeds grid limits"),
        (lambda c: c["position"]["overlayPosition"]["anchorCell"].update(rowIndex=5000),
         "outside the grid"),
        (lambda c: c["spec"]["basicChart"].pop("chartType"), "chartType is required"),
        (lambda c: c["spec"]["basicChart"].update(series=[]), "at least one series"),
        (lambda c: c.pop("position"), "position is required"),
        (lambda c: c.pop("spec"), "spec is required"),
        (lambda c: c["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"][0]
         .update(endColumnIndex=3), "one row or one column"),
        (lambda c: c["spec"]["basicChart"]["series"][0]["series"]["sourceRange"]["sources"][0]
         .update(endRowIndex=2), "same length"),
    ],
)  # fmt: skip
def test_the_standin_refuses_charts_google_refuses(
    standin: StandIn, change: Any, message: str
) -> None:
    standin.create_book("b", sheets=("Data",))
    sheet_id = standin.books["b"].sheet_by_title("Data").id
    http = gspread.Client(None, session=standin.session()).http_client
    chart = _bar(sheet_id, 0, 4, 0, 1)
    http.batch_update("b", {"requests": [{"addChart": {"chart": _bar(sheet_id, 0, 4, 0, 1)}}]})
    change(chart)
    before = len(standin.books["b"].sheet_by_title("Data").charts)
    with pytest.raises(gspread.exceptions.APIError, match=message) as err:
        http.batch_update("b", {"requests": [{"addChart": {"chart": chart}}]})
    body = err.value.response.json()["error"]
    assert (body["code"], body["status"]) == (400, "INVALID_ARGUMENT")
    assert body["message"].startswith("Invalid requests[0].addChart")
    assert len(standin.books["b"].sheet_by_title("Data").charts) == before


def test_the_standin_deletes_only_objects_that_exist(standin: StandIn) -> None:
    standin.create_book("b", sheets=("Data",))
    sheet_id = standin.books["b"].sheet_by_title("Data").id
    http = gspread.Client(None, session=standin.session()).http_client
    chart = _bar(sheet_id, 0, 4, 0, 1) | {"chartId": 777}
    http.batch_update("b", {"requests": [{"addChart": {"chart": chart}}]})
    with pytest.raises(gspread.exceptions.APIError, match="already exists"):
        http.batch_update("b", {"requests": [{"addChart": {"chart": chart}}]})
    http.batch_update("b", {"requests": [{"deleteEmbeddedObject": {"objectId": 777}}]})
    assert standin.books["b"].sheet_by_title("Data").charts == []
    with pytest.raises(gspread.exceptions.APIError, match="No object with id: 777") as err:
        http.batch_update("b", {"requests": [{"deleteEmbeddedObject": {"objectId": 777}}]})
    assert err.value.response.status_code == 400
