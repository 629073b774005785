"""Counts derived from a deltagare list (schema §5) and the `deltagare-avviker` check."""

from __future__ import annotations

import pytest
from consolidate_helpers import AVSLUT0, D, fr, lista, person, rapport, rows

from finsam_xl.consolidation import consolidate_reports
from finsam_xl.derive import derive_counts
from finsam_xl.models import Deltagare, Deltagarlista

PEOPLE = [
    person(1, "kvinna", 1999, D(2023, 11, 1)),  # started before the period, still active
    person(2, "kvinna", 1990, D(2024, 1, 15), D(2024, 3, 31), "arbete"),  # exits on the last day
    person(3, "man", 1995, D(2024, 2, 1)),  # 29 at start: under 30
    person(4, "man", 1994, D(2024, 4, 2)),  # after the period
    person(5, "kvinna", 1980, D(2023, 5, 1), D(2023, 12, 31), "studier"),  # exited before
    person(6, None, 2001, D(2024, 3, 1)),  # no kön
]


def test_counts_follow_the_schema_definitions() -> None:
    got = derive_counts(lista(PEOPLE), D(2024, 1, 1), D(2024, 3, 31))
    assert got.rapportfalt["deltagare_nya_kvinnor"] == 1
    assert got.rapportfalt["deltagare_nya_man"] == 1
    assert got.rapportfalt["deltagare_nya_under30"] == 2  # persons 3 and 6
    assert got.rapportfalt["deltagare_nya_totalt"] == 2  # kvinnor + män: 6 has no kön
    assert (got.value("avslutade", "kvinnor"), got.value("avslutade", "man")) == (1, 0)
    assert (got.value("aktiva", "kvinnor"), got.value("aktiva", "man")) == (1, 1)
    assert got.value("totalt", "kvinnor") == 3  # 1, 2 and 5 started on or before the end
    assert got.value("totalt", "under30") == 3  # 1 (24), 3 (29), 6 (23)
    assert got.avslut == AVSLUT0 | {"arbete": 1}
    assert got.utan_kon == 1


def test_period_defaults_to_the_lists_own_and_must_exist() -> None:
    assert derive_counts(lista(PEOPLE)).period_till == D(2024, 3, 31)
    with pytest.raises(ValueError, match="period"):
        derive_counts(Deltagarlista(deltagare=PEOPLE))


def _matching(**changed: tuple[int, int, int]) -> object:
    """A rapport whose counts are the list's for Q1, except the rows in ``changed``."""
    counts = derive_counts(lista(PEOPLE))
    same = {rad: (r.kvinnor, r.man, r.under30) for rad, r in counts.rader.items()}
    return rapport(deltagare=rows(**(same | changed)), avslut=counts.avslut)


def test_agreeing_list_raises_nothing() -> None:
    reports = [fr(_matching(), "q1.xlsx"), fr(lista(PEOPLE), "lista.xlsx")]
    problem = consolidate_reports(reports).tables["problem"]
    assert problem.empty


def test_disagreeing_list_warns_per_field_on_the_rapport() -> None:
    wrong = _matching(nya=(5, 1, 2), aktiva=(1, 1, 1))
    c = consolidate_reports([fr(wrong, "q1.xlsx"), fr(lista(PEOPLE), "lista.xlsx")])
    problem = c.tables["problem"]
    assert problem[["file", "code", "field"]].values.tolist() == [
        ["q1.xlsx", "deltagare-avviker", "deltagare_nya_kvinnor"],
        ["q1.xlsx", "deltagare-avviker", "deltagare_aktiva_under30"],
    ]
    assert "säger 5" in problem["message"].iloc[0] and "ger 1" in problem["message"].iloc[0]
    assert c.tables["insatser"]["status"].tolist() == ["varningar"]


def test_cumulative_row_compared_only_when_the_list_starts_with_the_insats() -> None:
    late_list = lista(PEOPLE, fran=D(2024, 1, 1))  # granted from 2024-01-01: starts with it
    bad_total = _matching(totalt=(9, 9, 9))
    wider = [fr(bad_total, "q1.xlsx"), fr(late_list, "lista.xlsx")]
    fields = consolidate_reports(wider).tables["problem"]["field"].tolist()
    assert "deltagare_totalt_kvinnor" in fields
    partial = lista(PEOPLE, fran=D(2024, 2, 1), till=D(2024, 6, 30))  # does not cover Q1
    c = consolidate_reports([fr(bad_total, "q1.xlsx"), fr(partial, "lista.xlsx")])
    assert c.tables["problem"].empty


def test_a_covering_list_is_counted_for_the_rapport_period() -> None:
    year_list = lista(PEOPLE, fran=D(2023, 1, 1), till=D(2024, 12, 31))
    reports = [fr(_matching(), "q1.xlsx"), fr(year_list, "lista.xlsx")]
    assert consolidate_reports(reports).tables["problem"].empty


def test_kon_ej_angivet_counts_in_totalt_not_as_missing() -> None:
    anonymous = [
        Deltagare(rad=0, lopnr="A1", kon="ej_angivet", aldersgrupp="20_24",
                  startdatum=D(2024, 1, 10)),
        Deltagare(rad=1, lopnr="A2", kon="kvinna", aldersgrupp="40_49", startdatum=D(2024, 2, 1)),
    ]  # fmt: skip
    got = derive_counts(lista(anonymous), D(2024, 1, 1), D(2024, 3, 31))
    assert got.rader["nya"].ej_angivet == 1 and got.rader["nya"].totalt == 2
    assert got.rapportfalt["deltagare_nya_totalt"] == 2
    assert got.rapportfalt["deltagare_nya_under30"] == 1
    assert got.utan_kon == 0
