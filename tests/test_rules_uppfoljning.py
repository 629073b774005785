"""Uppföljning Finsam's two rules: `uf-blandad-inriktning` (an insats with both an individual and
a structural part) and `uf-fast-uppgift-andrad` (inriktning, preciserad inriktning,
uppföljningsmetod or ESF-finansiering differing between reports of one insats), in the rules, in
validate_paths given several files and in the consolidation; reports without the new fields
read with no new finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from finsam_xl.config import config_from_dict
from finsam_xl.consolidation import consolidate
from finsam_xl.models import Rapport
from finsam_xl.rules.uppfoljning import check_fixed
from finsam_xl.validate import validate_paths
from tests.rule_helpers import at, budget, found, identitet, rapport
from tests.test_rules_rapportserie import CELLS, Fil, q2_values

UF = ("uf-blandad-inriktning", "uf-fast-uppgift-andrad")


def test_preciserad_inriktning_of_the_other_kind_is_mixing() -> None:
    mixed = rapport(identitet=identitet(preciserad_inriktning="kompetensutveckling"))
    assert found(mixed, "uf-blandad-inriktning") == {
        (*at("preciserad_inriktning"), "uf-blandad-inriktning")
    }
    own = rapport(identitet=identitet(preciserad_inriktning="Stöd till arbete eller studier"))
    assert found(own, "uf-blandad-inriktning") == set()
    # the budget template carries the same fields and is checked the same way
    in_budget = budget(identitet=identitet(preciserad_inriktning="Metodutveckling"))
    assert found(in_budget, "uf-blandad-inriktning") == {
        (*at("preciserad_inriktning", malltyp="budget"), "uf-blandad-inriktning")
    }


def test_the_lists_are_the_förbund_setting() -> None:
    mixed = rapport(identitet=identitet(preciserad_inriktning="Kompetensutveckling"))
    # a förbund whose UF list has Kompetensutveckling under both: no mixing to tell
    both = config_from_dict(
        {"uppfoljning_finsam": {"preciserad_inriktning_individinriktad": ["Kompetensutveckling"]}}
    )
    assert found(mixed, "uf-blandad-inriktning", config=both) == set()


def test_structural_insats_reporting_individual_outcomes_is_mixing() -> None:
    ident = identitet(inriktning="strukturovergripande")
    outcomes = rapport(identitet=ident, avslut={"arbete": 2, "ej_fordelat": 1})
    (issue,) = [i for i in _run(outcomes) if i.code == "uf-blandad-inriktning"]
    assert (issue.sheet, issue.cell) == at("inriktning")
    assert "2 deltagare" in issue.message and "två insatser" in issue.message
    # counts of people without where they went are what a structural insats reports
    assert found(rapport(identitet=ident, avslut={"ej_fordelat": 3}), *UF) == set()


def _run(model: Rapport) -> list[Any]:
    from tests.rule_helpers import run

    return run(model)


def _fil(name: str, model: Any) -> Fil:
    return Fil(name, model, cells={**CELLS, "esf_finansiering": ("Uppgifter", "C40")})


def test_a_fixed_field_changed_between_reports_names_both_files_and_cells() -> None:
    q1 = rapport(identitet=identitet(esf_finansiering="nej"))
    q2 = rapport(
        identitet=identitet(esf_finansiering="ja"),
        period_fran=q1.period_till.fromordinal(q1.period_till.toordinal() + 1),  # type: ignore[union-attr]
        period_till=q1.period_till.replace(year=q1.period_till.year + 1),  # type: ignore[union-attr]
    )
    (issue,) = check_fixed([_fil("q2.xlsx", q2), _fil("q1.xlsx", q1)])
    assert issue.code == "uf-fast-uppgift-andrad" and issue.file == "q2.xlsx"
    assert (issue.sheet, issue.cell) == ("Uppgifter", "C40")
    assert "'Ja' här men 'Nej' i q1.xlsx, Uppgifter!C40" in issue.message


def test_an_empty_field_is_no_change_and_spelling_is_no_change() -> None:
    a = rapport(identitet=identitet(preciserad_inriktning="Metodutveckling", inriktning=None))
    b = rapport(identitet=identitet(preciserad_inriktning=" metodutveckling", inriktning=None))
    c = rapport(identitet=identitet())  # a 2.0 report without the new cells
    assert check_fixed([_fil("a.xlsx", a), _fil("b.xlsx", b), _fil("c.xlsx", c)]) == []


def test_validate_paths_and_consolidate_tell_the_change_once(make_report: Any) -> None:
    q1 = make_report(name="q1.xlsx", uppfoljningsmetod="Med personuppgifter / anonym")
    q2 = make_report(name="q2.xlsx", **q2_values(uppfoljningsmetod="Endast antal (volyminsats)"))
    files = {Path(f.file).name: f for f in validate_paths([q1, q2]).files}
    (issue,) = [i for i in files["q2.xlsx"].issues if i.code == "uf-fast-uppgift-andrad"]
    sheet, cell = files["q1.xlsx"].cells["uppfoljningsmetod"]
    assert f"q1.xlsx, {sheet}!{cell}" in issue.message
    assert (issue.sheet, issue.cell) == files["q2.xlsx"].cells["uppfoljningsmetod"]
    assert not [i for i in files["q1.xlsx"].issues if i.code in UF]
    problem = consolidate([q1.parent]).tables["problem"]
    assert list(problem.loc[problem["code"] == "uf-fast-uppgift-andrad", "field"]) == [
        "uppfoljningsmetod"
    ]


def test_reports_without_the_new_fields_read_with_no_new_finding() -> None:
    """2.0 reports written before the fields existed (the real examples) and 1.0 reports."""
    examples = Path(__file__).resolve().parent.parent / "workbooks" / "examples"
    old = [examples / f"aktivitetscenter-malmo-arsrapport-{y}.xlsx" for y in (2018, 2019)]
    v1 = Path(__file__).parent / "data" / "v1" / "examples"
    old += [v1 / f"aktivitetscenter-malmo-arsrapport-{y}.xlsx" for y in (2018, 2019)]
    for report in validate_paths(old).files:
        assert report.model is not None
        assert report.model.identitet.uppfoljningsmetod is None  # type: ignore[union-attr]
        assert not [i for i in report.issues if i.code in UF]
