"""The Uppföljning Finsam export: one table per screen of Försäkringskassan's Uppföljning Finsam
(UF), in its order and wording, so a förbundsadministratör registers screen by screen without
retyping from our own columns (docs/uppfoljning-finsam.md maps every UF field to its column).

* ``uf_insatser`` (*Insatser*): one row per insats: namn, start, slut, inriktning, preciserad
  inriktning, målgrupp, uppföljningsmetod, ESF-finansiering, and what UF asks that no report gave.
* ``uf_insatsbudget`` (*Insatsbudget*): one row per insats, calendar year and budget post type
  (Insatskostnad / ESF Insatskostnad): budget, utfall, beskrivning, planerat antal deltagare.
* ``uf_deltagare`` (*Deltagare*): per insats and year, kvinnor and män (individinriktade) or antal
  (strukturövergripande).
* ``uf_forbundet`` and ``uf_tilldelade_medel`` (*Förbundet*): finsam_xl.consolidation.uf_forbund.

Calendar years come from the reports by the cover rule, as the ``uppfoljning_finsam`` table
(finsam_xl.consolidation.yearly): utfall from the cumulative figures, each increment crossing a
year end split by days; deltagare as active at the previous year's end plus newly enrolled. A
figure that cannot be split honestly is ``uppskattat`` and ``anmarkning`` says how it was
estimated (or what it covers, e.g. utfall up to the last report's end). A budget row's type is
the rapport's ``budgettyp_<slag>``, else the budget workbook's, else Insatskostnad.

The four fixed fields come from the newest report that gives each; a column of the same name in
the ``insatser`` table (the register's, when it carries one) takes precedence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from finsam_xl.models import Budget, Identitet, Kostnadsrad, Rapport
from finsam_xl.schema import CODE_LISTS, KOSTNADSSLAG

from .columns import Money, frame
from .overview import newest_value
from .sources import SourceReport, key_of
from .tables import Resolved
from .yearly import chosen, deltagare_in_year, point, spread, utfall_per_year, years_of

ZERO = Decimal(0)
FIELDS = ("preciserad_inriktning", "malgrupp", "uppfoljningsmetod", "esf_finansiering")
TYPES = CODE_LISTS["budgettyp"].codes  # insatskostnad, esf_insatskostnad
SPREAD_REPORT = "rapportens budget för hela insatsen fördelad på år efter antal dagar"
SPREAD_GRANTED = "beviljat belopp fördelat på år efter antal dagar (ingen budget redovisad)"
PREVIOUS_NOT_AT_YEAR_END = (
    "Deltagare under året räknade som inskrivna vid förra rapportens slut plus nya sedan dess; "
    "förra rapporten slutade inte vid årsskiftet"
)
UF_LABELS = {
    "inriktning": "inriktning",
    "preciserad_inriktning": "preciserad inriktning",
    "malgrupp": "målgrupp",
    "uppfoljningsmetod": "uppföljningsmetod",
    "esf_finansiering": "ESF-finansiering",
    "beviljad_fran": "startdatum",
    "beviljad_till": "slutdatum",
}


@dataclass
class Insats:
    """One insats' reports, as the UF tables need them."""

    key: str
    ident: Identitet
    rapporter: list[tuple[SourceReport, Rapport]]
    latest: Rapport | None  # the cover's latest rapport
    budget: Budget | None
    files: list[SourceReport]

    @property
    def start(self) -> date | None:
        firsts = [r.period_fran for _, r in self.rapporter if r.period_fran]
        return self.ident.beviljad_fran or min(firsts, default=None)

    def typ(self, slag: str, given: str | None) -> str:
        """A budget row's post type: as the row says, else the budget workbook's row, else
        Insatskostnad."""
        planned = self.budget.budgetplan_typ.get(slag) if self.budget else None
        return given or planned or TYPES[0]


