"""Period rules: dates in order, inside the granted period, and fitting the declared report type.

Each finding sits on the date to change: the `*_fran` of a reversed pair, the end that sticks out
of the granted period, the first date that does not fit the report type.

Report types (P2, P4), with one decision the schema leaves open: the first and last reports of an
insats rarely cover a whole calendar unit, because the granted period seldom starts on 1 January.
So a period fits its type when it is a calendar unit *clipped to the granted period*:

* kvartalsrapport: a calendar quarter; tertialrapport: Jan–Apr, May–Aug or Sep–Dec;
* arsrapport: a calendar year;
* delarsrapport: förbund use different cut-offs (30 April, 30 June, 31 August, 30 September), so
  only its shape is checked: within one calendar year, from the first of a month to the last of a
  month;
* slutrapport: ends at beviljad_till (schema §8 names only the end).

The advice names the unit that contains the period's end, never an impossible period. The
report's date is checked against the period too: before its end, or more than
``rapportdatum_sent_manader`` (6) months after it, one of the dates is probably wrong.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from finsam_xl.issues import Issue
from finsam_xl.models import Budget, Deltagarlista, Rapport
from finsam_xl.rules import RuleContext, rule
from finsam_xl.schema import CODE_LISTS, Malltyp, field_label

RD = (Malltyp.RAPPORT, Malltyp.DELTAGARE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@rule("period-ordning")
def period_ordning(ctx: RuleContext) -> Iterator[Issue]:
    """A `*_fran` after its `*_till` (P1): one of the two dates is mistyped."""
    m = ctx.model
    if not isinstance(m, Rapport | Budget | Deltagarlista):
        return  # the förbund's own workbook has no granted period
    pairs = [("beviljad", m.identitet.beviljad_fran, m.identitet.beviljad_till, "Beviljad period")]
    if isinstance(m, Rapport | Deltagarlista):
        pairs.append(("period", m.period_fran, m.period_till, "Perioden"))
    for prefix, fran, till, what in pairs:
        if fran is not None and till is not None and fran > till:
            yield ctx.issue(
                "period-ordning", f"{prefix}_fran", value=fran,
                detail=f"{what} börjar {fran.isoformat()} men slutar {till.isoformat()}, "
                "före starten. Rätta fr.o.m.- eller t.o.m.-datumet.",
                detail_en=f"{what}: start {fran} is after end {till}.",
            )  # fmt: skip


def granted(m: Rapport | Budget | Deltagarlista) -> tuple[date, date] | None:
    """The granted period when both ends are known and in order; else nothing can be compared."""
    fran, till = m.identitet.beviljad_fran, m.identitet.beviljad_till
    if fran is None or till is None or fran > till:
        return None
    return fran, till


@rule("period-utanfor", *RD)
def period_utanfor(ctx: RuleContext) -> Iterator[Issue]:
    """The reported period (or the list's period) outside the granted one (P1)."""
    m = ctx.model
    if not isinstance(m, Rapport | Deltagarlista) or (g := granted(m)) is None:
        return
    span = f"{g[0].isoformat()}–{g[1].isoformat()}"
    if m.period_fran is not None and m.period_fran < g[0]:
        yield ctx.issue(
            "period-utanfor", "period_fran", value=m.period_fran,
            detail=f"Perioden börjar {m.period_fran.isoformat()}, före den beviljade perioden "
            f"{span}. Rätta datumet, eller beviljad fr.o.m. om beslutet ändrats.",
            detail_en=f"Period starts {m.period_fran}, before the granted period {span}.",
        )  # fmt: skip
    if m.period_till is not None and m.period_till > g[1]:
        yield ctx.issue(
            "period-utanfor", "period_till", value=m.period_till,
            detail=f"Perioden slutar {m.period_till.isoformat()}, efter den beviljade perioden "
            f"{span}. Rätta datumet, eller beviljad t.o.m. om insatsen förlängts.",
            detail_en=f"Period ends {m.period_till}, after the granted period {span}.",
        )  # fmt: skip


def _unit(rapporttyp: str, day: date) -> tuple[date, date] | None:
    """The calendar quarter / tertial / year that contains ``day``."""
    months = {"kvartalsrapport": 3, "tertialrapport": 4, "arsrapport": 12}.get(rapporttyp)
    if months is None:
        return None
    first = (day.month - 1) // months * months + 1
    return date(day.year, first, 1), _month_end(day.year, first + months - 1)


def expected_period(
    rapporttyp: str, till: date, g: tuple[date, date] | None
) -> tuple[date, date] | None:
    """The period a report of this type ending on ``till`` should cover, clipped to the grant.

    The unit is the one *containing the period's end*: a report is written about the period that
    just ended, and a mistyped start (RESAN's "20220930" for a Q4 report) must not pull the advice
    back to the quarter before. When the unit lies wholly outside the grant, clipping would give an
    impossible period (start after end); the unclipped unit is suggested, and `period-utanfor`
    says the rest.
    """
    unit = _unit(rapporttyp, till)
    if unit is None:
        return None
    if g is None:
        return unit
    clipped = max(unit[0], g[0]), min(unit[1], g[1])
    return clipped if clipped[0] <= clipped[1] else unit


def _delar_fits(fran: date, till: date, g: tuple[date, date] | None) -> tuple[bool, bool]:
    """(start fits, end fits) for a delårsrapport: month-aligned (or clipped), one year."""
    start_ok = fran.day == 1 or (g is not None and fran == g[0])
    end_ok = till.year == fran.year and (
        till == _month_end(till.year, till.month) or (g is not None and till == g[1])
    )
    return start_ok, end_ok


@rule("period-typ", Malltyp.RAPPORT)
def period_typ(ctx: RuleContext) -> Iterator[Issue]:
    m = ctx.model
    if not isinstance(m, Rapport) or m.rapporttyp is None:
        return
    fran, till, typ = m.period_fran, m.period_till, m.rapporttyp
    g = granted(m)
    label = CODE_LISTS["rapporttyp"].label(typ)
    if typ == "slutrapport":
        if till is not None and g is not None and till != g[1]:
            yield ctx.issue(
                "period-typ", "period_till", value=till,
                detail=f"En slutrapport ska omfatta hela insatsen, t.o.m. {g[1].isoformat()}, "
                f"men perioden slutar {till.isoformat()}. Rätta datumet eller välj en annan "
                "rapporttyp.",
                detail_en=f"A final report should end at {g[1]}, not {till}.",
            )  # fmt: skip
        return
    if fran is None or till is None or fran > till:
        return  # nothing to judge, or period-ordning already says the dates are wrong
    if typ == "delarsrapport":
        start_ok, end_ok = _delar_fits(fran, till, g)
        want = "från den första i en månad till den sista i en månad inom samma kalenderår"
    else:
        expected = expected_period(typ, till, g)
        if expected is None:
            return
        start_ok, end_ok = fran == expected[0], till == expected[1]
        want = f"{expected[0].isoformat()}–{expected[1].isoformat()}"
    if start_ok and end_ok:
        return
    field_id, value = ("period_fran", fran) if not start_ok else ("period_till", till)
    yield ctx.issue(
        "period-typ", field_id, value=value,
        detail=f"Perioden {fran.isoformat()}–{till.isoformat()} passar inte en {label.lower()}; "
        f"den ska gälla {want}. Rätta perioden eller välj en annan rapporttyp.",
        detail_en=f"Period {fran}–{till} does not fit a {typ} (expected {want}).",
    )  # fmt: skip


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Aug + 6)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@rule("rapportdatum-fore-slut", Malltyp.RAPPORT)
def rapportdatum_fore_slut(ctx: RuleContext) -> Iterator[Issue]:
    """A report signed before its period is over: one of the dates is mistyped."""
    m = ctx.model
    if not isinstance(m, Rapport) or m.rapportdatum is None or m.period_till is None:
        return
    if m.rapportdatum < m.period_till:
        yield ctx.issue(
            "rapportdatum-fore-slut", "rapportdatum", value=m.rapportdatum,
            label=field_label("rapportdatum"), expected=m.period_till,
        )  # fmt: skip


@rule("rapportdatum-sent", Malltyp.RAPPORT)
def rapportdatum_sent(ctx: RuleContext) -> Iterator[Issue]:
    """Signed long after the period (Timrå: 27 months): most often the period is wrong."""
    m = ctx.model
    if not isinstance(m, Rapport) or m.rapportdatum is None or m.period_till is None:
        return
    months = ctx.config.rapportdatum_sent_manader
    if m.rapportdatum > add_months(m.period_till, months):
        yield ctx.issue(
            "rapportdatum-sent", "rapportdatum", value=m.rapportdatum,
            label=field_label("rapportdatum"), expected=m.period_till, manader=months,
        )  # fmt: skip
