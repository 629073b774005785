"""Goal rules: mal-oforenligt and slutrapport-ej-bedomd, positioned on the goal's Uppnått? cell."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from finsam_xl.models import Mal
from finsam_xl.personnummer import luhn_check_digit
from tests.rule_helpers import cellmap, found, hit, rapport, run


def goal(
    rad: int,
    uppnatt: str | None,
    malvarde: int | None = 20,
    utfall: int | None = 20,
    text: str | None = "20 deltagare inskrivna",
) -> Mal:
    return Mal(
        rad=rad,
        mal=text,
        malvarde=None if malvarde is None else Decimal(malvarde),
        utfall=None if utfall is None else Decimal(utfall),
        uppnatt=uppnatt,
    )


@pytest.mark.parametrize(
    ("uppnatt", "utfall", "flagged"),
    [
        ("ja", 20, False),  # exactly the target
        ("ja", 19, True),
        ("nej", 19, False),
        ("nej", 20, True),
        ("delvis", 5, False),
        ("ej_bedomt", 50, False),
    ],
)
def test_mal_oforenligt(uppnatt: str, utfall: int, flagged: bool) -> None:
    model = rapport(mal=[goal(0, "delvis"), goal(3, uppnatt, utfall=utfall)])
    expected = {hit("mal-oforenligt", "mal", 3, "uppnatt")} if flagged else set()
    assert found(model, "mal-oforenligt") == expected


@pytest.mark.parametrize(("malvarde", "utfall"), [(None, 5), (20, None), (None, None)])
def test_non_numeric_goal_is_not_judged(malvarde: int | None, utfall: int | None) -> None:
    model = rapport(mal=[goal(0, "ja", malvarde=malvarde, utfall=utfall)])
    assert found(model, "mal-oforenligt") == set()


def _slut(*goals: Mal) -> dict[str, object]:
    return {"rapporttyp": "slutrapport", "period_till": date(2026, 12, 31), "mal": list(goals)}


def test_slutrapport_ej_bedomd() -> None:
    model = rapport(
        **_slut(
            goal(0, "ja"),
            goal(1, "ej_bedomt"),
            goal(2, None),
            goal(3, None, text=None),
            goal(4, "nej", utfall=3),
            goal(5, "delvis"),
            goal(6, None, text="   "),
        )
    )
    assert found(model, "slutrapport-ej-bedomd") == {
        hit("slutrapport-ej-bedomd", "mal", 1, "uppnatt"),
        hit("slutrapport-ej-bedomd", "mal", 2, "uppnatt"),
    }


def test_unreadable_answer_is_left_to_okand_kod() -> None:
    model = rapport(**_slut(goal(0, None)))
    raw = cellmap(tables={"mal": [["20 deltagare", 20, None, None, 20, "Kanske", None]]})
    assert found(model, "slutrapport-ej-bedomd", cm=raw) == set()
    blank = cellmap(tables={"mal": [["20 deltagare", 20, None, None, 20, "  ", None]]})
    assert found(model, "slutrapport-ej-bedomd", cm=blank) == {
        hit("slutrapport-ej-bedomd", "mal", 0, "uppnatt")
    }


def test_only_slutrapport_requires_a_judgement() -> None:
    assert (
        found(rapport(mal=[goal(0, "ej_bedomt"), goal(1, None)]), "slutrapport-ej-bedomd") == set()
    )


def test_goal_text_is_masked_in_messages() -> None:
    nine = "811218987"
    pnr = f"{nine[:6]}-{nine[6:]}{luhn_check_digit(nine)}"
    model = rapport(**_slut(goal(0, None, text=f"Följa upp {pnr} varje vecka")))
    (issue,) = [i for i in run(model) if i.code == "slutrapport-ej-bedomd"]
    assert pnr not in issue.message and pnr[:6] not in issue.message
    assert "Följa upp" in issue.message


# --- the goal's direction -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "uppnatt", "malvarde", "utfall", "flagged"),
    [
        ("högst 10 sjukdagar", "ja", 10, 8, False),  # met by 8: lower is better
        ("högst 10 sjukdagar", "nej", 10, 8, True),
        ("högst 10 sjukdagar", "ja", 10, 12, True),
        ("Högst 10 sjukdagar", "nej", 10, 12, False),
        ("Max 5 avbrott", "ja", 5, 3, False),
        ("Väntetid ≤ 30 dagar", "ja", 30, 21, False),
        ("Minska väntetiden till 30 dagar", "ja", 30, 25, False),
        ("Minska väntetiden till 30 dagar", "nej", 30, 25, True),
        # the size of a reduction: more is better
        ("Minska sjukfrånvaron med 20 %", "ja", 20, 25, False),
        ("Minska sjukfrånvaron med 20 %", "ja", 20, 15, True),
        # explicit "minst" and the default read higher as better
        ("minst 50 kvinnor och män", "ja", 50, 40, True),
        ("maximalt 10 % avbrott, minst 50 deltagare", "ja", 50, 60, False),
        ("20 deltagare inskrivna", "ja", 20, 25, False),
    ],
)
def test_mal_oforenligt_respects_the_goals_direction(
    text: str, uppnatt: str, malvarde: int, utfall: int, flagged: bool
) -> None:
    model = rapport(mal=[goal(0, uppnatt, malvarde=malvarde, utfall=utfall, text=text)])
    expected = {hit("mal-oforenligt", "mal", 0, "uppnatt")} if flagged else set()
    assert found(model, "mal-oforenligt") == expected


def test_lower_is_better_message_says_so() -> None:
    model = rapport(mal=[goal(0, "ja", malvarde=10, utfall=12, text="högst 10 sjukdagar")])
    (issue,) = run(model)
    assert issue.code == "mal-oforenligt" and "tak" in issue.message
