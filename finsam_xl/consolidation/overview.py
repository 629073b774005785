"""The `insatser` table (schema §9): one row per insats, the board's overview.

Figures come from the latest report in the figures for each insats: the one with the latest
period end, a slutrapport before a periodic report ending the same day, then the later
rapportdatum / file time / name. Three columns need more than that one report:

* ``avslutade_till_arbete_studier_andel``: exits to arbete or studier over all exits with an
  outcome, summed over a chain of non-overlapping reports walked back from the latest (a
  slutrapport covering the whole insats is a chain of one, quarterly reports chain up), so no
  exit is counted twice;
* ``budget_planerad`` and the fallback for ``planerat_antal_deltagare``: the budget workbook;
* ``status``: the worst finding in any file of the insats that is used or was left out for errors
  (a superseded file's problems are history), ``saknar-rapport`` when no rapport was read at all,
  including insatser known only from the register.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd

from finsam_xl.models import Budget, Identitet, Rapport
from finsam_xl.schema import ARBETE_STUDIER

from .columns import frame, share
from .register import Register
from .sources import SUPERSEDED, SourceReport, key_of, newest_first_key, period_of
from .tables import Resolved, counts


def latest_key(pair: tuple[SourceReport, Rapport]) -> tuple[date, bool, tuple[date, float, str]]:
    report, rapport = pair
    return (
        rapport.period_till or date.min,
        rapport.rapporttyp == "slutrapport",
        newest_first_key(report),
    )


def chain(pairs: list[tuple[SourceReport, Rapport]]) -> list[Rapport]:
    """Non-overlapping reports, latest first, each ending before the previous one starts."""
    out: list[Rapport] = []
    boundary: date | None = None
    for _, rapport in sorted(pairs, key=latest_key, reverse=True):
        till, fran = rapport.period_till, rapport.period_fran
        if till is None or fran is None:
            continue
        if boundary is None or till < boundary:
            out.append(rapport)
            boundary = fran
    return out


def _exits(pairs: list[tuple[SourceReport, Rapport]]) -> tuple[int, int]:
    """(exits with an outcome, of which to arbete or studier) over the chain."""
    linked = chain(pairs)
    to_work = sum(r.avslut.get(u, 0) for r in linked for u in ARBETE_STUDIER)
    return sum(r.avslut_summa for r in linked), to_work


def _status(res: Resolved, files: list[SourceReport], has_rapport: bool) -> tuple[str, int, int]:
    live = [f for f in files if res.role[f.file] != SUPERSEDED]
    errors, warnings = counts([i for f in live for i in res.issues_of(f)])
    if not has_rapport:
        return "saknar-rapport", errors, warnings
    return ("fel" if errors else "varningar" if warnings else "ok"), errors, warnings


def _identity(files: list[SourceReport]) -> Identitet | None:
    def order(report: SourceReport) -> tuple[date, tuple[date, float, str]]:
        return (period_of(report)[1] or date.min, newest_first_key(report))

    with_model = [f for f in files if f.model is not None]
    latest = max(with_model, key=order, default=None)
    return latest.model.identitet if latest is not None and latest.model is not None else None


def insatser_table(res: Resolved, register: Register | None) -> pd.DataFrame:
    files: dict[str, list[SourceReport]] = defaultdict(list)
    for report in res.reports:
        key = key_of(report)
        if key is not None:
            files[key].append(report)
    used: dict[str, list[tuple[SourceReport, Rapport]]] = defaultdict(list)
    budgets: dict[str, Budget] = {}
    for report in res.used:
        key = key_of(report)
        if key is None:
            continue
        if isinstance(report.model, Rapport):
            used[key].append((report, report.model))
        elif isinstance(report.model, Budget):
            budgets[key] = report.model
    entries = {e.key: e for e in register.entries} if register else {}
    rows = []
    for key in sorted(set(files) | set(entries)):
        pairs = used.get(key, [])
        latest = max(pairs, key=latest_key)[1] if pairs else None
        ident = latest.identitet if latest else _identity(files.get(key, []))
        entry = entries.get(key)
        has_rapport = any(isinstance(f.model, Rapport) for f in files.get(key, []))
        status, errors, warnings = _status(res, files.get(key, []), has_rapport)
        budget = budgets.get(key)
        planned = latest.planerat_antal_deltagare if latest else None
        if planned is None and budget is not None and budget.planerat_antal_deltagare_ar:
            planned = sum(n or 0 for n in budget.planerat_antal_deltagare_ar)
        ut_ack = latest.summa("utfall_ack") if latest else None
        granted = ident.beviljat_belopp if ident else None
        where = f"{key} (beviljat belopp)"
        totalt = latest.deltagare.get("totalt") if latest else None
        exits, to_work = _exits(pairs) if pairs else (None, None)
        goals = [g for g in latest.mal if g.mal or g.uppnatt] if latest else []
        if ident is None and entry is not None:  # known only from the register
            ident = Identitet(
                forbund=entry.forbund,
                insats_namn=entry.insats_namn,
                insats_id=entry.insats_id,
                beviljad_fran=entry.beviljad_fran,
                beviljad_till=entry.beviljad_till,
            )
        rows.append(
            {
                "forbund": ident.forbund if ident else None,
                "insats_id": key,
                "insats_namn": ident.insats_namn if ident else None,
                "huvudman": ident.huvudman if ident else None,
                "inriktning": ident.inriktning if ident else None,
                "beviljad_fran": ident.beviljad_fran if ident else None,
                "beviljad_till": ident.beviljad_till if ident else None,
                "beviljat_belopp": res.money(granted, where),
                "budget_summa": res.money(latest.budget_hela) if latest else None,
                "utfall_ack_summa": res.money(ut_ack),
                "forbrukat_andel": share(ut_ack, granted),
                "senaste_rapporttyp": latest.rapporttyp if latest else None,
                "senaste_period_till": latest.period_till if latest else None,
                "deltagare_totalt_kvinnor": totalt.kvinnor if totalt else None,
                "deltagare_totalt_man": totalt.man if totalt else None,
                "deltagare_totalt": totalt.totalt if totalt else None,
                "avslutade_totalt": exits,
                "avslutade_till_arbete_studier": to_work,
                "avslutade_till_arbete_studier_andel": share(to_work, exits),
                "mal_uppnadda": sum(1 for g in goals if g.uppnatt == "ja") if latest else None,
                "mal_totalt": len(goals) if latest else None,
                "status": status,
                "planerat_antal_deltagare": planned,
                "budget_planerad": res.money(budget.total) if budget else None,
                "antal_rapporter": len(pairs),
                "antal_fel": errors,
                "antal_varningar": warnings,
            }
        )
    return frame("insatser", rows)
