"""The registry and runner: clean baselines, disabled codes, severity overrides, and the contract
that each rule reports only its own code, once per cell."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from finsam_xl.config import Config, config_from_dict
from finsam_xl.issues import CATALOGUE, Severity
from finsam_xl.models import Deltagarrad, Locator, Mal, Medfinansiering
from finsam_xl.rules import registered
from finsam_xl.schema import KOSTNADSSLAG, Malltyp
from tests.rule_helpers import (
    Model,
    budget,
    cellmap,
    deltagare,
    flatten,
    found,
    hit,
    identitet,
    kostnader,
    lista,
    person,
    rapport,
    run,
)

# Codes the build step or the cross-file checks own; rules must not report them (saknas is
# reported by the list rule only for an exit without outcome, which the build cannot know).
NOT_OURS = {
    "fel-typ",
    "okand-kod",
    "tolkat-varde",
    "tvetydigt-datum",
    "ogiltig-epost",
    "fel-mall",
    "gammal-mall",
    "olasbar",
    "dubblett",
    "deltagare-avviker",
}


def messy_rapport() -> Model:
    return rapport(
        identitet=identitet(beviljat_belopp=Decimal(500_000)),
        rapporttyp="slutrapport",
        period_fran=date(2024, 12, 1),
        period_till=date(2026, 11, 30),
        kostnader=kostnader(lonekostnader=(800_000, 0, 700_000), material=(0, -5, -5)),
        summor_angivna={"utfall_ack": Decimal(1)},
        deltagare=deltagare(
            nya=(7, 4, 12),
            avslutade=Deltagarrad(rad="avslutade", kvinnor=1, man=1, under30=0, totalt_angivet=3),
            aktiva=(9, 3, 3),
        ),
        avslut={"arbete": -1},
        mal=[
            Mal(rad=0, mal="Mål", malvarde=Decimal(5), utfall=Decimal(1), uppnatt="ja"),
            Mal(rad=1, mal="Annat mål", uppnatt="ej_bedomt"),
        ],
    )


def messy_budget() -> Model:
    plan = {s: [Decimal(0), Decimal(0)] for s in KOSTNADSSLAG}
    plan["lonekostnader"] = [Decimal(900_000), Decimal(-900_000)]
    return budget(
        budgetar=[2027, 2026],
        budgetplan=plan | {"material": [Decimal(2_000_000), Decimal(0)]},
        budgetplan_kommentar={},
        planerat_antal_deltagare_ar=[-3, 2],
        medfinansiering=[Medfinansiering(rad=0, belopp=Decimal(-1))],
    )


def messy_lista() -> Model:
    return lista(
        identitet=identitet(beviljad_till=date(2025, 3, 31)),
        period_fran=date(2025, 7, 1),
        period_till=date(2025, 6, 1),
        deltagare=[
            person(0, startdatum=date(2025, 5, 1), slutdatum=date(2025, 4, 1)),
            person(1, lopnr="8112189876"),
        ],
    )


TEXTS = cellmap(
    texts=[("Anteckningar", "A1", "=SUMMA(B1:B3)"), ("Anteckningar", "A2", "8112189876")]
)
MESSY = [messy_rapport, messy_budget, messy_lista]


@pytest.mark.parametrize("make", [rapport, budget, lista])
def test_baselines_are_clean(make: Callable[[], Model]) -> None:
    assert run(make(), cm=cellmap()) == []


@pytest.mark.parametrize("make", MESSY)
def test_messy_models_report_once_per_cell_and_code(make: Callable[[], Model]) -> None:
    issues = run(make(), cm=TEXTS)
    assert len(issues) >= 8
    assert len(flatten(issues)) == len(issues)
    assert {i.code for i in issues}.isdisjoint(NOT_OURS)


@pytest.mark.parametrize("make", MESSY)
def test_each_rule_reports_only_its_own_code(make: Callable[[], Model]) -> None:
    codes = {code for code, _ in registered()}
    for code in codes:
        only = Config(disabled=frozenset(codes - {code}))
        assert {i.code for i in run(make(), config=only, cm=TEXTS)} <= {code}


def test_every_registered_code_is_in_the_catalogue() -> None:
    codes = {code for code, _ in registered()}
    assert codes <= set(CATALOGUE)
    assert codes.isdisjoint(NOT_OURS)
    by_type = {mt: {c for c, mts in registered() if mt in mts} for mt in Malltyp}
    assert "budgetavvikelse" in by_type[Malltyp.RAPPORT]
    assert "budgetavvikelse" not in by_type[Malltyp.BUDGET] | by_type[Malltyp.DELTAGARE]
    assert {"personnummer", "formel-i-text", "period-ordning"} <= by_type[Malltyp.BUDGET]


def test_disabled_code_is_not_reported() -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, 500_000)))
    both = {
        hit("budgetavvikelse", "utfall_ack_lonekostnader"),
        hit("budgetavvikelse", "utfall_ack_summa"),
        hit("avvikelse-utan-kommentar", "kommentar_lonekostnader"),
    }
    codes = ("budgetavvikelse", "avvikelse-utan-kommentar")
    assert found(model, *codes) == both
    off = Config(disabled=frozenset({"budgetavvikelse"}))
    assert found(model, *codes, config=off) == {
        hit("avvikelse-utan-kommentar", "kommentar_lonekostnader")
    }


def test_severity_override_from_config_file_shape() -> None:
    model = rapport(kostnader=kostnader(lonekostnader=(800_000, 0, 500_000, "Fler coacher")))
    default = {(i.code, i.severity) for i in run(model)}
    assert default == {("budgetavvikelse", Severity.WARNING)}
    cfg = config_from_dict({"regler": {"allvarlighet": {"budgetavvikelse": "error"}}})
    assert {(i.code, i.severity) for i in run(model, config=cfg)} == {
        ("budgetavvikelse", Severity.ERROR)
    }


def test_unknown_positions_do_not_break_rules() -> None:
    issues = run(messy_rapport(), locator=Locator())
    assert issues and all(i.sheet is None and i.cell is None for i in issues)
    assert all(i.message for i in issues)
