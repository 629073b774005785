"""Whole-workbook scans: personnummer and formel-i-text over CellMap.texts."""

from __future__ import annotations

import re

import pytest

from finsam_xl.personnummer import luhn_check_digit
from finsam_xl.rules.arbetsbok import formula_like
from tests.rule_helpers import at, cellmap, found, lista, person, rapport, run


def _pnr(nine: str) -> str:
    return nine + str(luhn_check_digit(nine))


PNR = _pnr("811218987")  # 8112189876, Skatteverket's worked example
PNR_12 = "19" + PNR


@pytest.mark.parametrize(
    "text",
    [
        f"Deltagare {PNR[:6]}-{PNR[6:]} avslutade",
        f"{PNR_12}",
        f"pnr: {PNR_12[:8]}-{PNR[6:]}",
        f"{PNR[:6]}+{PNR[6:]}",
    ],
)
def test_personnummer_found_anywhere(text: str) -> None:
    cm = cellmap(texts=[("Anteckningar", "F40", text), ("Start", "C5", "Steget vidare")])
    assert found(rapport(), "personnummer", cm=cm) == {("Anteckningar", "F40", "personnummer")}


@pytest.mark.parametrize(
    "text",
    [f"{PNR[:6]}-{PNR[6:9]}{(int(PNR[9]) + 1) % 10}", "Tel 070-123 45 67", "SFG 22-8.4", "R-017"],
)
def test_no_personnummer(text: str) -> None:
    assert found(rapport(), "personnummer", cm=cellmap(texts=[("Start", "C5", text)])) == set()


def test_texts_proved_clean_are_skipped_later_and_a_personnummer_never_is() -> None:
    """A text the cheap search proved clean is kept and not searched again in later files (a
    form's labels, speed: issue 16); a text holding a personnummer is never kept, so it is
    found in every file that has it, beside texts proved clean before."""
    from finsam_xl.rules import arbetsbok

    arbetsbok._NO_CANDIDATE.clear()
    labels = [("Start", f"B{i}", f"Etikett nummer {i} i 2024") for i in range(1, 6)]
    assert found(rapport(), "personnummer", cm=cellmap(texts=labels)) == set()
    assert {text for _, _, text in labels} <= arbetsbok._NO_CANDIDATE
    with_pnr = [*labels, ("Anteckningar", "F40", f"Samtal {PNR[:6]}-{PNR[6:]}")]
    for _ in range(2):
        issues = found(rapport(), "personnummer", cm=cellmap(texts=with_pnr))
        assert issues == {("Anteckningar", "F40", "personnummer")}
    assert not any(PNR[:6] in text for text in arbetsbok._NO_CANDIDATE)
    # a clean text beside a candidate elsewhere is not proved clean on its own: not kept
    arbetsbok._NO_CANDIDATE.clear()
    found(rapport(), "personnummer", cm=cellmap(texts=with_pnr))
    assert not arbetsbok._NO_CANDIDATE


def test_personnummer_issue_never_repeats_the_number() -> None:
    sheet, cell = at("text_analys")
    cm = cellmap(texts=[(sheet, cell, f"Samtal med {PNR[:6]}-{PNR[6:]} om stöd")])
    (issue,) = run(rapport(), cm=cm)
    assert (issue.code, issue.field, issue.value) == ("personnummer", "text_analys", None)
    said = issue.message + issue.message_en + str(issue.to_dict())
    digit_runs = re.findall(r"\d{4,}", said)
    assert not any(run_ in PNR_12 for run_ in digit_runs)


def test_personnummer_typed_as_number_in_lopnr() -> None:
    model = lista(deltagare=[person(0), person(1, lopnr=PNR)])
    where = at("deltagarlista", 1, "lopnr", malltyp="deltagare")
    assert found(model, "personnummer") == {(*where, "personnummer")}
    # Also a text cell there: reported once, not twice.
    cm = cellmap(texts=[(*where, PNR)])
    issues = [i for i in run(model, cm=cm) if i.code == "personnummer"]
    assert len(issues) == 1


@pytest.mark.parametrize(
    "text",
    [
        "=SUMMA(A1:A3)",
        "=1+1",
        "@kommun",
        "+A1",
        "-B12*2",
        "-$B$2:C4",
        "-SUM(A1:A3)",
        '+HYPERLINK("http://x")',
        "-12+5",
        "-(3 - 1)*2",
        "+=1",
        "-@x",
    ],
)
def test_formula_like(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize(
    "text",
    [
        "-12 000",
        "-1 200,50 kr",
        "+46 70 123 45 67",
        "- punkt ett",
        "-Möte med FK",
        "-- ingen kommentar --",
        "-A4 papper",
        " =SUMMA(A1)",
        "Summa = 12",
        "-",
        "=",
        "+",
        "-5%",
    ],
)
def test_not_formula_like(text: str) -> None:
    assert not formula_like(text)


def test_formel_i_text_positions_and_skips_real_formulas() -> None:
    sheet, cell = at("kommentar_material")
    cm = cellmap(
        texts=[
            (sheet, cell, "=ersättning för kurs"),
            ("Ekonomi", "Z1", "OK"),
            ("Ekonomi", "Z2", "=x"),
        ],
        formulas=[("Ekonomi", "Z2")],
    )
    issues = [i for i in run(rapport(), cm=cm) if i.code == "formel-i-text"]
    assert {(i.sheet, i.cell, i.field) for i in issues} == {(sheet, cell, "kommentar_material")}
    assert str(issues[0].severity) == "warning"


def test_formel_i_text_masks_what_it_echoes() -> None:
    cm = cellmap(texts=[("Mål", "B9", f"={PNR}")])
    issues = run(rapport(), cm=cm)
    assert {i.code for i in issues} == {"personnummer", "formel-i-text"}
    for issue in issues:
        assert PNR not in f"{issue.message}{issue.value}"