def insatser_of(res: Resolved) -> list[Insats]:
    pairs: dict[str, list[tuple[SourceReport, Rapport]]] = defaultdict(list)
    budgets: dict[str, Budget] = {}
    files: dict[str, list[SourceReport]] = defaultdict(list)
    for report in res.used:
        key = key_of(report)
        if key is None:
            continue
        files[key].append(report)
        if isinstance(report.model, Rapport):
            pairs[key].append((report, report.model))
        elif isinstance(report.model, Budget):
            budgets[key] = report.model
    out = []
    for key in sorted(set(pairs) | set(budgets)):
        linked = res.covers.get(key, [])
        latest = linked[0][1] if linked else None
        ident = latest.identitet if latest else budgets[key].identitet
        out.append(Insats(key, ident, pairs.get(key, []), latest, budgets.get(key), files[key]))
    return out


def uf_fields(insats: Insats, register: dict[str, dict[str, object]]) -> dict[str, object]:
    """The four fixed fields: the insatser table's (register's) column, else the reports'."""
    given = register.get(insats.key, {})
    out: dict[str, object] = {}
    for field_id in FIELDS:
        value = given.get(field_id)
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            value = newest_value(insats.files, field_id)
        if isinstance(value, list):
            value = "; ".join(value) if value else None
        out[field_id] = value
    return out


def _register_columns(insatser: pd.DataFrame) -> dict[str, dict[str, object]]:
    cols = [c for c in FIELDS if c in insatser.columns]
    if not cols:
        return {}
    return {str(row["insats_id"]): {c: row[c] for c in cols} for _, row in insatser.iterrows()}


def insatser_table(
    insatser: list[Insats], register: dict[str, dict[str, object]], years: dict[str, set[int]]
) -> pd.DataFrame:
    rows = []
    for insats in insatser:
        if insats.key not in years:
            continue
        ident = insats.ident
        fields = uf_fields(insats, register)
        row: dict[str, object] = {
            "forbund": ident.forbund,
            "insats_id": insats.key,
            "insats_namn": ident.insats_namn,
            "startdatum": ident.beviljad_fran,
            "slutdatum": ident.beviljad_till,
            "inriktning": ident.inriktning,
            **fields,
            "huvudman": ident.huvudman,
        }
        wanted = {"inriktning": ident.inriktning, "beviljad_fran": ident.beviljad_fran,
                  "beviljad_till": ident.beviljad_till, **fields}  # fmt: skip
        missing = [UF_LABELS[f] for f, v in wanted.items() if v is None]
        row["saknas"] = ", ".join(missing) if missing else None
        rows.append(row)
    return frame("uf_insatser", rows)


@dataclass
class Post:
    """One budget post of one insats and year."""

    budget: Decimal | None = None
    utfall: Decimal | None = None
    slag: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    uppskattat: bool = False


def _budget_posts(insats: Insats, year: int) -> tuple[dict[str, Post], int | None]:
    """Budget per post type for ``year``, and the planned participants that year."""
    posts: dict[str, Post] = {}
    b = insats.budget
    if b is not None and year in b.budgetar:
        i = b.budgetar.index(year)
        for slag in KOSTNADSSLAG:
            amount = b.budgetplan.get(slag, [])[i] if i < len(b.budgetplan.get(slag, [])) else ZERO
            if amount:
                post = posts.setdefault(insats.typ(slag, None), Post(budget=ZERO))
                post.budget = (post.budget or ZERO) + amount
                post.slag += (slag,)
        plan = b.planerat_antal_deltagare_ar
        return posts, plan[i] if i < len(plan) else None
    latest, ident = insats.latest, insats.ident
    if latest is None or not ident.beviljad_fran or not ident.beviljad_till:
        return posts, None
    wholes: dict[str, Decimal] = defaultdict(lambda: ZERO)
    slags: dict[str, tuple[str, ...]] = defaultdict(tuple)
    note = SPREAD_REPORT
    if latest.redovisat("budget_") and any(k.budget for k in latest.kostnader):
        for k in latest.kostnader:
            if k.budget:
                typ = insats.typ(k.kostnadsslag, k.budgettyp)
                wholes[typ] += k.budget
                slags[typ] += (k.kostnadsslag,)
    elif latest.budget_endast_summa is not None:
        wholes[TYPES[0]] = latest.budget_endast_summa
    elif ident.beviljat_belopp is not None:
        wholes[TYPES[0]], note = ident.beviljat_belopp, SPREAD_GRANTED
    for typ, whole in wholes.items():
        parts = spread(whole, ident.beviljad_fran, ident.beviljad_till)
        if year in parts:
            posts[typ] = Post(parts[year], None, slags[typ], (f"Budget: {note}",), True)
    return posts, None


