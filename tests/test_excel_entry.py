"""The Excel entry points' own rules: which book Validera picks, what Synka checks before it reads,
and that no message in the book quotes the command line. Through xlwings' remote engine on real
workbooks; the Google sign-in (``finsam_xl.sheets.connect``) is the one thing replaced, because
Google's servers are the outermost boundary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from excel_support import (
    FakeConsolidation,
    apply_actions,
    make_master_xlsx,
    make_report_xlsx,
    open_book,
    remote_xlwings,
    sheet_names,
)

import finsam_xl.excel.entry as entry
from finsam_xl.errors import SheetsSyncError
from finsam_xl.excel import consolidate_into_book, sync_book, validate_book
from finsam_xl.excel.entry import LITE_NO_SYNC, NO_GOOGLE_SIGN_IN, book_text, pick_report_book
from finsam_xl.excel.payload import xlsx_to_payload

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "workbooks" / "examples").glob("*.xlsx"))


def _alone(xw, tmp_path: Path) -> None:
    """Close every book earlier tests left in the engine's one app (the active book is the
    last one opened there, so the order of opening decides which is active)."""
    scratch = open_book(xw, xlsx_to_payload(make_report_xlsx(tmp_path / "scratch.xlsx")))
    for book in list(scratch.app.books):
        book.close()


@pytest.mark.parametrize("helper", ["PERSONAL.XLSB", "personal.xls", "Personal Macro Workbook"])
def test_validera_button_ignores_the_personal_macro_workbook(tmp_path, helper):
    xw = remote_xlwings()
    _alone(xw, tmp_path)
    report = open_book(xw, xlsx_to_payload(make_report_xlsx(tmp_path / "Rapport Åre.xlsx")))
    open_book(xw, xlsx_to_payload(make_report_xlsx(tmp_path / "p.xlsx"), name=helper))
    # the master is active: its button was pressed
    master = open_book(xw, xlsx_to_payload(make_master_xlsx(tmp_path / "finsam-master.xlsm")))
    assert master.app.books.active == master
    assert pick_report_book(master) == report


def test_a_hidden_personal_book_that_reports_itself_active_is_not_picked(tmp_path):
    xw = remote_xlwings()
    _alone(xw, tmp_path)
    master = open_book(xw, xlsx_to_payload(make_master_xlsx(tmp_path / "finsam-master.xlsm")))
    report = open_book(xw, xlsx_to_payload(make_report_xlsx(tmp_path / "r.xlsx")))
    personal = open_book(
        xw, xlsx_to_payload(make_report_xlsx(tmp_path / "p.xlsx"), name="PERSONAL.XLSB")
    )
    assert master.app.books.active == personal
    assert pick_report_book(master) == report


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Rapporter"
    folder.mkdir()
    for example in EXAMPLES[:3]:
        shutil.copy(example, folder / example.name)
    return folder


def _no_flag(text: str) -> bool:
    return entry._FLAG.search(text) is None


def test_konsolidera_summary_names_the_setting_not_the_flag(tmp_path):
    xw = remote_xlwings()
    payload = xlsx_to_payload(
        make_master_xlsx(
            tmp_path / "m.xlsx",
            **{"Källmapp": str(_folder(tmp_path)), "Ta med rapporter med fel": "Ja"},
        )
    )
    book = open_book(xw, payload)
    assert consolidate_into_book(book) is not None
    prompt = apply_actions(payload, book.json()["actions"])["alerts"][-1]["prompt"]
    assert _no_flag(prompt), prompt
    assert "3 filer lästa" in prompt  # the library's summary, as the CLI prints it


def test_book_text_replaces_every_flag_the_settings_sheet_has():
    assert book_text("Filer med fel ingår (--include-errors), --mask-under 5.") == (
        "Filer med fel ingår (Ta med rapporter med fel = Ja på Inställningar), "
        "Maskera under på Inställningar 5."
    )


def test_unexpected_error_message_quotes_no_flag(tmp_path):
    xw = remote_xlwings()
    payload = xlsx_to_payload(make_report_xlsx(tmp_path / "r.xlsx"))
    book = open_book(xw, payload)

    def broken(cellmap, *, config=None):
        raise KeyError("budget")

    validate_book(book, validate=broken)
    prompt = apply_actions(payload, book.json()["actions"])["alerts"][-1]["prompt"]
    assert prompt.startswith("Oväntat fel i finsam-xl (KeyError") and _no_flag(prompt), prompt


def _sync_master(tmp_path: Path, sheet_id: str | None) -> dict:
    values = {"Källmapp": str(_folder(tmp_path))}
    if sheet_id:
        values["Google Sheet-id"] = sheet_id
    return xlsx_to_payload(make_master_xlsx(tmp_path / "m.xlsx", **values))


def _counting(calls: list[str]):
    def consolidate(paths, **_):
        calls.append("read")
        return FakeConsolidation({"Översikt": __import__("pandas").DataFrame({"a": [1]})})

    return consolidate


def test_synka_without_google_key_stops_before_reading_the_folder(tmp_path, monkeypatch):
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    def no_key(**_):  # what connect says in a terminal when no key is configured
        raise SheetsSyncError(
            "Inga inloggningsuppgifter för Google. Ange --credentials NYCKEL.json"
        )

    monkeypatch.setattr(sheets, "connect", no_key)
    payload = _sync_master(tmp_path, "1AbC")
    book = open_book(xw, payload)
    calls: list[str] = []
    assert sync_book(book, consolidate=_counting(calls)) is None
    state = apply_actions(payload, book.json()["actions"])
    assert calls == []  # nothing read
    assert sheet_names(state) == sheet_names(payload)  # nothing written
    assert state["alerts"] == [
        {"prompt": NO_GOOGLE_SIGN_IN, "title": "finsam-xl", "mode": "critical"}
    ]
    assert _no_flag(NO_GOOGLE_SIGN_IN)


def test_synka_passes_on_a_sign_in_message_that_quotes_no_flag(tmp_path, monkeypatch):
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    def bad_key(**_):
        raise SheetsSyncError("Nyckeln är inte giltig JSON.")

    monkeypatch.setattr(sheets, "connect", bad_key)
    payload = _sync_master(tmp_path, "1AbC")
    book = open_book(xw, payload)
    calls: list[str] = []
    sync_book(book, consolidate=_counting(calls))
    state = apply_actions(payload, book.json()["actions"])
    assert calls == [] and state["alerts"][-1]["prompt"] == "Nyckeln är inte giltig JSON."


def test_synka_without_sheet_id_stops_before_reading_or_signing_in(tmp_path, monkeypatch):
    xw = remote_xlwings()
    import finsam_xl.sheets as sheets

    signed_in: list[bool] = []
    monkeypatch.setattr(sheets, "connect", lambda **_: signed_in.append(True))
    payload = _sync_master(tmp_path, None)
    book = open_book(xw, payload)
    calls: list[str] = []
    sync_book(book, consolidate=_counting(calls))
    state = apply_actions(payload, book.json()["actions"])
    assert calls == [] and signed_in == []
    assert "Ange Google Sheet-id" in state["alerts"][-1]["prompt"]


def test_synka_in_lite_says_it_is_desktop_only(tmp_path, monkeypatch):
    xw = remote_xlwings()
    payload = _sync_master(tmp_path, "1AbC")
    book = open_book(xw, payload)
    calls: list[str] = []
    monkeypatch.setattr(entry.sys, "platform", "emscripten")
    sync_book(book, consolidate=_counting(calls), push=lambda i, r: "aldrig")
    monkeypatch.undo()
    state = apply_actions(payload, book.json()["actions"])
    assert calls == [] and state["alerts"][-1]["prompt"] == LITE_NO_SYNC
