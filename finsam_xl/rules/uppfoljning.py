"""Rules for what Uppföljning Finsam (UF) asks per insats: `uf-blandad-inriktning` and
`uf-fast-uppgift-andrad` (domain §2.3; docs/uppfoljning-finsam.md).

UF registers an insats as either individinriktad or strukturövergripande; one with both parts is
registered as two insatser with different names. A report shows a part of the other kind when its
preciserad inriktning belongs only to the other inriktning's list (the run's settings), or when a
strukturövergripande insats reports where its participants went after leaving (individual
outcomes: avslut, avslutsorsak, försörjning).

UF cannot change four things after an insats is created: inriktning, preciserad inriktning,
uppföljningsmetod and ESF-finansiering (``FIXED``). Across the reports of one insats (rapporter and
budgets, in period order) a value that differs from the one an earlier report gave is told on the
later report's cell, naming the earlier file and cell. An empty value is no change: a 2.0 report
without these cells says nothing about them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date

from finsam_xl.codes import CODE_LISTS
from finsam_xl.issues import Issue, make_issue
from finsam_xl.models import Budget, Identitet, Rapport
from finsam_xl.rules import RuleContext, rule
from finsam_xl.rules.rapportserie import SerieRapport
from finsam_xl.schema import Malltyp, field_label, normalise_key
from finsam_xl.uppfoljning_listor import in_list

R, B = Malltyp.RAPPORT, Malltyp.BUDGET
FIXED = ("inriktning", "preciserad_inriktning", "uppfoljningsmetod", "esf_finansiering")
OTHER = {"individinriktad": "strukturovergripande", "strukturovergripande": "individinriktad"}
TWO = (
    "Uppföljning Finsam registrerar en insats med båda delarna som två insatser med olika namn: "
    "dela insatsen, eller rätta uppgiften."
)


def _inriktning(code: str) -> str:
    return CODE_LISTS["inriktning"].label(code).lower()


def _individual_outcomes(m: Rapport) -> int:
    """People whose individual outcome the rapport gives (avslut to something, avslutsorsak)."""
    told = sum(n for code, n in m.avslut.items() if code != "ej_fordelat")
    return max(told, sum(m.avslutsorsak.values()), sum(m.forsorjning_avslut.values()))


@rule("uf-blandad-inriktning", R, B)
def blandad_inriktning(ctx: RuleContext) -> Iterator[Issue]:
    m = ctx.model
    if not isinstance(m, Rapport | Budget):
        return
    ident = m.identitet
    own = ident.inriktning
    if own not in OTHER:
        return
    other = OTHER[own]
    precise = ident.preciserad_inriktning
    if in_list(precise, ctx.config.preciserad(other)) and not in_list(
        precise, ctx.config.preciserad(own)
    ):
        yield ctx.issue(
            "uf-blandad-inriktning", "preciserad_inriktning", value=precise,
            label=field_label("preciserad_inriktning"),
            detail=f"Preciserad inriktning '{precise}' hör till {_inriktning(other)}a insatser, "
            f"men insatsens inriktning är {_inriktning(own)}. {TWO}",
            detail_en=f"Preciserad inriktning '{precise}' belongs to {other} insatser, but the "
            f"insats is {own}. UF registers an insats with both parts as two insatser.",
        )  # fmt: skip
    if own == "strukturovergripande" and isinstance(m, Rapport):
        people = _individual_outcomes(m)
        if people:
            yield ctx.issue(
                "uf-blandad-inriktning", "inriktning", value=CODE_LISTS["inriktning"].label(own),
                label=field_label("inriktning"),
                detail=f"Insatsen är strukturövergripande, men rapporten redovisar vart {people} "
                f"deltagare gick efter avslut: det är en individinriktad del. {TWO}",
                detail_en=f"A structural insats reporting the outcome of {people} participants "
                "has an individual part; UF registers the parts as two insatser.",
            )  # fmt: skip


def _same(field_id: str, a: str, b: str) -> bool:
    return normalise_key(a) == normalise_key(b) if field_id == "preciserad_inriktning" else a == b


def _shown(field_id: str, value: str) -> str:
    lists = {"inriktning": "inriktning", "uppfoljningsmetod": "uppfoljningsmetod",
             "esf_finansiering": "ja_nej"}  # fmt: skip
    return CODE_LISTS[lists[field_id]].label(value) if field_id in lists else value


def _name(report: SerieRapport) -> str:
    return report.file.replace("\\", "/").rsplit("/", 1)[-1]


def _where(report: SerieRapport, field_id: str) -> str:
    sheet, cell = report.cells.get(field_id, (None, None))
    return f"{_name(report)}, {sheet}!{cell}" if sheet and cell else _name(report)


def _order(report: SerieRapport) -> tuple[date, date, str]:
    m = report.model
    if isinstance(m, Rapport):
        return (m.period_till or date.min, m.rapportdatum or date.min, report.file)
    return (date.min, date.min, report.file)  # a budget comes before the insats reports


def _ident(report: SerieRapport) -> Identitet | None:
    m = report.model
    return m.identitet if isinstance(m, Rapport | Budget) else None


def check_fixed(reports: Sequence[SerieRapport]) -> list[Issue]:
    """`uf-fast-uppgift-andrad` over the rapporter and budgets of every insats."""
    groups: dict[str, list[SerieRapport]] = defaultdict(list)
    for report in reports:
        ident = _ident(report)
        if ident is not None and ident.insats_namn and ident.forbund:
            groups[ident.key].append(report)
    issues: list[Issue] = []
    for key in sorted(groups):
        serie = sorted(groups[key], key=_order)
        for field_id in FIXED:
            issues += _changes(serie, field_id)
    return issues


def _changes(serie: Sequence[SerieRapport], field_id: str) -> Iterator[Issue]:
    first: tuple[SerieRapport, str] | None = None
    for report in serie:
        ident = _ident(report)
        value = getattr(ident, field_id, None) if ident else None
        if not isinstance(value, str) or not value.strip():
            continue
        if first is None:
            first = (report, value)
            continue
        earlier, was = first
        if _same(field_id, was, value):
            continue
        label = field_label(field_id)
        sheet, cell = report.cells.get(field_id, (None, None))
        issue = make_issue(
            "uf-fast-uppgift-andrad", sheet=sheet, cell=cell, field=field_id,
            value=_shown(field_id, value), label=label,
            detail=f"{label} är '{_shown(field_id, value)}' här men "
            f"'{_shown(field_id, was)}' i {_where(earlier, field_id)}. Uppföljning Finsam kan "
            "inte ändra den när insatsen är registrerad: rätta den rapport som är fel, eller "
            "registrera en ny insats.",
            detail_en=f"{field_id} is '{value}' here but '{was}' in "
            f"{_where(earlier, field_id)}; UF cannot change it once the insats is registered.",
        )  # fmt: skip
        yield replace(issue, file=report.file)
