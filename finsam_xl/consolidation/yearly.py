"""The `uppfoljning_finsam` table: per insats and calendar year, the figures Uppföljning Finsam
asks for (budget, utfall, planned participants, participants by kön; domain §2.3, §7.3).

Reports come per quarter, tertial or year, sometimes only a slutrapport; the national follow-up
wants calendar years. The reports' cumulative figures are the spine:

* **utfall**: each report adds ``utfall_ack`` minus the previous report's. When reports follow
  each other within a year, that is exactly the sum of the period figures (quarterly figures sum
  per year) and it stays right when one quarter is missing. An increment whose span crosses a
  year end (say a slutrapport after a gap) is split over the years by days, and those years are
  marked ``uppskattat``.
* **deltagare** (people who took part during the year): active at the end of the previous year
  plus newly enrolled during the year, i.e. aktiva(prev) + totalt(end of year) − totalt(prev),
  per kön (kön ej angivet included), from the last report ending in each year. Marked
  ``uppskattat`` when the previous report did not end on 31 December of the year before.
* **budget**: the budget workbook's plan for the year (``budget_kalla`` = ``budget``), else the
  rapport's approved budget spread over the granted period by days (``periodiserad``).
* **planerat_antal_deltagare**: the budget workbook's planned participants for that year, if any.

Years: every year of the granted period, every budget year and every year a report ends in.
A year no report has reached yet has empty utfall and deltagare.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd

from finsam_xl.models import Budget, Identitet, Rapport

from .columns import frame
from .cover import preference
from .sources import SourceReport, key_of
from .tables import Resolved

ZERO = Decimal(0)


@dataclass(frozen=True)
class Point:
    till: date
    ack: Decimal
    totalt: tuple[int, int, int]  # kvinnor, män, kön ej angivet enrolled since start
    aktiva: tuple[int, int, int]


def _people(rapport: Rapport, rad: str) -> tuple[int, int, int]:
    row = rapport.deltagare.get(rad)
    return (row.kvinnor, row.man, row.ej_angivet) if row else (0, 0, 0)


def point(rapport: Rapport, ack: Decimal | None = None) -> Point:
    """The report's period end, cumulative utfall (``ack`` when given: one budget post's) and
    participants."""
    assert rapport.period_till is not None
    ack = rapport.summa("utfall_ack") if ack is None else ack
    return Point(rapport.period_till, ack, _people(rapport, "totalt"), _people(rapport, "aktiva"))


def chosen(pairs: list[tuple[SourceReport, Rapport]], prefix: str) -> list[Rapport]:
    """One report per period end, in time order: the preferred one (as for `insatser`) ending
    that day, among the reports that gave the figures starting with ``prefix`` (a report that
    left its cumulative utfall empty is no point of 0 kr)."""
    best: dict[date, tuple[SourceReport, Rapport]] = {}
    for pair in pairs:
        if not pair[1].redovisat(prefix):
            continue
        till = pair[1].period_till
        if till is not None and (till not in best or preference(pair) > preference(best[till])):
            best[till] = pair
    return [best[till][1] for till in sorted(best)]


def points(pairs: list[tuple[SourceReport, Rapport]], prefix: str) -> list[Point]:
    return [point(r) for r in chosen(pairs, prefix)]


def spread(amount: Decimal, first: date, last: date) -> dict[int, Decimal]:
    """An amount over the calendar years of first–last (inclusive), in proportion to days."""
    total = Decimal((last - first).days + 1)
    out = {}
    for year in range(first.year, last.year + 1):
        a, b = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
        out[year] = amount * Decimal((b - a).days + 1) / total
    return out


def utfall_per_year(pts: list[Point], start: date) -> tuple[dict[int, Decimal], set[int]]:
    per_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    estimated: set[int] = set()
    prev_till, prev_ack = start - timedelta(days=1), ZERO
    for p in pts:
        first = prev_till + timedelta(days=1)
        parts = spread(p.ack - prev_ack, min(first, p.till), p.till)
        if len(parts) > 1:
            estimated.update(parts)
        for year, amount in parts.items():
            per_year[year] += amount
        prev_till, prev_ack = p.till, p.ack
    return per_year, estimated


def deltagare_in_year(
    pts: list[Point], year: int, start: date
) -> tuple[tuple[int, int, int] | None, bool]:
    """(kvinnor, män, kön ej angivet) who took part in ``year``, and whether that is estimated."""
    ending = [p for p in pts if p.till.year == year]
    if not ending:
        return None, False
    end = ending[-1]
    before = [p for p in pts if p.till.year < year]
    if not before:
        return end.totalt, start.year < year  # enrolled before this year may have left already
    prev = before[-1]
    k, m, e = (prev.aktiva[i] + end.totalt[i] - prev.totalt[i] for i in range(3))
    return (k, m, e), prev.till != date(year - 1, 12, 31)


def years_of(ident: Identitet, budget: Budget | None, pts: list[Point]) -> list[int]:
    years = {p.till.year for p in pts}
    if ident.beviljad_fran and ident.beviljad_till:
        years |= set(range(ident.beviljad_fran.year, ident.beviljad_till.year + 1))
    if budget is not None:
        years |= set(budget.budgetar)
    return sorted(years)


def _budget_for(
    year: int, budget: Budget | None, latest: Rapport | None
) -> tuple[Decimal | None, str | None, int | None]:
    if budget is not None and year in budget.budgetar:
        i = budget.budgetar.index(year)
        plan = budget.planerat_antal_deltagare_ar
        return budget.total_ar(i), "budget", plan[i] if i < len(plan) else None
    ident = latest.identitet if latest else None
    if latest is None or ident is None or not ident.beviljad_fran or not ident.beviljad_till:
        return None, None, None
    # The rapport's budget spread by days; when it gave none, the granted amount (never 0 kr).
    whole, source = latest.budget_hela, "periodiserad"
    if not latest.redovisat("budget_"):
        if ident.beviljat_belopp is None:
            return None, None, None
        whole, source = ident.beviljat_belopp, "beviljat"
    parts = spread(whole, ident.beviljad_fran, ident.beviljad_till)
    return (parts[year], source, None) if year in parts else (None, None, None)


def uppfoljning_table(res: Resolved) -> pd.DataFrame:
    pairs: dict[str, list[tuple[SourceReport, Rapport]]] = defaultdict(list)
    budgets: dict[str, Budget] = {}
    for report in res.used:
        key = key_of(report)
        if key is not None and isinstance(report.model, Rapport):
            pairs[key].append((report, report.model))
        elif key is not None and isinstance(report.model, Budget):
            budgets[key] = report.model
    rows = []
    for key in sorted(set(pairs) | set(budgets)):
        own = pairs.get(key, [])
        linked = res.covers.get(key, [])
        latest = linked[0][1] if linked else None
        budget = budgets.get(key)
        ident = latest.identitet if latest else budgets[key].identitet
        pts, people_pts = points(own, "utfall_ack_"), points(own, "deltagare_")
        start = ident.beviljad_fran or min((r.period_fran for _, r in own if r.period_fran),
                                           default=None)  # fmt: skip
        utfall, estimated = utfall_per_year(pts, start) if pts and start else ({}, set())
        last_year = pts[-1].till.year if pts else None
        for year in years_of(ident, budget, [*pts, *people_pts]):
            planned_kr, source, planned_n = _budget_for(year, budget, latest)
            people, people_est = (
                deltagare_in_year(people_pts, year, start) if start else (None, False)
            )
            reached = last_year is not None and year <= last_year
            rows.append(
                {
                    "insats_id": key,
                    "insats_namn": ident.insats_namn,
                    "forbund": ident.forbund,
                    "inriktning": ident.inriktning,
                    "ar": year,
                    "budget": res.money(planned_kr),
                    "budget_kalla": source,
                    "utfall": res.money(utfall.get(year, ZERO)) if reached else None,
                    "planerat_antal_deltagare": planned_n,
                    "deltagare_kvinnor": people[0] if people else None,
                    "deltagare_man": people[1] if people else None,
                    "deltagare_ej_angivet": people[2] if people else None,
                    # everyone who took part, as deltagare_<rad>_totalt; UF's total by kön
                    # (kvinnor + män) is uf_deltagare.totalt
                    "deltagare_totalt": sum(people) if people else None,
                    "uppskattat": (reached and year in estimated) or people_est,
                }
            )
    return frame("uppfoljning_finsam", rows)
