"""Completeness rules of the rapport, the checks an officer makes first (issue 11, domain §3).

* `ekonomi-saknas`: no actual cost at all. An error in an årsrapport or slutrapport, the reports
  the board and Uppföljning Finsam are built on; a warning in a shorter periodic report.
* `deltagare-saknas`: an individinriktad insats with no participant counts; the same severities.
  A strukturövergripande insats may report participants but need not.
* `aktiva-i-slutrapport`: participants still active when the insats has ended.
* `planerat-avviker`: at the slutrapport, participants since start far from the planned number
  (thresholds ``planerat_min_andel`` / ``planerat_max_andel`` in the config).

"Empty" is judged on the model (an empty cell is 0) and, where the workbook is at hand, on the
raw cells: a cell holding something unreadable was already reported by the build step, and one
problem is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from finsam_xl.issues import Issue, Severity, shown
from finsam_xl.models import Rapport
from finsam_xl.rules import RuleContext, rule
from finsam_xl.schema import CODE_LISTS, DELTAGAR_RADER, KOSTNADSSLAG, Malltyp, field_label
from finsam_xl.wording import Note

R = Malltyp.RAPPORT
# The reports a board decides on: a missing part there is an error, elsewhere a warning.
HELA_AR = frozenset({"arsrapport", "slutrapport"})
KON = ("kvinnor", "man")  # 2.0: add the "kön ej angivet" column here once the model has it


def _rapport(ctx: RuleContext) -> Rapport | None:
    return ctx.model if isinstance(ctx.model, Rapport) else None


def _severity(m: Rapport) -> Severity:
    return Severity.ERROR if m.rapporttyp in HELA_AR else Severity.WARNING


def _typ_label(m: Rapport) -> str:
    if m.rapporttyp:
        return CODE_LISTS["rapporttyp"].label(m.rapporttyp)  # the workbook's own word
    return Note("Rapporten", "The report")


def _something_typed(ctx: RuleContext, field_id: str) -> bool:
    """A raw cell holding anything but nothing or 0 (e.g. text the build step could not read)."""
    cell = ctx.cellmap.scalars.get(field_id)
    return cell is not None and not cell.is_empty and cell.value not in (0, "0")


def ekonomi_redovisad(ctx: RuleContext, m: Rapport) -> bool:
    """Any actual cost, for the period or since start, on any kostnadsslag."""
    fields = [f"{p}_{s}" for s in KOSTNADSSLAG for p in ("utfall", "utfall_ack")]
    if any(k.utfall != 0 or k.utfall_ack != 0 for k in m.kostnader):
        return True
    return any(_something_typed(ctx, f) for f in fields)


@rule("ekonomi-saknas", R)
def ekonomi_saknas(ctx: RuleContext) -> Iterator[Issue]:
    if (m := _rapport(ctx)) is None or ekonomi_redovisad(ctx, m):
        return
    # On the first actual cell: that is where filling in starts.
    yield ctx.issue(
        "ekonomi-saknas", f"utfall_{KOSTNADSSLAG[0]}", label=_typ_label(m), severity=_severity(m)
    )


def antal_totalt(m: Rapport, rad: str) -> int:
    """Everyone in a participant row, whatever their kön."""
    row = m.deltagare[rad]
    return sum(int(getattr(row, kol)) for kol in KON)


def deltagare_redovisade(ctx: RuleContext, m: Rapport) -> bool:
    if any(antal_totalt(m, rad) != 0 for rad in DELTAGAR_RADER):
        return True
    return any(
        _something_typed(ctx, f"deltagare_{rad}_{kol}") for rad in DELTAGAR_RADER for kol in KON
    )


@rule("deltagare-saknas", R)
def deltagare_saknas(ctx: RuleContext) -> Iterator[Issue]:
    m = _rapport(ctx)
    if m is None or m.identitet.inriktning != "individinriktad" or deltagare_redovisade(ctx, m):
        return
    yield ctx.issue(
        "deltagare-saknas", "deltagare_nya_kvinnor", label=_typ_label(m), severity=_severity(m)
    )


@rule("aktiva-i-slutrapport", R)
def aktiva_i_slutrapport(ctx: RuleContext) -> Iterator[Issue]:
    m = _rapport(ctx)
    if m is None or m.rapporttyp != "slutrapport" or (aktiva := antal_totalt(m, "aktiva")) <= 0:
        return
    row = m.deltagare["aktiva"]
    kol = next(k for k in KON if getattr(row, k) > 0)  # the first cell that holds some of them
    yield ctx.issue(
        "aktiva-i-slutrapport", f"deltagare_aktiva_{kol}", value=aktiva,
        label=field_label(f"deltagare_aktiva_{kol}"),
    )  # fmt: skip


@rule("planerat-avviker", R)
def planerat_avviker(ctx: RuleContext) -> Iterator[Issue]:
    """Participants since start under/over the configured share of planned, at the end."""
    m = _rapport(ctx)
    if m is None or m.rapporttyp != "slutrapport" or not m.planerat_antal_deltagare:
        return
    planerat = m.planerat_antal_deltagare
    totalt = antal_totalt(m, "totalt")
    if totalt <= 0 or planerat <= 0:
        return  # no counts at all is `deltagare-saknas`; a negative plan is `negativt`
    andel = Decimal(totalt) / Decimal(planerat)
    cfg = ctx.config
    if cfg.planerat_min_andel <= andel <= cfg.planerat_max_andel:
        return
    pct = (andel * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    yield ctx.issue(
        "planerat-avviker", "planerat_antal_deltagare", value=planerat,
        label=field_label("planerat_antal_deltagare"), shown=shown(totalt), expected=planerat,
        andel=f"{pct}\u00a0%",
    )  # fmt: skip
