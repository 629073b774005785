"""Rules of the budget template: its years, negative amounts, and the plan against the grant.

"At least one budget year" is not here: the build step reports `saknas` at `budgetar` when the row
holds no year, and a year column with amounts but no year; a second issue at the same cell would
report one gap twice.

Positions: the model keeps only the years that were filled in, with ``budgetar_kolumner`` saying
which template column (ar1…ar5) each stood in; plan amounts and planned participants are aligned
with those years, so the i-th amount lives in column ``ar{budgetar_kolumner[i] + 1}``.
"""

from __future__ import annotations

from collections.abc import Iterator

from finsam_xl.issues import Issue, shown
from finsam_xl.models import Budget
from finsam_xl.rules import RuleContext, blank, rule, table_label
from finsam_xl.rules.perioder import granted
from finsam_xl.schema import CODE_LISTS, KOSTNADSSLAG, Malltyp, field_label

B = Malltyp.BUDGET


def _budget(ctx: RuleContext) -> Budget | None:
    return ctx.model if isinstance(ctx.model, Budget) else None


def column(m: Budget, index: int) -> str:
    """The template column id (ar1…ar5) of the index-th filled-in year."""
    cols = m.budgetar_kolumner
    return f"ar{(cols[index] if index < len(cols) else index) + 1}"


@rule("period-ordning", B)
def ar_i_ordning(ctx: RuleContext) -> Iterator[Issue]:
    """Budget years run left to right, each later than the one before (no repeats)."""
    if (m := _budget(ctx)) is None:
        return
    for i in range(1, len(m.budgetar)):
        before, year = m.budgetar[i - 1], m.budgetar[i]
        if year <= before:
            yield ctx.issue(
                "period-ordning", "budgetar", 0, column(m, i), value=year,
                label=table_label("budgetar", 0, column(m, i)),
                detail=f"Budgetåret {year} står efter {before}. Skriv budgetåren i ordning från "
                "vänster, ett år per kolumn, t.ex. 2024, 2025, 2026.",
                detail_en=f"Budget year {year} follows {before}; years must increase.",
            )  # fmt: skip


@rule("period-utanfor", B)
def ar_utanfor(ctx: RuleContext) -> Iterator[Issue]:
    """A budget year no day of which lies in the granted period."""
    if (m := _budget(ctx)) is None or (g := granted(m)) is None:
        return
    for i, year in enumerate(m.budgetar):
        if not g[0].year <= year <= g[1].year:
            yield ctx.issue(
                "period-utanfor", "budgetar", 0, column(m, i), value=year,
                label=table_label("budgetar", 0, column(m, i)),
                detail=f"Budgetåret {year} ligger utanför den beviljade perioden "
                f"{g[0].isoformat()}–{g[1].isoformat()}. Rätta året eller den beviljade perioden.",
                detail_en=f"Budget year {year} is outside the granted period.",
            )  # fmt: skip


@rule("negativt", B)
def negativt(ctx: RuleContext) -> Iterator[Issue]:
    """Negative plan or co-financing amounts need a comment; negative counts are always wrong."""
    if (m := _budget(ctx)) is None:
        return
    for slag_index, slag in enumerate(KOSTNADSSLAG):
        if not blank(m.budgetplan_kommentar.get(slag)):
            continue
        for i, amount in enumerate(m.budgetplan.get(slag, [])):
            if amount < 0:
                year = f", {m.budgetar[i]}" if i < len(m.budgetar) else ""
                label = f"{CODE_LISTS['kostnadsslag'].label(slag)}{year}"
                yield ctx.issue(
                    "negativt", "budgetplan", slag_index, column(m, i), value=amount, label=label,
                    detail=" Förklara ett negativt belopp i kommentaren, eller rätta beloppet.",
                    detail_en=" Explain a negative amount in the comment, or correct it.",
                )  # fmt: skip
    for rad in m.medfinansiering:
        if rad.belopp is not None and rad.belopp < 0 and blank(rad.kommentar):
            yield ctx.issue(
                "negativt", "medfinansiering", rad.rad, "belopp", value=rad.belopp,
                label=table_label("medfinansiering", rad.rad, "belopp"),
                detail=" Förklara ett negativt belopp i kommentaren, eller rätta beloppet.",
                detail_en=" Explain a negative amount in the comment, or correct it.",
            )  # fmt: skip
    for i, count in enumerate(m.planerat_antal_deltagare_ar):
        if count is not None and count < 0:
            yield ctx.issue(
                "negativt", "planerat_antal_deltagare_ar", 0, column(m, i), value=count,
                label=table_label("planerat_antal_deltagare_ar", 0, column(m, i)),
                detail=" Ett antal kan inte vara negativt; skriv 0 eller rätt antal.",
                detail_en=" A count cannot be negative.",
            )  # fmt: skip


@rule("over-beviljat", B)
def plan_over_beviljat(ctx: RuleContext) -> Iterator[Issue]:
    """The plan's total above the granted (or applied-for) amount; placed on that amount's cell,
    as the template has no total cell of its own."""
    if (m := _budget(ctx)) is None or (beviljat := m.identitet.beviljat_belopp) is None:
        return
    total = m.total
    if total > beviljat:
        yield ctx.issue(
            "over-beviljat", "beviljat_belopp", value=beviljat,
            label=field_label("beviljat_belopp"),
            detail=f"Budgeten för alla år blir {shown(total)} kr, {shown(total - beviljat)} kr mer "
            f"än beviljat belopp {shown(beviljat)} kr. Minska budgeten eller rätta beloppet.",
            detail_en=f"The budget plan totals {total} kr, above the granted {beviljat} kr.",
        )  # fmt: skip
