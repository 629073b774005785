"""The English of finsam-xl's own help texts, for ``--english``: a catalogue keyed by the Swedish.

Like a gettext catalogue, the Swedish help stays where each command and option is declared and is
the key here, so an edited Swedish text without its English is found by a test
(tests/test_english_output.py), never shown half-translated. Keys are compared with their
whitespace collapsed, so a docstring's indentation and line breaks do not matter.
"""

from __future__ import annotations

_CREDENTIALS_SV = (
    "Tjänstekontots JSON-nyckel (annars FINSAM_GOOGLE_CREDENTIALS, "
    "GOOGLE_APPLICATION_CREDENTIALS eller FINSAM_GOOGLE_OAUTH=1)."
)
_CREDENTIALS_EN = (
    "The service account's JSON key (else FINSAM_GOOGLE_CREDENTIALS, "
    "GOOGLE_APPLICATION_CREDENTIALS or FINSAM_GOOGLE_OAUTH=1)."
)

_HELP: dict[str, str] = {
    # finsam-xl
    "finsam-xl: mallar, kontroll och sammanställning av insatsrapporter (FINSAM).": (
        "finsam-xl: templates, checks and consolidation of intervention reports (FINSAM)."
    ),
    "Visa hela felspårningen vid fel.": "Show the whole traceback on an error.",
    "Engelska i stället för svenska / English.": "English instead of Swedish / Engelska.",
    "Meddelanden på engelska.": "Messages in English.",
    "Inställningsfil (finsam-xl.toml).": "Settings file (finsam-xl.toml).",
    "Utdata: läsbar text eller JSON (schema §8).": "Output: readable text or JSON (schema §8).",
    # the command list (finsam_xl.cli.COMMANDS)
    "Uppföljning Finsam-tabellerna (UF ...) för detta kalenderår (standard: alla år).": (
        "The national follow-up tables (UF ...) for this calendar year (default: every year)."
    ),
    "Styrelserapport som PDF.": "The board's report as PDF.",
    "Skriv en tom (eller förifylld) mall.": "Write a blank (or prefilled) template.",
    "Kontrollera ifyllda rapporter.": "Check filled-in reports.",
    "Sammanställ rapporter till en översiktsarbetsbok.": (
        "Consolidate reports into an overview workbook."
    ),
    "Google Sheets: push och pull.": "Google Sheets: push and pull.",
    # validate
    "Kontrollera ifyllda rapporter (filer eller mappar). Slutkod 0 när ingen fil har fel, 1 när "
    "någon har det (eller ingen arbetsbok hittades), 2 vid felaktigt kommando, inställningar "
    "eller utdata.": (
        "Check filled-in reports (files or folders).\n\nExit code 0 when no file has errors, 1 "
        "when one has (or no workbook was found), 2 on a wrong command, settings or output."
    ),
    "Skriv en kopia med markerade celler och ett blad 'Kontroll' (en fil .xlsx när en rapport "
    "kontrolleras, annars en mapp).": (
        "Write a copy with the cells marked and a sheet 'Kontroll' (one .xlsx file when one "
        "report is checked, else a folder)."
    ),
    "Visa inte info-meddelanden (tolkade värden).": "Hide info messages (interpreted values).",
    "Visa bara filer med fel eller varningar.": "Show only files with errors or warnings.",
    "Antal processer (standard: alla kärnor).": "Number of processes (default: all cores).",
    # consolidate
    "Sammanställ rapporter (filer eller mappar) till en översiktsarbetsbok. Ange -o för "
    "arbetsboken och/eller --export för tabellerna som CSV och Parquet.": (
        "Consolidate reports (files or folders) into an overview workbook.\n\nGive -o for the "
        "workbook and/or --export for the tables as CSV and Parquet."
    ),
    "Översiktsarbetsbok att skriva (.xlsx).": "Overview workbook to write (.xlsx).",
    'Rapporter med fel räknas med i siffrorna, markerade "Komplettering begärd" (standard), '
    "eller lämnas utanför.": (
        'Reports with errors count in the figures, marked "Komplettering begärd" (the '
        "default), or are left out."
    ),
    'Visa antal deltagare under N som "<N" (för tabeller som lämnar förbundet).': (
        'Show participant counts under N as "<N" (for tables that leave the association).'
    ),
    "Register över insatser och förväntade rapporter (.xlsx eller .csv).": (
        "Register of interventions and expected reports (.xlsx or .csv)."
    ),
    "Dagar efter periodens slut som en rapport ska ha kommit in.": (
        "Days after the end of a period by which its report is due."
    ),
    "Bedöm saknade rapporter per detta datum (ÅÅÅÅ-MM-DD; standard i dag).": (
        "Judge missing reports as of this date (YYYY-MM-DD; default today)."
    ),
    "Skriv alla tabeller som CSV och Parquet i denna mapp (ersätter en tidigare export).": (
        "Write every table as CSV and Parquet into this folder (replaces an earlier export)."
    ),
    "CSV för Excel (semikolon, decimalkomma, BOM) eller standard (komma, punkt) för program.": (
        "CSV for Excel (semicolon, decimal comma, BOM) or standard (comma, point) for programs."
    ),
    "Antal processer.": "Number of processes.",
    "Slutkod 1 om någon fil har fel eller är oläslig.": (
        "Exit code 1 if any file has errors or is unreadable."
    ),
    "Ersätt en befintlig översikt även om den har blad som finsam-xl inte skapat.": (
        "Replace an existing overview even if it has sheets finsam-xl did not make."
    ),
    # template
    "Skriv en mall av typen MALLTYP (budget, rapport, deltagare, forbund eller register). "
    "`register` skriver registret över insatser som en arbetsbok för kansliet; med --prefill "
    "register.csv får den registrets rader.": (
        "Write a template of type MALLTYP (budget, rapport, deltagare, forbund or register). "
        "`register` writes the register of interventions as a workbook for the secretariat; with "
        "--prefill register.csv it gets the register's rows."
    ),
    "Filen som skrivs (en mapp när --prefill är ett register).": (
        "The file to write (a folder when --prefill is a register)."
    ),
    "JSON med insatsens uppgifter, eller ett register (.xlsx/.csv) med en rad per insats.": (
        "JSON with the intervention's details, or a register (.xlsx/.csv) with one row per "
        "intervention."
    ),
    "Skriv över filer som redan finns.": "Overwrite files that exist.",
    "Skapa mallen som ett Google-kalkylark i stället (samma som `sheets template`).": (
        "Make the template as a Google spreadsheet instead (the same as `sheets template`)."
    ),
    "Tjänstekontots JSON-fil (med --google).": "The service account's JSON file (with --google).",
    "Drive-mappens id (med --google).": "The Drive folder's id (with --google).",
    "Dela Google-kalkylarket med denna e-postadress som redigerare (med --google).": (
        "Share the Google spreadsheet with this e-mail address as editor (with --google)."
    ),
    # sheets
    "Google Sheets: dela översikten och hämta rapporter ifyllda i Google.": (
        "Google Sheets: share the overview and fetch reports filled in in Google."
    ),
    _CREDENTIALS_SV: _CREDENTIALS_EN,
    "Hämta rapporter ifyllda i Google Sheets och kontrollera dem som .xlsx-filer. Slutkod 0 när "
    "ingen rapport har fel, 1 när någon har det.": (
        "Fetch reports filled in in Google Sheets and check them as .xlsx files.\n\nExit code 0 "
        "when no report has errors, 1 when one has."
    ),
    "Kalkylarkets id (kan anges flera gånger).": "The spreadsheet's id (may be given repeatedly).",
    "Sammanställ de hämtade rapporterna till denna översiktsarbetsbok.": (
        "Consolidate the fetched reports into this overview workbook."
    ),
    "Sammanställ rapporterna i PATHS och skriv översikten till ett delat kalkylark. Samma blad, "
    "värden och format som översiktsarbetsboken; bara blad som finsam-xl har skapat skrivs, andra "
    "blad rörs aldrig.": (
        "Consolidate the reports in PATHS and write the overview to a shared spreadsheet.\n\nThe "
        "same sheets, values and formats as the overview workbook; only sheets finsam-xl made "
        "are written, other sheets are never touched."
    ),
    "Kalkylarkets id.": "The spreadsheet's id.",
    "Skriv över även om bladen har ändrats.": "Overwrite even if the sheets have been changed.",
    'Visa antal deltagare under N som "<N" (för kalkylark som delas utanför förbundet).': (
        'Show participant counts under N as "<N" (for spreadsheets shared outside the association).'
    ),
    "Skapa mallen som ett Google-kalkylark (namngivna områden, listor, låsta celler). "
    "Kalkylarket får svenska inställningar (sv_SE, Europe/Stockholm).": (
        "Make the template as a Google spreadsheet (named ranges, lists, locked cells).\n\nThe "
        "spreadsheet gets Swedish settings (sv_SE, Europe/Stockholm)."
    ),
    "Namn på det nya kalkylarket.": "Name of the new spreadsheet.",
    "Drive-mappens id (delen efter /folders/ i mappens adress). Ett tjänstekonto måste ange en "
    "mapp i en delad enhet där det är medlem.": (
        "The Drive folder's id (the part after /folders/ in the folder's address). A service "
        "account must name a folder in a shared drive it is a member of."
    ),
    "Dela kalkylarket med denna e-postadress som redigerare (kan anges flera gånger).": (
        "Share the spreadsheet with this e-mail address as editor (may be given repeatedly)."
    ),
}

HELP_EN: dict[str, str] = {" ".join(sv.split()): en for sv, en in _HELP.items()}

# Metavars finsam-xl sets itself (click's own are in i18n.METAVARS_SV)
METAVAR_EN = {"ÅÅÅÅ-MM-DD": "YYYY-MM-DD", "ÅÅÅÅ": "YYYY", "EPOST": "EMAIL"}


def english_help(swedish: str) -> str | None:
    """The English of a Swedish help text, or None when the catalogue has none."""
    return HELP_EN.get(" ".join(swedish.split()))
