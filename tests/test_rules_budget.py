"""Budget template rules: years in order and inside the granted period, negative amounts, and the
plan against the granted amount (granted 2025–2026, 1 000 000 kr; baseline plan 800 000 kr)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finsam_xl.models import Medfinansiering
from finsam_xl.schema import KOSTNADSSLAG
from tests.rule_helpers import at, budget, found, identitet

B = "budget"


def _hit(
    code: str, field_id: str, row: int | None = None, col: str | None = None
) -> tuple[str, str, str]:
    return (*at(field_id, row, col, malltyp=B), code)


def _plan(years: int, **rows: list[int]) -> dict[str, list[Decimal]]:
    plan = {s: [Decimal(0)] * years for s in KOSTNADSSLAG}
    plan.update({s: [Decimal(v) for v in values] for s, values in rows.items()})
    return plan


@pytest.mark.parametrize(
    ("years", "columns", "expected"),
    [
        ([2025, 2026], [0, 1], set()),
        ([2026, 2025], [0, 1], {"ar2"}),
        ([2025, 2025], [0, 1], {"ar2"}),
        ([2025, 2026], [0, 3], set()),  # a gap in the columns is not an order problem
        ([2026, 2025], [1, 3], {"ar4"}),  # positions follow the column the year stood in
    ],
)
def test_years_in_order(years: list[int], columns: list[int], expected: set[str]) -> None:
    model = budget(budgetar=years, budgetar_kolumner=columns, budgetplan=_plan(2))
    assert found(model, "period-ordning") == {
        _hit("period-ordning", "budgetar", 0, col) for col in expected
    }


@pytest.mark.parametrize(
    ("years", "expected"),
    [([2025, 2026], set()), ([2024, 2025, 2026], {"ar1"}), ([2025, 2026, 2027], {"ar3"})],
)
def test_years_outside_granted(years: list[int], expected: set[str]) -> None:
    model = budget(
        budgetar=years,
        budgetar_kolumner=list(range(len(years))),
        budgetplan=_plan(len(years)),
        planerat_antal_deltagare_ar=[],
    )
    assert found(model, "period-utanfor") == {
        _hit("period-utanfor", "budgetar", 0, col) for col in expected
    }


def test_granted_part_year_counts() -> None:
    ident = identitet(beviljad_fran=date(2025, 11, 1), beviljad_till=date(2026, 2, 28))
    assert found(budget(identitet=ident), "period-utanfor") == set()


@pytest.mark.parametrize(("lon", "flagged"), [(500_000, False), (500_001, True)])
def test_plan_over_beviljat(lon: int, flagged: bool) -> None:
    # 800 000 + (lon − 300 000): exactly the granted 1 000 000 at lon = 500 000
    plan = _plan(2, lonekostnader=[400_000, 400_000], material=[0, lon - 300_000])
    model = budget(budgetplan=plan)
    expected = {_hit("over-beviljat", "beviljat_belopp")} if flagged else set()
    assert found(model, "over-beviljat") == expected


def test_plan_over_beviljat_skipped_when_missing() -> None:
    model = budget(identitet=identitet(beviljat_belopp=None))
    assert found(model, "over-beviljat") == set()


def test_negative_amounts_and_counts() -> None:
    model = budget(
        budgetar=[2025, 2026],
        budgetar_kolumner=[0, 2],
        budgetplan=_plan(
            2, lonekostnader=[400_000, 400_000], material=[0, -5_000], resekostnader=[-100, 0]
        ),
        budgetplan_kommentar={"lonekostnader": "Coacher", "resekostnader": "Återbetalning"},
        planerat_antal_deltagare_ar=[20, -1],
        medfinansiering=[
            Medfinansiering(rad=0, organisation="Kommunen", belopp=Decimal(-10)),
            Medfinansiering(
                rad=2, organisation="Regionen", belopp=Decimal(-10), kommentar="Rättelse"
            ),
        ],
    )
    material = KOSTNADSSLAG.index("material")
    assert found(model, "negativt") == {
        _hit("negativt", "budgetplan", material, "ar3"),
        _hit("negativt", "planerat_antal_deltagare_ar", 0, "ar3"),
        _hit("negativt", "medfinansiering", 0, "belopp"),
    }
