"""One overview through three doors: the shipped examples consolidated once, then rendered by the
CLI master (a real .xlsx read back with openpyxl), the Excel button (the real entry point on the
shipped master .xlsm through xlwings' remote engine) and the Sheets push (real gspread over HTTP
to the local stand-in). Every sheet they share must show the same cell texts and, in every cell
holding a figure or a date, the same number format pattern as the overview model declares.

Mocked: only Microsoft Excel (the remote engine records the actions Excel would run, replayed by
``excel_support.apply_actions``) and Google's servers (``sheets_standin``, schema-checked).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from excel_support import apply_actions, open_book, remote_xlwings, sheet_names
from overview_doors import (
    EXAMPLES,
    GENERAL,
    MASTER_XLSM,
    Block,
    model_blocks,
    read_excel_state,
    read_master,
    read_standin,
    sa_key,
    text,
)
from sheets_standin import StandIn

from finsam_xl.consolidation import Consolidation, consolidate
from finsam_xl.excel.entry import CLI_ONLY_NOTE
from finsam_xl.overview.columns import Kind
from finsam_xl.overview.model import Overview, overview
from finsam_xl.templates import fill_workbook, make_template
from finsam_xl.writers.master import OVERVIEW_HEADER_ROW, write_master

SID = "dorrar-1"
# The seeds give none of schema 2.0's participant breakdowns or medfinansiering: one example
# gets them here (PROSA's six: sjukskrivna *and* försörjningsstöd), so every door shows them.
PROSA = "torsby-prosa-slutrapport"
BREAKDOWNS = {
    "avslutsorsak_planenligt": 1,
    "forsorjning_start_sjukpenning": 3,
    "forsorjning_start_ekonomiskt_bistand": 4,
    "forsorjning_avslut_lon_studiemedel": 1,
    "sysselsattning_start_sjukskriven": 4,
    "sysselsattning_start_arbetslos": 2,
    "tid_forsorjning_ar_1_2": 2,
    "tid_forsorjning_over_5": 4,
    "medfinansiering_planerat_natura": 150_000,
    "medfinansiering_utfall_kontant": 0,
    "medfinansiering_utfall_natura": 120_000,
}
NEW_SHEETS = ("Avslutsorsak", "Försörjning", "Sysselsättning vid start",
              "Tid i försörjning före insats")  # fmt: skip


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped examples, PROSA's slutrapport with the breakdowns filled in."""
    folder = tmp_path_factory.mktemp("exempel")
    for book in EXAMPLES.glob("*.xlsx"):
        shutil.copy2(book, folder / book.name)
    data = json.loads((EXAMPLES / "data" / f"{PROSA}.json").read_text(encoding="utf-8"))
    values = {k: dt.date.fromisoformat(v) if k.startswith(("period_", "beviljad_", "rapportdatum"))
              else v for k, v in data["values"].items()}  # fmt: skip
    wb = make_template(data["malltyp"])
    fill_workbook(wb, values | BREAKDOWNS)
    wb.save(folder / f"{PROSA}.xlsx")
    return folder


@pytest.fixture(scope="module")
def consolidated(source: Path) -> Consolidation:
    # The absolute folder, as the Excel button names its reports: the same file column.
    return consolidate([source])


@pytest.fixture(scope="module")
def view(consolidated: Consolidation) -> Overview:
    return overview(consolidated)


@pytest.fixture(scope="module")
def master(
    consolidated: Consolidation, view: Overview, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Block]:
    path = write_master(consolidated, tmp_path_factory.mktemp("cli") / "master.xlsx")
    return read_master(path, view, {"Översikt": OVERVIEW_HEADER_ROW})


