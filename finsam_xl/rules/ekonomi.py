"""Money rules of the rapport: sums, negative amounts, budget deviations, spending over the grant.

The deviation rule compares cumulative utfall with the share of the budget that time has used up
(domain §7.2 E2/E3): expected = budget × elapsed share of the granted period, whole budget in a
slutrapport. Sums are always recomputed from the kostnadsslag rows; the sum cells are only checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from finsam_xl.forbund.model import Forbundsar
from finsam_xl.issues import Issue, shown
from finsam_xl.models import ZERO, Kostnadsrad, Rapport
from finsam_xl.rules import RuleContext, blank, rule
from finsam_xl.rules.ackumulerat import ALLA, opalitliga_rader
from finsam_xl.schema import Malltyp, field_label

R = Malltyp.RAPPORT
Prefix = Literal["budget", "utfall", "utfall_ack"]
SUMMOR: tuple[Prefix, ...] = ("budget", "utfall", "utfall_ack")


def _rapport(ctx: RuleContext) -> Rapport | None:
    return ctx.model if isinstance(ctx.model, Rapport) else None


@rule("summa-fel", R)
def summa_fel(ctx: RuleContext) -> Iterator[Issue]:
    """A sum cell whose cached value disagrees with its parts (an overwritten formula)."""
    if (m := _rapport(ctx)) is None:
        return
    for prefix in SUMMOR:
        stated = m.summor_angivna.get(prefix)
        if stated is None:  # no cached value: nothing was shown to the reader, nothing to check
            continue
        parts = m.summa(prefix)
        if abs(stated - parts) > ctx.config.summa_tolerans_kr:
            yield ctx.issue(
                "summa-fel", f"{prefix}_summa", value=stated, label=field_label(f"{prefix}_summa"),
                expected=parts,
            )  # fmt: skip


@rule("negativt", R)
def negativt_belopp(ctx: RuleContext) -> Iterator[Issue]:
    """A negative amount is an error unless its row explains it (credit notes happen, E6)."""
    if (m := _rapport(ctx)) is None:
        return
    for row in m.kostnader:
        if not blank(row.kommentar):
            continue
        for prefix in SUMMOR:
            amount: Decimal = getattr(row, prefix)
            if amount < 0:
                field_id = f"{prefix}_{row.kostnadsslag}"
                yield ctx.issue(
                    "negativt", field_id, value=amount,
                    label=field_label(field_id),
                    detail=" Är beloppet en kreditering, skriv det i radens kommentar; annars "
                    "rätta beloppet.",
                    detail_en=" If it is a credit note, say so in the row's comment.",
                )  # fmt: skip


@rule("negativt")
def negativt_beviljat(ctx: RuleContext) -> Iterator[Issue]:
    """A negative granted amount is never a credit note: it has no comment to explain it."""
    m = ctx.model
    beviljat = None if isinstance(m, Forbundsar) else m.identitet.beviljat_belopp
    if beviljat is not None and beviljat < 0:
        yield ctx.issue(
            "negativt", "beviljat_belopp", value=beviljat, label=field_label("beviljat_belopp"),
            detail=" Skriv beviljat belopp utan minustecken.",
            detail_en=" Write the granted amount without a minus sign.",
        )  # fmt: skip


@dataclass(frozen=True)
class Avvikelse:
    """One flagged budget deviation: the row (None = the total) and its figures."""

    row: Kostnadsrad | None
    utfall_ack: Decimal
    expected: Decimal

    @property
    def deviation(self) -> Decimal:
        return self.utfall_ack - self.expected


def elapsed_share(m: Rapport) -> Decimal | None:
    """How much of the granted period has passed at period_till, 0..1; None if it cannot be known.

    Days are counted inclusively at both ends, as the granted period is "fr.o.m. … t.o.m.". A
    slutrapport is measured against the whole budget whatever its dates say.
    """
    if m.rapporttyp == "slutrapport":
        return Decimal(1)
    fran, till = m.identitet.beviljad_fran, m.identitet.beviljad_till
    if fran is None or till is None or m.period_till is None or fran > till:
        return None
    share = Decimal((m.period_till - fran).days + 1) / Decimal((till - fran).days + 1)
    return min(max(share, ZERO), Decimal(1))


def avvikelser(ctx: RuleContext) -> list[Avvikelse]:
    """Rows and total whose cumulative utfall is off the time-proportional budget (E2).

    Rows whose cumulative figure is already reported wrong are skipped, and the total with them.
    """
    m = _rapport(ctx)
    if m is None or (share := elapsed_share(m)) is None:
        return []
    cfg = ctx.config
    # A cumulative figure already called wrong (the period typed as cumulative, say) is not
    # measured against the budget: that would repeat one mistake as a dozen deviations.
    wrong = opalitliga_rader(ctx)
    if ALLA in wrong:
        return []
    # a budget decided only as a total has no rows to compare: only the total is judged
    only_total = m.budget_endast_summa is not None and m.summa("budget") == 0
    rows = [] if only_total else [r for r in m.kostnader if r.kostnadsslag not in wrong]
    candidates = [Avvikelse(row, row.utfall_ack, row.budget * share) for row in rows]
    if not wrong:
        candidates.append(Avvikelse(None, m.summa("utfall_ack"), m.budget_hela * share))
    return [
        a
        for a in candidates
        if abs(a.deviation) > max(cfg.budgetavvikelse_andel * a.expected, cfg.budgetavvikelse_kr)
    ]


def procent(deviation: Decimal, expected: Decimal) -> str:
    """'+21,5 %': the deviation as a signed Swedish percentage of the expected amount."""
    pct = (deviation * 100 / expected).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if pct > 0 else ("−" if pct < 0 else "±")
    return f"{sign}{abs(pct):.1f}\u00a0%".replace(".", ",")


def _detail(a: Avvikelse) -> tuple[str, str]:
    if a.expected > 0:
        pct = procent(a.deviation, a.expected)
        return pct, f"{pct.replace(',', '.')} against budget"
    return "ingen budget för posten", "no budget for this item"


@rule("budgetavvikelse", R)
def budgetavvikelse(ctx: RuleContext) -> Iterator[Issue]:
    for a in avvikelser(ctx):
        if a.row is None:
            field_id, label = "utfall_ack_summa", field_label("utfall_ack_summa")
        else:
            field_id = f"utfall_ack_{a.row.kostnadsslag}"
            label = field_label(field_id)
        detail, detail_en = _detail(a)
        m = _rapport(ctx)
        whole = m is not None and m.rapporttyp == "slutrapport"  # the whole budget, not a share
        # only a kostnadsslag row has a comment cell; the total is explained in the text
        atgard = (
            "Förklara avvikelsen under Avvikelser och åtgärder."
            if a.row is None
            else "Förklara avvikelsen i kolumnen Kommentar."
        )
        yield ctx.issue(
            "budgetavvikelse", field_id, value=a.utfall_ack, label=label,
            expected=a.expected.quantize(Decimal(1), rounding=ROUND_HALF_UP),
            detail=detail, detail_en=detail_en, atgard=atgard,
            mot="budget" if whole else "förväntat efter tiden",
        )  # fmt: skip


@rule("avvikelse-utan-kommentar", R)
def avvikelse_utan_kommentar(ctx: RuleContext) -> Iterator[Issue]:
    """A deviating kostnadsslag row must say why (E5); the total has no comment cell of its own."""
    for a in avvikelser(ctx):
        if a.row is not None and blank(a.row.kommentar):
            field_id = f"kommentar_{a.row.kostnadsslag}"
            label = field_label(f"utfall_ack_{a.row.kostnadsslag}")
            yield ctx.issue(
                "avvikelse-utan-kommentar", field_id, value=a.row.kommentar, label=label
            )


@rule("over-beviljat", R)
def over_beviljat(ctx: RuleContext) -> Iterator[Issue]:
    """Cumulative utfall above the granted amount (E4). A missing grant is `saknas`, not this."""
    if (m := _rapport(ctx)) is None or (beviljat := m.identitet.beviljat_belopp) is None:
        return
    total = m.summa("utfall_ack")
    if total > beviljat:
        yield ctx.issue(
            "over-beviljat", "utfall_ack_summa", value=total, label=field_label("utfall_ack_summa"),
            detail=f"Ackumulerat utfall {shown(total)} kr är {shown(total - beviljat)} kr mer än "
            f"beviljat belopp {shown(beviljat)} kr. Kontrollera utfallet och beviljat belopp; "
            "kostnader över beviljat belopp måste stämmas av med förbundet.",
            detail_en=f"Cumulative actual {total} kr exceeds the granted {beviljat} kr.",
        )  # fmt: skip
