"""Uppföljning Finsam's screens as tables of the overview (finsam_xl.consolidation.uppfoljning).

Registered in ``columns.TABLES`` when ``columns`` imports this module, at the point where they
stand in its order (the export contract); kept apart to keep modules small.
"""

from __future__ import annotations

from finsam_xl.overview.columns import (
    _FORBUND,
    _INRIKTNING,
    _INSATS_ID,
    _INSATS_NAMN,
    ID_,
    YES_NO,
    A,
    C,
    Column,
    D,
    K,
    Kind,
    L,
    T,
    _codes,
    _table,
)

# Uppföljning Finsam's screens, in its order and wording (finsam_xl.consolidation.uppfoljning)
_UF_NOTE = Column("anmarkning", "Anmärkning", L, "Note", width=44)
_UPPSKATTAT = Column("uppskattat", "Uppskattat", Kind.FLAGGA, "Estimated")
_table(
    "uf_insatser", "UF Insatser", "UF interventions",
    _FORBUND,
    _INSATS_ID,
    Column("insats_namn", "Namn", L, "Name"),
    Column("startdatum", "Startdatum", D, "Start date"),
    Column("slutdatum", "Slutdatum", D, "End date"),
    _INRIKTNING,
    Column("preciserad_inriktning", "Preciserad inriktning", L, "Specified orientation"),
    Column("malgrupp", "Målgrupp", L, "Target group"),
    Column("uppfoljningsmetod", "Uppföljningsmetod", C, "Follow-up method",
           _codes("uppfoljningsmetod")),
    Column("esf_finansiering", "ESF-finansiering", C, "ESF funding", YES_NO),
    Column("huvudman", "Huvudman", L, "Principal"),
    Column("saknas", "Saknas för Uppföljning Finsam", L, "Missing for UF", width=30),
)  # fmt: skip
_table(
    "uf_insatsbudget", "UF Insatsbudget", "UF budget",
    _INSATS_ID,
    _INSATS_NAMN,
    _FORBUND,
    Column("budgetar", "Budgetår", Kind.AR, "Budget year"),
    Column("planerat_antal_deltagare",
           "Planerat antal deltagare för insatsen under budgetåret", A, "Planned participants"),
    Column("budgettyp", "Budgettyp", C, "Budget type", _codes("budgettyp")),
    Column("budget", "Budget (kr)", K, "Budget (SEK)"),
    Column("utfall", "Utfall (kr)", K, "Actual (SEK)"),
    Column("beskrivning", "Beskrivning", L, "Description", width=30),
    _UPPSKATTAT,
    _UF_NOTE,
)  # fmt: skip
_table(
    "uf_deltagare", "UF Deltagare", "UF participants",
    _INSATS_ID,
    _INSATS_NAMN,
    _FORBUND,
    Column("ar", "År", Kind.AR, "Year"),
    _INRIKTNING,
    Column("kvinnor", "Kvinnor", A, "Women", masked=True),
    Column("man", "Män", A, "Men", masked=True),
    Column("totalt", "Totalt", A, "Total", masked=True),
    Column("kon_ej_angivet", "Kön ej angivet (ingår inte i UF)", A, "Gender not given",
           masked=True),
    Column("antal", "Antal deltagare (strukturövergripande)", A, "Number (structural)",
           masked=True),
    _UPPSKATTAT,
    _UF_NOTE,
)  # fmt: skip
_UF_KR = {
    "tilldelade_medel_budget": ("Tilldelade medel, budget (kr)", "Allocated, budget (SEK)"),
    "tilldelade_medel_utfall": ("Tilldelade medel, utfall (kr)", "Allocated, received (SEK)"),
}
_table(
    "uf_forbundet", "UF Förbundet", "UF association",
    _FORBUND,
    Column("organisationsnummer", "Organisationsnummer", T, "Organisation number"),
    Column("ar", "År", Kind.AR, "Year"),
    *(Column(c, sv, K, en) for c, (sv, en) in _UF_KR.items()),
    Column("eget_kapital_ib", "Eget kapital vid årets början (kr)", K, "Equity, 1 January"),
    Column("eget_kapital_ub", "Eget kapital vid årets slut (kr)", K, "Equity, 31 December"),
    Column("administrativa_kostnader_budget", "Administrativa kostnader, budget (kr)", K,
           "Administration, budget (SEK)"),
    Column("administrativa_kostnader_utfall", "Administrativa kostnader, utfall (kr)", K,
           "Administration, actual (SEK)"),
    _UF_NOTE,
)  # fmt: skip
_table(
    "uf_tilldelade_medel", "UF Tilldelade medel", "UF allocation per member",
    _FORBUND,
    Column("ar", "År", Kind.AR, "Year"),
    Column("medlem", "Medlem", L, "Member"),
    Column("part_typ", "Typ av part", C, "Member type", _codes("part_typ")),
    Column("kommunkod", "Kommunkod", ID_, "Municipality code"),
    *(Column(c, sv, K, en) for c, (sv, en) in _UF_KR.items()),
)  # fmt: skip