def _utfall_posts(insats: Insats, start: date) -> tuple[dict[str, dict[int, Decimal]], set[int]]:
    """Utfall per post type and calendar year from the cumulative figures."""
    reports = chosen(insats.rapporter, "utfall_ack_")
    if not reports:
        return {}, set()
    per_type: dict[str, dict[int, Decimal]] = {}
    estimated: set[int] = set()
    for typ in TYPES:
        acks = [sum((k.utfall_ack for k in r.kostnader if _of(insats, k, typ)), ZERO)
                for r in reports]  # fmt: skip
        if not any(acks):
            continue
        pts = [point(r, ack) for r, ack in zip(reports, acks, strict=True)]
        per_year, est = utfall_per_year(pts, start)
        per_type[typ] = dict(per_year)
        estimated |= est
    return per_type, estimated


def _of(insats: Insats, row: Kostnadsrad, typ: str) -> bool:
    return insats.typ(row.kostnadsslag, row.budgettyp) == typ


def _slag_used(insats: Insats, typ: str) -> tuple[str, ...]:
    if insats.latest is None:
        return ()
    rows = insats.latest.kostnader  # the rows the utfall of this post came from
    return tuple(k.kostnadsslag for k in rows if k.utfall_ack and _of(insats, k, typ))


def _describe(slag: tuple[str, ...]) -> str | None:
    """The post's kostnadsslag, in code-list order."""
    labels = CODE_LISTS["kostnadsslag"]
    return ", ".join(labels.label(s) for s in KOSTNADSSLAG if s in slag) or None


def budget_rows(insats: Insats, ar: int | None, money: Money) -> list[dict[str, object]]:
    start = insats.start
    reports = chosen(insats.rapporter, "utfall_ack_")
    utfall, estimated = _utfall_posts(insats, start) if start else ({}, set())
    last = reports[-1].period_till if reports else None
    rows: list[dict[str, object]] = []
    people = [point(r) for r in chosen(insats.rapporter, "deltagare_")]
    for year in years_of(insats.ident, insats.budget, [point(r) for r in reports] + people):
        if ar is not None and year != ar:
            continue
        posts, planned = _budget_posts(insats, year)
        reached = last is not None and last.year >= year
        for typ in TYPES:
            if typ in utfall and reached:
                post = posts.setdefault(typ, Post())
                post.utfall = utfall[typ].get(year, ZERO)
                if year in estimated:
                    post.uppskattat = True
                    post.notes += ("Utfall: en rapportperiod över årsskiftet fördelad efter "
                                   "antal dagar",)  # fmt: skip
        if not posts:
            posts[TYPES[0]] = Post()
        for n, typ in enumerate(t for t in TYPES if t in posts):
            post = posts[typ]
            notes = list(post.notes)
            if post.utfall is not None and last is not None and last < date(year, 12, 31):
                notes.append(f"Utfall t.o.m. {last.isoformat()} (senaste rapporten)")
            if n == 0 and planned is None and insats.latest is not None:
                total = insats.latest.planerat_antal_deltagare
                if total is not None:
                    notes.append(f"Planerat antal per år saknas; rapporten anger {total} för "
                                 "hela insatsen")  # fmt: skip
            rows.append(
                {
                    "insats_id": insats.key,
                    "insats_namn": insats.ident.insats_namn,
                    "forbund": insats.ident.forbund,
                    "budgetar": year,
                    "planerat_antal_deltagare": planned if n == 0 else None,
                    "budgettyp": typ,
                    "budget": money(post.budget),
                    "utfall": money(post.utfall),
                    "beskrivning": _describe(post.slag + _slag_used(insats, typ)),
                    "uppskattat": post.uppskattat,
                    "anmarkning": "; ".join(notes) or None,
                }
            )
    return rows


