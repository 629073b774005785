"""Completeness: ekonomi-saknas, deltagare-saknas, aktiva-i-slutrapport and planerat-avviker.

The seeds' real flaws: Tidaholm's and PROSA's slutrapporter report no economy, RESAN's
kvartalsrapport neither economy nor participants, Malmö's and Torsby's slutrapporter leave
participants active.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finsam_xl.cellmap import RawCell
from finsam_xl.config import Config, config_from_dict
from finsam_xl.issues import Severity
from finsam_xl.models import Deltagarrad
from finsam_xl.schema import DELTAGAR_RADER
from tests.rule_helpers import (
    Model,
    cellmap,
    deltagare,
    found,
    hit,
    identitet,
    kostnader,
    rapport,
    run,
)

NO_COUNTS = {rad: (0, 0, 0) for rad in DELTAGAR_RADER}
SLUT = {
    "rapporttyp": "slutrapport",
    "period_fran": date(2025, 1, 1),
    "period_till": date(2026, 12, 31),
    "rapportdatum": date(2027, 1, 20),
}


def severities(model: Model, code: str) -> set[tuple[str | None, str | None, Severity]]:
    return {(i.sheet, i.cell, i.severity) for i in run(model) if i.code == code}


# --- ekonomi-saknas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rapporttyp", "severity"),
    [
        ("arsrapport", Severity.ERROR),
        ("slutrapport", Severity.ERROR),
        ("kvartalsrapport", Severity.WARNING),
        ("tertialrapport", Severity.WARNING),
        ("delarsrapport", Severity.WARNING),
    ],
)
def test_no_economy_is_an_error_in_year_and_final_reports(
    rapporttyp: str, severity: Severity
) -> None:
    model = rapport(rapporttyp=rapporttyp, kostnader=kostnader(lonekostnader=(800_000, 0, 0)))
    sheet, cell, _ = hit("ekonomi-saknas", "utfall_aktiviteter")
    assert severities(model, "ekonomi-saknas") == {(sheet, cell, severity)}


def test_any_actual_is_economy() -> None:
    assert found(rapport(), "ekonomi-saknas") == set()
    only_ack = rapport(kostnader=kostnader(material=(0, 0, 1_200, "Böcker")))
    assert found(only_ack, "ekonomi-saknas") == set()


def test_unreadable_actual_is_not_reported_twice() -> None:
    # "ca 100 000" in a cell is `fel-typ` from the build step; the model holds 0 there.
    empty = rapport(kostnader=kostnader())
    typed = cellmap()
    typed.scalars["utfall_lonekostnader"] = RawCell("Ekonomi", "D8", "ca 100 000")
    assert found(empty, "ekonomi-saknas") == {hit("ekonomi-saknas", "utfall_aktiviteter")}
    assert found(empty, "ekonomi-saknas", cm=typed) == set()


# --- deltagare-saknas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rapporttyp", "severity"),
    [("slutrapport", Severity.ERROR), ("kvartalsrapport", Severity.WARNING)],
)
def test_individinriktad_without_counts(rapporttyp: str, severity: Severity) -> None:
    model = rapport(rapporttyp=rapporttyp, deltagare=deltagare(**NO_COUNTS), avslut={})
    sheet, cell, _ = hit("deltagare-saknas", "deltagare_nya_kvinnor")
    assert severities(model, "deltagare-saknas") == {(sheet, cell, severity)}


def test_strukturovergripande_may_leave_counts_empty() -> None:
    model = rapport(
        identitet=identitet(inriktning="strukturovergripande"),
        deltagare=deltagare(**NO_COUNTS),
        avslut={},
    )
    assert found(model, "deltagare-saknas") == set()
    unknown = rapport(identitet=identitet(inriktning=None), deltagare=deltagare(**NO_COUNTS))
    assert found(unknown, "deltagare-saknas") == set()


def test_resan_quarter_without_anything_gets_two_warnings() -> None:
    model = rapport(
        rapporttyp="kvartalsrapport",
        period_fran=date(2025, 10, 1),
        period_till=date(2025, 12, 31),
        kostnader=kostnader(),
        deltagare=deltagare(**NO_COUNTS),
        avslut={},
    )
    issues = [i for i in run(model) if i.code in ("ekonomi-saknas", "deltagare-saknas")]
    assert {(i.code, i.severity) for i in issues} == {
        ("ekonomi-saknas", Severity.WARNING),
        ("deltagare-saknas", Severity.WARNING),
    }


# --- aktiva-i-slutrapport -----------------------------------------------------------------------


def test_active_participants_left_in_a_slutrapport() -> None:
    # Baseline counts: 10 enrolled, 2 exited, 8 still active.
    model = rapport(**SLUT)
    assert found(model, "aktiva-i-slutrapport") == {
        hit("aktiva-i-slutrapport", "deltagare_aktiva_kvinnor")
    }
    (issue,) = [i for i in run(model) if i.code == "aktiva-i-slutrapport"]
    assert issue.value == 8 and issue.severity is Severity.WARNING
    assert found(rapport(), "aktiva-i-slutrapport") == set()  # an årsrapport may have them


def test_active_men_only_points_at_the_men() -> None:
    counts = deltagare(nya=(6, 4, 3), avslutade=(6, 3, 3), aktiva=(0, 1, 0), totalt=(6, 4, 3))
    model = rapport(**SLUT, deltagare=counts, avslut={"arbete": 9})
    assert found(model, "aktiva-i-slutrapport") == {
        hit("aktiva-i-slutrapport", "deltagare_aktiva_man")
    }


def test_everyone_exited_is_clean() -> None:
    counts = deltagare(nya=(6, 4, 3), avslutade=(6, 4, 3), aktiva=(0, 0, 0), totalt=(6, 4, 3))
    model = rapport(**SLUT, deltagare=counts, avslut={"arbete": 10})
    assert found(model, "aktiva-i-slutrapport") == set()


# --- planerat-avviker ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planerat", "flagged"),
    [(20, False), (10, False), (5, False), (4, True), (21, True), (None, False), (0, False)],
)
def test_planned_against_actual_at_the_end(planerat: int | None, flagged: bool) -> None:
    # 10 participants since start: within 50–200 % of 5..20 planned.
    model = rapport(**SLUT, planerat_antal_deltagare=planerat)
    expected = {hit("planerat-avviker", "planerat_antal_deltagare")} if flagged else set()
    assert found(model, "planerat-avviker") == expected


def test_planned_is_only_judged_at_the_end_and_thresholds_configure() -> None:
    assert found(rapport(planerat_antal_deltagare=100), "planerat-avviker") == set()
    model = rapport(**SLUT, planerat_antal_deltagare=12)  # 10 of 12 = 83 %
    assert found(model, "planerat-avviker") == set()
    strict = config_from_dict({"regler": {"planerat_min_andel": 0.9, "planerat_max_andel": 1.1}})
    assert found(model, "planerat-avviker", config=strict) == {
        hit("planerat-avviker", "planerat_antal_deltagare")
    }
    assert (Config().planerat_min_andel, Config().planerat_max_andel) == (
        Decimal("0.5"),
        Decimal(2),
    )


def test_planned_message_gives_both_numbers_and_the_share() -> None:
    (issue,) = [
        i for i in run(rapport(**SLUT, planerat_antal_deltagare=40)) if i.code == "planerat-avviker"
    ]
    assert "10" in issue.message and "40" in issue.message and "25\u00a0%" in issue.message


def test_planned_skipped_without_counts() -> None:
    model = rapport(
        **SLUT,
        planerat_antal_deltagare=40,
        deltagare={r: Deltagarrad(rad=r) for r in DELTAGAR_RADER},
    )
    assert found(model, "planerat-avviker") == set()
