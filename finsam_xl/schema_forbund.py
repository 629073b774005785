"""The `forbund` template's fields: one förbund's budget (verksamhetsplan) and bokslut for a year.

Read into finsam_xl.forbund.Forbundsar by finsam_xl.forbund.read. Amounts are whole kronor; a
budget/utfall pair sits on one row of the Ekonomi sheet (``key`` "row:budget" / "row:utfall").
"""

from __future__ import annotations

from collections.abc import Iterator

from finsam_xl.schema_base import Column, F, Field, Kind

# row key -> the Swedish row label; each row has a budget and an utfall field, id "<row>_<col>"
EKONOMI_RADER = {
    "ovriga_intakter": "Övriga intäkter",
    "administrativa_kostnader": "Administrativa kostnader (kansli)",
    "insatsmedel": "Insatsmedel",
}
EKONOMI_KOLUMNER = {"budget": "Budget", "utfall": "Utfall (bokslut)"}
_EKONOMI_HELP = {
    "ovriga_intakter": "Intäkter utöver medlemsbidragen, t.ex. ränta eller bidrag.",
    "administrativa_kostnader": "Kansli, styrelse, revision, utvärdering: allt som inte är "
    "insatser.",
    "insatsmedel": "Medel till insatser. Budget: årets ram; utfall: det som betalats ut.",
}


def forbund_fields() -> Iterator[Field]:
    yield Field(
        "organisationsnummer",
        Kind.TEXT,
        "Organisationsnummer",
        F,
        group="identitet",
        help="Förbundets organisationsnummer, tio siffror NNNNNN-NNNN.",
    )
    yield Field(
        "rakenskapsar",
        Kind.YEAR,
        "Räkenskapsår",
        F,
        F,
        group="identitet",
        help="Året som budget och bokslut gäller, t.ex. 2024. En arbetsbok per år.",
    )
    yield Field(
        "medlemmar",
        Kind.TABLE,
        "Medlemmar och medlemsbidrag",
        F,
        F,
        group="medlemmar",
        rows=16,
        help="En rad per medlem. Försäkringskassan betalar statens hälft, Arbetsförmedlingens "
        "del inräknad: Arbetsförmedlingen skrivs med 0 kr. Regionen betalar en fjärdedel och "
        "kommunerna tillsammans en fjärdedel, fördelad efter förbundsordningens nyckel.",
        columns=(
            Column("namn", Kind.TEXT, "Medlem", width=30),
            Column("part_typ", Kind.CODE, "Typ av part", "part_typ", width=20),
            Column(
                "kommunkod",
                Kind.TEXT,
                "Kommunkod",
                width=11,
                help="SCB:s fyrsiffriga kommunkod, t.ex. 0182. Bara för kommuner.",
            ),
            Column(
                "nyckel",
                Kind.NUMBER,
                "Andel av kommunernas del (%)",
                width=22,
                help="Kommunens andel av kommunernas fjärdedel enligt förbundsordningen, i "
                "procent, t.ex. 37,5. Kommunernas andelar ska bli 100. Bara för kommuner.",
            ),
            Column("bidrag_budget", Kind.KRONOR, "Medlemsbidrag, budget (kr)", width=18),
            Column(
                "bidrag_utfall",
                Kind.KRONOR,
                "Medlemsbidrag, erhållet (kr)",
                width=18,
                help="Det som medlemmen faktiskt betalat under året (bokslut).",
            ),
        ),
    )
    for row, label in EKONOMI_RADER.items():
        for col, col_label in EKONOMI_KOLUMNER.items():
            yield Field(
                f"{row}_{col}",
                Kind.KRONOR,
                f"{label}, {col_label.split(' ')[0].lower()}",
                F,
                group="forbund_ekonomi",
                key=f"{row}:{col}",
                help=_EKONOMI_HELP[row],
                short=f"{label.split(' (')[0]}, {col}",
            )
    yield Field(
        "eget_kapital_ib",
        Kind.KRONOR,
        "Eget kapital vid årets början",
        F,
        group="eget_kapital",
        help="Ingående balans 1 januari, som i förra årets bokslut.",
    )
    yield Field(
        "eget_kapital_ub",
        Kind.KRONOR,
        "Eget kapital vid årets slut",
        F,
        group="eget_kapital",
        help="Utgående balans 31 december enligt bokslutet. Tomt tills bokslutet är klart.",
    )
    yield Field(
        "beslut",
        Kind.TABLE,
        "Beslut om insatser",
        F,
        group="beslut",
        rows=60,
        help="En rad per insats och år som styrelsen beviljat medel för: ett beslut för tre år "
        "ger tre rader. Då syns kommande års åtaganden innan någon rapport kommit in.",
        columns=(
            Column(
                "insats_id",
                Kind.TEXT,
                "Diarienummer",
                width=16,
                help="Samma diarienummer som insatsens rapporter, t.ex. SBY 2023-14.",
            ),
            Column("insats_namn", Kind.TEXT, "Insatsens namn", width=30),
            Column("beslut_datum", Kind.DATE, "Beslutsdatum", width=13),
            Column(
                "paragraf",
                Kind.TEXT,
                "Paragraf (§)",
                width=12,
                help="Protokollets paragraf, t.ex. § 12.",
            ),
            Column("ar", Kind.YEAR, "Avser år", width=10),
            Column("belopp", Kind.KRONOR, "Beviljat för året (kr)", width=18),
        ),
    )