def deltagare_rows(insats: Insats, ar: int | None) -> list[dict[str, object]]:
    """Participants per calendar year: by kön (individinriktad) or as a count."""
    start = insats.start
    pts = [point(r) for r in chosen(insats.rapporter, "deltagare_")]
    if start is None or not pts:
        return []
    structural = insats.ident.inriktning == "strukturovergripande"
    rows: list[dict[str, object]] = []
    ending = sorted({p.till.year for p in pts})
    # every year from the start to the last report (a mistyped year never makes a century)
    span = range(start.year, ending[-1] + 1) if 0 <= ending[-1] - start.year <= 30 else ()
    for year in sorted({*ending, *span}):
        if ar is not None and year != ar:
            continue
        people, estimated = deltagare_in_year(pts, year, start)
        base = {"insats_id": insats.key, "insats_namn": insats.ident.insats_namn,
                "forbund": insats.ident.forbund, "ar": year,
                "inriktning": insats.ident.inriktning}  # fmt: skip
        if people is None:  # no report ends this year: its people are counted in a later year
            later = min(y for y in ending if y > year)
            rows.append({**base, "uppskattat": False, "anmarkning": "Ingen rapport slutar "
                         f"under året: deltagarna räknas under {later}"})  # fmt: skip
            continue
        k, m, e = people
        last = max(p.till for p in pts if p.till.year == year)
        notes = []
        if estimated and not any(p.till.year < year for p in pts):
            notes.append(f"Alla inskrivna sedan start {start.isoformat()}: ingen rapport slutar "
                         "tidigare, så några kan ha avslutats före året")  # fmt: skip
        elif estimated:
            notes.append(PREVIOUS_NOT_AT_YEAR_END)
        if last < date(year, 12, 31):
            notes.append(f"T.o.m. {last.isoformat()} (senaste rapporten)")
        if e and not structural:
            notes.append(f"{e} med kön ej angivet ingår inte i kvinnor och män")
        rows.append(
            {
                **base,
                "kvinnor": None if structural else k,
                "man": None if structural else m,
                "totalt": None if structural else k + m,
                "kon_ej_angivet": None if structural else e,
                "antal": k + m + e if structural else None,
                "uppskattat": estimated,
                "anmarkning": "; ".join(notes) or None,
            }
        )
    return rows


def uf_insats_tables(
    res: Resolved, insatser: pd.DataFrame, ar: int | None
) -> dict[str, pd.DataFrame]:
    """uf_insatser, uf_insatsbudget and uf_deltagare (for year ``ar``, or every year)."""
    all_insatser = insatser_of(res)
    budget: list[dict[str, object]] = []
    people: list[dict[str, object]] = []
    years: dict[str, set[int]] = defaultdict(set)
    for insats in all_insatser:
        rows = budget_rows(insats, ar, res.money)
        budget += rows
        people += deltagare_rows(insats, ar)
        if rows:
            years[insats.key] |= {int(str(r["budgetar"])) for r in rows}
    return {
        "uf_insatser": insatser_table(all_insatser, _register_columns(insatser), years),
        "uf_insatsbudget": frame("uf_insatsbudget", budget),
        "uf_deltagare": frame("uf_deltagare", people),
    }
