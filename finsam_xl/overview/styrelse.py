"""The board's view per year: what is committed, what is left to decide on, where the money went.

Three tables (declared in ``columns.BOARD_TABLES``), computed from the consolidation's tables and
the förbund's own economy (``Consolidation.forbundsar``, one ``Forbundsar`` per förbund and year):

* ``styrelse_insatser``, per insats and year: *beviljat för året* is the styrelse's beslut for
  that insats and year when the förbund's workbook lists beslut for the insats, else the year's
  budget of Uppföljning Finsam (budgetunderlag, or the granted money spread by days: the cover
  rule); *Beviljat enligt* says which. Utfall is Uppföljning Finsam's; the prognos of a closed
  year is its utfall, of the latest report's year the report's "prognos i år". Money committed
  for coming years is the sum of the later years' beviljat; *ej förbrukat att återföra* is, on
  the last year of an insats with a slutrapport, beviljat belopp − utfall since start.
* ``styrelse_ar``, per förbund and year: the förbund's contributions, kansli and eget kapital
  beside the sums of its insatser's rows, and
  ``kvar att besluta om = tilldelade medel + övriga intäkter − administrativa kostnader −
  beslutat till insatser`` (all budget: the year's plan).
* ``styrelse_medlemmar``, per förbund, year and huvudman (part type and kommun, from the
  insatser table's ``huvudman_part_typ`` / ``huvudman_kommun``; "ej angivet" where absent): the
  year's insats money and its share, beside that member's share of the contributions.

A figure nobody gave stays empty (the overview shows "ej redovisat"), never 0; every sum says in
``tacker`` how many insatser it covers. Beslut for the same insats and year in several of the
förbund's workbooks: the latest workbook's (a later decision replaces an earlier one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from finsam_xl.consolidation.columns import Money, share, typed_frame
from finsam_xl.forbund import Forbundsar, Medlem
from finsam_xl.overview.columns import BOARD_TABLES, EJ_ANGIVET, PART_TYP
from finsam_xl.schema import normalise_key

ZERO = Decimal(0)
_PART_CODE = {**{c: c for c in PART_TYP}, **{label.casefold(): c for c, label in PART_TYP.items()}}


@dataclass
class InsatsAr:
    """One insats in one year, machine values (kronor as int, None where unknown)."""

    forbund: str | None
    key: str
    namn: str | None
    ar: int
    medel: int | None
    kalla: str | None
    utfall: int | None
    prognos: int | None = None
    bundet: int | None = None
    ej_forbrukat: int | None = None
    part_typ: str = EJ_ANGIVET
    kommun: str = EJ_ANGIVET


def _fkey(name: object) -> str:
    return normalise_key(name) if isinstance(name, str) else ""


def _value(v: object) -> Any:
    """A cell of the consolidation's frames as a plain Python value, None for empty."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v.item() if hasattr(v, "item") else v


def _records(df: pd.DataFrame | None) -> list[dict[str, Any]]:
    if df is None or df.empty:
        return []
    return [{str(k): _value(v) for k, v in row.items()} for row in df.to_dict("records")]


def beslut_per_insats(forbundsar: Sequence[Forbundsar]) -> dict[tuple[str, str], dict[int, int]]:
    """(förbund key, insats key) -> year -> kronor granted, from the latest workbook that gives
    that insats and year (rows of one workbook for the same insats and year add up)."""
    money = Money()
    best: dict[tuple[str, str, int], tuple[int, Decimal]] = {}
    for fa in forbundsar:
        mine: dict[tuple[str, str, int], Decimal] = defaultdict(lambda: ZERO)
        for b in fa.beslut:
            key = b.key(fa.forbund)
            if b.ar is None or b.belopp is None or key is None:
                continue
            mine[(_fkey(fa.forbund), key, b.ar)] += b.belopp
        for k, amount in mine.items():
            if k not in best or (fa.ar or 0) >= best[k][0]:
                best[k] = (fa.ar or 0, amount)
    out: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for (f, key, year), (_, amount) in best.items():
        out[(f, key)][year] = money(amount) or 0
    return out


def _closed(year: int, latest_till: date | None, slutrapport: bool) -> bool:
    """Has the insats reported the whole year (so its prognos is its utfall)?"""
    if latest_till is None:
        return False
    return latest_till >= date(year, 12, 31) or (slutrapport and latest_till.year == year)


def _beslut_names(forbundsar: Sequence[Forbundsar]) -> dict[str, tuple[str | None, str | None]]:
    names: dict[str, tuple[str | None, str | None]] = {}
    for fa in forbundsar:
        for b in fa.beslut:
            key = b.key(fa.forbund)
            if key and (key not in names or b.insats_namn):
                names[key] = (fa.forbund, b.insats_namn)
    return names


