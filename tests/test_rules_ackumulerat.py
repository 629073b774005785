"""period-over-ack and ack-som-period, and that the budget-deviation rules stay quiet when the
cumulative column is already called wrong (the domain review's v-ack probe: 13 "kommentera
avvikelsen" instead of one diagnosis).

The baseline rapport is 2025, the first half of the granted 2025–2026; a second-year report
(2026) has earlier periods, so its cumulative column must be larger than its period column.
"""

from __future__ import annotations

from datetime import date

from finsam_xl.config import Config
from finsam_xl.issues import Severity
from finsam_xl.models import Rapport
from tests.rule_helpers import found, hit, identitet, kostnader, rapport, run

CUMULATIVE_RULES = (
    "period-over-ack",
    "ack-som-period",
    "budgetavvikelse",
    "avvikelse-utan-kommentar",
)


def second_year(**rows: tuple[int | str, ...]) -> Rapport:
    return rapport(
        period_fran=date(2026, 1, 1),
        period_till=date(2026, 12, 31),
        rapportdatum=date(2027, 1, 20),
        kostnader=kostnader(**rows),
    )


# --- period-over-ack ----------------------------------------------------------------------------


def test_period_above_cumulative_is_an_error_on_the_cumulative_cell() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 400_000, 400_000, "Coacher"),
            material=(10_000, 5_000, 3_000),
        )
    )
    assert found(model, "period-over-ack") == {hit("period-over-ack", "utfall_ack_material")}
    (issue,) = [i for i in run(model) if i.code == "period-over-ack"]
    assert issue.severity is Severity.ERROR


def test_within_tolerance_and_credit_notes_are_not_over() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 400_001, 400_000, "Coacher"),  # 1 kr: tolerance
            material=(0, -500, -800, "Kreditfaktura"),
        )
    )
    assert found(model, "period-over-ack") == set()


def test_empty_cumulative_column_is_one_finding() -> None:
    model = rapport(
        kostnader=kostnader(
            lonekostnader=(800_000, 400_000, 0, "Coacher"),
            lokalkostnader=(100_000, 50_000, 0),
            material=(10_000, 5_000, 0),
        )
    )
    assert found(model, *CUMULATIVE_RULES) == {hit("period-over-ack", "utfall_ack_lonekostnader")}


def test_period_over_ack_silences_that_rows_deviation() -> None:
    # Budget 800 000, expected 400 000, cumulative 100 000: a deviation only because it is wrong.
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 400_000, 100_000, "")))
    assert found(model, *CUMULATIVE_RULES) == {hit("period-over-ack", "utfall_ack_lonekostnader")}
    off = Config(disabled=frozenset({"period-over-ack"}))
    assert hit("budgetavvikelse", "utfall_ack_lonekostnader") in found(
        model, *CUMULATIVE_RULES, config=off
    )


# --- ack-som-period -----------------------------------------------------------------------------


V_ACK = {  # the second year typed with this year's figures in the cumulative column
    "lonekostnader": (800_000, 380_000, 380_000),
    "lokalkostnader": (100_000, 50_000, 50_000),
    "material": (60_000, 20_000, 20_000),
    "resekostnader": (40_000, 10_000, 10_000),
}


def test_period_typed_as_cumulative_is_one_diagnosis_not_many_deviations() -> None:
    model = second_year(**V_ACK)
    # Without the diagnosis every row and the total deviate from the budget, uncommented.
    off = Config(disabled=frozenset({"ack-som-period"}))
    noisy = found(model, *CUMULATIVE_RULES, config=off)
    assert len(noisy) >= 5 and {c for _, _, c in noisy} == {
        "budgetavvikelse",
        "avvikelse-utan-kommentar",
    }
    assert found(model, *CUMULATIVE_RULES) == {hit("ack-som-period", "utfall_ack_lonekostnader")}
    (issue,) = [i for i in run(model) if i.code == "ack-som-period"]
    assert issue.severity is Severity.WARNING
    assert "2025-01-01" in issue.message and "2026-01-01" in issue.message


def test_first_period_may_have_cumulative_equal_to_period() -> None:
    model = rapport(kostnader=kostnader(**V_ACK))
    assert found(model, "ack-som-period") == set()


def test_a_real_second_year_is_clean() -> None:
    model = second_year(lonekostnader=(800_000, 380_000, 780_000, "Coacher"))
    assert found(model, "ack-som-period", "period-over-ack") == set()


def test_one_row_with_history_is_not_the_mistake() -> None:
    rows = dict(V_ACK, lonekostnader=(800_000, 380_000, 780_000))
    assert found(second_year(**rows), "ack-som-period") == set()


def test_unknown_start_cannot_be_judged() -> None:
    model = rapport(
        identitet=identitet(beviljad_fran=None),
        period_fran=date(2026, 1, 1),
        period_till=date(2026, 12, 31),
        kostnader=kostnader(**V_ACK),
    )
    assert found(model, "ack-som-period") == set()
