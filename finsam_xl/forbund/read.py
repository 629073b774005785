"""Read a `forbund` workbook's cells into Forbundsar (called by finsam_xl.build for its malltyp).

The kommun key is a percent of the kommuner's quarter. Typed as 37,5 it is read as 37,5; typed as
"37,5 %", or in a cell Excel formats as percent, it arrives as the fraction 0,375. When every key
given is a fraction and together they make at most 101 %, they are all taken as fractions and
carried as percent, so both ways of writing the same key give the same model.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from finsam_xl.forbund.model import Beslut, Forbundsar, Medlem
from finsam_xl.schema_forbund import EKONOMI_KOLUMNER, EKONOMI_RADER

if TYPE_CHECKING:
    from finsam_xl.build import _Reader

HUNDRED = Decimal(100)


def _as_percent(medlemmar: list[Medlem]) -> list[Medlem]:
    keys = [m.nyckel for m in medlemmar if m.nyckel is not None]
    if not keys or any(k > 1 for k in keys) or sum(keys) > Decimal("1.01"):
        return medlemmar
    return [
        m.model_copy(update={"nyckel": m.nyckel * HUNDRED}) if m.nyckel is not None else m
        for m in medlemmar
    ]


def read_forbundsar(r: _Reader, version: str) -> Forbundsar:
    """The förbund's year from one cell map; every value's cell is in the reader's Locator."""
    medlemmar = [Medlem(rad=i, **row) for i, row in r.table("medlemmar")]
    ekonomi = {
        f"{rad}_{kol}": r.scalar(f"{rad}_{kol}")
        for rad in EKONOMI_RADER
        for kol in EKONOMI_KOLUMNER
    }
    return Forbundsar(
        mallversion=version,
        forbund=r.scalar("forbund"),
        organisationsnummer=r.scalar("organisationsnummer"),
        ar=r.scalar("rakenskapsar"),
        medlemmar=_as_percent(medlemmar),
        eget_kapital_ib=r.scalar("eget_kapital_ib"),
        eget_kapital_ub=r.scalar("eget_kapital_ub"),
        beslut=[Beslut(rad=i, **row) for i, row in r.table("beslut")],
        **ekonomi,
    )
