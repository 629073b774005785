"""Uppföljning Finsam's förbund level (*Förbundet*): what the förbundsadministratör registers for
the förbund itself each year, from the förbund's own economy (``Consolidation.forbundsar``,
finsam_xl.forbund.Forbundsar: one per förbund and year, read from its `forbund` workbook).

* ``uf_forbundet``: one row per förbund and year: tilldelade medel (the members' contributions,
  budgeted and received), eget kapital at the start and the end of the year, administrativa
  kostnader budget and utfall;
* ``uf_tilldelade_medel``: the same tilldelade medel per medlem (UF asks them per medlem).

A figure the workbook leaves empty stays empty (not 0): a budget decided before the bokslut has
no utfall yet, and ``anmarkning`` says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from finsam_xl.forbund import Forbundsar

from .columns import Money, frame


def _order(year: Forbundsar) -> tuple[str, int]:
    return (year.forbund or "", year.ar or 0)


def _notes(year: Forbundsar) -> str | None:
    notes = []
    if year.tilldelat_utfall is None and year.administrativa_kostnader_utfall is None:
        notes.append("Bokslut saknas: utfall tomt")
    if year.eget_kapital_ub is None:
        notes.append("Eget kapital vid årets slut saknas")
    return "; ".join(notes) or None


def uf_forbund_tables(
    forbundsar: Sequence[Forbundsar], ar: int | None, money: Money
) -> dict[str, pd.DataFrame]:
    """uf_forbundet and uf_tilldelade_medel, for year ``ar`` or every year given."""
    years = sorted((y for y in forbundsar if ar is None or y.ar == ar), key=_order)
    rows = [
        {
            "forbund": y.forbund,
            "organisationsnummer": y.organisationsnummer,
            "ar": y.ar,
            "tilldelade_medel_budget": money(y.tilldelat_budget),
            "tilldelade_medel_utfall": money(y.tilldelat_utfall),
            "eget_kapital_ib": money(y.eget_kapital_ib),
            "eget_kapital_ub": money(y.eget_kapital_ub),
            "administrativa_kostnader_budget": money(y.administrativa_kostnader_budget),
            "administrativa_kostnader_utfall": money(y.administrativa_kostnader_utfall),
            "anmarkning": _notes(y),
        }
        for y in years
    ]
    members = [
        {
            "forbund": y.forbund,
            "ar": y.ar,
            "medlem": m.namn,
            "part_typ": m.part_typ,
            "kommunkod": m.kommunkod,
            "tilldelade_medel_budget": money(m.bidrag_budget),
            "tilldelade_medel_utfall": money(m.bidrag_utfall),
        }
        for y in years
        for m in sorted(y.medlemmar, key=lambda m: m.rad)
    ]
    return {
        "uf_forbundet": frame("uf_forbundet", rows),
        "uf_tilldelade_medel": frame("uf_tilldelade_medel", members),
    }
