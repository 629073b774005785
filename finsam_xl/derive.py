"""Participant counts for a period, derived from an anonymous deltagare list (schema §5).

Pure and shared: the consolidation checks a rapport against these counts (`deltagare-avviker`),
and the Excel and Sheets integrations use the same function to pre-fill a rapport's participant
block from the list, so the three can never count differently.

Definitions, per episode (one row of the list), for the period ``fran``–``till`` (inclusive):

* ``nya``: ``startdatum`` within the period;
* ``avslutade``: ``slutdatum`` within the period;
* ``aktiva``: started on or before ``till`` and not exited by then (no ``slutdatum``, or one
  after ``till``);
* ``totalt``: started on or before ``till`` (cumulative since the insats started; the list must
  hold every episode since the start for this row to be complete);
* ``under30``: the åldersgrupp at start ends below 30 (a 1.0 list: start year − birth year ≤ 29).

Rows without ``startdatum`` cannot be placed in time and are not counted. ``kon`` "ej angivet"
(anonymous participants) counts in ``ej_angivet`` and so in ``totalt`` (kvinnor + män + ej
angivet). A participant with no ``kon`` at all counts in ``under30`` but not in ``totalt``;
``DerivedCounts.utan_kon`` says how many such rows there were so a caller can tell the officer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from finsam_xl.models import Deltagare, Deltagarlista, Deltagarrad
from finsam_xl.schema import DELTAGAR_RADER, UTFALL


@dataclass(frozen=True)
class DerivedCounts:
    """What the list says for one period: the four participant rows and exits by outcome."""

    period_fran: date
    period_till: date
    rader: dict[str, Deltagarrad]
    avslut: dict[str, int]
    utan_kon: int = 0
    utan_utfall: int = 0  # exited in the period without an outcome code
    ej_daterade: int = 0  # rows without startdatum, left out of every count
    rapportfalt: dict[str, int] = field(default_factory=dict)

    def value(self, rad: str, kol: str) -> int:
        """The count for ``deltagare_<rad>_<kol>``, ``kol`` one of kvinnor, man, under30, totalt."""
        row = self.rader[rad]
        return row.totalt if kol == "totalt" else int(getattr(row, kol))


def _rows(episodes: list[Deltagare], fran: date, till: date) -> dict[str, list[Deltagare]]:
    placed = [d for d in episodes if d.startdatum is not None]
    started = [d for d in placed if d.startdatum is not None and d.startdatum <= till]
    return {
        "nya": [d for d in started if d.startdatum is not None and d.startdatum >= fran],
        "avslutade": [d for d in placed if d.slutdatum is not None and fran <= d.slutdatum <= till],
        "aktiva": [d for d in started if d.slutdatum is None or d.slutdatum > till],
        "totalt": started,
    }


def _count(rad: str, episodes: list[Deltagare]) -> Deltagarrad:
    return Deltagarrad(
        rad=rad,
        kvinnor=sum(1 for d in episodes if d.kon == "kvinna"),
        man=sum(1 for d in episodes if d.kon == "man"),
        ej_angivet=sum(1 for d in episodes if d.kon == "ej_angivet"),
        under30=sum(1 for d in episodes if d.under30),
    )


def derive_counts(
    lista: Deltagarlista, fran: date | None = None, till: date | None = None
) -> DerivedCounts:
    """Counts for ``fran``–``till`` (default: the list's own period).

    Raises ValueError when no period is given and the list has none: there is nothing to count.
    """
    fran = fran or lista.period_fran
    till = till or lista.period_till
    if fran is None or till is None:
        raise ValueError("deltagarlistan saknar period: ange period_fran och period_till")
    grouped = _rows(lista.deltagare, fran, till)
    rader = {rad: _count(rad, grouped[rad]) for rad in DELTAGAR_RADER}
    exited = grouped["avslutade"]
    avslut = {u: sum(1 for d in exited if d.utfall == u) for u in UTFALL}
    fields = {
        f"deltagare_{rad}_{kol}": (row.totalt if kol == "totalt" else getattr(row, kol))
        for rad, row in rader.items()
        for kol in ("kvinnor", "man", "under30", "totalt")
    }
    fields.update({f"avslut_{u}": n for u, n in avslut.items()})
    return DerivedCounts(
        period_fran=fran,
        period_till=till,
        rader=rader,
        avslut=avslut,
        utan_kon=sum(1 for d in grouped["totalt"] if d.kon is None),
        utan_utfall=sum(1 for d in exited if d.utfall not in UTFALL),
        ej_daterade=sum(1 for d in lista.deltagare if d.startdatum is None),
        rapportfalt=fields,
    )


def covers(lista: Deltagarlista, fran: date, till: date) -> bool:
    """Whether the list's period covers ``fran``–``till``, so counts for it can be derived."""
    if lista.period_fran is None or lista.period_till is None:
        return False
    return lista.period_fran <= fran and till <= lista.period_till
