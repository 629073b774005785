"""The Synka button end to end: the shipped master through xlwings' remote engine, the real
consolidation, and the real Sheets push (gspread) to the local Sheets v4 stand-in.

Only the sign-in is replaced: ``finsam_xl.sheets.connect`` returns a client whose session is routed
to the stand-in on 127.0.0.1 (Google's servers cannot be reached from a test).
"""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import json
from pathlib import Path

import pytest
from excel_support import apply_actions, open_book, remote_xlwings
from sheets_fixtures import client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.consolidate import consolidate
from finsam_xl.excel import sync_book
from finsam_xl.excel.payload import xlsx_to_payload
from finsam_xl.sheets import SheetsClient, pull_tables
from finsam_xl.templates import fill_workbook, make_template

ROOT = Path(__file__).resolve().parent.parent
MASTER = ROOT / "workbooks" / "finsam-master.xlsm"
EXAMPLE = ROOT / "workbooks" / "examples" / "data" / "steget-vidare-kvartalsrapport-2024q1.json"


def _report(path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    wb = make_template(data["malltyp"])
    fill_workbook(wb, data["values"])
    wb.save(path)
    return path


def _settings(payload: dict, folder: Path, sheet_id: str) -> None:
    rows = next(s for s in payload["sheets"] if s["name"] == "Inställningar")["values"]
    labels = [str(r[0]) for r in rows]
    rows[labels.index("Källmapp")][1] = str(folder)
    rows[labels.index("Google Sheet-id")][1] = sheet_id


def test_synka_pushes_what_the_library_consolidates(
    tmp_path: Path, standin: StandIn, client: SheetsClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    monkeypatch.setattr(sheets, "connect", lambda **_: client)
    folder = tmp_path / "Inkomna rapporter Åre"
    folder.mkdir()
    _report(folder / "q1.xlsx")
    standin.create_book("styrelsen")
    payload = xlsx_to_payload(MASTER)
    _settings(payload, folder, "styrelsen")

    book = open_book(xw, payload)
    result = sync_book(book)
    state = apply_actions(payload, book.json()["actions"])
    assert result is not None, state["alerts"]
    expected = consolidate([folder / "q1.xlsx"]).sheets()
    pushed = pull_tables(client, "styrelsen")
    assert list(pushed) == list(expected)
    assert "Google-kalkylarket är uppdaterat" in state["alerts"][-1]["prompt"]


def test_synka_to_an_unshared_sheet_is_a_message_box_not_a_traceback(
    tmp_path: Path, standin: StandIn, client: SheetsClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    monkeypatch.setattr(sheets, "connect", lambda **_: client)
    folder = tmp_path / "rapporter"
    folder.mkdir()
    _report(folder / "q1.xlsx")
    standin.create_book("privat").shared_with = {"annan@example.org"}
    payload = xlsx_to_payload(MASTER)
    _settings(payload, folder, "privat")
    book = open_book(xw, payload)
    assert sync_book(book) is None
    state = apply_actions(payload, book.json()["actions"])
    message = state["alerts"][-1]["prompt"]
    assert "Traceback" not in message and "dela" in message.lower()
