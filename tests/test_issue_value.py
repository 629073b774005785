"""An issue's value on a Kontroll sheet: a dropdown's code shown by the label the user chose."""

from __future__ import annotations

from finsam_xl.cellmap import RawValue
from finsam_xl.issue_value import shown_value
from finsam_xl.issues import Issue, Severity


def _issue(field: str | None, value: RawValue) -> Issue:
    return Issue("x", Severity.WARNING, None, None, field, "m", value)


def test_a_table_columns_code_reads_as_its_label() -> None:
    assert shown_value(_issue("mal", "ej_bedomt")) == "Ej bedömt"
    assert shown_value(_issue("mal", "ja")) == "Ja"


def test_a_scalar_fields_code_reads_as_its_label() -> None:
    assert shown_value(_issue("inriktning", "individinriktad")) == "Individinriktad"


def test_other_values_stay_as_they_are() -> None:
    assert shown_value(_issue("mal", "ingen kod")) == "ingen kod"
    assert shown_value(_issue("beviljat_belopp", 30)) == 30
    assert shown_value(_issue(None, "ja")) == "ja"
    assert shown_value(_issue("okänt_fält", "ja")) == "ja"
