"""A budget decided only as a total (schema 2.0 `budget_endast_summa`, Timrå's seed): the rows
have no budget, so only the total is compared, and against that total."""

from __future__ import annotations

from decimal import Decimal

from tests.rule_helpers import kostnader, rapport, run


def _slutrapport(**kw: object) -> object:
    return rapport(
        rapporttyp="slutrapport",
        kostnader=kostnader(
            lonekostnader=(0, 1_234_394, 1_234_394), lokalkostnader=(0, 125_000, 125_000)
        ),
        **kw,
    )


def test_total_only_budget_judges_the_total_not_the_rows() -> None:
    m = _slutrapport(budget_endast_summa=Decimal(1_130_000))
    hits = [i for i in run(m) if i.code in ("budgetavvikelse", "avvikelse-utan-kommentar")]  # type: ignore[arg-type]
    assert [(i.code, i.field) for i in hits] == [("budgetavvikelse", "utfall_ack_summa")]
    assert "1 130 000" in hits[0].message.replace("\u00a0", " ")


def test_total_within_budget_gives_no_deviation() -> None:
    m = _slutrapport(budget_endast_summa=Decimal(1_360_000))
    assert not [i for i in run(m) if i.code == "budgetavvikelse"]  # type: ignore[arg-type]


def test_without_the_total_empty_rows_are_still_deviations() -> None:
    hits = {i.field for i in run(_slutrapport()) if i.code == "budgetavvikelse"}  # type: ignore[arg-type]
    assert "utfall_ack_lonekostnader" in hits
