"""Across the reports of one insats: ack-flode, deltagare-flode and period-lucka, and their hooks
in validate_paths (several files) and the consolidation (the reports it uses).

The baseline series is two consistent quarters of 2025: Q1 (lönekostnader 100 000 kr, 6 K / 4 M
enrolled, 5 / 3 active) and Q2 (120 000 kr more, 2 K / 1 M new, 1 K exit).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from finsam_xl.config import Config, config_from_dict
from finsam_xl.consolidation import consolidate, consolidate_reports
from finsam_xl.issues import Issue, Severity, make_issue
from finsam_xl.models import Rapport
from finsam_xl.rules.rapportserie import check_insats, check_series, serier
from finsam_xl.schema import Malltyp
from finsam_xl.validate import FileReport, validate_paths
from tests.rule_helpers import LOCATORS, at, deltagare, identitet, kostnader, rapport

D = date
# Every scalar of the rapport at the rule helpers' positions, as FileReport.cells holds them.
CELLS = {
    fid: pos
    for (fid, row, col), pos in LOCATORS[Malltyp.RAPPORT].positions.items()
    if row is None and col is None
}


@dataclass
class Fil:
    file: str
    model: Rapport
    cells: dict[str, tuple[str, str]] = field(default_factory=lambda: dict(CELLS))
    issues: list[Issue] = field(default_factory=list)


def kvartal(q: int, lon: tuple[int, int], **kw: Any) -> Rapport:
    """Quarter ``q`` of 2025 with lönekostnader (period, cumulative)."""
    fran = D(2025, 3 * q - 2, 1)
    till = D(2025, 3 * q + 1, 1) if q < 4 else D(2026, 1, 1)
    values: dict[str, Any] = {
        "rapporttyp": "kvartalsrapport",
        "period_fran": fran,
        "period_till": D.fromordinal(till.toordinal() - 1),
        "rapportdatum": till,
        "kostnader": kostnader(lonekostnader=(800_000, *lon, "Coacher")),
        "mal": [],
    }
    return rapport(**(values | kw))


Q1 = kvartal(1, (100_000, 100_000))
Q2_COUNTS = deltagare(nya=(2, 1, 0), avslutade=(1, 0, 0), aktiva=(6, 4, 3), totalt=(8, 5, 3))
Q2 = kvartal(2, (120_000, 220_000), deltagare=Q2_COUNTS)


def cross(*models: Rapport, config: Config | None = None) -> set[tuple[str, str, str, str]]:
    """(file, sheet, cell, code) of the cross-report findings over files f1, f2, … in that order."""
    files = [Fil(f"f{n}.xlsx", m) for n, m in enumerate(models, 1)]
    return {
        (str(i.file), str(i.sheet), str(i.cell), i.code)
        for i in check_series(files, config or Config())
    }


def on(file: str, code: str, field_id: str) -> tuple[str, str, str, str]:
    return (file, *at(field_id), code)


def test_a_consistent_series_is_clean() -> None:
    assert cross(Q1, Q2) == set()


# --- ack-flode ----------------------------------------------------------------------------------


def test_cumulative_must_be_previous_plus_period() -> None:
    wrong = Q2.model_copy(
        update={"kostnader": kostnader(lonekostnader=(800_000, 120_000, 200_000, "Coacher"))}
    )
    assert cross(Q1, wrong) == {on("f2.xlsx", "ack-flode", "utfall_ack_lonekostnader")}
    (issue,) = check_series([Fil("a/q1.xlsx", Q1), Fil("a/q2.xlsx", wrong)], Config())
    # names both files and the previous report's cell, and the figure it should have been
    sheet, cell = at("utfall_ack_lonekostnader")
    assert "q1.xlsx" in issue.message and f"{sheet}!{cell}" in issue.message
    assert "220\u00a0000" in issue.message and issue.severity is Severity.WARNING


def test_tolerance_is_one_krona_and_configurable() -> None:
    off_by_one = kvartal(2, (120_000, 220_001), deltagare=Q2_COUNTS)
    off_by_two = kvartal(2, (120_000, 220_002), deltagare=Q2_COUNTS)
    assert cross(Q1, off_by_one) == set()
    assert cross(Q1, off_by_two) == {on("f2.xlsx", "ack-flode", "utfall_ack_lonekostnader")}
    loose = config_from_dict({"regler": {"ack_tolerans_kr": 5}})
    assert cross(Q1, off_by_two, config=loose) == set()


def test_period_typed_as_cumulative_is_one_finding() -> None:
    rows = {
        "lonekostnader": (800_000, 120_000, 120_000),
        "lokalkostnader": (100_000, 20_000, 20_000),
        "material": (50_000, 5_000, 5_000),
    }
    first = kvartal(1, (100_000, 100_000))
    first = first.model_copy(
        update={
            "kostnader": kostnader(
                lonekostnader=(800_000, 100_000, 100_000),
                lokalkostnader=(100_000, 20_000, 20_000),
                material=(50_000, 5_000, 5_000),
            )
        }
    )
    # Without a known start the single-report rule cannot tell; the series can.
    unknown_start = identitet(beviljad_fran=None)
    q2 = kvartal(2, (0, 0), deltagare=Q2_COUNTS, identitet=unknown_start)
    q2 = q2.model_copy(update={"kostnader": kostnader(**rows)})
    assert cross(first, q2) == {on("f2.xlsx", "ack-flode", "utfall_ack_lonekostnader")}


def test_a_report_already_told_by_ack_som_period_is_not_told_again() -> None:
    q2 = kvartal(2, (120_000, 120_000), deltagare=Q2_COUNTS)
    told = make_issue("ack-som-period", detail="x")
    files = [Fil("f1.xlsx", Q1), Fil("f2.xlsx", q2, issues=[told])]
    assert check_series(files, Config()) == []
    assert cross(Q1, q2) == {on("f2.xlsx", "ack-flode", "utfall_ack_lonekostnader")}


def test_a_summary_ending_the_same_day_must_agree() -> None:
    # A slutrapport for 2025 beside the quarters: the figures since start on 2025-06-30 are one.
    ident = identitet(beviljad_fran=D(2025, 1, 1), beviljad_till=D(2025, 6, 30))
    q1, q2 = (m.model_copy(update={"identitet": ident}) for m in (Q1, Q2))
    slut = q2.model_copy(update={"rapporttyp": "slutrapport", "period_fran": D(2025, 1, 1)})
    assert cross(q1, q2, slut) == set()
    off = slut.model_copy(
        update={"kostnader": kostnader(lonekostnader=(800_000, 220_000, 230_000, "Coacher"))}
    )
    assert cross(q1, q2, off) == {on("f3.xlsx", "ack-flode", "utfall_ack_lonekostnader")}


# --- deltagare-flode ----------------------------------------------------------------------------


def test_participants_flow_from_one_report_to_the_next() -> None:
    # totalt K should be 6 + 2 = 8; aktiva M should be 3 + 1 − 0 = 4.
    bad = deltagare(nya=(2, 1, 0), avslutade=(1, 0, 0), aktiva=(6, 5, 3), totalt=(2, 5, 3))
    q2 = kvartal(2, (120_000, 220_000), deltagare=bad)
    assert cross(Q1, q2) == {
        on("f2.xlsx", "deltagare-flode", "deltagare_totalt_kvinnor"),
        on("f2.xlsx", "deltagare-flode", "deltagare_aktiva_man"),
    }
    issue = next(i for i in check_series([Fil("f1.xlsx", Q1), Fil("f2.xlsx", q2)], Config()))
    assert "f1.xlsx" in issue.message


def test_no_counts_are_left_to_deltagare_saknas() -> None:
    empty = deltagare(nya=(0, 0, 0), avslutade=(0, 0, 0), aktiva=(0, 0, 0), totalt=(0, 0, 0))
    q2 = kvartal(2, (120_000, 220_000), deltagare=empty)
    assert cross(Q1, q2) == set()


# --- period-lucka -------------------------------------------------------------------------------


def test_gap_between_periods() -> None:
    q3 = kvartal(3, (0, 0))
    findings = check_series([Fil("f1.xlsx", Q1), Fil("f3.xlsx", q3)], Config())
    assert {(i.file, i.sheet, i.cell, i.code) for i in findings} == {
        on("f3.xlsx", "period-lucka", "period_fran")
    }
    (issue,) = findings
    assert "2025-04-01–2025-06-30" in issue.message and "f1.xlsx" in issue.message


def test_overlap_between_periods() -> None:
    q2 = kvartal(2, (120_000, 220_000), deltagare=Q2_COUNTS, period_fran=D(2025, 3, 1))
    findings = check_series([Fil("f1.xlsx", Q1), Fil("f2.xlsx", q2)], Config())
    assert [(i.code, i.cell) for i in findings] == [("period-lucka", at("period_fran")[1])]
    assert "2025-03-01–2025-03-31" in findings[0].message


def test_a_covering_report_is_no_gap_and_versions_are_no_series() -> None:
    arsrapport = Q2.model_copy(update={"rapporttyp": "delarsrapport", "period_fran": D(2025, 1, 1)})
    assert cross(Q1, Q2, arsrapport) == set()
    later = Q2.model_copy(update={"rapportdatum": D(2025, 8, 1), "kostnader": kostnader()})
    assert cross(Q1, Q2, later) == set()  # two versions of Q2: `dubblett`, not a flow


# --- grouping and order -------------------------------------------------------------------------


def test_other_insatser_are_not_compared_and_input_order_does_not_matter() -> None:
    other = Q1.model_copy(update={"identitet": identitet(insats_id="ANNAN 1")})
    q3_gap = kvartal(3, (0, 0))
    files = [Fil("q1.xlsx", Q1), Fil("annan.xlsx", other), Fil("q3.xlsx", q3_gap)]
    groups = serier(files)
    assert sorted(len(g) for g in groups) == [1, 2]
    expected = check_series(files, Config())
    shuffled = files[:]
    random.Random(3).shuffle(shuffled)
    assert check_series(shuffled, Config()) == expected
    assert [i.file for i in expected] == ["q3.xlsx"]
    assert check_insats([files[0]], Config()) == []


def test_disabled_and_overridden_codes() -> None:
    q3 = kvartal(3, (0, 0))
    off = Config(disabled=frozenset({"period-lucka"}))
    assert cross(Q1, q3, config=off) == set()
    strict = config_from_dict({"regler": {"allvarlighet": {"period-lucka": "error"}}})
    files = [Fil("f1.xlsx", Q1), Fil("f3.xlsx", q3)]
    assert [i.severity for i in check_series(files, strict)] == [Severity.ERROR]


# --- hooks --------------------------------------------------------------------------------------


def q2_values(**kw: Any) -> dict[str, Any]:
    return {
        "period_fran": D(2024, 4, 1),
        "period_till": D(2024, 6, 30),
        "rapportdatum": D(2024, 7, 10),
        "utfall_lonekostnader": 200_000,
        "utfall_ack_lonekostnader": 395_000,
        "utfall_lokalkostnader": 30_000,
        "utfall_ack_lokalkostnader": 60_000,
        "utfall_aktiviteter": 10_000,
        "utfall_ack_aktiviteter": 28_000,
        "deltagare_nya_kvinnor": 0,
        "deltagare_nya_man": 0,
        "deltagare_nya_under30": 0,
        "deltagare_avslutade_kvinnor": 0,
        "deltagare_avslutade_man": 0,
        "avslut_arbete": 0,
        **kw,
    }


def test_validate_paths_checks_several_files_and_names_both(make_report: Any) -> None:
    q1 = make_report(name="q1.xlsx")
    q2 = make_report(name="q2.xlsx", **q2_values(utfall_ack_lonekostnader=200_000))
    report = validate_paths([q1, q2])
    by_name = {Path(f.file).name: f for f in report.files}
    (issue,) = [i for i in by_name["q2.xlsx"].issues if i.code == "ack-flode"]
    assert issue.field == "utfall_ack_lonekostnader" and issue.file == str(q2)
    assert (issue.sheet, issue.cell) == by_name["q2.xlsx"].cells["utfall_ack_lonekostnader"]
    q1_sheet, q1_cell = by_name["q1.xlsx"].cells["utfall_ack_lonekostnader"]
    assert "q1.xlsx" in issue.message and f"{q1_sheet}!{q1_cell}" in issue.message
    assert not [i for i in by_name["q1.xlsx"].issues if i.code == "ack-flode"]
    # one file alone has no series
    alone = validate_paths([q2]).files[0]
    assert "ack-flode" not in {i.code for i in alone.issues}


def test_validate_paths_clean_series(make_report: Any) -> None:
    q1 = make_report(name="q1.xlsx")
    q2 = make_report(name="q2.xlsx", **q2_values())
    codes = {i.code for f in validate_paths([q1, q2]).files for i in f.issues}
    assert codes.isdisjoint({"ack-flode", "deltagare-flode", "period-lucka"}), codes


def _fr(model: Rapport, file: str, issues: list[Issue] | None = None) -> FileReport:
    return FileReport(file, "rapport", "1.0", issues or [], model=model, cells=dict(CELLS))


def test_consolidation_reports_the_series_once() -> None:
    q3 = kvartal(3, (0, 0))
    problem = consolidate_reports([_fr(Q1, "q1.xlsx"), _fr(q3, "q3.xlsx")]).tables["problem"]
    assert list(problem.loc[problem["code"] == "period-lucka", "file"]) == ["q3.xlsx"]
    # from validate_paths the finding is already in the file's issues: not added twice
    (known,) = check_series([Fil("q1.xlsx", Q1), Fil("q3.xlsx", q3)], Config())
    again = consolidate_reports([_fr(Q1, "q1.xlsx"), _fr(q3, "q3.xlsx", [known])])
    assert (again.tables["problem"]["code"] == "period-lucka").sum() == 1


def test_consolidate_on_files_reports_the_series_once(make_report: Any) -> None:
    q1 = make_report(name="q1.xlsx")
    q2 = make_report(name="q2.xlsx", **q2_values(utfall_ack_lonekostnader=200_000))
    problem = consolidate([q1.parent]).tables["problem"]
    assert (problem["code"] == "ack-flode").sum() == 1
    assert q2.name in str(problem.loc[problem["code"] == "ack-flode", "file"].iloc[0])
