"""Typed models of the three templates, built from parsed values (see finsam_xl.build).

Every field is optional: a report with a missing value still becomes a model (the gap is a
`saknas` issue), so every other rule can still run and the officer sees all problems at once.
Amounts are Decimal kronor, never float. A ``Locator`` remembers where each value came from, so a
rule names a field and a row and gets the workbook's sheet and cell back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import repeat
from typing import Literal

from pydantic import BaseModel, ConfigDict

from finsam_xl.codes import ALDERSGRUPP_SPANN, aldersgrupp_for
from finsam_xl.schema import (
    DELTAGAR_RADER,
    KOSTNADSSLAG,
    UTFALL,
    normalise_key,
)

ZERO = Decimal(0)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Part(_Model):
    rad: int
    organisation: str | None = None
    part_typ: str | None = None
    kontaktperson: str | None = None
    epost: str | None = None


class Identitet(_Model):
    forbund: str | None = None
    insats_namn: str | None = None
    insats_id: str | None = None
    huvudman: str | None = None
    inriktning: str | None = None
    kontaktperson: str | None = None
    kontakt_epost: str | None = None
    beviljad_fran: date | None = None
    beviljad_till: date | None = None
    beviljat_belopp: Decimal | None = None
    samverkande_parter: list[Part] = []
    # new optional fields of 2.0 (Uppföljning Finsam, the board's per-medlem split): None / []
    # in a report whose template had no cell for them
    huvudman_part_typ: str | None = None
    huvudman_kommun: str | None = None
    preciserad_inriktning: str | None = None
    malgrupp: list[str] = []
    uppfoljningsmetod: str | None = None
    esf_finansiering: str | None = None  # ja / nej

    @property
    def key(self) -> str:
        """The insats key: insats_id when present, else normalised namn + förbund."""
        if self.insats_id:
            return " ".join(self.insats_id.split())
        return f"{normalise_key(self.insats_namn or '')} | {normalise_key(self.forbund or '')}"


class Kostnadsrad(_Model):
    kostnadsslag: str
    budget: Decimal = ZERO
    utfall: Decimal = ZERO
    utfall_ack: Decimal = ZERO
    kommentar: str | None = None
    budgettyp: str | None = None  # insatskostnad / esf_insatskostnad; None reads as insatskostnad


class Deltagarrad(_Model):
    """One row of the participant table; ``totalt`` is always kvinnor + män + kön ej angivet."""

    rad: str
    kvinnor: int = 0
    man: int = 0
    ej_angivet: int = 0  # new in 2.0 (anonymous participants); 0 in a migrated 1.0 report
    under30: int = 0
    totalt_angivet: int | None = None  # what the (formula) cell held, if anything

    @property
    def totalt(self) -> int:
        return self.kvinnor + self.man + self.ej_angivet


class Mal(_Model):
    rad: int
    mal: str | None = None
    malvarde: Decimal | None = None
    enhet: str | None = None  # antal / procent / text (2.0)
    riktning: str | None = None  # minst / hogst (2.0); None reads as minst
    utfall: Decimal | None = None
    uppnatt: str | None = None
    kommentar: str | None = None


class Rapport(_Model):
    malltyp: Literal["rapport"] = "rapport"
    mallversion: str = ""
    identitet: Identitet = Identitet()
    rapporttyp: str | None = None
    period_fran: date | None = None
    period_till: date | None = None
    rapportdatum: date | None = None
    uppgiftslamnare: str | None = None
    kostnader: list[Kostnadsrad] = [Kostnadsrad(kostnadsslag=s) for s in KOSTNADSSLAG]
    summor_angivna: dict[str, Decimal | None] = {}  # budget / utfall / utfall_ack -> cell value
    planerat_antal_deltagare: int | None = None
    deltagare: dict[str, Deltagarrad] = {r: Deltagarrad(rad=r) for r in DELTAGAR_RADER}
    avslut: dict[str, int] = {u: 0 for u in UTFALL}
    mal: list[Mal] = []
    texter: dict[str, str | None] = {}
    # Field ids that held a value / held something unreadable. None: not known (a model built
    # in code, not read from a workbook), and then every figure counts as reported.
    ifyllda: frozenset[str] | None = None
    olasbara: frozenset[str] = frozenset()
    # new in 2.0; a count list holds only the codes a cell gave (empty: not reported)
    avslutsorsak: dict[str, int] = {}
    forsorjning_start: dict[str, int] = {}  # per försörjningskategori; one person may count twice
    forsorjning_avslut: dict[str, int] = {}
    sysselsattning_start: dict[str, int] = {}
    tid_forsorjning: dict[str, int] = {}
    budget_endast_summa: Decimal | None = None  # a budget decided only as a total
    prognos_ar: Decimal | None = None
    prognos_insats: Decimal | None = None
    rekvirerat_belopp: Decimal | None = None
    utbetalt_belopp: Decimal | None = None
    intakter: Decimal | None = None
    arsarbetare: Decimal | None = None
    medfinansiering: dict[str, Decimal] = {}  # "planerat_kontant", "utfall_natura", ... as given
    overskridande_finansiering: str | None = None

    def summa(self, prefix: Literal["budget", "utfall", "utfall_ack"]) -> Decimal:
        return sum((getattr(k, prefix) for k in self.kostnader), ZERO)

    def redovisat(self, *prefixes: str) -> bool:
        """Did the report give any field starting with one of ``prefixes``?"""
        filled = self.ifyllda
        if filled is None or any(p in filled for p in prefixes):  # an exact field id: O(1)
            return True
        # str.startswith mapped in C: the tables ask ~17 times per report, 5 000 reports
        return any(map(str.startswith, filled, repeat(prefixes)))

    def olasbart(self, *prefixes: str) -> bool:
        """Did a field starting with one of ``prefixes`` hold something that could not be read?"""
        return any(map(str.startswith, self.olasbara, repeat(prefixes)))

    @property
    def budget_hela(self) -> Decimal:
        """The whole insats's budget: the kostnadsslag rows, or the total given alone."""
        rows = self.summa("budget")
        return rows if rows or self.budget_endast_summa is None else self.budget_endast_summa

    @property
    def avslut_summa(self) -> int:
        return sum(self.avslut.values())


