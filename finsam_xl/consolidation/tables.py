"""The per-report tables of schema §9 (budget, deltagare, avslut, the 2.0 breakdowns, mal) and
the run's own tables (problem, kallor).

Every function takes the resolved set of files and returns rows in a fixed order: by insats
key, period end, period start, rapporttyp in code-list order, then file name; within a report by
kostnadsslag / utfall in code-list order. The order never depends on the order files were read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from finsam_xl.issue_order import workbook_order
from finsam_xl.issues import Issue, Severity
from finsam_xl.models import Rapport
from finsam_xl.overview.columns import DELTAGAR_TABELL, EJ_FORDELAT
from finsam_xl.schema import (
    AVSLUTSORSAK,
    CODE_LISTS,
    DELTAGAR_RADER,
    FORSORJNINGSKATEGORI,
    KOSTNADSSLAG,
    SYSSELSATTNING,
    TID_FORSORJNING,
    UTFALL,
)

from .columns import Money, frame, share
from .cover import Pair, covers
from .sources import (
    EXCLUDED,
    SUPERSEDED,
    UNREADABLE,
    USED,
    SourceReport,
    key_of,
    period_of,
    rapporttyp_of,
)

_AMOUNTS = ("budget", "utfall", "utfall_ack")
RAPPORTTYP_ORDER = {code: i for i, code in enumerate(CODE_LISTS["rapporttyp"].codes)}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass
class Resolved:
    """The files of one run after eligibility and duplicates: what the tables are built from."""

    reports: list[SourceReport]  # every file read, in file-name order
    used: list[SourceReport]  # winners whose figures count
    role: dict[str, str]  # file -> kallor.anvand
    superseded_by: dict[str, str]
    extra_issues: list[Issue]  # cross-file findings, each with .file set
    money: Money = field(default_factory=Money)
    covers: dict[str, list[Pair]] = field(init=False)  # insats key -> its cover, latest first
    in_cover: frozenset[str] = field(init=False)  # files whose figures the aggregates add
    # Made once, for the tables that each ask per report (per report they would scan all):
    # extra_issues by file, with how many there were (the list only grows), and used_rapporter.
    _extra_by_file: tuple[int, dict[str | None, list[Issue]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _rapporter: list[tuple[SourceReport, Rapport]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.covers = covers(self.used)
        self.in_cover = frozenset(r.file for pairs in self.covers.values() for r, _ in pairs)

    def issues_of(self, report: SourceReport) -> list[Issue]:
        made = self._extra_by_file
        if made is None or made[0] != len(self.extra_issues):
            by_file: dict[str | None, list[Issue]] = {}
            for issue in self.extra_issues:
                by_file.setdefault(issue.file, []).append(issue)
            made = self._extra_by_file = (len(self.extra_issues), by_file)
        return [*report.issues, *made[1].get(report.file, ())]

    def used_rapporter(self) -> list[tuple[SourceReport, Rapport]]:
        if self._rapporter is None:
            pairs = [(r, r.model) for r in self.used if isinstance(r.model, Rapport)]
            self._rapporter = sorted(pairs, key=lambda p: report_order(p[0]))
        return list(self._rapporter)


def report_order(report: SourceReport) -> tuple[str, date, date, int, str]:
    fran, till = period_of(report)
    typ = rapporttyp_of(report)
    return (
        key_of(report) or "",
        till or date.min,
        fran or date.min,
        RAPPORTTYP_ORDER.get(typ or "", 99),
        report.file,
    )


def counts(issues: Sequence[Issue]) -> tuple[int, int]:
    """(errors, warnings) among issues."""
    errors = sum(1 for i in issues if i.severity == Severity.ERROR)
    return errors, sum(1 for i in issues if i.severity == Severity.WARNING)


def time_share(rapport: Rapport) -> Decimal | None:
    """Share of the granted period elapsed at period end (1 for a slutrapport), as for the
    `budgetavvikelse` rule: the budget is spent evenly over the granted days."""
    ident = rapport.identitet
    start, end, till = ident.beviljad_fran, ident.beviljad_till, rapport.period_till
    if rapport.rapporttyp == "slutrapport":
        return Decimal(1)
    if start is None or end is None or till is None or end < start:
        return None
    elapsed = (min(till, end) - start).days + 1
    return min(Decimal(1), Decimal(max(elapsed, 0)) / Decimal((end - start).days + 1))


def _base(res: Resolved, report: SourceReport, rapport: Rapport) -> dict[str, object]:
    return {
        "insats_id": rapport.identitet.key,
        "rapporttyp": rapport.rapporttyp,
        "period_fran": rapport.period_fran,
        "period_till": rapport.period_till,
        "i_oversikten": report.file in res.in_cover,
        "file": report.file,
    }


def only_total(rapport: Rapport) -> bool:
    """The budget was decided only as a total (``budget_endast_summa``, no kostnadsslag row
    holding any budget): then ``Rapport.budget_hela`` is that total, as the rules judge it."""
    return rapport.budget_endast_summa is not None and rapport.summa("budget") == 0


def budget_table(res: Resolved) -> pd.DataFrame:
    rows = []
    for report, rapport in res.used_rapporter():
        # A column the report left wholly empty is not reported (no row says 0 kr); within a
        # column that holds figures, an empty row is 0 kr, as the projektledare meant it.
        told = {p: rapport.redovisat(*(f"{p}_{s}" for s in KOSTNADSSLAG)) for p in _AMOUNTS}
        total_only = only_total(rapport)
        if not any(told.values()) and not total_only:
            continue
        elapsed = time_share(rapport)
        by_slag = {k.kostnadsslag: k for k in rapport.kostnader}
        for slag in KOSTNADSSLAG:
            row = by_slag.get(slag)
            if row is None:
                continue
            where = f"{report.file} ({slag})"
            # A total-only budget is not split: the kostnadsslag rows carry utfall alone.
            budget = row.budget if told["budget"] and not total_only else None
            ack = row.utfall_ack if told["utfall_ack"] else None
            rows.append(
                {
                    **_base(res, report, rapport),
                    "kostnadsslag": slag,
                    "budget": res.money(budget, where),
                    "utfall": res.money(row.utfall if told["utfall"] else None, where),
                    "utfall_ack": res.money(ack, where),
                    **_deviation(res, budget, ack, elapsed),
                }
            )
        if total_only:
            rows.append(_unsplit(res, report, rapport, told["utfall_ack"], elapsed))
    return frame("budget", rows)


def _deviation(
    res: Resolved, budget: Decimal | None, ack: Decimal | None, elapsed: Decimal | None
) -> dict[str, object]:
    planned = None if elapsed is None or budget is None else budget * elapsed
    deviation = None if planned is None or ack is None else ack - planned
    return {
        # Derived amounts are rounded without a note: the inputs' öre are noted.
        "budget_periodiserad": res.money(planned),
        "avvikelse_kr": res.money(deviation),
        "avvikelse_andel": share(deviation, planned),
    }


def _unsplit(
    res: Resolved,
    report: SourceReport,
    rapport: Rapport,
    ack_told: bool,
    elapsed: Decimal | None,
) -> dict[str, object]:
    """The "ej fördelat" row of a total-only budget: the whole budget, and its deviation against
    the report's whole utfall (which stays on the kostnadsslag rows, so each column still sums
    to the report's figures and no amount is counted twice)."""
    whole = rapport.budget_endast_summa
    ack = rapport.summa("utfall_ack") if ack_told else None
    return {
        **_base(res, report, rapport),
        "kostnadsslag": EJ_FORDELAT,
        "budget": res.money(whole, f"{report.file} (budget endast som summa)"),
        "utfall": None,
        "utfall_ack": None,
        **_deviation(res, whole, ack, elapsed),
    }


