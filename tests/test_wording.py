"""Swedish numbers agree with their nouns: "1 fil", "1 varning", "1 insats" (issue 11)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from finsam_xl.consolidation import consolidate
from finsam_xl.render import counts_line, render_report
from finsam_xl.validate import validate_paths, validate_workbook
from finsam_xl.wording import antal

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"
ONE_WARNING = EXAMPLES / "aktivitetscenter-malmo-slutrapport.xlsx"  # mal-oforenligt, one info


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [(1, "fil", "1 fil"), (2, "fil", "2 filer"), (0, "varning", "0 varningar"),
     (1, "varning", "1 varning"), (1, "insats", "1 insats"), (3, "insats", "3 insatser"),
     (1, "ersatt", "1 ersatt"), (1, "fel", "1 fel")],
)  # fmt: skip
def test_antal(n: int, noun: str, text: str) -> None:
    assert antal(n, noun) == text


def test_one_warning_is_singular_in_the_terminal() -> None:
    report = validate_workbook(ONE_WARNING)
    warnings = sum(1 for i in report.issues if i.severity.value == "warning")
    infos = sum(1 for i in report.issues if i.severity.value == "info")
    word = "varning" if warnings == 1 else "varningar"
    assert counts_line(report) == f"0 fel, {warnings} {word}, {infos} info"
    text = render_report(validate_paths([ONE_WARNING]))
    assert "1 varningar" not in text and "1 filer" not in text and "1 fil:" in text


def test_one_insats_is_singular_in_the_consolidation_summary() -> None:
    summary = consolidate([ONE_WARNING], as_of=date(2025, 1, 1)).summary()
    assert "1 fil lästa" in summary or "1 fil " in summary
    assert "1 insats." in summary and "1 insatser" not in summary and "1 ersatta" not in summary


def test_slutrapport_deviation_is_against_budget_and_says_where_to_explain() -> None:
    report = validate_workbook(EXAMPLES / "timra-halsoprojektet-slutrapport.xlsx")
    (total,) = [i for i in report.issues if i.code == "budgetavvikelse"]
    assert total.field == "utfall_ack_summa"
    assert "mot budget 1\u00a0130\u00a0000 kr" in total.message and "förväntat" not in total.message
    # the total has no comment cell: the officer is sent to the text, not to "kommentera"
    assert "under Avvikelser och åtgärder" in total.message and "Kommentera" not in total.message
