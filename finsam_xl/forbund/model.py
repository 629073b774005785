"""Typed model of the `forbund` template: one förbund's budget and bokslut for one year.

One workbook per förbund and year carries both columns: *budget* (verksamhetsplan, decided by the
styrelse before the year) and *utfall* (bokslut, filled in after it). A figure not yet known stays
None, never zero, so the board view can say "ej redovisat". Amounts are Decimal kronor.

Financing (Finsamlagen §5): Försäkringskassan pays the state's half, Arbetsförmedlingen's share
included (Af is a member with 0 kr in cash); the region a quarter; the kommuner a quarter together,
split by the förbundsordning's key (`nyckel`, each kommun's percent of the kommuner's quarter).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from finsam_xl.schema import normalise_key

ZERO = Decimal(0)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Medlem(_Model):
    """One member and its medlemsbidrag for the year (row `rad` of the Medlemmar table)."""

    rad: int
    namn: str | None = None
    part_typ: str | None = None  # a value of the part_typ code list (Kommun, Region, ...)
    kommunkod: str | None = None  # SCB's four digits, kommuner only
    nyckel: Decimal | None = None  # percent of the kommuner's quarter, kommuner only
    bidrag_budget: Decimal | None = None
    bidrag_utfall: Decimal | None = None  # received


class Beslut(_Model):
    """A styrelse decision granting an insats money for one year (one row per insats and year)."""

    rad: int
    insats_id: str | None = None
    insats_namn: str | None = None
    beslut_datum: date | None = None
    paragraf: str | None = None  # the protocol's §, as written ("§ 12", "2024/12")
    ar: int | None = None
    belopp: Decimal | None = None

    def key(self, forbund: str | None) -> str | None:
        """The insats this beslut is for, keyed as ``Identitet.key`` keys a report's insats:
        insats_id, else normalised namn + the workbook's ``forbund``; None when it names neither."""
        if self.insats_id and self.insats_id.strip():
            return " ".join(self.insats_id.split())
        if self.insats_namn:
            return f"{normalise_key(self.insats_namn)} | {normalise_key(forbund or '')}"
        return None


class Forbundsar(_Model):
    """The förbund's economy for `ar`, as its `forbund` workbook gives it."""

    malltyp: str = "forbund"
    mallversion: str = ""
    forbund: str | None = None
    organisationsnummer: str | None = None
    ar: int | None = None
    medlemmar: list[Medlem] = []
    ovriga_intakter_budget: Decimal | None = None
    ovriga_intakter_utfall: Decimal | None = None
    administrativa_kostnader_budget: Decimal | None = None
    administrativa_kostnader_utfall: Decimal | None = None
    insatsmedel_budget: Decimal | None = None
    insatsmedel_utfall: Decimal | None = None
    eget_kapital_ib: Decimal | None = None  # ingående balans, 1 January
    eget_kapital_ub: Decimal | None = None  # utgående balans, 31 December (bokslut)
    beslut: list[Beslut] = []

    def _sum(self, attr: str) -> Decimal | None:
        values = [getattr(m, attr) for m in self.medlemmar]
        known = [v for v in values if v is not None]
        return sum(known, ZERO) if known else None

    @property
    def tilldelat_budget(self) -> Decimal | None:
        """Tilldelade medel as budgeted: the members' contributions (None when none is given)."""
        return self._sum("bidrag_budget")

    @property
    def tilldelat_utfall(self) -> Decimal | None:
        """Tilldelade medel as received."""
        return self._sum("bidrag_utfall")

    def beslutat(self, ar: int) -> Decimal:
        """Money the styrelse has granted insatser for year `ar`, by the Beslut table."""
        return sum((b.belopp for b in self.beslut if b.ar == ar and b.belopp is not None), ZERO)
