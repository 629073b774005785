"""Participant-count rules of the rapport: the rows nya, avslutade, aktiva, totalt and avslut.

Checks point at the cells the officer types (kvinnor, män, under 30), not at the `totalt` column,
which is a formula: fixing a formula cell is never the answer. Rows are compared column by column,
because kvinnor, män and under 30 are each a count of the same people and must each add up.
"""

from __future__ import annotations

from collections.abc import Iterator

from finsam_xl.issues import Issue
from finsam_xl.models import Rapport
from finsam_xl.rules import RuleContext, rule
from finsam_xl.schema import (
    DELTAGAR_KOL_LABEL,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
    UTFALL,
    Malltyp,
    field_label,
)

R = Malltyp.RAPPORT
TYPED = ("kvinnor", "man", "under30")  # the columns people type; totalt is kvinnor + män


def _rapport(ctx: RuleContext) -> Rapport | None:
    return ctx.model if isinstance(ctx.model, Rapport) else None


def _count(m: Rapport, rad: str, kol: str) -> int:
    row = m.deltagare[rad]
    return row.totalt if kol == "totalt" else int(getattr(row, kol))


def _label(rad: str, kol: str) -> str:
    return field_label(f"deltagare_{rad}_{kol}")


@rule("negativt", R)
def negativt_antal(ctx: RuleContext) -> Iterator[Issue]:
    """A negative count is always wrong (D9): nobody can be minus one participant."""
    if (m := _rapport(ctx)) is None:
        return
    counts: list[tuple[str, int | None]] = [
        ("planerat_antal_deltagare", m.planerat_antal_deltagare)
    ]
    for rad in DELTAGAR_RADER:
        row = m.deltagare[rad]
        counts += [(f"deltagare_{rad}_{kol}", getattr(row, kol)) for kol in TYPED]
        counts.append((f"deltagare_{rad}_totalt", row.totalt_angivet))
    counts += [(f"avslut_{u}", m.avslut.get(u, 0)) for u in UTFALL]
    for field_id, value in counts:
        if value is not None and value < 0:
            yield ctx.issue(
                "negativt", field_id, value=value, label=field_label(field_id),
                detail=" Ett antal kan inte vara negativt; skriv 0 eller rätt antal.",
                detail_en=" A count cannot be negative.",
            )  # fmt: skip


@rule("kon-summa", R)
def kon_summa(ctx: RuleContext) -> Iterator[Issue]:
    """The totalt cell, when it held a value, must be kvinnor + män (D1)."""
    if (m := _rapport(ctx)) is None:
        return
    for rad in DELTAGAR_RADER:
        row = m.deltagare[rad]
        if row.totalt_angivet is not None and row.totalt_angivet != row.totalt:
            yield ctx.issue(
                "kon-summa", f"deltagare_{rad}_totalt", value=row.totalt_angivet,
                label=DELTAGAR_RAD_LABEL[rad], expected=row.totalt,
                # The catalogue template has no {detail} yet; passed so the hint shows once it has.
                detail=" Totalt ska vara kvinnor + män: kontrollera att formeln i Totalt inte har "
                "skrivits över, och att kvinnor och män är rätt ifyllda.",
                detail_en=" Total must be women + men: check the total formula and the counts.",
            )  # fmt: skip


@rule("under30-for-stor", R)
def under30_for_stor(ctx: RuleContext) -> Iterator[Issue]:
    """Under 30 is a subset of the row's people (D4)."""
    if (m := _rapport(ctx)) is None:
        return
    for rad in DELTAGAR_RADER:
        row = m.deltagare[rad]
        if row.under30 > row.totalt:
            yield ctx.issue(
                "under30-for-stor", f"deltagare_{rad}_under30", value=row.under30,
                label=DELTAGAR_RAD_LABEL[rad], expected=row.totalt,
                detail=" Rätta antalet under 30 år, eller antalen kvinnor och män.",
                detail_en=" Correct the under-30 count or the counts of women and men.",
            )  # fmt: skip


def _exits_known(m: Rapport) -> bool:
    """Is `avslutade` (exited in the period) also everyone who has exited since the start?

    Only then is aktiva = totalt − avslutade an equation. That holds when the period starts at
    (or before) beviljad_fran, and in a slutrapport, which covers the whole insats (schema §3)
    unless its own period_fran says it starts later. Otherwise earlier periods' exits are unknown
    from one report, and only the inequality aktiva ≤ totalt − avslutade can be checked.
    """
    fran, start = m.period_fran, m.identitet.beviljad_fran
    starts_at_start = fran is not None and start is not None and fran <= start
    starts_later = fran is not None and start is not None and fran > start
    return starts_at_start or (m.rapporttyp == "slutrapport" and not starts_later)


@rule("avslutade-for-manga", R)
def avslutade_for_manga(ctx: RuleContext) -> Iterator[Issue]:
    """Flows that cannot happen (D2, D3): more exited or new than ever enrolled, or active wrong.

    nya = totalt in a period starting at beviljad_fran is deliberately not demanded: an insats
    that took over participants from a forerunner may count them in "totalt sedan start".
    """
    if (m := _rapport(ctx)) is None:
        return
    known = _exits_known(m)
    for kol in TYPED:
        what = DELTAGAR_KOL_LABEL[kol].lower()
        totalt = _count(m, "totalt", kol)
        for rad in ("nya", "avslutade"):
            n = _count(m, rad, kol)
            if n > totalt:
                yield ctx.issue(
                    "avslutade-for-manga", f"deltagare_{rad}_{kol}", value=n,
                    label=_label(rad, kol),
                    detail=f"{_label(rad, kol)} är {n} men bara {totalt} ({what}) har varit "
                    "inskrivna sedan start. Rätta antalet eller raden Totalt sedan start.",
                    detail_en=f"{rad} ({kol}) is {n} but only {totalt} enrolled since start.",
                )  # fmt: skip
        avslutade = _count(m, "avslutade", kol)
        if avslutade > totalt:
            continue  # already reported; the aktiva check would repeat the same mistake
        aktiva = _count(m, "aktiva", kol)
        rest = totalt - avslutade
        if aktiva > rest or (known and aktiva != rest):
            relation = "ska vara" if known else "kan vara högst"
            yield ctx.issue(
                "avslutade-for-manga", f"deltagare_aktiva_{kol}", value=aktiva,
                label=_label("aktiva", kol),
                detail=f"{_label('aktiva', kol)} är {aktiva}, men aktiva {relation} totalt sedan "
                f"start minus avslutade: {totalt} − {avslutade} = {rest}. Rätta antalen så att "
                "de går ihop.",
                detail_en=f"Active ({kol}) is {aktiva}; total − exited = {rest}.",
            )  # fmt: skip


@rule("avslut-summa", R)
def avslut_summa(ctx: RuleContext) -> Iterator[Issue]:
    """Every participant who exited during the period has one outcome (D5)."""
    if (m := _rapport(ctx)) is None:
        return
    exited = m.deltagare["avslutade"].totalt
    if m.avslut_summa != exited:
        # Placed on the first avslut cell: the fix is to distribute the exits over the outcomes.
        yield ctx.issue(
            "avslut-summa", f"avslut_{UTFALL[0]}", value=m.avslut_summa,
            label=field_label(f"avslut_{UTFALL[0]}"), expected=exited,
        )  # fmt: skip
