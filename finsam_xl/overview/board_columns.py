"""The board's tables (finsam_xl.overview.styrelse), declared like every other shown column.

Kept apart from ``columns`` to keep modules small; ``columns`` re-exports these names, so
``from finsam_xl.overview.columns import BOARD_TABLES`` keeps working. This module imports the
column types from ``columns``, which imports it only at its end, once they exist.
"""

from __future__ import annotations

from finsam_xl.overview.columns import (
    _FORBUND,
    _INSATS_ID,
    _INSATS_NAMN,
    A,
    C,
    Column,
    K,
    Kind,
    L,
    P,
    T,
    Table,
    _codes,
)

# The board's view per year (finsam_xl.overview.styrelse): computed in the overview model from
# the consolidation's tables and the förbund's own economy, so kept apart from TABLES (the
# consolidation builds exactly those) yet declared here like every other shown column.
BOARD_TABLES: dict[str, Table] = {}
EJ_ANGIVET = "ej angivet"
MEDEL_KALLA = {
    "beslut": "Styrelsens beslut",
    "budget": "Budgetunderlag",
    "periodiserad": "Rapportens budget fördelad per dag",
    "beviljat": "Beviljat belopp fördelat per dag",
}
PART_TYP = _codes("part_typ")


def _board(id: str, sv: str, en: str, *columns: Column) -> None:
    BOARD_TABLES[id] = Table(id, sv, en, tuple(columns))


_AR = Column("ar", "År", Kind.AR, "Year")
_TACKER = Column("tacker", "Vad siffrorna täcker", L, "What the figures cover", width=40)
_board(
    "styrelse_ar", "Styrelse år", "Board: year",
    _FORBUND,
    _AR,
    Column("tilldelade_medel", "Tilldelade medel, budget (kr)", K, "Contributions, budget (SEK)",
           says_missing=True),
    Column("inbetalt", "Inbetalt av medlemmarna (kr)", K, "Paid by the members (SEK)",
           says_missing=True),
    Column("ovriga_intakter", "Övriga intäkter, budget (kr)", K, "Other income, budget (SEK)"),
    Column("administrativa_kostnader_budget", "Administrativa kostnader, budget (kr)", K,
           "Administration, budget (SEK)", says_missing=True),
    Column("administrativa_kostnader_utfall", "Administrativa kostnader, utfall (kr)", K,
           "Administration, spent (SEK)", says_missing=True),
    Column("beslutat_insatser", "Beslutat till insatser (kr)", K, "Granted to insatser (SEK)",
           says_missing=True),
    Column("utfall_insatser", "Insatsernas utfall (kr)", K, "Insatser spent (SEK)",
           says_missing=True),
    Column("prognos_insatser", "Insatsernas prognos (kr)", K, "Insatser forecast (SEK)",
           says_missing=True),
    Column("kvar_att_besluta", "Kvar att besluta om (kr)", K, "Left to decide on (SEK)",
           says_missing=True),
    Column("eget_kapital_ib", "Eget kapital 1 jan (kr)", K, "Equity 1 Jan (SEK)",
           says_missing=True),
    Column("eget_kapital_ub", "Eget kapital 31 dec (kr)", K, "Equity 31 Dec (SEK)",
           says_missing=True),
    Column("eget_kapital_andel", "Eget kapital av tilldelade medel", P,
           "Equity as share of contributions", says_missing=True),
    _TACKER,
)  # fmt: skip
_board(
    "styrelse_insatser", "Styrelse insatser", "Board: insatser",
    _FORBUND,
    _INSATS_ID,
    _INSATS_NAMN,
    _AR,
    Column("medel_ar", "Beviljat för året (kr)", K, "Granted for the year (SEK)",
           says_missing=True),
    Column("medel_kalla", "Beviljat enligt", C, "Granted according to", MEDEL_KALLA),
    Column("utfall_ar", "Utfall under året (kr)", K, "Spent in the year (SEK)", says_missing=True),
    Column("prognos_ar", "Prognos för året (kr)", K, "Forecast for the year (SEK)",
           says_missing=True),
    Column("forbrukat_andel", "Förbrukat av årets medel", P, "Share of the year's money spent",
           says_missing=True),
    Column("bundet_kommande_ar", "Bundet för kommande år (kr)", K,
           "Committed for coming years (SEK)"),
    Column("ej_forbrukat", "Ej förbrukat att återföra (kr)", K, "Unused, to return (SEK)"),
)  # fmt: skip
_board(
    "styrelse_medlemmar", "Styrelse medlemmar", "Board: members",
    _FORBUND,
    _AR,
    Column("huvudman_part_typ", "Huvudmannens typ av part", T, "Principal's member type"),
    Column("huvudman_kommun", "Huvudmannens kommun", T, "Principal's municipality"),
    Column("antal_insatser", "Insatser", A, "Insatser"),
    Column("medel_ar", "Beviljat för året (kr)", K, "Granted for the year (SEK)",
           says_missing=True),
    Column("medel_andel", "Andel av årets insatsmedel", P, "Share of the year's insats money",
           says_missing=True),
    Column("utfall_ar", "Utfall under året (kr)", K, "Spent in the year (SEK)", says_missing=True),
    Column("bidrag_andel", "Andel av medlemsbidragen", P, "Share of the contributions",
           says_missing=True),
)  # fmt: skip