@pytest.fixture(scope="module")
def excel_state(source: Path) -> dict[str, Any]:
    from finsam_xl.excel import consolidate_into_book
    from finsam_xl.excel.payload import xlsx_to_payload

    xw = remote_xlwings()
    payload = xlsx_to_payload(MASTER_XLSM)  # the shipped master, read only
    settings = next(s for s in payload["sheets"] if s["name"] == "Inställningar")
    settings["values"][2][1] = str(source)  # Källmapp
    book = open_book(xw, payload)
    result = consolidate_into_book(book)
    state = apply_actions(copy.deepcopy(payload), book.json()["actions"])
    assert result is not None, state["alerts"]
    return state


@pytest.fixture(scope="module")
def standin_book(
    consolidated: Consolidation, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    from finsam_xl.sheets import RetryPolicy, connect, push_tables

    server = StandIn().start()
    try:
        client = connect(
            credentials=str(sa_key(tmp_path_factory.mktemp("google"))),
            session=server.session(),
            timeout=30.0,
            retry=RetryPolicy(sleep=lambda _s: None, rand=lambda: 0.5),
        )
        server.create_book(SID)
        push_tables(client, SID, consolidated.sheets())
        yield server.books[SID]
    finally:
        server.stop()
    assert server.violations == [], "stand-in saw traffic Google's schemas reject"


def expected_formats(view: Overview) -> dict[str, list[list[str | None]]]:
    """Per cell: the model's number format where the cell holds a figure or a date, else None
    (a text cell's format is not compared)."""
    out: dict[str, list[list[str | None]]] = {}
    for title, rows in model_blocks(view).items():
        columns = view.titled()[title].columns
        out[title] = [
            [
                (columns[c].number_format or GENERAL)
                if isinstance(v, int | float | dt.date) and not isinstance(v, bool)
                else None
                for c, v in enumerate(row)
            ]
            for row in rows[1:]  # the header row holds labels
        ]
    return out


def texts(block: Block, kinds: list[Kind]) -> list[list[str]]:
    """The block as read: header row as is, data and totals rows by their column's kind."""
    header, *rows = block.values
    return [[text(v) for v in header], *([text(v, k) for v, k in zip(row, kinds, strict=True)]
                                         for row in rows)]  # fmt: skip


def assert_same(door: str, blocks: dict[str, Block], view: Overview) -> None:
    model = model_blocks(view)
    formats = expected_formats(view)
    for title, rows in model.items():
        want = [[text(v) for v in row] for row in rows]
        got = texts(blocks[title], [c.kind for c in view.titled()[title].columns])
        for r, (w, g) in enumerate(zip(want, got, strict=True)):
            assert g == w, f"{door}, {title}, row {r + 1} of the table block"
        for r, row in enumerate(formats[title], start=1):
            for c, pattern in enumerate(row):
                if pattern is not None:
                    seen = blocks[title].formats[r][c]
                    assert seen == pattern, (
                        f"{door}, {title}, row {r + 1}, column {rows[0][c]!r}: {seen!r}"
                    )


def test_model_has_the_board_sheets_with_totals(view: Overview) -> None:
    titles = list(view.titled())
    assert titles[:2] == ["Översikt", "Budget"] and "Problem" in titles
    assert view.sheets["insatser"].totals, "Översikt without totals"
    assert len(view.sheets["insatser"].rows) == 6  # the six insatser of the examples


def test_cli_master_shows_the_model(master: dict[str, Block], view: Overview) -> None:
    assert_same("CLI master", master, view)


def test_excel_button_shows_the_model(excel_state: dict[str, Any], view: Overview) -> None:
    titles = list(view.titled())
    # Its own two sheets first, then exactly the model's sheets: no empty extras.
    assert sheet_names(excel_state) == ["Inställningar", "xlwings.conf", *titles]
    assert_same("Excel button", read_excel_state(excel_state, view), view)
    # What only the CLI's master has (Diagram, formulas) is said in the book, under the totals.
    values = next(s for s in excel_state["sheets"] if s["name"] == "Översikt")["values"]
    assert [v for row in values for v in row if v == CLI_ONLY_NOTE] == [CLI_ONLY_NOTE]


def test_sheets_push_shows_the_model(standin_book: Any, view: Overview) -> None:
    assert [s.title for s in standin_book.sheets][-len(view.sheets) :] == list(view.titled())
    assert_same("Sheets push", read_standin(standin_book, view), view)


def test_the_three_doors_agree_cell_by_cell(
    master: dict[str, Block], excel_state: dict[str, Any], standin_book: Any, view: Overview
) -> None:
    """The same sheets side by side (the model tests above say which door differs)."""
    doors = {
        "CLI master": master,
        "Excel button": read_excel_state(excel_state, view),
        "Sheets push": read_standin(standin_book, view),
    }
    kinds = {t: [c.kind for c in s.columns] for t, s in view.titled().items()}
    shown = {
        door: {title: texts(block, kinds[title]) for title, block in blocks.items()}
        for door, blocks in doors.items()
    }
    assert shown["Excel button"] == shown["CLI master"]
    assert shown["Sheets push"] == shown["CLI master"]
    # Spot checks a board member would make, in the shown texts.
    ins = shown["CLI master"]["Översikt"]
    header = ins[0]
    timra = next(r for r in ins if r[header.index("Insats")].startswith("Hälsoprojektet"))
    assert timra[header.index("Status")].startswith("Komplettering begärd")
    assert timra[header.index("Utfall totalt sedan start (kr)")] == "1373307"
    # Timrå's budget is a total only: one "Ej fördelat" row, no kostnadsslag given a share
    budget = shown["CLI master"]["Budget"]
    slag, kr = budget[0].index("Kostnadsslag"), budget[0].index("Budget hela insatsen (kr)")
    timra_budget = [r for r in budget if "timra" in r[budget[0].index("Fil")]]
    assert [(r[slag], r[kr]) for r in timra_budget if r[kr]] == [("Ej fördelat", "1130000")]
    prosa = next(r for r in ins if r[header.index("Insats")].startswith("PROSA"))
    assert prosa[header.index("Medfinansiering utfall, in natura (kr)")] == "120000"


def test_the_doors_show_the_2_0_breakdowns(
    master: dict[str, Block], excel_state: dict[str, Any], standin_book: Any, view: Overview
) -> None:
    """Schema 2.0's participant breakdowns are sheets of every door, with PROSA's rows."""
    doors = {
        "CLI master": master,
        "Excel button": read_excel_state(excel_state, view),
        "Sheets push": read_standin(standin_book, view),
    }
    for door, blocks in doors.items():
        for title in NEW_SHEETS:
            header, *rows = blocks[title].values
            assert rows and all(PROSA in str(r[header.index("Fil")]) for r in rows), (door, title)
        fors = blocks["Försörjning"].values
        kategori, start = fors[0].index("Försörjning"), fors[0].index("Vid start (antal)")
        assert {r[kategori]: text(r[start], Kind.ANTAL) for r in fors[1:]} == {
            "Sjukpenning / rehabiliteringspenning": "3",
            "Ekonomiskt bistånd (försörjningsstöd)": "4",  # the same people: multi-valued
            "Lön / studiemedel": "",
        }, door
        header, *rows = blocks["Styrelse insatser"].values
        malmo = [r for r in rows if r[header.index("Insats")] == "Aktivitetscenter"]
        assert [text(r[header.index("År")]) for r in malmo] == ["2018", "2019", "2020"], door
        unused = header.index("Ej förbrukat att återföra (kr)")
        assert text(malmo[-1][unused]) == "195000", door  # 30 000 000 − 29 805 000
        header, *rows = blocks["Styrelse år"].values
        # Exempelbygd's förbund workbook gives 2024 (4 000 000 kr); the other years have none
        assert {text(r[header.index("Tilldelade medel, budget (kr)")]) for r in rows} == {
            "4000000",
            "ej redovisat",
        }, door
        header, *rows = blocks["Styrelse medlemmar"].values
        assert rows, door