def deltagare_table(res: Resolved) -> pd.DataFrame:
    rows = []
    for report, rapport in res.used_rapporter():
        row: dict[str, object] = _base(res, report, rapport)
        for rad in DELTAGAR_RADER:
            counts_row = rapport.deltagare.get(rad)
            told = rapport.redovisat(f"deltagare_{rad}_")
            for kol in DELTAGAR_TABELL:
                value: int | None = 0 if told else None
                if counts_row is not None and told:
                    value = counts_row.totalt if kol == "totalt" else getattr(counts_row, kol)
                row[f"deltagare_{rad}_{kol}"] = value
        rows.append(row)
    return frame("deltagare", rows)


def avslut_table(res: Resolved) -> pd.DataFrame:
    rows = [
        {**_base(res, report, rapport), "utfall": utfall, "antal": rapport.avslut.get(utfall, 0)}
        for report, rapport in res.used_rapporter()
        if rapport.redovisat("avslut_")
        for utfall in UTFALL
    ]
    return frame("avslut", rows)


def _counts_table(
    table: str, column: str, codes: Sequence[str], attr: str, res: Resolved
) -> pd.DataFrame:
    """A 2.0 count list as long rows: one per report and code it gave, in code-list order."""
    rows = [
        {**_base(res, report, rapport), column: code, "antal": given[code]}
        for report, rapport in res.used_rapporter()
        if (given := getattr(rapport, attr))
        for code in codes
        if code in given
    ]
    return frame(table, rows)


