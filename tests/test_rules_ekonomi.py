"""Money rules: summa-fel, negativt (amounts), budgetavvikelse, avvikelse-utan-kommentar and
over-beviljat. The baseline rapport covers 2025, half of the granted 2025–2026: expected = budget/2.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finsam_xl.config import Config
from finsam_xl.rules.ekonomi import elapsed_share, procent
from tests.rule_helpers import at, found, hit, identitet, kostnader, rapport, run

D = Decimal


# --- summa-fel ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("summor", "expected"),
    [
        ({"utfall_ack": D(400_000)}, set()),
        ({"utfall_ack": None}, set()),  # formula without a cached value: nothing to compare
        ({"utfall_ack": D("400001")}, set()),  # exactly the 1 kr tolerance
        ({"utfall_ack": D("400001.01")}, {hit("summa-fel", "utfall_ack_summa")}),
        ({"budget": D(0), "utfall": D(400_000)}, {hit("summa-fel", "budget_summa")}),
    ],
)
def test_summa_fel(summor: dict[str, Decimal | None], expected: set[object]) -> None:
    assert found(rapport(summor_angivna=summor), "summa-fel") == expected


def test_summa_fel_tolerance_from_config() -> None:
    model = rapport(summor_angivna={"utfall": D(400_050)})
    assert found(model, "summa-fel") == {hit("summa-fel", "utfall_summa")}
    assert found(model, "summa-fel", config=Config(summa_tolerans_kr=D(100))) == set()


def test_summa_fel_message_gives_both_sums() -> None:
    (issue,) = run(rapport(summor_angivna={"utfall_ack": D(410_000)}))
    assert "410\u00a0000" in issue.message and "400\u00a0000" in issue.message
    assert issue.value == D(410_000) and issue.field == "utfall_ack_summa"


# --- negativt (amounts) -------------------------------------------------------------------------


def test_negative_amount_without_comment_is_an_error() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 400_000, 400_000, "Coacher"), material=(0, -1200, -1200)
        )
    )
    assert found(model, "negativt") == {
        hit("negativt", "utfall_material"),
        hit("negativt", "utfall_ack_material"),
    }


def test_negative_amount_with_comment_is_a_credit_note() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 400_000, 400_000, "Coacher"),
            material=(0, -1200, -1200, "Kreditfaktura"),
        )
    )
    assert found(model, "negativt") == set()


def test_whitespace_is_no_comment() -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, -5, 400_000, "  ")))
    assert found(model, "negativt") == {hit("negativt", "utfall_lonekostnader")}


def test_negative_beviljat_belopp() -> None:
    model = rapport(identitet=identitet(beviljat_belopp=D(-1_000_000)))
    assert found(model, "negativt") == {hit("negativt", "beviljat_belopp")}


# --- budgetavvikelse ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ack", "flagged"),
    [
        # aktiviteter: budget 200 000 -> expected 100 000; 10 % is 10 000, so 25 000 kr rules.
        (125_000, False),
        (125_001, True),
        (75_000, False),
        (74_999, True),
    ],
)
def test_budgetavvikelse_kronor_floor(ack: int, flagged: bool) -> None:
    # lonekostnader moves the other way so the total stays on budget: only the row can fire.
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 0, 400_000 - (ack - 100_000), "Coacher"),
            aktiviteter=(200_000, 0, ack, "Kurser"),
        )
    )
    expected = {hit("budgetavvikelse", "utfall_ack_aktiviteter")} if flagged else set()
    assert found(model, "budgetavvikelse") == expected


@pytest.mark.parametrize(("ack", "flagged"), [(440_000, False), (440_001, True), (359_999, True)])
def test_budgetavvikelse_share_rules_above_250_000(ack: int, flagged: bool) -> None:
    # lonekostnader: budget 800 000 -> expected 400 000; 10 % = 40 000 > 25 000 kr.
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, ack, "Coacher")))
    expected = (
        {
            hit("budgetavvikelse", "utfall_ack_lonekostnader"),
            hit("budgetavvikelse", "utfall_ack_summa"),
        }
        if flagged
        else set()
    )
    assert found(model, "budgetavvikelse") == expected


def test_budgetavvikelse_thresholds_from_config() -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, 420_001, "Coacher")))
    assert found(model, "budgetavvikelse") == set()
    cfg = Config(budgetavvikelse_andel=D("0.05"), budgetavvikelse_kr=D(10_000))
    assert found(model, "budgetavvikelse", config=cfg) == {
        hit("budgetavvikelse", "utfall_ack_lonekostnader"),
        hit("budgetavvikelse", "utfall_ack_summa"),
    }


def test_budgetavvikelse_spending_without_budget() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 0, 400_000, "Coacher"), lokalkostnader=(0, 30_000, 30_000)
        )
    )
    issues = [i for i in run(model) if i.code == "budgetavvikelse"]
    assert {(i.sheet, i.cell) for i in issues} == {at("utfall_ack_lokalkostnader")}
    assert "ingen budget" in issues[0].message


def test_slutrapport_compares_with_whole_budget() -> None:
    model = rapport(
        rapporttyp="slutrapport",
        period_till=date(2026, 12, 31),
        kostnader=kostnader(lonekostnader=(800_000, 0, 400_000, "Coacher")),
    )
    assert found(model, "budgetavvikelse") == {
        hit("budgetavvikelse", "utfall_ack_lonekostnader"),
        hit("budgetavvikelse", "utfall_ack_summa"),
    }


def test_budgetavvikelse_skipped_without_dates() -> None:
    model = rapport(period_till=None, kostnader=kostnader(lonekostnader=(800_000, 0, 0, "Coacher")))
    assert found(model, "budgetavvikelse", "avvikelse-utan-kommentar") == set()


def test_budgetavvikelse_detail_is_a_swedish_percentage() -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, 486_000, "Coacher")))
    row = next(i for i in run(model) if (i.sheet, i.cell) == at("utfall_ack_lonekostnader"))
    assert "+21,5\u00a0%." in row.message and "i kolumnen Kommentar" in row.message
    assert row.value == D(486_000)


@pytest.mark.parametrize(
    ("deviation", "expected", "text"),
    [
        (D(86_000), D(400_000), "+21,5\u00a0%"),
        (D(-50), D(1000), "−5,0\u00a0%"),
        (D(0), D(5), "±0,0\u00a0%"),
    ],
)
def test_procent(deviation: Decimal, expected: Decimal, text: str) -> None:
    assert procent(deviation, expected) == text


@pytest.mark.parametrize(
    ("till", "share"),
    [
        (date(2025, 12, 31), D("0.5")),
        (date(2025, 1, 1), D(1) / D(730)),  # the first day counts: t.o.m. is inclusive
        (date(2024, 6, 30), D(0)),  # before the start: clamped
        (date(2027, 6, 30), D(1)),  # after the end: clamped
    ],
)
def test_elapsed_share(till: date, share: Decimal) -> None:
    assert elapsed_share(rapport(period_till=till)) == share


# --- avvikelse-utan-kommentar -------------------------------------------------------------------


def test_deviating_row_without_comment() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 0, 400_000, "Coacher"), resekostnader=(100_000, 0, 100_000)
        )
    )
    assert found(model, "budgetavvikelse", "avvikelse-utan-kommentar") == {
        hit("budgetavvikelse", "utfall_ack_resekostnader"),
        hit("budgetavvikelse", "utfall_ack_summa"),
        hit("avvikelse-utan-kommentar", "kommentar_resekostnader"),
    }


def test_deviating_row_with_comment_is_fine() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 0, 400_000, "Coacher"),
            resekostnader=(100_000, 0, 90_000, "Tåg i stället"),
        )
    )
    assert found(model, "avvikelse-utan-kommentar") == set()


# --- over-beviljat ------------------------------------------------------------------------------


@pytest.mark.parametrize(("ack", "flagged"), [(1_000_000, False), (1_000_001, True)])
def test_over_beviljat(ack: int, flagged: bool) -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, ack, "Coacher")))
    expected = {hit("over-beviljat", "utfall_ack_summa")} if flagged else set()
    assert found(model, "over-beviljat") == expected


def test_over_beviljat_skipped_when_grant_missing() -> None:
    model = rapport(
        identitet=identitet(beviljat_belopp=None),
        kostnader=kostnader(lonekostnader=(800_000, 0, 2_000_000, "Coacher")),
    )
    assert found(model, "over-beviljat") == set()
