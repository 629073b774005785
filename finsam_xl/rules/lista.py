"""Rules of the participant list (deltagare template): each row's dates and its exit outcome.

Messages name rows by their number in the list, never by löpnummer: a löpnummer that is in fact a
personnummer (reported by the `personnummer` scan) must not be repeated here.

`alder-utanfor`: FINSAM targets working age, so a participant outside 16–64 at start (the bounds
are ``alder_min`` / ``alder_max`` in the config) is a warning, for the officer to judge; impossible
birth years are `fel-typ` from the build step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from finsam_xl.codes import ALDERSGRUPP_SPANN
from finsam_xl.issues import Issue
from finsam_xl.models import Deltagare, Deltagarlista
from finsam_xl.rules import RuleContext, rule, table_label
from finsam_xl.rules.perioder import granted
from finsam_xl.schema import Malltyp

D = Malltyp.DELTAGARE
TABLE = "deltagarlista"


def _lista(ctx: RuleContext) -> Deltagarlista | None:
    return ctx.model if isinstance(ctx.model, Deltagarlista) else None


@rule("period-ordning", D)
def start_fore_slut(ctx: RuleContext) -> Iterator[Issue]:
    """A participant cannot leave before starting (D8)."""
    if (m := _lista(ctx)) is None:
        return
    for d in m.deltagare:
        if d.startdatum is not None and d.slutdatum is not None and d.startdatum > d.slutdatum:
            yield ctx.issue(
                "period-ordning", TABLE, d.rad, "startdatum", value=d.startdatum,
                label=table_label(TABLE, d.rad, "startdatum"),
                detail=f"Rad {d.rad + 1} i deltagarlistan: startdatum {d.startdatum.isoformat()} "
                f"är efter slutdatum {d.slutdatum.isoformat()}. Rätta något av datumen.",
                detail_en=f"List row {d.rad + 1}: start date after end date.",
            )  # fmt: skip


@rule("period-utanfor", D)
def datum_utanfor(ctx: RuleContext) -> Iterator[Issue]:
    """A participant's start or end outside the granted period: no FINSAM money then (D8)."""
    if (m := _lista(ctx)) is None or (g := granted(m)) is None:
        return
    span = f"{g[0].isoformat()}–{g[1].isoformat()}"
    for d in m.deltagare:
        dates: tuple[tuple[str, date | None], ...] = (
            ("startdatum", d.startdatum),
            ("slutdatum", d.slutdatum),
        )
        for col, day in dates:
            if day is not None and not g[0] <= day <= g[1]:
                yield ctx.issue(
                    "period-utanfor", TABLE, d.rad, col, value=day,
                    label=table_label(TABLE, d.rad, col),
                    detail=f"Rad {d.rad + 1} i deltagarlistan: {col} {day.isoformat()} ligger "
                    f"utanför den beviljade perioden {span}. Rätta datumet; tid utanför "
                    "perioden redovisas inte i insatsen.",
                    detail_en=f"List row {d.rad + 1}: {col} {day} outside the granted period.",
                )  # fmt: skip


@rule("saknas", D)
def utfall_vid_avslut(ctx: RuleContext) -> Iterator[Issue]:
    """An exited participant needs an outcome (schema §5): the counts by utfall derive from it."""
    if (m := _lista(ctx)) is None:
        return
    for d in m.deltagare:
        # An unreadable outcome is `okand-kod` from the build step; only an empty cell is ours.
        if d.slutdatum is not None and d.utfall is None and ctx.raw_blank(TABLE, d.rad, "utfall"):
            yield ctx.issue(
                "saknas", TABLE, d.rad, "utfall", label=table_label(TABLE, d.rad, "utfall"),
                detail=" Deltagaren har ett slutdatum, så välj utfallet vid avslut i listan.",
                detail_en=" The participant has an end date: choose the outcome at exit.",
            )  # fmt: skip


def alder_vid_start(d: Deltagare) -> tuple[int, int] | None:
    """The participant's age at start as (youngest, oldest) possible; None if it is not known.

    From födelseår (a 1.0 list) it is one age, start year − birth year, as for under 30; a 2.0
    åldersgrupp gives its bounds (an open end stays open).
    """
    if d.startdatum is not None and d.fodelsear is not None:
        age = d.startdatum.year - d.fodelsear
        return age, age
    if d.aldersgrupp in ALDERSGRUPP_SPANN:
        low, high = ALDERSGRUPP_SPANN[d.aldersgrupp]
        return (low if low is not None else 0), (high if high is not None else 150)
    return None


@rule("alder-utanfor", D)
def alder_utanfor(ctx: RuleContext) -> Iterator[Issue]:
    if (m := _lista(ctx)) is None:
        return
    low, high = ctx.config.alder_min, ctx.config.alder_max
    for d in m.deltagare:
        ages = alder_vid_start(d)
        # Only an age (or a whole group) certainly outside the bounds: a group straddling one is
        # not a finding.
        if ages is None or (low <= ages[1] and ages[0] <= high):
            continue
        alder = str(ages[0]) if ages[0] == ages[1] else f"{ages[0]}–{ages[1]}"
        # The 2.0 list's column (a 1.0 list's födelseår is read into it by the migration).
        shown = str(d.fodelsear) if d.fodelsear is not None else str(d.aldersgrupp)
        yield ctx.issue(
            "alder-utanfor", TABLE, d.rad, "aldersgrupp", value=d.fodelsear or d.aldersgrupp,
            label=f"Rad {d.rad + 1} i deltagarlistan", shown=shown, alder=alder,
            alder_min=low, alder_max=high,
        )  # fmt: skip