def avslutsorsak_table(res: Resolved) -> pd.DataFrame:
    return _counts_table("avslutsorsak", "avslutsorsak", AVSLUTSORSAK, "avslutsorsak", res)


def sysselsattning_table(res: Resolved) -> pd.DataFrame:
    return _counts_table(
        "sysselsattning", "sysselsattning", SYSSELSATTNING, "sysselsattning_start", res
    )


def tid_forsorjning_table(res: Resolved) -> pd.DataFrame:
    return _counts_table("tid_forsorjning", "tid", TID_FORSORJNING, "tid_forsorjning", res)


def forsorjning_table(res: Resolved) -> pd.DataFrame:
    """Försörjning at start and at exit side by side, one row per kategori either gave."""
    rows = [
        {
            **_base(res, report, rapport),
            "kategori": kategori,
            "vid_start": rapport.forsorjning_start.get(kategori),
            "vid_avslut": rapport.forsorjning_avslut.get(kategori),
        }
        for report, rapport in res.used_rapporter()
        for kategori in FORSORJNINGSKATEGORI
        if kategori in rapport.forsorjning_start or kategori in rapport.forsorjning_avslut
    ]
    return frame("forsorjning", rows)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def mal_table(res: Resolved) -> pd.DataFrame:
    rows = [
        {
            **_base(res, report, rapport),
            "mal": goal.mal,
            "enhet": goal.enhet,
            "riktning": goal.riktning,
            "malvarde": _number(goal.malvarde),
            "utfall": _number(goal.utfall),
            "uppnatt": goal.uppnatt,
            "kommentar": goal.kommentar,
        }
        for report, rapport in res.used_rapporter()
        for goal in sorted(rapport.mal, key=lambda g: g.rad)
        if goal.mal or goal.malvarde is not None or goal.uppnatt
    ]
    return frame("mal", rows)


def problem_table(res: Resolved) -> pd.DataFrame:
    rows = []
    for report in res.reports:
        found = workbook_order(res.issues_of(report), report.malltyp)
        # Within a file: errors first, each severity in workbook order, as `validate` prints them.
        for issue in sorted(found, key=lambda i: SEVERITY_ORDER[i.severity]):
            rows.append(
                {
                    "file": report.file,
                    "sheet": issue.sheet,
                    "cell": issue.cell,
                    "code": issue.code,
                    "severity": str(issue.severity),
                    "message": issue.message,
                    "field": issue.field,
                    "insats_id": key_of(report),
                }
            )
    return frame("problem", rows)


def kallor_table(res: Resolved) -> pd.DataFrame:
    rows = []
    for report in res.reports:
        fran, till = period_of(report)
        errors, warnings = counts(res.issues_of(report))
        model = report.model
        rows.append(
            {
                "file": report.file,
                "sha256": report.sha256,
                "malltyp": report.malltyp,
                "mallversion": report.mallversion,
                "insats_id": key_of(report),
                "rapporttyp": rapporttyp_of(report),
                "period_fran": fran,
                "period_till": till,
                "rapportdatum": model.rapportdatum if isinstance(model, Rapport) else None,
                "status": report.status,
                "anvand": res.role[report.file],
                "ersatt_av": res.superseded_by.get(report.file),
                "antal_fel": errors,
                "antal_varningar": warnings,
            }
        )
    return frame("kallor", rows)


def roles(
    reports: Sequence[SourceReport],
    usable: Mapping[str, bool],
    superseded_by: Mapping[str, str],
) -> dict[str, str]:
    """kallor.anvand for every file: used, superseded, excluded for errors, or unreadable."""
    out = {}
    for report in reports:
        if report.model is None or report.status == "unreadable":
            out[report.file] = UNREADABLE
        elif not usable[report.file]:
            out[report.file] = EXCLUDED
        elif report.file in superseded_by:
            out[report.file] = SUPERSEDED
        else:
            out[report.file] = USED
    return out
