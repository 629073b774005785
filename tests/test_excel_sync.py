"""The Synka button end to end: the shipped master through xlwings' remote engine, the real
consolidation, and the real Sheets push (gspread) to the local Sheets v4 stand-in.

Only the sign-in is replaced: ``finsam_xl.sheets.connect`` returns a client whose session is routed
to the stand-in on 127.0.0.1 (Google's servers cannot be reached from a test).
"""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from excel_support import apply_actions, open_book, remote_xlwings
from sheets_fixtures import client, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import StandIn

from finsam_xl.consolidation import consolidate
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


@pytest.fixture
def press_synka(
    tmp_path: Path, client: SheetsClient, monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], tuple[Any, dict[str, Any], Path]]:
    """press_synka(sheet_id): one report in an Å-named folder, the shipped master pointed at it
    and at the sheet, Synka pressed; returns (result, book state after the actions, report)."""
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    monkeypatch.setattr(sheets, "connect", lambda **_: client)
    folder = tmp_path / "Inkomna rapporter Åre"
    folder.mkdir()
    report = _report(folder / "q1.xlsx")

    def press(sheet_id: str) -> tuple[Any, dict[str, Any], Path]:
        payload = xlsx_to_payload(MASTER)
        _settings(payload, folder, sheet_id)
        book = open_book(xw, payload)
        result = sync_book(book)
        return result, apply_actions(payload, book.json()["actions"]), report

    return press


def test_synka_pushes_what_the_library_consolidates(
    standin: StandIn, client: SheetsClient, press_synka: Callable[[str], Any]
) -> None:
    standin.create_book("styrelsen")
    result, state, report = press_synka("styrelsen")
    assert result is not None, state["alerts"]
    expected = consolidate([report]).sheets()
    pushed = pull_tables(client, "styrelsen")
    assert list(pushed) == list(expected)
    assert "Google-kalkylarket är uppdaterat" in state["alerts"][-1]["prompt"]


def test_synka_to_an_unshared_sheet_is_a_message_box_not_a_traceback(
    standin: StandIn, press_synka: Callable[[str], Any]
) -> None:
    standin.create_book("privat").shared_with = {"annan@example.org"}
    result, state, _ = press_synka("privat")
    assert result is None
    message = state["alerts"][-1]["prompt"]
    assert "Traceback" not in message and "dela" in message.lower()
