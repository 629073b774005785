"""validate_book through the remote engine: the Kontroll sheet, coloured cells, clearing, alerts.

The validator is a fake (``FakeReport``) until finsam_xl.validate lands; the reading, marking and
messages are the real code paths on a real .xlsx.
"""

from __future__ import annotations

import pytest
from excel_support import (
    FakeIssue,
    FakeReport,
    apply_actions,
    cell,
    make_report_xlsx,
    open_book,
    remote_xlwings,
    sheet_names,
)

from finsam_xl.errors import FinsamError
from finsam_xl.excel import validate_book
from finsam_xl.excel.marks import FILL, MARKS
from finsam_xl.excel.payload import xlsx_to_payload

ISSUES = [
    FakeIssue("saknas", "error", "Ekonomi", "C2", "budget", "Budget saknas.", None),
    FakeIssue("fel-typ", "warning", "Ekonomi", "C2", "budget", "Konstigt.", "=HACK()"),
    FakeIssue("tolkat-varde", "info", "Deltagare ö", "B3", "deltagare", "7,0 tolkat som 7", "7,0"),
    FakeIssue("olasbar", "error", None, None, None, "Hela filen.", None),
]


@pytest.fixture
def payload(tmp_path):
    return xlsx_to_payload(make_report_xlsx(tmp_path / "Rapport Älvdalen.xlsx"))


def run(xw, payload, report, **kw):
    seen = []

    def fake_validate(cellmap, *, config=None):
        seen.append(cellmap)
        return report

    book = open_book(xw, payload)
    result = validate_book(book, validate=fake_validate, **kw)
    return result, seen, apply_actions(payload, book.json()["actions"])


def test_marks_listing_links_and_colours(payload):
    xw = remote_xlwings()
    report = FakeReport("Rapport Älvdalen.xlsx", "errors", ISSUES)
    result, seen, state = run(xw, payload, report)
    assert result is report and seen[0].value("budget") == 85000.5
    assert sheet_names(state)[-2:] == [MARKS, "Kontroll"]
    assert state["sheets"][sheet_names(state).index(MARKS)]["visibility"] == "Hidden"
    # the worst severity wins per cell; issues without a cell are listed, not coloured
    assert state["fills"] == {("Ekonomi", "C2"): FILL["error"], ("Deltagare ö", "B3"): FILL["info"]}
    assert cell(state, "Kontroll", "A4") == "Allvarlighet"
    assert [cell(state, "Kontroll", f"G{r}") for r in range(5, 9)] == [
        "saknas",
        "olasbar",
        "fel-typ",
        "tolkat-varde",
    ]
    assert cell(state, "Kontroll", "F7") == "'=HACK()"  # submitted text never becomes a formula
    assert state["formulas"][("Kontroll", "C5")] == '=HYPERLINK("#\'Ekonomi\'!C2","C2")'
    assert state["formulas"][("Kontroll", "C8")] == '=HYPERLINK("#\'Deltagare ö\'!B3","B3")'
    assert state["book"]["active_sheet_index"] == sheet_names(state).index("Kontroll")
    assert state["alerts"][-1]["mode"] == "critical" and "2 fel" in state["alerts"][-1]["prompt"]


def test_second_run_restores_recorded_fills_then_marks_anew(payload):
    xw = remote_xlwings()
    first = FakeReport("r", "errors", ISSUES[:1])
    _, _, state = run(xw, payload, first, originals={("Ekonomi", "C2"): (255, 255, 0)})
    record = next(r for r in state["sheets"] if r["name"] == MARKS)["values"]
    assert record[1] == ["Ekonomi", "C2", "#FFFF00"]
    # the officer fixes C2; the new run finds a problem elsewhere
    second = FakeReport("r", "warnings", [ISSUES[2]])
    book = open_book(xw, state)
    validate_book(book, validate=lambda cm, config=None: second)
    after = apply_actions(state, book.json()["actions"])
    assert after["fills"][("Ekonomi", "C2")] == "#FFFF00"  # the template's own yellow is back
    assert after["fills"][("Deltagare ö", "B3")] == FILL["info"]
    assert cell(after, MARKS, "A2") == "Deltagare ö" and cell(after, MARKS, "C2") == "okänd"
    assert cell(after, "Kontroll", "G5") == "tolkat-varde" and cell(after, "Kontroll", "G6") == ""


def test_clean_report_says_so(payload):
    xw = remote_xlwings()
    _, _, state = run(xw, payload, FakeReport("r", "ok", []))
    assert state["fills"] == {}
    assert cell(state, "Kontroll", "E5") == "Inga anmärkningar."
    assert state["alerts"] == [
        {
            "prompt": "Inga fel eller varningar. Rapporten kan skickas in.",
            "title": "finsam-xl",
            "mode": "info",
        }
    ]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FinsamError("Bladet 'Budget' saknas."), "Bladet 'Budget' saknas."),
        (KeyError("budget"), "Oväntat fel i finsam-xl (KeyError"),
    ],
)
def test_failures_become_one_message_box(payload, error, expected):
    xw = remote_xlwings()

    def broken(cellmap, *, config=None):
        raise error

    book = open_book(xw, payload)
    assert validate_book(book, validate=broken) is None
    state = apply_actions(payload, book.json()["actions"])
    assert len(state["alerts"]) == 1
    assert state["alerts"][0]["prompt"].startswith(expected)
    assert state["alerts"][0]["mode"] == "critical"


def test_validera_button_picks_the_report_not_the_master(tmp_path):
    from excel_support import make_master_xlsx

    from finsam_xl.excel.entry import pick_report_book

    xw = remote_xlwings()
    master = open_book(xw, xlsx_to_payload(make_master_xlsx(tmp_path / "finsam-master.xlsx")))
    for other in list(master.app.books):  # books of earlier tests share the engine's one app
        if other != master:
            other.close()
    assert master.app.books.active == master
    with pytest.raises(FinsamError, match="Ctrl\\+Skift\\+V"):
        pick_report_book(master)  # no report open beside the master
    report = open_book(xw, xlsx_to_payload(make_report_xlsx(tmp_path / "Rapport Åre.xlsx")))
    assert pick_report_book(master) == report  # the report's window is the active one
    assert pick_report_book(report) == report  # a macro inside a report checks that report
