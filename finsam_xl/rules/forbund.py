"""Rules of the förbund's own workbook (domain rules E7–E9): the money it has and what it decided.

* ``medlemsbidrag-fordelning`` (E8): Finsamlagen §5 — Försäkringskassan pays the state's half,
  Arbetsförmedlingen's share included (Af's 0 kr is right), the region a quarter, the kommuner a
  quarter together; checked for budget and utfall, each within a tolerance in percentage points.
* ``nyckel-summa``: the kommuner's keys (percent of their quarter) add up to 100.
* ``eget-kapital-hogt`` (E9): eget kapital against Nationella rådet's reasonable level, a staircase
  by the size of the year's contributions (a setting, see finsam_xl.config).
* ``beslutat-over-medel`` (E7): what the styrelse decided for the year plus the kansli's budget
  against the year's means (contributions, other income) plus eget kapital at the start.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from finsam_xl.config import EGET_KAPITAL_TRAPPA
from finsam_xl.forbund.model import ZERO, Forbundsar, Medlem
from finsam_xl.issues import Issue
from finsam_xl.parse_numbers import sv_number
from finsam_xl.rules import RuleContext, rule
from finsam_xl.schema import Malltyp

FORBUND = Malltyp.FORBUND
HUNDRED = Decimal(100)
STATEN = ("forsakringskassan", "arbetsformedlingen")  # FK pays the state's half, Af's included
SHARES = (("staten", Decimal(50)), ("region", Decimal(25)), ("kommun", Decimal(25)))
WHO = {
    "staten": ("Försäkringskassan (med Arbetsförmedlingens del)", "Försäkringskassan (with Af)"),
    "region": ("regionen", "the region"),
    "kommun": ("kommunerna tillsammans", "the kommuner together"),
}
LAGE = {"bidrag_budget": ("budget", "budget"), "bidrag_utfall": ("erhållet", "received")}
KEY_TOLERANCE = Decimal("0.05")  # percentage points: keys are often rounded to one decimal


def _model(ctx: RuleContext) -> Forbundsar | None:
    return ctx.model if isinstance(ctx.model, Forbundsar) else None


def kr(value: Decimal) -> str:
    return sv_number(value, 0) + "\u00a0kr"


def pct(value: Decimal) -> str:
    return sv_number(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), 1) + "\u00a0%"


def _part(m: Medlem) -> str:
    return "staten" if m.part_typ in STATEN else (m.part_typ or "okand")


def split(medlemmar: list[Medlem], column: str) -> tuple[Decimal, dict[str, Decimal]] | None:
    """(total, percent per part: staten / region / kommun / others) of one bidrag column."""
    amounts = [(m, getattr(m, column)) for m in medlemmar]
    known = [(m, a) for m, a in amounts if a is not None]
    total = sum((a for _, a in known), ZERO)
    if not known or total <= 0:
        return None
    out: dict[str, Decimal] = {}
    for m, a in known:
        out[_part(m)] = out.get(_part(m), ZERO) + a * HUNDRED / total
    return total, out


@rule("medlemsbidrag-fordelning", FORBUND)
def medlemsbidrag_fordelning(ctx: RuleContext) -> Iterator[Issue]:
    m = _model(ctx)
    if m is None or not m.medlemmar:
        return
    tolerance = ctx.config.medlemsbidrag_tolerans_pp
    for column, (lage, lage_en) in LAGE.items():
        result = split(m.medlemmar, column)
        if result is None:
            continue
        total, shares = result
        off = [(p, want) for p, want in SHARES if abs(shares.get(p, ZERO) - want) > tolerance]
        others = sum((v for p, v in shares.items() if p not in WHO), ZERO)
        if not off and others == 0:
            continue
        given = ", ".join(f"{WHO[p][0]} {pct(shares.get(p, ZERO))}" for p, _ in SHARES)
        given_en = ", ".join(f"{WHO[p][1]} {pct(shares.get(p, ZERO))}" for p, _ in SHARES)
        extra = f", övriga {pct(others)}" if others else ""
        extra_en = f", others {pct(others)}" if others else ""
        yield ctx.issue(
            "medlemsbidrag-fordelning", "medlemmar", m.medlemmar[0].rad, column,
            value=total,
            detail=f"Medlemsbidragen ({lage}, totalt {kr(total)}) fördelas {given}{extra}. "
            "Enligt Finsamlagen § 5 betalar Försäkringskassan hälften (Arbetsförmedlingens del "
            "inräknad, så Arbetsförmedlingen står med 0 kr), regionen en fjärdedel och kommunerna "
            "tillsammans en fjärdedel. Rätta beloppen eller typ av part i tabellen Medlemmar",
            detail_en=f"Contributions ({lage_en}, {kr(total)} in all) split {given_en}{extra_en}; "
            "the law says 50/25/25 (Försäkringskassan including Af's share, the region, the "
            "kommuner together). Correct the amounts or the part types",
        )  # fmt: skip


@rule("nyckel-summa", FORBUND)
def nyckel_summa(ctx: RuleContext) -> Iterator[Issue]:
    m = _model(ctx)
    if m is None:
        return
    kommuner = [k for k in m.medlemmar if k.part_typ == "kommun"]
    keys = [k.nyckel for k in kommuner if k.nyckel is not None]
    if not keys:
        return  # no key given: nothing to add up (one kommun needs none)
    total = sum(keys, ZERO)
    missing = [k for k in kommuner if k.nyckel is None]
    if abs(total - HUNDRED) <= KEY_TOLERANCE and not missing:
        return
    names = ", ".join(k.namn or f"rad {k.rad + 1}" for k in missing)
    saknas = f" {names} saknar andel." if missing else ""
    first = (missing or kommuner)[0]
    yield ctx.issue(
        "nyckel-summa", "medlemmar", first.rad, "nyckel", value=total,
        detail=f"Kommunernas andelar av kommunernas fjärdedel blir {pct(total)}, inte 100\u00a0%."
        f"{saknas} Skriv varje kommuns andel enligt förbundsordningen så att summan blir 100",
        detail_en=f"The kommuner's keys add up to {pct(total)}, not 100\u00a0%; write each "
        "kommun's share as the förbundsordning gives it",
    )  # fmt: skip


def reasonable_share(tilldelat: Decimal, trappa: tuple[tuple[Decimal, Decimal], ...]) -> Decimal:
    """The staircase's highest share of the year's contributions for a förbund of this size."""
    share = trappa[0][1]
    for start, step_share in trappa:
        if tilldelat >= start:
            share = step_share
    return share


@rule("eget-kapital-hogt", FORBUND)
def eget_kapital_hogt(ctx: RuleContext) -> Iterator[Issue]:
    m = _model(ctx)
    if m is None:
        return
    # the bokslut's figures when there, else the year's start and budget
    field_id, kapital = (
        ("eget_kapital_ub", m.eget_kapital_ub)
        if m.eget_kapital_ub is not None
        else ("eget_kapital_ib", m.eget_kapital_ib)
    )
    tilldelat = m.tilldelat_utfall if m.tilldelat_utfall else m.tilldelat_budget
    if kapital is None or not tilldelat or tilldelat <= 0:
        return
    share = reasonable_share(tilldelat, ctx.config.eget_kapital_trappa)
    limit = tilldelat * share
    if kapital <= limit:
        return
    when = "vid årets slut" if field_id == "eget_kapital_ub" else "vid årets början"
    # The default staircase is an assumption (config.EGET_KAPITAL_TRAPPA): a board must not read
    # it as Nationella rådet's published level, so the message says whose steps it used.
    if ctx.config.eget_kapital_trappa == EGET_KAPITAL_TRAPPA:
        whose = (
            "Enligt finsam-xl:s antagna trappa (inte kontrollerad mot Nationella rådets "
            "rekommendation; ange den i finsam-xl.toml, [regler] eget_kapital_trappa) är "
            "den rimliga nivån",
            "by finsam-xl's assumed staircase (not checked against Nationella rådet's "
            "recommendation; set it in finsam-xl.toml, [regler] eget_kapital_trappa)",
        )
    else:
        whose = (
            "Enligt förbundets inställda trappa är Nationella rådets rimliga nivå",
            "by the förbund's staircase setting",
        )
    yield ctx.issue(
        "eget-kapital-hogt", field_id, value=kapital,
        detail=f"Eget kapital {when} är {kr(kapital)}, {pct(kapital * HUNDRED / tilldelat)} av "
        f"årets medlemsbidrag {kr(tilldelat)}. {whose[0]} för ett förbund av den storleken "
        f"högst {pct(share * HUNDRED)} ({kr(limit)}). Ett högre eget kapital kan minska "
        "statens tilldelning nästa år: besluta hur överskottet ska användas",
        detail_en=f"Equity {kr(kapital)} is above the reasonable level {kr(limit)} "
        f"({pct(share * HUNDRED)} of this year's contributions {kr(tilldelat)}), {whose[1]}",
    )  # fmt: skip


@rule("beslutat-over-medel", FORBUND)
def beslutat_over_medel(ctx: RuleContext) -> Iterator[Issue]:
    m = _model(ctx)
    if m is None or m.ar is None:
        return
    rows = [b for b in m.beslut if b.ar == m.ar and b.belopp is not None]
    tilldelat = m.tilldelat_budget
    if not rows or tilldelat is None:
        return
    beslutat = m.beslutat(m.ar)
    kansli = m.administrativa_kostnader_budget or ZERO
    medel = tilldelat + (m.ovriga_intakter_budget or ZERO) + (m.eget_kapital_ib or ZERO)
    if beslutat + kansli <= medel:
        return
    yield ctx.issue(
        "beslutat-over-medel", "beslut", rows[0].rad, "belopp", value=beslutat,
        detail=f"För {m.ar} har styrelsen beslutat {kr(beslutat)} till insatser och budgeterat "
        f"{kr(kansli)} för kansliet, {kr(beslutat + kansli - medel)} mer än årets medel "
        f"{kr(medel)} (medlemsbidrag, övriga intäkter och eget kapital vid årets början). "
        "Kontrollera beloppen i Beslut, eller planera hur underskottet ska täckas",
        detail_en=f"{m.ar}: {kr(beslutat)} decided for insatser plus {kr(kansli)} for the "
        f"kansli exceed the year's means {kr(medel)} by {kr(beslutat + kansli - medel)}",
    )  # fmt: skip
