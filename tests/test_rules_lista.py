"""Participant-list rules: start before end, dates inside the granted period (2025–2026), and an
outcome for everyone who has left."""

from __future__ import annotations

from datetime import date

import pytest

from finsam_xl.config import config_from_dict
from tests.rule_helpers import at, cellmap, found, lista, person, run

T = "deltagarlista"


def _hit(code: str, row: int, col: str) -> tuple[str, str, str]:
    return (*at(T, row, col, malltyp="deltagare"), code)


@pytest.mark.parametrize(
    ("start", "slut", "flagged"),
    [
        (date(2025, 3, 1), date(2025, 3, 1), False),  # a one-day episode
        (date(2025, 3, 2), date(2025, 3, 1), True),
        (date(2025, 3, 2), None, False),
    ],
)
def test_start_after_end(start: date, slut: date | None, flagged: bool) -> None:
    model = lista(
        deltagare=[person(0), person(4, startdatum=start, slutdatum=slut, utfall="annat")]
    )
    expected = {_hit("period-ordning", 4, "startdatum")} if flagged else set()
    assert found(model, "period-ordning") == expected


@pytest.mark.parametrize(
    ("start", "slut", "cols"),
    [
        (date(2025, 1, 1), date(2026, 12, 31), set()),
        (date(2024, 12, 31), date(2025, 2, 1), {"startdatum"}),
        (date(2026, 12, 1), date(2027, 1, 1), {"slutdatum"}),
        (date(2027, 1, 1), None, {"startdatum"}),
    ],
)
def test_dates_outside_granted(start: date, slut: date | None, cols: set[str]) -> None:
    model = lista(deltagare=[person(2, startdatum=start, slutdatum=slut, utfall="arbete")])
    assert found(model, "period-utanfor") == {_hit("period-utanfor", 2, c) for c in cols}


def test_exit_needs_an_outcome() -> None:
    model = lista(
        deltagare=[
            person(0),
            person(1, slutdatum=date(2025, 5, 31), utfall="arbete"),
            person(2, slutdatum=date(2025, 6, 15)),
        ]
    )
    assert found(model, "saknas") == {_hit("saknas", 2, "utfall")}
    (issue,) = [i for i in run(model) if i.code == "saknas"]
    assert "slutdatum" in issue.message and issue.field == T


def test_unreadable_outcome_is_left_to_okand_kod() -> None:
    model = lista(deltagare=[person(0, slutdatum=date(2025, 6, 15))])
    raw = cellmap(
        tables={T: [["R-001", "Kvinna", "30–39 år", "2025-02-01", "2025-06-15", "Avbrott", "Jobb"]]}
    )
    assert found(model, "saknas", cm=raw) == set()


# --- alder-utanfor ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fodelsear", "flagged"),
    [
        (2009, False),  # 16 at start in 2025
        (2010, True),  # 15
        (1961, False),  # 64
        (1960, True),  # 65
        (None, False),
    ],
)
def test_age_at_start_outside_working_age(fodelsear: int | None, flagged: bool) -> None:
    model = lista(deltagare=[person(0), person(3, fodelsear=fodelsear)])
    expected = {_hit("alder-utanfor", 3, "aldersgrupp")} if flagged else set()
    assert found(model, "alder-utanfor") == expected


def test_age_bounds_configure_and_the_message_gives_the_age() -> None:
    model = lista(deltagare=[person(0, fodelsear=1995)])  # 30 at start
    assert found(model, "alder-utanfor") == set()
    young = config_from_dict({"regler": {"alder_max": 29}})
    assert found(model, "alder-utanfor", config=young) == {_hit("alder-utanfor", 0, "aldersgrupp")}
    (issue,) = run(lista(deltagare=[person(0, fodelsear=2012)]))
    assert issue.code == "alder-utanfor" and "13 år" in issue.message and "2012" in issue.message
    assert issue.severity.value == "warning"
    # A 2.0 list gives an åldersgrupp: a whole group outside the bounds is a finding, one
    # straddling them is not.
    under = lista(deltagare=[person(0, fodelsear=None, aldersgrupp="under_16")])
    assert found(under, "alder-utanfor") == {_hit("alder-utanfor", 0, "aldersgrupp")}
    edge = lista(deltagare=[person(0, fodelsear=None, aldersgrupp="60_64")])
    assert found(edge, "alder-utanfor") == set()
