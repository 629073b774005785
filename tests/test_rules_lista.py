"""Participant-list rules: start before end, dates inside the granted period (2025–2026), and an
outcome for everyone who has left."""

from __future__ import annotations

from datetime import date

import pytest

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
