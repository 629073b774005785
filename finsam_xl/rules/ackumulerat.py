"""The period's utfall against utfall since start, within one rapport.

* `period-over-ack` (error): a row's period utfall above its cumulative utfall. The cumulative
  figure includes the period, so one of the two is wrong. A cumulative column left empty while
  the period column is filled is one finding (the column was skipped), not one per row.
* `ack-som-period` (warning): the commonest mistake, the period's figures typed into the
  cumulative column. Its signature: the period starts after the insats started, yet on every
  row with an amount the two columns are equal. One finding for the whole column. If nothing was
  spent before the period (a late start) the figures are right, and the message says so.

Either mistake makes the cumulative column wrong, and every budget deviation measured on it
noise: ``opalitliga_rader`` tells the deviation rules (finsam_xl.rules.ekonomi) which rows to
leave alone, so the officer gets one message naming the mistake instead of a dozen "kommentera
avvikelsen". Across reports, finsam_xl.rules.rapportserie checks the cumulative figures exactly.
"""

from __future__ import annotations

from collections.abc import Iterator

from finsam_xl.issues import Issue, shown
from finsam_xl.models import Kostnadsrad, Rapport
from finsam_xl.rules import RuleContext, rule
from finsam_xl.schema import Malltyp, field_label

R = Malltyp.RAPPORT
ALLA = "*"  # in opalitliga_rader: the whole cumulative column


def _rapport(ctx: RuleContext) -> Rapport | None:
    return ctx.model if isinstance(ctx.model, Rapport) else None


def kolumn(prefix: str) -> str:
    """'Utfall ackumulerat': a column's name, as the template labels its sum."""
    return field_label(f"{prefix}_summa").split(",")[0]


def over_ack(ctx: RuleContext, m: Rapport) -> list[Kostnadsrad]:
    """Rows whose period utfall exceeds their cumulative utfall by more than the tolerance."""
    tol = ctx.config.ack_tolerans_kr
    return [k for k in m.kostnader if k.utfall > 0 and k.utfall > k.utfall_ack + tol]


def ack_tom(m: Rapport) -> bool:
    """The cumulative column is all empty (0) while the period column has amounts."""
    return all(k.utfall_ack == 0 for k in m.kostnader) and any(k.utfall > 0 for k in m.kostnader)


def ack_ar_perioden(ctx: RuleContext, m: Rapport) -> bool:
    """Is the cumulative column a copy of the period column in a report that is not the first?"""
    start, fran = m.identitet.beviljad_fran, m.period_fran
    if start is None or fran is None or fran <= start:
        return False  # the first period: cumulative = period is right
    tol = ctx.config.ack_tolerans_kr
    rows = [k for k in m.kostnader if k.utfall != 0 or k.utfall_ack != 0]
    return (
        any(k.utfall > 0 for k in rows)
        and all(abs(k.utfall_ack - k.utfall) <= tol for k in rows)
    )  # fmt: skip


def opalitliga_rader(ctx: RuleContext) -> frozenset[str]:
    """Kostnadsslag whose cumulative figure a rule here already calls wrong; ALLA for all."""
    if (m := _rapport(ctx)) is None:
        return frozenset()
    off = ctx.config.disabled
    if "ack-som-period" not in off and ack_ar_perioden(ctx, m):
        return frozenset({ALLA})
    if "period-over-ack" in off:
        return frozenset()
    if ack_tom(m):
        return frozenset({ALLA})
    return frozenset(k.kostnadsslag for k in over_ack(ctx, m))


@rule("period-over-ack", R)
def period_over_ack(ctx: RuleContext) -> Iterator[Issue]:
    if (m := _rapport(ctx)) is None:
        return
    ack, period = kolumn("utfall_ack"), kolumn("utfall")
    if ack_tom(m):
        first = next(k for k in m.kostnader if k.utfall > 0)
        field_id = f"utfall_ack_{first.kostnadsslag}"
        yield ctx.issue(
            "period-over-ack", field_id, value=first.utfall_ack, label=field_label(field_id),
            detail=f"{ack} är tom på alla rader, men {period.lower()} är ifyllt "
            f"({shown(m.summa('utfall'))} kr). Fyll i {ack.lower()}: allt utfall sedan "
            "insatsens start, den här perioden inräknad.",
            detail_en="The cumulative column is empty while the period column is filled. Fill "
            "in everything spent since the insats started, this period included.",
        )  # fmt: skip
        return
    for k in over_ack(ctx, m):
        field_id = f"utfall_ack_{k.kostnadsslag}"
        yield ctx.issue(
            "period-over-ack", field_id, value=k.utfall_ack, label=field_label(field_id),
            detail=f"{field_label(field_id)} är {shown(k.utfall_ack)} kr, mindre än periodens "
            f"utfall {shown(k.utfall)} kr. Totalt sedan start räknar in perioden och kan inte "
            "vara mindre: rätta något av beloppen (har kolumnerna blivit förväxlade?).",
            detail_en=f"{k.kostnadsslag}: cumulative {k.utfall_ack} kr is less than the "
            f"period's {k.utfall} kr. Correct one of them (are the columns swapped?).",
        )  # fmt: skip


@rule("ack-som-period", R)
def ack_som_period(ctx: RuleContext) -> Iterator[Issue]:
    if (m := _rapport(ctx)) is None or not ack_ar_perioden(ctx, m):
        return
    assert m.period_fran is not None and m.identitet.beviljad_fran is not None
    fran, start = m.period_fran.isoformat(), m.identitet.beviljad_fran.isoformat()
    ack, period = kolumn("utfall_ack"), kolumn("utfall")
    first = next(k for k in m.kostnader if k.utfall != 0 or k.utfall_ack != 0)
    field_id = f"utfall_ack_{first.kostnadsslag}"
    yield ctx.issue(
        "ack-som-period", field_id, value=first.utfall_ack, label=field_label(field_id),
        detail=f"{ack} är samma som {period.lower()} på alla rader (summa "
        f"{shown(m.summa('utfall_ack'))} kr), fast perioden börjar {fran}, efter insatsens start "
        f"{start}. Troligen har periodens utfall skrivits in som {ack.lower()}. Skriv där allt "
        f"utfall sedan {start}: tidigare perioders utfall plus den här periodens. Hade insatsen "
        f"inga kostnader före {fran} stämmer siffrorna och inget behöver ändras.",
        detail_en=f"The cumulative column equals the period column on every row, but the period "
        f"starts {fran}, after the insats started {start}: the period's figures were probably "
        "typed as cumulative. Enter everything spent since the start.",
    )  # fmt: skip
