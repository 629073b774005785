"""Builders for consolidation tests: reports straight from models, no workbook in between.

``rapport(...)`` makes a Rapport with round figures and the given overrides; ``fr(model, ...)``
wraps a model in the validator's own ``FileReport`` with issues, a hash and a file time, so the
consolidation is tested on exactly what ``validate_paths`` hands it.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from finsam_xl.issues import Issue, make_issue
from finsam_xl.models import (
    Budget,
    Deltagare,
    Deltagarlista,
    Deltagarrad,
    Identitet,
    Kostnadsrad,
    Rapport,
)
from finsam_xl.schema import KOSTNADSSLAG, UTFALL
from finsam_xl.validate import FileReport

D = date
AVSLUT0 = dict.fromkeys(UTFALL, 0)
Q1_FRAN, Q1_TILL = D(2024, 1, 1), D(2024, 3, 31)
FORBUND = "Samordningsförbundet Testbygd"


def ident(insats_id: str = "SFT 24-1", **kw: Any) -> Identitet:
    base: dict[str, Any] = {
        "forbund": FORBUND,
        "insats_namn": f"Insats {insats_id}",
        "insats_id": insats_id,
        "huvudman": "Testbygds kommun",
        "inriktning": "individinriktad",
        "kontaktperson": "Kim Test",
        "kontakt_epost": "kim@example.invalid",
        "beviljad_fran": D(2024, 1, 1),
        "beviljad_till": D(2024, 12, 31),
        "beviljat_belopp": Decimal(700_000),
    }
    return Identitet(**(base | kw))


def kostnader(utfall: int, ack: int, budget: int = 100_000) -> list[Kostnadsrad]:
    """Every kostnadsslag with the same budget, period utfall and cumulative utfall."""
    return [
        Kostnadsrad(
            kostnadsslag=s, budget=Decimal(budget), utfall=Decimal(utfall), utfall_ack=Decimal(ack)
        )
        for s in KOSTNADSSLAG
    ]


def rows(**counts: tuple[int, int, int]) -> dict[str, Deltagarrad]:
    """deltagare rows from rad=(kvinnor, män, under30); missing rows are zero."""
    out = {r: Deltagarrad(rad=r) for r in ("nya", "avslutade", "aktiva", "totalt")}
    for rad, (k, m, u) in counts.items():
        out[rad] = Deltagarrad(rad=rad, kvinnor=k, man=m, under30=u)
    return out


def rapport(
    insats_id: str = "SFT 24-1",
    typ: str = "kvartalsrapport",
    fran: date = Q1_FRAN,
    till: date = Q1_TILL,
    signed: date | None = None,
    *,
    utfall: int = 10_000,
    ack: int | None = None,
    identitet: Identitet | None = None,
    **kw: Any,
) -> Rapport:
    data: dict[str, Any] = {
        "mallversion": "1.0",
        "identitet": identitet or ident(insats_id),
        "rapporttyp": typ,
        "period_fran": fran,
        "period_till": till,
        "rapportdatum": signed or till,
        "kostnader": kostnader(utfall, utfall if ack is None else ack),
        "planerat_antal_deltagare": 40,
    }
    return Rapport(**(data | kw))


def budget(insats_id: str = "SFT 24-1", years: dict[int, int] | None = None, **kw: Any) -> Budget:
    """A budget workbook: ``years`` maps year -> amount per kostnadsslag."""
    plan_years = years or {2024: 100_000}
    ars = sorted(plan_years)
    return Budget(
        mallversion="1.0",
        identitet=kw.pop("identitet", ident(insats_id)),
        budgetar=ars,
        budgetar_kolumner=list(range(len(ars))),
        budgetplan={s: [Decimal(plan_years[y]) for y in ars] for s in KOSTNADSSLAG},
        planerat_antal_deltagare_ar=kw.pop("planned", [20] * len(ars)),
        **kw,
    )


def person(
    nr: int,
    kon: str | None,
    born: int,
    start: date,
    slut: date | None = None,
    utfall: str | None = None,
) -> Deltagare:
    return Deltagare(
        rad=nr, lopnr=f"P{nr}", kon=kon, fodelsear=born, startdatum=start, slutdatum=slut,
        utfall=utfall,
    )  # fmt: skip


def lista(
    people: list[Deltagare], insats_id: str = "SFT 24-1", fran: date = Q1_FRAN,
    till: date = Q1_TILL,
) -> Deltagarlista:  # fmt: skip
    return Deltagarlista(
        mallversion="1.0", identitet=ident(insats_id), period_fran=fran, period_till=till,
        deltagare=people,
    )  # fmt: skip


def fr(
    model: Rapport | Budget | Deltagarlista,
    file: str,
    *,
    issues: list[Issue] | None = None,
    mtime: float = 1_700_000_000.0,
) -> FileReport:
    """A FileReport as validate_workbook would return it for this model."""
    return FileReport(
        file=file,
        malltyp=model.malltyp,
        mallversion=model.mallversion,
        issues=issues or [],
        model=model,
        sha256=hashlib.sha256(f"{file}:{model.model_dump_json()}".encode()).hexdigest(),
        mtime=mtime,
    )


def unreadable(file: str) -> FileReport:
    issue = make_issue("olasbar", detail="Filen är inte en arbetsbok.")
    return FileReport(file=file, malltyp=None, mallversion=None, issues=[issue], sha256="0" * 64)


def error(code: str = "summa-fel") -> Issue:
    return make_issue(code, sheet="Rapport", cell="D20", field="budget_summa", value=1, expected=2)


def warning(code: str = "budgetavvikelse") -> Issue:
    return make_issue(code, sheet="Rapport", cell="D21", field="utfall_ack_summa")