class Medfinansiering(_Model):
    rad: int
    organisation: str | None = None
    part_typ: str | None = None
    typ: str | None = None
    belopp: Decimal | None = None
    kommentar: str | None = None


class Budget(_Model):
    malltyp: Literal["budget"] = "budget"
    mallversion: str = ""
    identitet: Identitet = Identitet()
    budgetar: list[int] = []  # left to right; budgetplan columns align with it
    budgetar_kolumner: list[int] = []  # the 0-based column each year stood in
    budgetplan: dict[str, list[Decimal]] = {}  # kostnadsslag -> amount per year in budgetar
    budgetplan_kommentar: dict[str, str | None] = {}
    budgetplan_typ: dict[str, str | None] = {}  # kostnadsslag -> budgettyp, as budgettyp above
    planerat_antal_deltagare_ar: list[int | None] = []
    medfinansiering: list[Medfinansiering] = []

    @property
    def total(self) -> Decimal:
        return sum((sum(v, ZERO) for v in self.budgetplan.values()), ZERO)

    def total_ar(self, index: int) -> Decimal:
        return sum((v[index] for v in self.budgetplan.values() if index < len(v)), ZERO)


class Deltagare(_Model):
    rad: int
    lopnr: str | None = None
    kon: str | None = None
    fodelsear: int | None = None  # 1.0 lists only; 2.0 keeps the åldersgrupp instead
    aldersgrupp: str | None = None
    startdatum: date | None = None
    slutdatum: date | None = None
    avslutsorsak: str | None = None
    utfall: str | None = None
    forsorjning_start: str | None = None
    forsorjning_start_2: str | None = None
    forsorjning_avslut: str | None = None
    sysselsattning_start: str | None = None
    remitterande_part: str | None = None

    @property
    def alder_grupp(self) -> str | None:
        """The åldersgrupp at start: as given, or from a 1.0 list's födelseår (start year − it)."""
        if self.aldersgrupp is not None:
            return self.aldersgrupp
        if self.startdatum is None or self.fodelsear is None:
            return None
        return aldersgrupp_for(self.startdatum.year - self.fodelsear)

    @property
    def under30(self) -> bool:
        """Under 30 at start (schema §5): the åldersgrupp ends before 30."""
        grupp = self.alder_grupp
        high = ALDERSGRUPP_SPANN[grupp][1] if grupp in ALDERSGRUPP_SPANN else None
        return high is not None and high <= 29


class Deltagarlista(_Model):
    malltyp: Literal["deltagare"] = "deltagare"
    mallversion: str = ""
    identitet: Identitet = Identitet()
    period_fran: date | None = None
    period_till: date | None = None
    deltagare: list[Deltagare] = []


Report = Rapport | Budget | Deltagarlista


@dataclass
class Locator:
    """Where each value came from: field id (and table row, column id) -> (sheet, cell)."""

    positions: dict[tuple[str, int | None, str | None], tuple[str, str]] = field(
        default_factory=dict
    )

    def add(
        self, sheet: str, cell: str, field_id: str, row: int | None = None, col: str | None = None
    ) -> None:
        self.positions[(field_id, row, col)] = (sheet, cell)

    def at(
        self, field_id: str, row: int | None = None, col: str | None = None
    ) -> tuple[str | None, str | None]:
        """(sheet, cell) of a field, a table row's column, or a table's first cell as fallback."""
        hit = self.positions.get((field_id, row, col))
        if hit is None and row is not None and col is None:
            hit = self.positions.get((field_id, row, None))
        if hit is None and row is None and col is None:
            hit = self.positions.get((field_id, 0, None))
        return hit if hit is not None else (None, None)
