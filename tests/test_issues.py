"""The issue catalogue: every code renders clean Swedish and English from any detail."""

from __future__ import annotations

import pytest

from finsam_xl.issues import CATALOGUE, make_issue


@pytest.mark.parametrize("code", sorted(CATALOGUE))
@pytest.mark.parametrize(
    ("detail", "detail_en"),
    [
        ("+21,5 % mot budget", "+21.5 % against budget"),
        ("Rätta datumet.", "Correct the date."),
        (" Minst en rad behövs.", " At least one row is needed."),
    ],
)
def test_messages_are_clean_sentences(code: str, detail: str, detail_en: str) -> None:
    issue = make_issue(
        code, field="f", label="Fält", value=5, expected=3, detail=detail, detail_en=detail_en
    )
    for text in (issue.message, issue.message_en):
        assert text and "{" not in text
        assert ".)" not in text and ".." not in text and " ." not in text, text


def test_json_has_exactly_the_contract_keys() -> None:
    issue = make_issue("saknas", sheet="Uppgifter", cell="C13", field="beviljat_belopp")
    assert list(issue.to_dict()) == [
        "code",
        "severity",
        "sheet",
        "cell",
        "field",
        "message",
        "value",
    ]
