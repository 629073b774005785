"""Builders for the rule tests: models, a Locator that places every field, and `flatten`.

The Locator puts each field in a sheet named after its schema group and gives every scalar and
table cell its own A1 address, so a test can say ``at("utfall_ack_lonekostnader")`` and compare
positions without knowing a layout. The baseline models pass every rule; each test changes one
thing and asserts which (sheet, cell, code) triples come out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from finsam_xl.cellmap import CellMap, RawCell, RawValue, a1
from finsam_xl.config import Config
from finsam_xl.issues import Issue
from finsam_xl.models import (
    Budget,
    Deltagare,
    Deltagarlista,
    Deltagarrad,
    Identitet,
    Kostnadsrad,
    Locator,
    Mal,
    Rapport,
)
from finsam_xl.rules import RuleContext, run_rules
from finsam_xl.schema import KOSTNADSSLAG, Kind, Malltyp, fields_for

Triple = tuple[str | None, str | None, str]
Model = Rapport | Budget | Deltagarlista


def make_locator(malltyp: Malltyp) -> Locator:
    """Every field of the template at its own cell: scalars in column C, tables from column B."""
    loc = Locator()
    next_row: dict[str, int] = {}
    for f in fields_for(malltyp):
        sheet = (f.group or "meta").capitalize()
        row = next_row.get(sheet, 1)
        if f.kind is Kind.TABLE:
            for index in range(f.rows):
                loc.add(sheet, a1(row + index, 2), f.id, index)
                for c, col in enumerate(f.columns):
                    loc.add(sheet, a1(row + index, 2 + c), f.id, index, col.id)
            next_row[sheet] = row + f.rows
        else:
            loc.add(sheet, a1(row, 3), f.id)
            next_row[sheet] = row + 1
    return loc


LOCATORS = {mt: make_locator(mt) for mt in Malltyp}


def at(
    field_id: str, row: int | None = None, col: str | None = None, malltyp: str = "rapport"
) -> tuple[str, str]:
    sheet, cell = LOCATORS[Malltyp(malltyp)].at(field_id, row, col)
    assert sheet is not None and cell is not None, (field_id, row, col)
    return sheet, cell


def hit(
    code: str,
    field_id: str,
    row: int | None = None,
    col: str | None = None,
    malltyp: str = "rapport",
) -> Triple:
    """The (sheet, cell, code) triple a finding at this field should have."""
    return (*at(field_id, row, col, malltyp), code)


def identitet(**kw: Any) -> Identitet:
    values: dict[str, Any] = {
        "forbund": "Samordningsförbundet Test",
        "insats_namn": "Steget vidare",
        "huvudman": "Testkommun",
        "inriktning": "individinriktad",
        "kontaktperson": "Anna Andersson",
        "kontakt_epost": "anna@testkommun.se",
        "beviljad_fran": date(2025, 1, 1),
        "beviljad_till": date(2026, 12, 31),  # 730 days: 2025 is exactly half
        "beviljat_belopp": Decimal(1_000_000),
    }
    values.update(kw)
    return Identitet(**values)


def kostnader(**rows: tuple[int | str, ...] | Kostnadsrad) -> list[Kostnadsrad]:
    """``lonekostnader=(budget, utfall, utfall_ack[, kommentar])``; other slag are zero."""
    out = []
    for slag in KOSTNADSSLAG:
        given = rows.get(slag)
        if given is None:
            out.append(Kostnadsrad(kostnadsslag=slag))
        elif isinstance(given, Kostnadsrad):
            out.append(given)
        else:
            budget, utfall, ack, *rest = given
            out.append(
                Kostnadsrad(
                    kostnadsslag=slag,
                    budget=Decimal(budget),
                    utfall=Decimal(utfall),
                    utfall_ack=Decimal(ack),
                    kommentar=str(rest[0]) if rest else None,
                )
            )
    return out


def deltagare(**rows: tuple[int, int, int] | Deltagarrad) -> dict[str, Deltagarrad]:
    """``nya=(kvinnor, man, under30)``; the baseline is a consistent first year."""
    base = {
        "nya": (6, 4, 3),
        "avslutade": (1, 1, 0),
        "aktiva": (5, 3, 3),
        "totalt": (6, 4, 3),
    }
    out: dict[str, Deltagarrad] = {}
    for rad, (k, m, u) in base.items():
        given = rows.get(rad, (k, m, u))
        if isinstance(given, Deltagarrad):
            out[rad] = given
        else:
            out[rad] = Deltagarrad(rad=rad, kvinnor=given[0], man=given[1], under30=given[2])
    return out


def rapport(**kw: Any) -> Rapport:
    """A clean årsrapport for 2025, the first half of the granted 2025–2026."""
    values: dict[str, Any] = {
        "identitet": identitet(),
        "rapporttyp": "arsrapport",
        "period_fran": date(2025, 1, 1),
        "period_till": date(2025, 12, 31),
        "rapportdatum": date(2026, 1, 20),
        "kostnader": kostnader(lonekostnader=(800_000, 400_000, 400_000, "Två coacher")),
        "planerat_antal_deltagare": 40,
        "deltagare": deltagare(),
        "avslut": {"arbete": 1, "studier": 1},
        "mal": [
            Mal(
                rad=0,
                mal="20 deltagare inskrivna",
                malvarde=Decimal(20),
                utfall=Decimal(10),
                uppnatt="delvis",
            )
        ],
    }
    values.update(kw)
    return Rapport(**values)


def budget(**kw: Any) -> Budget:
    values: dict[str, Any] = {
        "identitet": identitet(),
        "budgetar": [2025, 2026],
        "budgetar_kolumner": [0, 1],
        "budgetplan": {s: [Decimal(0), Decimal(0)] for s in KOSTNADSSLAG}
        | {"lonekostnader": [Decimal(400_000), Decimal(400_000)]},
        "budgetplan_kommentar": {"lonekostnader": "Två coacher"},
        "planerat_antal_deltagare_ar": [20, 20],
    }
    values.update(kw)
    return Budget(**values)


def person(rad: int, **kw: Any) -> Deltagare:
    values: dict[str, Any] = {
        "rad": rad,
        "lopnr": f"R-{rad + 1:03d}",
        "kon": "kvinna",
        "fodelsear": 1990,
        "startdatum": date(2025, 2, 1),
        "forsorjning_start": "sjukpenning",
        "remitterande_part": "forsakringskassan",
    }
    values.update(kw)
    return Deltagare(**values)


def lista(**kw: Any) -> Deltagarlista:
    values: dict[str, Any] = {
        "identitet": identitet(),
        "period_fran": date(2025, 1, 1),
        "period_till": date(2025, 6, 30),
        "deltagare": [
            person(0),
            person(1, slutdatum=date(2025, 5, 31), utfall="arbete"),
        ],
    }
    values.update(kw)
    return Deltagarlista(**values)


def cellmap(
    texts: Iterable[tuple[str, str, str]] = (),
    tables: dict[str, list[list[RawValue]]] | None = None,
    formulas: Iterable[tuple[str, str]] = (),
) -> CellMap:
    """A CellMap with the given text cells and raw table rows (cells placed like the Locator)."""
    cm = CellMap(source="test.xlsx")
    cm.texts = [RawCell(sheet, cell, text) for sheet, cell, text in texts]
    cm.formulas = set(formulas)
    for table_id, rows in (tables or {}).items():
        cm.tables[table_id] = [
            [RawCell("Tabell", a1(r + 1, c + 1), v) for c, v in enumerate(row)]
            for r, row in enumerate(rows)
        ]
    return cm


def run(
    model: Model,
    config: Config | None = None,
    cm: CellMap | None = None,
    locator: Locator | None = None,
) -> list[Issue]:
    ctx = RuleContext(
        model=model,
        locator=locator or LOCATORS[Malltyp(model.malltyp)],
        config=config or Config(),
        cellmap=cm or cellmap(),
    )
    return run_rules(ctx)


def flatten(
    issues: Iterable[Issue], keys: tuple[str, ...] = ("sheet", "cell", "code")
) -> set[tuple[Any, ...]]:
    """The issues as a set of tuples of the given attributes: what a table-style test compares."""
    return {tuple(getattr(i, k) for k in keys) for i in issues}


def found(model: Model, *codes: str, **kw: Any) -> set[tuple[Any, ...]]:
    """(sheet, cell, code) of the issues of ``codes`` that the rules report for ``model``."""
    return flatten(i for i in run(model, **kw) if i.code in codes)
