"""Rules across the rapporter of one insats: `ack-flode`, `deltagare-flode`, `period-lucka`
(and Uppföljning Finsam's `uf-fast-uppgift-andrad`, finsam_xl.rules.uppfoljning).

One report cannot know what the one before it said. These checks take the rapporter of one insats
in period order and compare each with the previous one. Pure: models and cell positions in, issues
out; ``finsam_xl.validate.validate_paths`` runs them when given several files, the consolidation
over the reports it uses.

Order: by period end, and for the same end the shorter period first, so that a slutrapport or an
årsrapport summing earlier reports comes after the last of them. Each report against the previous:

* consecutive (this period starts the day after the previous one ended): per kostnadsslag,
  utfall totalt sedan start = previous + this period's utfall (tolerance ``ack_tolerans_kr``);
  per kön, totalt sedan start = previous + nya, and aktiva = previous aktiva + nya − avslutade;
* the same end (a summary covering the previous report): the figures since start on that day
  are the same figures, so they must be equal;
* a gap between the periods, or a partial overlap: `period-lucka`, and no figures are compared;
* a report covering the previous one from further back and ending later (an årsrapport after a
  delårsrapport): not comparable figure by figure, skipped. Two reports of the same period are
  versions of one report (`dubblett` in the consolidation), not a series.

Each finding sits on the later report's cell and names the earlier file and cell. The period typed
into the cumulative column is one finding, not one per row; a report already told so by
`ack-som-period` is not told again, and a report with no economy or no participant counts at all
(`ekonomi-saknas`, `deltagare-saknas`) is not compared on them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Protocol

from finsam_xl.config import Config
from finsam_xl.issues import Issue, make_issue, shown
from finsam_xl.models import Budget, Deltagarlista, Kostnadsrad, Rapport
from finsam_xl.schema import field_label

KON = ("kvinnor", "man")  # 2.0: add "kön ej angivet"; under 30 once it is "vid inskrivning"
DAY = timedelta(days=1)


class SerieRapport(Protocol):
    """What the series needs of a validated file (``FileReport`` and the consolidation's view)."""

    @property
    def file(self) -> str: ...
    @property
    def model(self) -> Rapport | Budget | Deltagarlista | None: ...
    @property
    def cells(self) -> dict[str, tuple[str, str]]: ...
    @property
    def issues(self) -> list[Issue]: ...


def _order(report: SerieRapport) -> tuple[date, int, date, str]:
    m = report.model
    assert isinstance(m, Rapport) and m.period_fran is not None and m.period_till is not None
    return (m.period_till, -m.period_fran.toordinal(), m.rapportdatum or date.min, report.file)


def serier(reports: Sequence[SerieRapport]) -> list[list[SerieRapport]]:
    """The rapporter with a whole period, grouped by insats, each group in period order."""
    groups: dict[str, list[SerieRapport]] = defaultdict(list)
    for report in reports:
        m = report.model
        if not isinstance(m, Rapport) or m.period_fran is None or m.period_till is None:
            continue
        if m.period_fran <= m.period_till:  # reversed dates are `period-ordning`
            groups[m.identitet.key].append(report)
    return [sorted(groups[key], key=_order) for key in sorted(groups)]


def check_series(
    reports: Sequence[SerieRapport], config: Config, *, skip_known: bool = False
) -> list[Issue]:
    """Every cross-report finding, switched-off codes dropped and severities applied.

    ``skip_known``: leave out findings a report already carries (the consolidation, fed reports
    that ``validate_paths`` may already have checked).
    """
    from finsam_xl.rules.uppfoljning import check_fixed  # it imports this module's protocol

    issues = [i for serie in serier(reports) for i in check_insats(serie, config)]
    issues = config.apply([*issues, *check_fixed(reports)])
    if skip_known:
        known = {(r.file, i) for r in reports for i in r.issues}
        issues = [i for i in issues if (i.file, i) not in known]
    return issues


def check_insats(serie: Sequence[SerieRapport], config: Config) -> list[Issue]:
    """The findings for the rapporter of one insats, given in period order (see ``serier``)."""
    issues: list[Issue] = []
    for prev, cur in pairwise(serie):
        issues += _pair(prev, cur, config)
    return issues


def _rapport(report: SerieRapport) -> Rapport:
    assert isinstance(report.model, Rapport)
    return report.model


def _pair(prev: SerieRapport, cur: SerieRapport, config: Config) -> Iterator[Issue]:
    p, c = _rapport(prev), _rapport(cur)
    assert p.period_fran and p.period_till and c.period_fran and c.period_till
    if (p.period_fran, p.period_till) == (c.period_fran, c.period_till):
        return
    if c.period_fran == p.period_till + DAY:
        yield from _ack(prev, cur, config, same_end=False)
        yield from _deltagare(prev, cur, same_end=False)
    elif c.period_till == p.period_till:
        yield from _ack(prev, cur, config, same_end=True)
        yield from _deltagare(prev, cur, same_end=True)
    elif c.period_fran > p.period_fran:
        yield _lucka(prev, cur)


def _where(report: SerieRapport, field_id: str) -> str:
    """'arsrapport-2019.xlsx, Ekonomi!F8': the file and the cell, for a message."""
    name = report.file.replace("\\", "/").rsplit("/", 1)[-1]  # the name; PurePath is slow here
    sheet, cell = report.cells.get(field_id, (None, None))
    return f"{name}, {sheet}!{cell}" if sheet and cell else name


def _issue(
    cur: SerieRapport,
    code: str,
    field_id: str,
    value: date | Decimal | int,
    *,
    detail: str,
    detail_en: str,
    label: str = "",
) -> Issue:
    sheet, cell = cur.cells.get(field_id, (None, None))
    issue = make_issue(
        code, sheet=sheet, cell=cell, field=field_id, value=value, label=label, detail=detail,
        detail_en=detail_en,
    )  # fmt: skip
    return replace(issue, file=cur.file)


def _lucka(prev: SerieRapport, cur: SerieRapport) -> Issue:
    p, c = _rapport(prev), _rapport(cur)
    assert p.period_till is not None and c.period_fran is not None
    fran, slut = c.period_fran, p.period_till
    where = _where(prev, "period_till")
    if fran > slut + DAY:
        span = f"{(slut + DAY).isoformat()}–{(fran - DAY).isoformat()}"
        sv = f"{span} saknar rapport. Rätta perioden, eller skicka in rapporten för {span}."
        en = f"{span} has no report."
    else:
        span = f"{fran.isoformat()}–{slut.isoformat()}"
        sv = f"{span} redovisas två gånger. Rätta perioden i den rapport där den är fel."
        en = f"{span} is reported twice."
    return _issue(
        cur, "period-lucka", "period_fran", value=fran,
        detail=f"Perioden börjar {fran.isoformat()}, men förra rapporten för insatsen ({where}) "
        f"slutar {slut.isoformat()}: {sv}",
        detail_en=f"The period starts {fran}, the previous report ({where}) ends {slut}: {en}",
    )  # fmt: skip


def _has_economy(m: Rapport) -> bool:
    return any(k.utfall != 0 or k.utfall_ack != 0 for k in m.kostnader)


def _ack(
    prev: SerieRapport, cur: SerieRapport, config: Config, *, same_end: bool
) -> Iterator[Issue]:
    p, c = _rapport(prev), _rapport(cur)
    if not (_has_economy(p) and _has_economy(c)):
        return
    if any(i.code == "ack-som-period" for i in cur.issues):
        return  # the same mistake, already named in this report
    tol = config.ack_tolerans_kr
    before = {k.kostnadsslag: k for k in p.kostnader}
    wrong: list[tuple[Kostnadsrad, Decimal, Decimal]] = []  # row, previous ack, expected
    for k in c.kostnader:
        prev_ack = before[k.kostnadsslag].utfall_ack if k.kostnadsslag in before else Decimal(0)
        expected = prev_ack if same_end else prev_ack + k.utfall
        if abs(k.utfall_ack - expected) > tol:
            wrong.append((k, prev_ack, expected))
    if not wrong:
        return
    amounts = [k for k in c.kostnader if k.utfall != 0 or k.utfall_ack != 0]
    typed_as_period = not same_end and all(abs(k.utfall_ack - k.utfall) <= tol for k in amounts)
    if typed_as_period and p.summa("utfall_ack") > 0:
        yield _ack_som_period(prev, cur, wrong[0][0].kostnadsslag)
        return
    for k, prev_ack, expected in wrong:
        slag, ack = k.kostnadsslag, k.utfall_ack
        field_id = f"utfall_ack_{slag}"
        label = field_label(field_id)
        where = _where(prev, field_id)
        if same_end:
            sv = (
                f"men {where} slutar samma dag och har {shown(prev_ack)} kr. Utfallet sedan "
                "start samma dag ska vara lika: rätta den rapport som är fel."
            )
        else:
            sv = (
                f"men förra rapporten ({where}) hade {shown(prev_ack)} kr, och med periodens "
                f"utfall {shown(k.utfall)} kr ska det bli {shown(expected)} kr. Rätta beloppet "
                "här eller i förra rapporten."
            )
        yield _issue(
            cur, "ack-flode", field_id, value=ack, label=label,
            detail=f"{label} är {shown(ack)} kr, {sv}",
            detail_en=f"{slag}: cumulative {ack} kr, expected {expected} kr from {where}.",
        )  # fmt: skip


def _ack_som_period(prev: SerieRapport, cur: SerieRapport, slag: str) -> Issue:
    field_id = f"utfall_ack_{slag}"
    c, p = _rapport(cur), _rapport(prev)
    where = _where(prev, "utfall_ack_summa")
    return _issue(
        cur, "ack-flode", field_id, value=c.summa("utfall_ack"), label=field_label(field_id),
        detail=f"Utfallet sedan start är samma som periodens utfall på alla rader "
        f"({shown(c.summa('utfall_ack'))} kr), men förra rapporten ({where}) hade redan "
        f"{shown(p.summa('utfall_ack'))} kr sedan start. Periodens utfall har skrivits in som "
        "utfall sedan start: skriv där förra rapportens belopp plus periodens, per kostnadsslag.",
        detail_en=f"The cumulative column repeats the period's figures, but {where} already had "
        f"{p.summa('utfall_ack')} kr since start: add the previous cumulative figures.",
    )  # fmt: skip


def _count(m: Rapport, rad: str, kol: str) -> int:
    return int(getattr(m.deltagare[rad], kol))


def _has_counts(m: Rapport) -> bool:
    return any(_count(m, rad, kol) for rad in m.deltagare for kol in KON)


def _deltagare(prev: SerieRapport, cur: SerieRapport, *, same_end: bool) -> Iterator[Issue]:
    p, c = _rapport(prev), _rapport(cur)
    if not (_has_counts(p) and _has_counts(c)):
        return
    for kol in KON:
        nya, avslutade = _count(c, "nya", kol), _count(c, "avslutade", kol)
        want = {
            "totalt": _count(p, "totalt", kol) + (0 if same_end else nya),
            "aktiva": _count(p, "aktiva", kol) + (0 if same_end else nya - avslutade),
        }
        for rad, expected in want.items():
            got = _count(c, rad, kol)
            if got == expected:
                continue
            field_id = f"deltagare_{rad}_{kol}"
            label = field_label(field_id)
            had = _count(p, rad, kol)
            where = _where(prev, field_id)
            if same_end:
                how = f"{where} slutar samma dag och har {had}; antalen samma dag ska vara lika"
            elif rad == "totalt":
                how = f"förra rapporten ({where}) hade {had}, plus nya ({nya}) blir det {expected}"
            else:
                how = (
                    f"förra rapporten ({where}) hade {had}, plus nya ({nya}) minus avslutade "
                    f"({avslutade}) blir det {expected}"
                )
            yield _issue(
                cur, "deltagare-flode", field_id, value=got, label=label,
                detail=f"{label} är {got}, men {how}. Rätta antalen här eller i "
                "förra rapporten.",
                detail_en=f"{rad} ({kol}) is {got}; {expected} follows from {where}.",
            )  # fmt: skip
