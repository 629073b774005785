"""Period rules: period-ordning, period-utanfor and period-typ on the rapport (granted 2025–2026).

Issues sit on the date to change, so each case names the field it expects the finding at.
"""

from __future__ import annotations

from datetime import date

import pytest

from finsam_xl.config import Config, config_from_dict
from finsam_xl.rules.perioder import add_months, expected_period
from tests.rule_helpers import at, found, hit, identitet, lista, rapport, run

D = date


# --- period-ordning -----------------------------------------------------------------------------


def test_reported_period_reversed() -> None:
    model = rapport(period_fran=D(2025, 12, 31), period_till=D(2025, 1, 1))
    assert found(model, "period-ordning") == {hit("period-ordning", "period_fran")}


def test_granted_period_reversed() -> None:
    model = rapport(identitet=identitet(beviljad_fran=D(2027, 1, 1), beviljad_till=D(2025, 1, 1)))
    assert found(model, "period-ordning") == {hit("period-ordning", "beviljad_fran")}


def test_one_day_period_is_in_order() -> None:
    model = rapport(period_fran=D(2025, 3, 1), period_till=D(2025, 3, 1))
    assert found(model, "period-ordning") == set()


def test_list_period_reversed() -> None:
    model = lista(period_fran=D(2025, 7, 1), period_till=D(2025, 6, 30))
    assert found(model, "period-ordning") == {
        hit("period-ordning", "period_fran", malltyp="deltagare")
    }


# --- period-utanfor -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fran", "till", "fields"),
    [
        (D(2025, 1, 1), D(2026, 12, 31), set()),  # both ends on the granted days
        (D(2024, 12, 31), D(2025, 12, 31), {"period_fran"}),
        (D(2026, 1, 1), D(2027, 1, 1), {"period_till"}),
        (D(2024, 1, 1), D(2027, 12, 31), {"period_fran", "period_till"}),
    ],
)
def test_period_utanfor(fran: date, till: date, fields: set[str]) -> None:
    model = rapport(rapporttyp=None, period_fran=fran, period_till=till)
    assert found(model, "period-utanfor") == {hit("period-utanfor", f) for f in fields}


def test_period_utanfor_needs_a_sane_granted_period() -> None:
    bad = identitet(beviljad_fran=D(2027, 1, 1), beviljad_till=D(2025, 1, 1))
    assert found(rapport(identitet=bad, period_till=D(2028, 1, 1)), "period-utanfor") == set()


def test_list_period_outside_granted() -> None:
    model = lista(period_till=D(2027, 1, 31))
    assert found(model, "period-utanfor") == {
        hit("period-utanfor", "period_till", malltyp="deltagare")
    }


# --- period-typ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typ", "fran", "till", "field"),
    [
        ("kvartalsrapport", D(2025, 4, 1), D(2025, 6, 30), None),
        ("kvartalsrapport", D(2025, 10, 1), D(2025, 12, 31), None),
        # The advice is the unit containing the period's end (Q3 here), so the start is off.
        ("kvartalsrapport", D(2025, 4, 1), D(2025, 7, 31), "period_fran"),
        ("kvartalsrapport", D(2025, 4, 1), D(2025, 5, 31), "period_till"),
        ("kvartalsrapport", D(2025, 2, 1), D(2025, 4, 30), "period_fran"),
        ("tertialrapport", D(2025, 1, 1), D(2025, 4, 30), None),
        ("tertialrapport", D(2025, 5, 1), D(2025, 8, 31), None),
        ("tertialrapport", D(2025, 9, 1), D(2025, 12, 31), None),
        ("tertialrapport", D(2025, 4, 1), D(2025, 7, 31), "period_fran"),
        ("tertialrapport", D(2025, 5, 1), D(2025, 9, 30), "period_fran"),
        ("tertialrapport", D(2025, 5, 1), D(2025, 7, 31), "period_till"),
        ("arsrapport", D(2025, 1, 1), D(2025, 12, 31), None),
        ("arsrapport", D(2025, 7, 1), D(2026, 6, 30), "period_fran"),
        ("arsrapport", D(2025, 1, 1), D(2025, 12, 30), "period_till"),
        ("delarsrapport", D(2025, 1, 1), D(2025, 8, 31), None),
        ("delarsrapport", D(2025, 5, 1), D(2025, 9, 30), None),
        ("delarsrapport", D(2025, 1, 2), D(2025, 8, 31), "period_fran"),
        ("delarsrapport", D(2025, 1, 1), D(2025, 8, 30), "period_till"),
        ("delarsrapport", D(2025, 9, 1), D(2026, 4, 30), "period_till"),
        ("slutrapport", D(2025, 1, 1), D(2026, 12, 31), None),
        ("slutrapport", D(2025, 1, 1), D(2026, 11, 30), "period_till"),
    ],
)
def test_period_typ(typ: str, fran: date, till: date, field: str | None) -> None:
    model = rapport(rapporttyp=typ, period_fran=fran, period_till=till)
    expected = {hit("period-typ", field)} if field else set()
    assert found(model, "period-typ") == expected


