"""consolidate_into_book and sync_book through the remote engine, on a real master .xlsx.

``consolidate`` and the Sheets push are fakes until finsam_xl.consolidation / finsam_xl.sheets land;
settings, file discovery, sheet writing and messages are the real code paths.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from excel_support import (
    FakeConsolidation,
    apply_actions,
    cell,
    make_master_xlsx,
    make_report_xlsx,
    open_book,
    remote_xlwings,
    sheet_names,
)

from finsam_xl.excel import consolidate_into_book, sync_book
from finsam_xl.excel.payload import xlsx_to_payload

FRAMES = {
    "Översikt": pd.DataFrame(
        {
            "Insats": ["Åre–Östersund", "=HACK()"],
            "Budget (kr)": [85000.5, float("nan")],
            "Rapportdatum": [pd.Timestamp(2024, 3, 1), pd.NaT],
            "Deltagare": ["<5", 12],
        }
    ),
    "Ekonomi per år": pd.DataFrame({"År": [2024], "Summa": [Decimal("1234.50")]}),
}


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "Rapporter från Åre"
    src.mkdir()
    for name in ("b-rapport.xlsx", "A-rapport Östersund.xlsx", "c.xlsm"):
        make_report_xlsx(src / name)
    (src / "~$b-rapport.xlsx").write_bytes(b"lock")
    (src / "anteckningar.txt").write_text("inte en rapport", encoding="utf-8")
    return src


def master(tmp_path, **values):
    return xlsx_to_payload(make_master_xlsx(tmp_path / "finsam-master.xlsx", **values))


def fake(calls, result=None):
    def consolidate(
        paths, *, include_errors=True, mask_under=None, progress=None, workers=None, config=None
    ):
        calls.append({"paths": paths, "include_errors": include_errors, "mask_under": mask_under})
        for done in range(1, len(paths) + 1):
            progress(done, len(paths))
        return result or FakeConsolidation(FRAMES, "3 rapporter, 0 med fel.")

    return consolidate


def test_consolidates_folder_into_open_master(tmp_path, folder):
    xw = remote_xlwings()
    payload = master(
        tmp_path,
        **{"Källmapp": str(folder), "Ta med rapporter med fel": "Ja", "Maskera under": "5 st"},
    )
    calls: list[dict] = []
    book = open_book(xw, payload)
    assert consolidate_into_book(book, consolidate=fake(calls)) is not None
    assert [p.name for p in calls[0]["paths"]] == [
        "A-rapport Östersund.xlsx",
        "b-rapport.xlsx",
        "c.xlsm",
    ]
    assert calls[0]["include_errors"] is True and calls[0]["mask_under"] == 5
    state = apply_actions(payload, book.json()["actions"])
    assert sheet_names(state) == ["Inställningar", "Översikt", "Ekonomi per år"]
    assert [cell(state, "Översikt", f"{c}1") for c in "ABCD"] == [
        "Insats",
        "Budget (kr)",
        "Rapportdatum",
        "Deltagare",
    ]
    assert cell(state, "Översikt", "A2") == "Åre–Östersund"
    assert cell(state, "Översikt", "A3") == "'=HACK()"
    assert cell(state, "Översikt", "B2") == 85000.5 and cell(state, "Översikt", "B3") == ""
    assert cell(state, "Översikt", "C2") == "2024-03-01" and cell(state, "Översikt", "C3") == ""
    assert cell(state, "Ekonomi per år", "B2") == 1234.5
    assert cell(state, "Översikt", "A4") == ""  # the old overview is gone, not left below
    assert state["alerts"][-1]["prompt"].endswith("3 rapporter, 0 med fel.")
    assert state["alerts"][-1]["mode"] == ""


def test_relative_or_missing_folder_is_a_message(tmp_path):
    xw = remote_xlwings()
    for value, expected in [
        ("rapporter", "Källmappen 'rapporter' är relativ"),
        (str(tmp_path / "finns inte"), "Källmappen finns inte"),
        (None, "Ange källmappen"),
    ]:
        payload = master(tmp_path, **{"Källmapp": value})
        calls: list[dict] = []
        book = open_book(xw, payload)
        assert consolidate_into_book(book, consolidate=fake(calls)) is None
        state = apply_actions(payload, book.json()["actions"])
        assert calls == [] and state["alerts"][0]["prompt"].startswith(expected)
        assert state["alerts"][0]["mode"] == "critical"


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        ("Ta med rapporter med fel", "kanske", "'Ta med rapporter med fel' ska vara Ja eller Nej"),
        ("Maskera under", "fem", "'Maskera under' ska vara ett heltal"),
        ("Maskera under", "2,5", "'Maskera under' ska vara ett heltal"),
    ],
)
def test_bad_settings_stop_before_reading(tmp_path, folder, label, value, expected):
    xw = remote_xlwings()
    payload = master(tmp_path, **{"Källmapp": str(folder), label: value})
    calls: list[dict] = []
    book = open_book(xw, payload)
    consolidate_into_book(book, consolidate=fake(calls))
    state = apply_actions(payload, book.json()["actions"])
    assert calls == [] and expected in state["alerts"][0]["prompt"]


def test_book_without_settings_sheet(tmp_path, folder):
    xw = remote_xlwings()
    payload = xlsx_to_payload(make_report_xlsx(tmp_path / "rapport.xlsx"))
    book = open_book(xw, payload)
    consolidate_into_book(book, consolidate=fake([]))
    state = apply_actions(payload, book.json()["actions"])
    assert "Bladet Inställningar saknas" in state["alerts"][0]["prompt"]


def test_sync_pushes_after_consolidating(tmp_path, folder):
    xw = remote_xlwings()
    payload = master(tmp_path, **{"Källmapp": str(folder), "Google Sheet-id": " 1AbC-xyz "})
    pushed = []

    def push(sheet_id, result):
        pushed.append((sheet_id, sorted(result.tables)))
        return "Synkat."

    book = open_book(xw, payload)
    sync_book(book, consolidate=fake([]), push=push)
    state = apply_actions(payload, book.json()["actions"])
    assert pushed == [("1AbC-xyz", ["Ekonomi per år", "Översikt"])]
    assert state["alerts"][-1]["prompt"].endswith("Synkat.")
    assert "Översikt" in sheet_names(state)


def test_sync_without_sheet_id_says_where_to_put_it(tmp_path, folder):
    xw = remote_xlwings()
    payload = master(tmp_path, **{"Källmapp": str(folder)})
    book = open_book(xw, payload)
    sync_book(book, consolidate=fake([]), push=lambda i, r: "aldrig")
    state = apply_actions(payload, book.json()["actions"])
    assert "Ange Google Sheet-id" in state["alerts"][0]["prompt"]


def test_dates_written_as_dates(tmp_path, folder):
    xw = remote_xlwings()
    frames = {"Datum": pd.DataFrame({"Dag": [date(2024, 12, 31)]})}
    payload = master(tmp_path, **{"Källmapp": str(folder)})
    book = open_book(xw, payload)
    consolidate_into_book(book, consolidate=fake([], FakeConsolidation(frames)))
    state = apply_actions(payload, book.json()["actions"])
    assert cell(state, "Datum", "A2") == "2024-12-31"  # Office.js writes ISO text as a date