def insats_years(
    tables: Mapping[str, pd.DataFrame], forbundsar: Sequence[Forbundsar]
) -> list[InsatsAr]:
    """Every insats and year the reports or the förbund's beslut know of, ordered."""
    # A row without an insats key or year (a report read only in part) has no place here.
    insatser = {str(r["insats_id"]): r for r in _records(tables.get("insatser"))
                if r.get("insats_id") is not None}  # fmt: skip
    uf: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for r in _records(tables.get("uppfoljning_finsam")):
        if r.get("insats_id") is not None and r.get("ar") is not None:
            uf[str(r["insats_id"])][int(r["ar"])] = r
    beslut = beslut_per_insats(forbundsar)
    by_key = {key: f for f, key in beslut}
    names = _beslut_names(forbundsar)
    rows: list[InsatsAr] = []
    for key in sorted(set(insatser) | set(uf) | set(by_key)):
        ins = insatser.get(key, {})
        years_uf = uf.get(key, {})
        forbund = (
            ins.get("forbund")
            or next((r["forbund"] for r in years_uf.values() if r.get("forbund")), None)
            or names.get(key, (None, None))[0]
        )
        decided = beslut.get((_fkey(forbund), key), {})
        namn = (
            ins.get("insats_namn")
            or next((r["insats_namn"] for r in years_uf.values() if r.get("insats_namn")), None)
            or names.get(key, (None, None))[1]
        )
        latest_till = ins.get("senaste_period_till")
        slut = ins.get("senaste_rapporttyp") == "slutrapport"
        part = ins.get("huvudman_part_typ")
        part_text = (
            PART_TYP.get(_PART_CODE.get(str(part).casefold(), ""), str(part))
            if (part)
            else EJ_ANGIVET
        )
        kommun = ins.get("huvudman_kommun") or EJ_ANGIVET
        mine: list[InsatsAr] = []
        for year in sorted(set(years_uf) | set(decided)):
            u = years_uf.get(year, {})
            if decided:
                medel, kalla = decided.get(year), "beslut" if year in decided else None
            else:
                medel, kalla = u.get("budget"), u.get("budget_kalla")
            utfall = u.get("utfall")
            if _closed(year, latest_till, slut):
                prognos = utfall
            elif latest_till is not None and latest_till.year == year:
                prognos = ins.get("prognos_ar")
            else:
                prognos = None
            mine.append(
                InsatsAr(
                    forbund,
                    key,
                    namn,
                    year,
                    medel,
                    kalla,
                    utfall,
                    prognos,
                    part_typ=part_text,
                    kommun=str(kommun),
                )
            )
        for i, row in enumerate(mine):
            later = [r.medel for r in mine[i + 1 :]]
            known = [m for m in later if m is not None]
            row.bundet = 0 if not later else (sum(known) if known else None)
        granted, spent = ins.get("beviljat_belopp"), ins.get("utfall_ack_summa")
        if mine and slut and granted is not None and spent is not None:
            mine[-1].ej_forbrukat = granted - spent
        rows.extend(mine)
    rows.sort(key=lambda r: (_fkey(r.forbund), r.ar, r.namn or "", r.key))
    return rows


