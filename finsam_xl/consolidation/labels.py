"""Swedish sheet titles and column headers for the consolidation tables.

The table and column ids (finsam_xl.consolidation.columns) are the contract for exports; what the
board reads in the master workbook is Swedish. Every column of every table has a header here (a
test checks it), so the writer never shows an id.
"""

from __future__ import annotations

from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_KOL_LABEL,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
)

SHEET_TITLES: dict[str, str] = {
    "insatser": "Översikt",
    "budget": "Budget",
    "deltagare": "Deltagare",
    "avslut": "Avslut",
    "mal": "Mål",
    "uppfoljning_finsam": "Uppföljning Finsam",
    "saknade": "Saknade rapporter",
    "paminnelser": "Påminnelser",
    "problem": "Problem",
    "kallor": "Källor",
}

_PERIOD = {
    "insats_id": "Insats-id",
    "rapporttyp": "Rapporttyp",
    "period_fran": "Period fr.o.m.",
    "period_till": "Period t.o.m.",
    "file": "Fil",
}

HEADERS: dict[str, dict[str, str]] = {
    "insatser": {
        "forbund": "Förbund",
        "insats_id": "Insats-id",
        "insats_namn": "Insats",
        "huvudman": "Huvudman",
        "inriktning": "Inriktning",
        "beviljad_fran": "Beviljad fr.o.m.",
        "beviljad_till": "Beviljad t.o.m.",
        "beviljat_belopp": "Beviljat belopp (kr)",
        "budget_summa": "Budget (kr)",
        "utfall_ack_summa": "Utfall ackumulerat (kr)",
        "forbrukat_andel": "Förbrukat av beviljat",
        "senaste_rapporttyp": "Senaste rapport",
        "senaste_period_till": "Senaste period t.o.m.",
        "deltagare_totalt_kvinnor": "Deltagare kvinnor",
        "deltagare_totalt_man": "Deltagare män",
        "deltagare_totalt": "Deltagare totalt",
        "avslutade_totalt": "Avslutade (med utfall)",
        "avslutade_till_arbete_studier": "Avslutade till arbete/studier",
        "avslutade_till_arbete_studier_andel": "Andel till arbete/studier",
        "mal_uppnadda": "Mål uppnådda",
        "mal_totalt": "Mål totalt",
        "status": "Status",
        "planerat_antal_deltagare": "Planerat antal deltagare",
        "budget_planerad": "Budget enligt budgetunderlag (kr)",
        "antal_rapporter": "Antal rapporter",
        "antal_fel": "Fel",
        "antal_varningar": "Varningar",
    },
    "budget": {
        **_PERIOD,
        "kostnadsslag": "Kostnadsslag",
        "budget": "Budget hela perioden (kr)",
        "utfall": "Utfall perioden (kr)",
        "utfall_ack": "Utfall ackumulerat (kr)",
        "budget_periodiserad": "Budget t.o.m. perioden (kr)",
        "avvikelse_kr": "Avvikelse (kr)",
        "avvikelse_andel": "Avvikelse (andel)",
    },
    "deltagare": {
        **_PERIOD,
        **{
            f"deltagare_{r}_{k}": f"{DELTAGAR_RAD_LABEL[r]}: {DELTAGAR_KOL_LABEL[k].lower()}"
            for r in DELTAGAR_RADER
            for k in DELTAGAR_KOL_LABEL
        },
    },
    "avslut": {**_PERIOD, "utfall": "Utfall vid avslut", "antal": "Antal"},
    "mal": {
        **_PERIOD,
        "mal": "Mål",
        "malvarde": "Målvärde",
        "utfall": "Utfall",
        "uppnatt": "Uppnått",
        "kommentar": "Kommentar",
    },
    "problem": {
        "file": "Fil",
        "sheet": "Blad",
        "cell": "Cell",
        "code": "Kod",
        "severity": "Allvarlighet",
        "message": "Meddelande",
        "field": "Fält",
        "insats_id": "Insats-id",
    },
    "kallor": {
        **_PERIOD,
        "sha256": "SHA-256",
        "malltyp": "Malltyp",
        "mallversion": "Mallversion",
        "rapportdatum": "Rapportdatum",
        "status": "Kontrollstatus",
        "anvand": "Används",
        "ersatt_av": "Ersatt av",
        "antal_fel": "Fel",
        "antal_varningar": "Varningar",
    },
    "uppfoljning_finsam": {
        "insats_id": "Insats-id",
        "insats_namn": "Insats",
        "forbund": "Förbund",
        "inriktning": "Inriktning",
        "ar": "År",
        "budget": "Budget (kr)",
        "budget_kalla": "Budgetkälla",
        "utfall": "Utfall (kr)",
        "planerat_antal_deltagare": "Budgeterat antal deltagare",
        "deltagare_kvinnor": "Deltagare kvinnor",
        "deltagare_man": "Deltagare män",
        "deltagare_totalt": "Deltagare totalt",
        "uppskattat": "Uppskattat",
    },
    "saknade": {
        "insats_id": "Insats-id",
        "insats_namn": "Insats",
        "forbund": "Förbund",
        "rapporttyp": "Rapporttyp",
        "period_fran": "Period fr.o.m.",
        "period_till": "Period t.o.m.",
        "sista_dag": "Sista dag",
        "status": "Status",
        "rapportdatum": "Rapportdatum",
        "file": "Fil",
    },
    "paminnelser": {
        "insats_id": "Insats-id",
        "insats_namn": "Insats",
        "forbund": "Förbund",
        "kontaktperson": "Kontaktperson",
        "kontakt_epost": "E-post",
        "saknade_perioder": "Saknade rapporter",
        "text": "Påminnelse (utkast)",
    },
}

# Status and code values as the board reads them (the writer may map cells through these).
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": {
        "ok": "OK",
        "varningar": "Varningar",
        "fel": "Fel",
        "saknar-rapport": "Saknar rapport",
        "inkommen": "Inkommen",
        "sen": "Inkommen sent",
        "saknas": "Saknas",
        "ej-forfallen": "Ej förfallen",
        "warnings": "Varningar",  # kallor.status: the validator's file status
        "errors": "Fel",
        "unreadable": "Oläsbar",
    },
    "anvand": {
        "ja": "Ja",
        "ersatt": "Ersatt",
        "utesluten": "Utesluten (fel)",
        "olasbar": "Oläsbar",
    },
    "rapporttyp": dict(CODE_LISTS["rapporttyp"].items),
    "kostnadsslag": dict(CODE_LISTS["kostnadsslag"].items),
    "utfall": dict(CODE_LISTS["utfall"].items),
    "uppnatt": dict(CODE_LISTS["uppnatt"].items),
    "inriktning": dict(CODE_LISTS["inriktning"].items),
}
