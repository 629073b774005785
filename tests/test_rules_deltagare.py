"""Participant-count rules of the rapport: negativt (counts), kon-summa, under30-for-stor,
avslutade-for-manga and avslut-summa. Rows are given as (kvinnor, män, under 30)."""

from __future__ import annotations

from datetime import date

import pytest

from finsam_xl.models import Deltagarrad
from tests.rule_helpers import deltagare, found, hit, rapport, run

CODES = ("avslutade-for-manga",)


# --- negativt (counts) --------------------------------------------------------------------------


def test_negative_counts_are_errors() -> None:
    model = rapport(
        planerat_antal_deltagare=-40,
        deltagare=deltagare(
            nya=Deltagarrad(rad="nya", kvinnor=6, man=4, under30=3, totalt_angivet=-1)
        ),
        avslut={"arbete": 3, "studier": -1},
    )
    assert found(model, "negativt") == {
        hit("negativt", "planerat_antal_deltagare"),
        hit("negativt", "deltagare_nya_totalt"),
        hit("negativt", "avslut_studier"),
    }


def test_zero_counts_are_fine() -> None:
    model = rapport(
        planerat_antal_deltagare=0,
        deltagare=deltagare(nya=(0, 0, 0), avslutade=(0, 0, 0), aktiva=(0, 0, 0), totalt=(0, 0, 0)),
        avslut={},
    )
    assert found(model, "negativt", "avslutade-for-manga", "avslut-summa") == set()


# --- kon-summa ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("stated", "flagged"), [(None, False), (10, False), (11, True), (9, True)])
def test_kon_summa(stated: int | None, flagged: bool) -> None:
    row = Deltagarrad(rad="totalt", kvinnor=6, man=4, under30=3, totalt_angivet=stated)
    model = rapport(deltagare=deltagare(totalt=row))
    expected = {hit("kon-summa", "deltagare_totalt_totalt")} if flagged else set()
    assert found(model, "kon-summa") == expected


# --- under30-for-stor ---------------------------------------------------------------------------


@pytest.mark.parametrize(("under30", "flagged"), [(10, False), (11, True)])
def test_under30_for_stor(under30: int, flagged: bool) -> None:
    model = rapport(deltagare=deltagare(nya=(6, 4, under30)))
    expected = {hit("under30-for-stor", "deltagare_nya_under30")} if flagged else set()
    assert found(model, "under30-for-stor") == expected


# --- avslutade-for-manga ------------------------------------------------------------------------


def test_more_exited_than_ever_enrolled() -> None:
    # Later period, so exits so far are unknown; the inequality still holds for avslutade.
    model = rapport(
        period_fran=date(2026, 1, 1),
        period_till=date(2026, 6, 30),
        rapporttyp="delarsrapport",
        deltagare=deltagare(nya=(1, 1, 0), avslutade=(7, 1, 0), aktiva=(0, 3, 3)),
        avslut={"arbete": 8},
    )
    # The aktiva check is skipped for kvinnor: the same mistake is not reported twice.
    assert found(model, *CODES) == {hit("avslutade-for-manga", "deltagare_avslutade_kvinnor")}


def test_more_new_than_ever_enrolled() -> None:
    model = rapport(deltagare=deltagare(nya=(6, 5, 3)))
    assert found(model, *CODES) == {hit("avslutade-for-manga", "deltagare_nya_man")}


@pytest.mark.parametrize(
    ("aktiva", "expected"),
    [
        ((5, 3, 3), set()),  # totalt − avslutade exactly
        ((4, 3, 3), {"kvinnor"}),  # known exits: must be equal, not merely below
        ((5, 3, 2), {"under30"}),
    ],
)
def test_active_when_exits_are_known(aktiva: tuple[int, int, int], expected: set[str]) -> None:
    # The baseline period starts at beviljad_fran, so avslutade is every exit so far.
    model = rapport(deltagare=deltagare(aktiva=aktiva))
    assert found(model, *CODES) == {
        hit("avslutade-for-manga", f"deltagare_aktiva_{kol}") for kol in expected
    }


@pytest.mark.parametrize(
    ("aktiva", "expected"),
    [
        ((2, 3, 3), set()),  # earlier exits are unknown: below totalt − avslutade is fine
        ((5, 3, 3), set()),  # the upper bound itself
        ((6, 3, 3), {"kvinnor"}),  # above it is impossible in any period
    ],
)
def test_active_when_exits_are_unknown(aktiva: tuple[int, int, int], expected: set[str]) -> None:
    model = rapport(
        rapporttyp="tertialrapport",
        period_fran=date(2025, 5, 1),
        period_till=date(2025, 8, 31),
        deltagare=deltagare(aktiva=aktiva),
    )
    assert found(model, *CODES) == {
        hit("avslutade-for-manga", f"deltagare_aktiva_{kol}") for kol in expected
    }


def test_slutrapport_knows_every_exit() -> None:
    model = rapport(
        rapporttyp="slutrapport",
        period_fran=None,  # missing start: a slutrapport covers the whole insats by definition
        period_till=date(2026, 12, 31),
        deltagare=deltagare(aktiva=(4, 3, 3)),
    )
    assert found(model, *CODES) == {hit("avslutade-for-manga", "deltagare_aktiva_kvinnor")}


def test_slutrapport_starting_later_does_not() -> None:
    model = rapport(
        rapporttyp="slutrapport",
        period_fran=date(2026, 7, 1),
        period_till=date(2026, 12, 31),
        deltagare=deltagare(aktiva=(4, 3, 3)),
    )
    assert found(model, *CODES) == set()


# --- avslut-summa -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("avslut", "flagged"),
    [
        ({"arbete": 1, "studier": 1}, False),
        ({"arbete": 2}, False),
        ({"arbete": 1}, True),
        ({"arbete": 2, "ohalsa": 1}, True),
    ],
)
def test_avslut_summa(avslut: dict[str, int], flagged: bool) -> None:
    model = rapport(avslut=avslut)
    expected = {hit("avslut-summa", "avslut_arbete")} if flagged else set()
    assert found(model, "avslut-summa") == expected


def test_avslut_summa_is_a_warning() -> None:
    (issue,) = run(rapport(avslut={"arbete": 1}))
    assert (issue.code, str(issue.severity)) == ("avslut-summa", "warning")