@pytest.mark.parametrize(
    ("typ", "fran", "till", "field"),
    [
        # Granted 2025-02-15 – 2026-11-20: the first and last units are clipped to it.
        ("kvartalsrapport", D(2025, 2, 15), D(2025, 3, 31), None),
        ("kvartalsrapport", D(2025, 1, 1), D(2025, 3, 31), "period_fran"),
        ("tertialrapport", D(2026, 9, 1), D(2026, 11, 20), None),
        ("arsrapport", D(2025, 2, 15), D(2025, 12, 31), None),
        ("arsrapport", D(2026, 1, 1), D(2026, 11, 20), None),
        ("arsrapport", D(2026, 1, 1), D(2026, 12, 31), "period_till"),
        ("delarsrapport", D(2025, 2, 15), D(2025, 6, 30), None),
        ("slutrapport", D(2025, 2, 15), D(2026, 11, 20), None),
    ],
)
def test_period_typ_clipped_to_granted(typ: str, fran: date, till: date, field: str | None) -> None:
    ident = identitet(beviljad_fran=D(2025, 2, 15), beviljad_till=D(2026, 11, 20))
    model = rapport(identitet=ident, rapporttyp=typ, period_fran=fran, period_till=till)
    expected = {hit("period-typ", field)} if field else set()
    assert found(model, "period-typ") == expected


def test_period_typ_skipped_when_dates_reversed_or_missing() -> None:
    reversed_ = rapport(
        rapporttyp="kvartalsrapport", period_fran=D(2025, 6, 30), period_till=D(2025, 4, 1)
    )
    assert found(reversed_, "period-typ") == set()
    assert found(rapport(rapporttyp="kvartalsrapport", period_till=None), "period-typ") == set()
    assert found(rapport(rapporttyp=None, period_till=D(2025, 2, 3)), "period-typ") == set()


def test_period_typ_is_a_warning() -> None:
    model = rapport(rapporttyp="kvartalsrapport")
    (issue,) = [i for i in run(model) if i.code == "period-typ"]
    assert str(issue.severity) == "warning"
    # tells which quarter was expected: the one holding the period's end, 2025-12-31
    assert "2025-10-01–2025-12-31" in issue.message


def test_expected_period_without_granted() -> None:
    assert expected_period("tertialrapport", D(2025, 6, 9), None) == (D(2025, 5, 1), D(2025, 8, 31))
    assert expected_period("delarsrapport", D(2025, 6, 9), None) is None


def test_period_typ_suggests_the_quarter_holding_the_period_end() -> None:
    # RESAN: a Q4 report whose start was typed 20220930; the advice must be Q4, not Q3.
    ident = identitet(beviljad_fran=D(2022, 1, 1), beviljad_till=D(2024, 12, 31))
    model = rapport(
        identitet=ident, rapporttyp="kvartalsrapport", period_fran=D(2022, 9, 30),
        period_till=D(2022, 12, 31),
    )  # fmt: skip
    (issue,) = [i for i in run(model) if i.code == "period-typ"]
    assert (issue.sheet, issue.cell) == at("period_fran")
    assert "2022-10-01–2022-12-31" in issue.message


def test_period_typ_never_suggests_an_impossible_period() -> None:
    # A Q1 2026 report of an insats granted to 2025-12-31: clipping gave 2026-01-01–2025-12-31.
    ident = identitet(beviljad_fran=D(2025, 1, 1), beviljad_till=D(2025, 12, 31))
    model = rapport(
        identitet=ident, rapporttyp="kvartalsrapport", period_fran=D(2026, 1, 15),
        period_till=D(2026, 3, 31),
    )  # fmt: skip
    (issue,) = [i for i in run(model) if i.code == "period-typ"]
    assert "2026-01-01–2026-03-31" in issue.message
    assert "2026-01-01–2025-12-31" not in issue.message
    assert expected_period("kvartalsrapport", D(2026, 3, 31), (D(2025, 1, 1), D(2025, 12, 31))) == (
        D(2026, 1, 1),
        D(2026, 3, 31),
    )


# --- rapportdatum-fore-slut, rapportdatum-sent --------------------------------------------------


@pytest.mark.parametrize(
    ("signed", "codes"),
    [
        (D(2025, 12, 31), set()),  # signed on the last day of the period
        (D(2025, 12, 30), {"rapportdatum-fore-slut"}),
        (D(2026, 6, 30), set()),  # exactly 6 months after 2025-12-31
        (D(2026, 7, 1), {"rapportdatum-sent"}),
        (None, set()),
    ],
)
def test_rapportdatum_against_period_end(signed: date | None, codes: set[str]) -> None:
    rules = ("rapportdatum-fore-slut", "rapportdatum-sent")
    expected = {hit(code, "rapportdatum") for code in codes}
    assert found(rapport(rapportdatum=signed), *rules) == expected


def test_rapportdatum_sent_is_timras_case_and_configurable() -> None:
    # Timrå: period to 2020-02-01, signed 2022-05-03.
    timra = rapport(
        rapporttyp="slutrapport", period_fran=D(2019, 2, 1), period_till=D(2020, 2, 1),
        rapportdatum=D(2022, 5, 3),
        identitet=identitet(beviljad_fran=D(2019, 2, 1), beviljad_till=D(2020, 2, 1)),
    )  # fmt: skip
    assert found(timra, "rapportdatum-sent") == {hit("rapportdatum-sent", "rapportdatum")}
    late = rapport(rapportdatum=D(2026, 3, 1))  # two months after 2025-12-31
    assert found(late, "rapportdatum-sent") == set()
    two = config_from_dict({"regler": {"rapportdatum_sent_manader": 1}})
    assert found(late, "rapportdatum-sent", config=two) == {
        hit("rapportdatum-sent", "rapportdatum")
    }
    assert Config().rapportdatum_sent_manader == 6


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2025, 12, 31), 6) == D(2026, 6, 30)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
