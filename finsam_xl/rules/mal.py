"""Goal rules of the rapport: the `uppnatt` answer must fit the numbers, and be given at the end.

Whether the numbers meet a goal depends on its direction: "högst 10 sjukdagar" is met by 8.

Goal texts are free text and may hold anything, so they are masked before they are echoed in a
message: a personnummer typed into a goal must not travel on in the validation report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from finsam_xl.issues import Issue, shown
from finsam_xl.models import Mal, Rapport
from finsam_xl.personnummer import mask
from finsam_xl.rules import RuleContext, blank, rule, table_label
from finsam_xl.schema import Malltyp

R = Malltyp.RAPPORT
SHOWN_CHARS = 60  # a goal is named, not quoted in full


def goal_name(mal: Mal) -> str:
    """The goal's text, safe and short enough to name it in a message."""
    text = " ".join(mask(mal.mal or "").split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1].rstrip() + "…"


Riktning = Literal["hogre", "lagre"]

# A lower result is better when the goal says so: "högst 10 sjukdagar", "max 5", "≤ 3", "minska
# väntetiden till 30 dagar". An explicit "minst" / "öka" / "≥" wins, and so does the default.
_HOGRE = re.compile(r"(?<!\w)(minst|öka\w*|fler|högre|större)(?!\w)|≥|>=|>", re.IGNORECASE)
_LAGRE = re.compile(
    r"(?<!\w)(högst|max\w*|färre|lägre|mindre|kortare|minska\w*|sänk\w*|reducer\w*|förkort\w*)"
    r"(?!\w)|≤|<=|<",
    re.IGNORECASE,
)
# "Minska sjukfrånvaron med 20 %": the target is the size of the reduction, so more is better.
_VERB = re.compile(r"minska|sänk|reducer|förkort", re.IGNORECASE)
_MED = re.compile(r"(?<!\w)med(?!\w)", re.IGNORECASE)


def riktning(mal: Mal) -> Riktning:
    """Whether a higher or a lower utfall meets the goal, read from its text.

    2.0: when the goal table carries its own direction (or unit), return that here first; the
    text is the fallback for goals written in 1.0 templates.
    """
    text = mal.mal or ""
    if _HOGRE.search(text):
        return "hogre"
    for match in _LAGRE.finditer(text):
        if _VERB.match(match.group(0)) and _MED.search(text, match.end()):
            continue
        return "lagre"
    return "hogre"


def _oforenligt(mal: Mal) -> tuple[str, str] | None:
    """Swedish and English explanation when `uppnatt` contradicts utfall vs målvärde."""
    if mal.malvarde is None or mal.utfall is None:
        return None  # not a numeric goal: only the officer can judge it
    utfall: Decimal = mal.utfall
    malvarde: Decimal = mal.malvarde
    lagre = riktning(mal) == "lagre"
    met = utfall <= malvarde if lagre else utfall >= malvarde
    u, v = shown(utfall), shown(malvarde)
    tak = ", som är ett tak (lägre är bättre)" if lagre else ""
    tak_en = " (a ceiling: lower is better)" if lagre else ""
    if mal.uppnatt == "ja" and not met:
        relation = "högre" if lagre else "lägre"
        return (
            f"är markerat som uppnått (Ja), men utfallet {u} är {relation} än målvärdet {v}{tak}",
            f"is marked achieved but {utfall} misses target {malvarde}{tak_en}",
        )
    if mal.uppnatt == "nej" and met:
        relation = "håller sig inom" if lagre else "når"
        return (
            f"är markerat som inte uppnått (Nej), men utfallet {u} {relation} målvärdet {v}{tak}",
            f"is marked not achieved but {utfall} meets target {malvarde}{tak_en}",
        )
    return None


@rule("mal-oforenligt", R)
def mal_oforenligt(ctx: RuleContext) -> Iterator[Issue]:
    """`ja` below target or `nej` at or above it: one of the three cells is wrong."""
    if not isinstance(ctx.model, Rapport):
        return
    for mal in ctx.model.mal:
        found = _oforenligt(mal)
        if found is None:
            continue
        sv, en = found
        yield ctx.issue(
            "mal-oforenligt", "mal", mal.rad, "uppnatt", value=mal.uppnatt,
            label=table_label("mal", mal.rad, "uppnatt"),
            detail=f"Målet '{goal_name(mal)}' {sv}. Rätta Uppnått?, utfallet eller målvärdet, "
            "eller välj Delvis och förklara i kommentaren.",
            detail_en=f"Goal row {mal.rad + 1} {en}.",
        )  # fmt: skip


@rule("slutrapport-ej-bedomd", R)
def slutrapport_ej_bedomd(ctx: RuleContext) -> Iterator[Issue]:
    """In a slutrapport every stated goal is judged (P4)."""
    m = ctx.model
    if not isinstance(m, Rapport) or m.rapporttyp != "slutrapport":
        return
    for mal in m.mal:
        if blank(mal.mal):
            continue  # a row with numbers but no goal text is not a goal to judge
        unjudged = mal.uppnatt == "ej_bedomt" or (
            # An unreadable answer is `okand-kod` from the build step; only an empty cell is ours.
            mal.uppnatt is None and ctx.raw_blank("mal", mal.rad, "uppnatt")
        )
        if unjudged:
            yield ctx.issue(
                "slutrapport-ej-bedomd", "mal", mal.rad, "uppnatt", value=mal.uppnatt,
                label=table_label("mal", mal.rad, "uppnatt"), shown=goal_name(mal),
            )  # fmt: skip
