"""The `insatser` table (schema §9): one row per insats, the board's overview.

Figures come from each insats' cover (finsam_xl.consolidation.cover): cumulative figures from
its latest report, period figures (exits by outcome) summed over the cover, so no exit is
counted twice. A figure no report gave stays empty (the overview shows "ej redovisat"), and one
whose cells could not be read is listed in the table's ``attrs["ej_lasbart"]``. Also:

* ``budget_planerad`` and the fallbacks for ``planerat_antal_deltagare`` and the planned
  medfinansiering: the budget workbook;
* ``status``: the worst finding in any file of the insats that is used or was left out for errors
  (a superseded file's problems are history), ``saknar-rapport`` when no rapport was read at all,
  including insatser known only from the register.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pandas as pd

from finsam_xl.models import Budget, Identitet, Rapport
from finsam_xl.schema import ARBETE_STUDIER, MEDFINANSIERING_LAGEN, MEDFINANSIERING_TYPER

from .columns import frame, share
from .register import Register
from .sources import SUPERSEDED, SourceReport, key_of, newest_first_key, period_of
from .tables import Resolved, counts


def _exits(linked: list[Rapport]) -> tuple[int | None, int | None]:
    """(exits with an outcome, of which to arbete or studier) over the cover; None when no
    report of the cover gave its exits."""
    told = [r for r in linked if r.redovisat("avslut_")]
    if not told:
        return None, None
    to_work = sum(r.avslut.get(u, 0) for r in told for u in ARBETE_STUDIER)
    return sum(r.avslut_summa for r in told), to_work


def _figure(latest: Rapport | None, prefix: str, value: Decimal) -> Decimal | None:
    return value if latest is not None and latest.redovisat(prefix) else None


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


def newest_value(files: list[SourceReport], field_id: str) -> object:
    """An identity field from the newest report giving it (an older template has no cell)."""
    for report in sorted(files, key=lambda r: (period_of(r)[1] or date.min, newest_first_key(r)),
                         reverse=True):  # fmt: skip
        value = getattr(getattr(report.model, "identitet", None), field_id, None)
        if value:
            return value
    return None


# Overview columns and the fields they come from, for "ej läsbart" (the overview's attrs).
_SOURCES = {
    "budget_summa": ("budget_",),
    "utfall_ack_summa": ("utfall_ack_",),
    "forbrukat_andel": ("utfall_ack_", "beviljat_belopp"),
    "beviljat_belopp": ("beviljat_belopp",),
    "deltagare_totalt_kvinnor": ("deltagare_totalt_",),
    "deltagare_totalt_man": ("deltagare_totalt_",),
    "deltagare_totalt": ("deltagare_totalt_",),
    "avslutade_totalt": ("avslut_",),
    "avslutade_till_arbete_studier": ("avslut_",),
    "avslutade_till_arbete_studier_andel": ("avslut_",),
}
UNREADABLE_ATTR = "ej_lasbart"
# 2.0's amounts from the latest report, as given (None: not reported, or a 1.0 report)
_ECONOMY_2 = (
    "prognos_ar",
    "prognos_insats",
    "rekvirerat_belopp",
    "utbetalt_belopp",
    "intakter",
)  # DataFrame.attrs key: insats key -> column ids


# the budget workbook's medfinansieringstyp -> the rapport's <typ>
_BUDGET_TYP = {"kontant": "kontant", "in_natura": "natura"}


def _medfinansiering(latest: Rapport | None, budget: Budget | None) -> dict[str, Decimal | None]:
    """The four medfinansiering_<läge>_<typ> figures, as given by the latest report (a cell left
    empty is not reported). When the report planned none, the plan is the budget workbook's
    medfinansiering table summed per typ (a typ it does not list is 0 there: the table is the
    whole plan)."""
    given = latest.medfinansiering if latest else {}
    out: dict[str, Decimal | None] = {
        f"{lage}_{typ}": given.get(f"{lage}_{typ}")
        for lage in MEDFINANSIERING_LAGEN
        for typ in MEDFINANSIERING_TYPER
    }
    planned = [k for k in out if k.startswith("planerat_")]
    rows = [m for m in budget.medfinansiering if m.belopp is not None] if budget else []
    # a row without a known typ cannot be put in either column: then no plan is claimed
    if not rows or any(m.typ not in _BUDGET_TYP for m in rows):
        return out
    if all(out[k] is None for k in planned):
        for typ in MEDFINANSIERING_TYPER:
            out[f"planerat_{typ}"] = sum(
                (m.belopp or Decimal(0) for m in rows if _BUDGET_TYP[m.typ or ""] == typ),
                Decimal(0),
            )
    return out


def insatser_table(res: Resolved, register: Register | None) -> pd.DataFrame:
    files: dict[str, list[SourceReport]] = defaultdict(list)
    for report in res.reports:
        key = key_of(report)
        if key is not None:
            files[key].append(report)
    budgets: dict[str, Budget] = {}
    received: dict[str, int] = defaultdict(int)  # rapporter in the figures, cover or not
    for report in res.used:
        key = key_of(report)
        if key is not None and isinstance(report.model, Budget):
            budgets[key] = report.model
        elif key is not None and isinstance(report.model, Rapport):
            received[key] += 1
    entries = {e.key: e for e in register.entries} if register else {}
    rows = []
    unreadable: dict[str, list[str]] = {}
    for key in sorted(set(files) | set(entries)):
        linked = [r for _, r in res.covers.get(key, [])]
        latest = linked[0] if linked else None
        ident = latest.identitet if latest else _identity(files.get(key, []))
        entry = entries.get(key)
        has_rapport = any(isinstance(f.model, Rapport) for f in files.get(key, []))
        status, errors, warnings = _status(res, files.get(key, []), has_rapport)
        budget = budgets.get(key)
        planned = latest.planerat_antal_deltagare if latest else None
        if planned is None and budget is not None and budget.planerat_antal_deltagare_ar:
            planned = sum(n or 0 for n in budget.planerat_antal_deltagare_ar)
        ut_ack = _figure(latest, "utfall_ack_", latest.summa("utfall_ack")) if latest else None
        budget_kr = _figure(latest, "budget_", latest.budget_hela) if latest else None
        granted = ident.beviljat_belopp if ident else None
        where = f"{key} (beviljat belopp)"
        told = latest is not None and latest.redovisat("deltagare_totalt_")
        totalt = latest.deltagare.get("totalt") if latest and told else None
        exits, to_work = _exits(linked)
        goals = [g for g in latest.mal if g.mal or g.uppnatt] if latest else []
        if latest is not None:
            lost = [c for c, prefixes in _SOURCES.items() if latest.olasbart(*prefixes)]
            if lost:
                unreadable[key] = lost
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
                "budget_summa": res.money(budget_kr),
                "utfall_ack_summa": res.money(ut_ack),
                "forbrukat_andel": share(ut_ack, granted),
                "senaste_rapporttyp": latest.rapporttyp if latest else None,
                "senaste_period_till": latest.period_till if latest else None,
                "deltagare_totalt_kvinnor": totalt.kvinnor if totalt else None,
                "deltagare_totalt_man": totalt.man if totalt else None,
                "deltagare_totalt_ej_angivet": totalt.ej_angivet if totalt else None,
                "deltagare_totalt": totalt.totalt if totalt else None,
                "avslutade_totalt": exits,
                "avslutade_till_arbete_studier": to_work,
                "avslutade_till_arbete_studier_andel": share(to_work, exits),
                "mal_uppnadda": sum(1 for g in goals if g.uppnatt == "ja") if goals else None,
                "mal_totalt": len(goals) if goals else None,
                "status": status,
                "planerat_antal_deltagare": planned,
                "budget_planerad": res.money(budget.total) if budget else None,
                **{f: res.money(getattr(latest, f)) if latest else None for f in _ECONOMY_2},
                "arsarbetare": float(latest.arsarbetare)
                if latest and latest.arsarbetare is not None
                else None,
                **{
                    f"medfinansiering_{k}": res.money(v, f"{key} (medfinansiering {k})")
                    for k, v in _medfinansiering(latest, budget).items()
                },
                "antal_rapporter": received.get(key, 0),
                "antal_fel": errors,
                "antal_varningar": warnings,
                "huvudman_part_typ": newest_value(files.get(key, []), "huvudman_part_typ"),
                "huvudman_kommun": newest_value(files.get(key, []), "huvudman_kommun"),
            }
        )
    table = frame("insatser", rows)
    table.attrs[UNREADABLE_ATTR] = unreadable
    return table