def _sum(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _covers(rows: list[InsatsAr], fa: Forbundsar | None) -> str:
    n = len(rows)
    parts = []
    if n:
        by: dict[str, int] = defaultdict(int)
        for r in rows:
            if r.medel is not None and r.kalla:
                by[r.kalla] += 1
        sources = ", ".join(f"{k} {_KALLA_ORD[c]}" for c, k in sorted(by.items()))
        parts.append(
            f"Beslutat: {sum(by.values())} av {n} insatser" + (f" ({sources})" if sources else "")
        )
        parts.append(f"utfall från {sum(r.utfall is not None for r in rows)} av {n}")
        parts.append(f"prognos från {sum(r.prognos is not None for r in rows)} av {n}")
    else:
        parts.append("Inga insatser detta år")
    if fa is None:
        parts.append("förbundets ekonomi ej redovisad")
    elif fa.ovriga_intakter_budget is None:
        parts.append("övriga intäkter ej redovisade")
    return "; ".join(parts)


_KALLA_ORD = {
    "beslut": "enligt styrelsens beslut",
    "budget": "enligt budgetunderlag",
    "periodiserad": "enligt rapportens budget",
    "beviljat": "enligt beviljat belopp",
}


def _latest(forbundsar: Sequence[Forbundsar]) -> dict[tuple[str, int], Forbundsar]:
    """(förbund key, year) -> its workbook (a later-listed duplicate wins: the reader's order)."""
    return {(_fkey(fa.forbund), fa.ar): fa for fa in forbundsar if fa.ar is not None}


def year_rows(rows: list[InsatsAr], forbundsar: Sequence[Forbundsar]) -> list[dict[str, Any]]:
    money = Money()
    econ = _latest(forbundsar)
    groups: dict[tuple[str, int], list[InsatsAr]] = defaultdict(list)
    names: dict[str, str | None] = {}
    for r in rows:
        groups[(_fkey(r.forbund), r.ar)].append(r)
        names.setdefault(_fkey(r.forbund), r.forbund)
    for (f, _), workbook in econ.items():
        names[f] = workbook.forbund or names.get(f)
    out = []
    for f, year in sorted(set(groups) | set(econ)):
        mine, fa = groups.get((f, year), []), econ.get((f, year))
        beslutat = _sum(r.medel for r in mine)
        if beslutat is None and fa is not None:
            beslutat = 0  # the förbund's workbook for the year is there: nothing decided yet
        tilldelat = money(fa.tilldelat_budget) if fa else None
        admin = money(fa.administrativa_kostnader_budget) if fa else None
        ovriga = money(fa.ovriga_intakter_budget) if fa else None
        kvar = None
        if tilldelat is not None and admin is not None and beslutat is not None:
            kvar = tilldelat + (ovriga or 0) - admin - beslutat
        ub = money(fa.eget_kapital_ub) if fa else None
        out.append(
            {
                "forbund": names.get(f),
                "ar": year,
                "tilldelade_medel": tilldelat,
                "inbetalt": money(fa.tilldelat_utfall) if fa else None,
                "ovriga_intakter": ovriga,
                "administrativa_kostnader_budget": admin,
                "administrativa_kostnader_utfall": money(fa.administrativa_kostnader_utfall)
                if fa
                else None,
                "beslutat_insatser": beslutat,
                "utfall_insatser": _sum(r.utfall for r in mine),
                "prognos_insatser": _sum(r.prognos for r in mine),
                "kvar_att_besluta": kvar,
                "eget_kapital_ib": money(fa.eget_kapital_ib) if fa else None,
                "eget_kapital_ub": ub,
                "eget_kapital_andel": share(ub, tilldelat),
                "tacker": _covers(mine, fa),
            }
        )
    return out


def _member_share(fa: Forbundsar | None, part: str, kommun: str) -> float | None:
    """The contributions' share of the members matching a huvudman's part type (and kommun)."""
    whole = fa.tilldelat_budget if fa else None
    if fa is None or not whole or part == EJ_ANGIVET:
        return None
    code = _PART_CODE.get(part.casefold())

    def matches(m: Medlem) -> bool:
        if _PART_CODE.get((m.part_typ or "").casefold()) != code:
            return False
        if code != "kommun":
            return True
        wanted = kommun.casefold().strip()
        return wanted in {(m.namn or "").casefold().strip(), (m.kommunkod or "").strip()}

    found = [m.bidrag_budget for m in fa.medlemmar if matches(m) and m.bidrag_budget is not None]
    return share(sum(found, ZERO), whole) if found else None


def member_rows(rows: list[InsatsAr], forbundsar: Sequence[Forbundsar]) -> list[dict[str, Any]]:
    econ = _latest(forbundsar)
    groups: dict[tuple[str, int, str, str], list[InsatsAr]] = defaultdict(list)
    totals: dict[tuple[str, int], int | None] = {}
    for r in rows:
        groups[(_fkey(r.forbund), r.ar, r.part_typ, r.kommun)].append(r)
    for f, year in {(g[0], g[1]) for g in groups}:
        totals[(f, year)] = _sum(
            r.medel for g, rs in groups.items() if g[:2] == (f, year) for r in rs
        )
    out = []
    for (f, year, part, kommun), mine in sorted(groups.items()):
        medel = _sum(r.medel for r in mine)
        out.append(
            {
                "forbund": mine[0].forbund,
                "ar": year,
                "huvudman_part_typ": part,
                "huvudman_kommun": kommun,
                "antal_insatser": len(mine),
                "medel_ar": medel,
                "medel_andel": share(medel, totals[(f, year)]),
                "utfall_ar": _sum(r.utfall for r in mine),
                "bidrag_andel": _member_share(econ.get((f, year)), part, kommun),
            }
        )
    return out


def _frame(table_id: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    return typed_frame({c.id: c.dtype for c in BOARD_TABLES[table_id].columns}, rows)


def board_tables(
    tables: Mapping[str, pd.DataFrame], forbundsar: Sequence[Forbundsar]
) -> dict[str, pd.DataFrame]:
    """The three board tables, typed as declared (amounts Int64, shares float, text str)."""
    per_insats = insats_years(tables, forbundsar)
    insats_rows = [
        {
            "forbund": r.forbund,
            "insats_id": r.key,
            "insats_namn": r.namn,
            "ar": r.ar,
            "medel_ar": r.medel,
            "medel_kalla": r.kalla,
            "utfall_ar": r.utfall,
            "prognos_ar": r.prognos,
            "forbrukat_andel": share(r.utfall, r.medel),
            "bundet_kommande_ar": r.bundet,
            "ej_forbrukat": r.ej_forbrukat,
        }
        for r in per_insats
    ]
    return {
        "styrelse_ar": _frame("styrelse_ar", year_rows(per_insats, forbundsar)),
        "styrelse_insatser": _frame("styrelse_insatser", insats_rows),
        "styrelse_medlemmar": _frame("styrelse_medlemmar", member_rows(per_insats, forbundsar)),
    }
