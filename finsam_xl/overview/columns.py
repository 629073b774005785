"""What every column of the consolidated tables is: declared once, read by every output.

A column has an id (the export contract), a Swedish label (English second), a *kind* that says
what it holds and so how it is typed, formatted, summed and masked, the Swedish labels of its
codes, and a width hint. The consolidation types its DataFrames from here; the master workbook,
the Excel button, the Google Sheet and the CSV/Parquet exports render from here. None of them
relabels or guesses a kind again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_KOL_LABEL,
    DELTAGAR_KOLUMNER,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
)


class Kind(StrEnum):
    KRONOR = "kronor"  # whole kronor
    ANTAL = "antal"  # a count of people, reports, goals
    ANDEL = "andel"  # a fraction 0–1 (shown as per cent)
    TAL = "tal"  # any other number (a goal's target value)
    AR = "ar"  # a calendar year
    DATUM = "datum"
    KOD = "kod"  # a code from a code list, shown by its Swedish label
    FLAGGA = "flagga"  # yes/no
    TEXT = "text"
    LANGTEXT = "langtext"  # wraps in the master
    ID = "id"  # a technical key: narrow, never wraps
    HASH = "hash"


# pandas dtypes per kind: amounts and counts nullable integers (empty where unknown), shares
# floats (NaN where undefined), dates ``datetime.date`` objects, text pandas strings.
DTYPES: dict[Kind, str] = {
    Kind.KRONOR: "Int64",
    Kind.ANTAL: "Int64",
    Kind.AR: "Int64",
    Kind.ANDEL: "float64",
    Kind.TAL: "float64",
    Kind.DATUM: "date",
    Kind.FLAGGA: "boolean",
}
# Number formats, the same pattern text in the .xlsx master, the live Excel book and Google
# Sheets (all three read "#,##0" with the locale's grouping and decimal signs). None: General.
NUMBER_FORMATS: dict[Kind, str | None] = {
    Kind.KRONOR: '#,##0 "kr"',
    Kind.ANTAL: "#,##0",
    Kind.ANDEL: "0.0 %",
    Kind.TAL: None,
    Kind.AR: "0",
    Kind.DATUM: "yyyy-mm-dd",
}
SUMMABLE = frozenset({Kind.KRONOR, Kind.ANTAL})
MEASURES = frozenset({Kind.KRONOR, Kind.ANTAL, Kind.ANDEL, Kind.TAL})
WIDTHS: dict[Kind, float] = {
    Kind.TEXT: 16,
    Kind.LANGTEXT: 34,
    Kind.KOD: 17,
    Kind.KRONOR: 14,
    Kind.ANTAL: 10,
    Kind.TAL: 10,
    Kind.ANDEL: 10,
    Kind.DATUM: 11.5,
    Kind.HASH: 20,
    Kind.AR: 7,
    Kind.FLAGGA: 9,
    Kind.ID: 12,
}

# The deltagare table's columns per rad: 1.0's, then 2.0's kön ej angivet (appended, so the
# older columns keep their order in the exports).
DELTAGAR_TABELL = (*DELTAGAR_KOLUMNER, "ej_angivet")

# What an empty measure says: nobody reported it, or what was reported could not be read.
EJ_REDOVISAT = "ej redovisat"
EJ_LASBART = "ej läsbart"
YES_NO = {"ja": "Ja", "nej": "Nej"}


@dataclass(frozen=True)
class Column:
    id: str
    sv: str
    kind: Kind
    en: str = ""
    codes: Mapping[str, str] | None = None  # code -> Swedish label
    width: float | None = None
    masked: bool = False  # a participant count hidden under --mask-under
    # A measure that no report gave reads "ej redovisat" in the overview (not 0): only where an
    # empty cell would otherwise be read as nothing, i.e. the board's figures.
    says_missing: bool = False

    @property
    def dtype(self) -> str:
        return DTYPES.get(self.kind, "str")

    @property
    def number_format(self) -> str | None:
        return NUMBER_FORMATS.get(self.kind)

    @property
    def width_hint(self) -> float:
        return self.width if self.width is not None else WIDTHS[self.kind]

    def label(self, english: bool = False) -> str:
        return self.en if english and self.en else self.sv

    def shown(self, code: str) -> str:
        """The Swedish text a code value shows as (itself when not a code of this column)."""
        return self.codes.get(code, code) if self.codes else code


@dataclass(frozen=True)
class Table:
    id: str
    sv: str
    en: str
    columns: tuple[Column, ...]
    by_id: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {c.id: c for c in self.columns})

    def __getitem__(self, column_id: str) -> Column:
        return self.by_id[column_id]

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.columns]


def _codes(name: str) -> dict[str, str]:
    return dict(CODE_LISTS[name].items)


K, A, P, D, C, T, L, ID_ = (Kind.KRONOR, Kind.ANTAL, Kind.ANDEL, Kind.DATUM, Kind.KOD, Kind.TEXT,
                          Kind.LANGTEXT, Kind.ID)  # fmt: skip
RAPPORTTYP, UTFALL = _codes("rapporttyp"), _codes("utfall")
# A budget decided only as a total (schema 2.0's budget_endast_summa) is one row of its own in
# the Budget table: never spread over the kostnadsslag.
EJ_FORDELAT = "ej_fordelat"
KOSTNADSSLAG = _codes("kostnadsslag") | {EJ_FORDELAT: "Ej fördelat"}
STATUS = {
    "ok": "OK",
    "varningar": "Varningar",
    "fel": "Komplettering begärd",
    "saknar-rapport": "Saknar rapport",
    "inkommen": "Inkommen",
    "sen": "Inkommen sent",
    "saknas": "Saknas",
    "ej-forfallen": "Ej förfallen",
    "warnings": "Varningar",  # kallor.status: the validator's file status
    "errors": "Fel",
    "unreadable": "Oläsbar",
}
ANVAND = {"ja": "Ja", "ersatt": "Ersatt", "utesluten": "Utesluten (fel)", "olasbar": "Oläsbar"}
SEVERITY = {"error": "Fel", "warning": "Varning", "info": "Info"}


# Columns several tables share, declared once (Översikt's own förbund/insats differ: widths
# for its printed page).
_INSATS_ID = Column("insats_id", "Insats-id", ID_, "Insats id")
_INSATS_NAMN = Column("insats_namn", "Insats", L, "Intervention")
_FORBUND = Column("forbund", "Förbund", T, "Association")
_INRIKTNING = Column("inriktning", "Inriktning", C, "Orientation", _codes("inriktning"))
_RAPPORTTYP = Column("rapporttyp", "Rapporttyp", C, "Report type", RAPPORTTYP)
_PERIOD = (
    _INSATS_ID,
    _RAPPORTTYP,
    Column("period_fran", "Period fr.o.m.", D, "Period from"),
    Column("period_till", "Period t.o.m.", D, "Period to"),
)
_FILE = Column("file", "Fil", L, "File")
_I_SUMMERING = Column(
    "i_oversikten", "Ingår i översiktens siffror", Kind.FLAGGA, "In the overview's figures"
)

TABLES: dict[str, Table] = {}


def _table(id: str, sv: str, en: str, *columns: Column) -> None:
    TABLES[id] = Table(id, sv, en, tuple(columns))


_table(
    "insatser", "Översikt", "Overview",
    # Widths declared so the board's columns print on one A3 page: long names wrap.
    Column("forbund", "Förbund", L, "Association", width=19),
    _INSATS_ID,
    Column("insats_namn", "Insats", L, "Intervention", width=20),
    Column("huvudman", "Huvudman", L, "Principal"),
    _INRIKTNING,
    Column("beviljad_fran", "Beviljad fr.o.m.", D, "Granted from"),
    Column("beviljad_till", "Beviljad t.o.m.", D, "Granted to"),
    Column("beviljat_belopp", "Beviljat belopp (kr)", K, "Granted (SEK)", says_missing=True),
    Column("budget_summa", "Budget (kr)", K, "Budget (SEK)", says_missing=True),
    Column("utfall_ack_summa", "Utfall totalt sedan start (kr)", K, "Spent since start (SEK)",
           says_missing=True),
    Column("forbrukat_andel", "Förbrukat av beviljat", P, "Share of grant spent",
           says_missing=True),
    Column("senaste_rapporttyp", "Senaste rapport", C, "Latest report", RAPPORTTYP),
    Column("senaste_period_till", "Senaste period t.o.m.", D, "Latest period to"),
    Column("deltagare_totalt_kvinnor", "Deltagare kvinnor", A, "Participants women",
           masked=True, says_missing=True),
    Column("deltagare_totalt_man", "Deltagare män", A, "Participants men", masked=True,
           says_missing=True),
    Column("deltagare_totalt_ej_angivet", "Deltagare kön ej angivet", A,
           "Participants, gender not given", masked=True, says_missing=True),
    Column("deltagare_totalt", "Deltagare totalt", A, "Participants total", masked=True,
           says_missing=True),
    Column("avslutade_totalt", "Avslutade deltagare", A, "Exits", masked=True,
           says_missing=True),
    Column("avslutade_till_arbete_studier", "Avslutade till arbete/studier", A,
           "Exits to work/studies", masked=True, says_missing=True),
    Column("avslutade_till_arbete_studier_andel", "Andel till arbete/studier", P,
           "Share to work/studies", says_missing=True),
    Column("mal_uppnadda", "Mål uppnådda", A, "Goals met", says_missing=True),
    Column("mal_totalt", "Mål totalt", A, "Goals"),
    Column("status", "Status", L, "Status", STATUS, width=27),
    Column("planerat_antal_deltagare", "Planerat antal deltagare", A, "Planned participants"),
    Column("budget_planerad", "Budget enligt budgetunderlag (kr)", K, "Budget per budget (SEK)"),
    # schema 2.0's economy (empty for a 1.0 report, which could not give it)
    Column("prognos_ar", "Prognos i år (kr)", K, "Forecast this year (SEK)"),
    Column("prognos_insats", "Prognos hela insatsen (kr)", K, "Forecast whole insats (SEK)"),
    Column("rekvirerat_belopp", "Rekvirerat (kr)", K, "Requested (SEK)"),
    Column("utbetalt_belopp", "Utbetalt (kr)", K, "Paid out (SEK)"),
    Column("intakter", "Intäkter (kr)", K, "Income (SEK)"),
    Column("arsarbetare", "Årsarbetare", Kind.TAL, "Full-time equivalents"),
    # members' own co-financing: planned (the latest report, else the budget workbook's table)
    # beside the utfall from start (the latest report)
    Column("medfinansiering_planerat_kontant", "Medfinansiering planerad, kontant (kr)", K,
           "Co-financing planned, cash (SEK)"),
    Column("medfinansiering_planerat_natura", "Medfinansiering planerad, in natura (kr)", K,
           "Co-financing planned, in kind (SEK)"),
    Column("medfinansiering_utfall_kontant", "Medfinansiering utfall, kontant (kr)", K,
           "Co-financing spent, cash (SEK)"),
    Column("medfinansiering_utfall_natura", "Medfinansiering utfall, in natura (kr)", K,
           "Co-financing spent, in kind (SEK)"),
    Column("antal_rapporter", "Antal rapporter", A, "Reports"),
    Column("antal_fel", "Fel", A, "Errors"),
    Column("antal_varningar", "Varningar", A, "Warnings"),
    # the medlem the insats' money goes to (new optional fields of 2.0; the board's split)
    Column("huvudman_part_typ", "Huvudmannens typ av part", C, "Principal's member type",
           _codes("part_typ")),
    Column("huvudman_kommun", "Huvudmannens kommun", T, "Principal's municipality"),
)  # fmt: skip
_table(
    "budget", "Budget", "Budget",
    *_PERIOD,
    Column("kostnadsslag", "Kostnadsslag", C, "Cost category", KOSTNADSSLAG),
    Column("budget", "Budget hela insatsen (kr)", K, "Budget whole insats (SEK)"),
    Column("utfall", "Utfall perioden (kr)", K, "Spent in period (SEK)"),
    Column("utfall_ack", "Utfall totalt sedan start (kr)", K, "Spent since start (SEK)"),
    Column("budget_periodiserad", "Budget t.o.m. perioden (kr)", K, "Budget to period end (SEK)"),
    Column("avvikelse_kr", "Avvikelse (kr)", K, "Deviation (SEK)"),
    Column("avvikelse_andel", "Avvikelse (andel)", P, "Deviation (share)"),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_RAD_EN = {
    "nya": "New in the period",
    "avslutade": "Exited in the period",
    "aktiva": "Enrolled at period end",
    "totalt": "Enrolled in total since start",
}
_KOL_EN = {
    "kvinnor": "women",
    "man": "men",
    "ej_angivet": "gender not given",
    "totalt": "total",
    "under30": "of whom under 30 (at enrolment)",
}
_table(
    "deltagare", "Deltagare", "Participants",
    *_PERIOD,
    *(
        Column(f"deltagare_{r}_{k}",
               f"{DELTAGAR_RAD_LABEL[r]}: {DELTAGAR_KOL_LABEL[k].lower()}", A,
               f"{_RAD_EN[r]}: {_KOL_EN[k]}", masked=True)
        for r in DELTAGAR_RADER
        for k in DELTAGAR_TABELL
    ),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    "avslut", "Avslut", "Exits",
    *_PERIOD,
    Column("utfall", "Utfall vid avslut", C, "Outcome at exit", UTFALL),
    Column("antal", "Antal", A, "Number", masked=True),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
# Schema 2.0's participant breakdowns, one row per report and code it gave (a code left empty
# is not reported, so it has no row); period figures like Avslut, summed over the rows marked
# i_oversikten they are the insats' figures.
_table(
    "avslutsorsak", "Avslutsorsak", "Reasons for exit",
    *_PERIOD,
    Column("avslutsorsak", "Avslutsorsak", C, "Reason for exit", _codes("avslutsorsak")),
    Column("antal", "Antal", A, "Number", masked=True),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    # multi-valued: one person with sjukpenning and försörjningsstöd counts in both rows
    "forsorjning", "Försörjning", "Income support",
    *_PERIOD,
    Column("kategori", "Försörjning", C, "Income support", _codes("forsorjningskategori"),
           width=30),
    Column("vid_start", "Vid start (antal)", A, "At start (number)", masked=True),
    Column("vid_avslut", "Vid avslut (antal)", A, "At exit (number)", masked=True),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    "sysselsattning", "Sysselsättning vid start", "Occupation at start",
    *_PERIOD,
    Column("sysselsattning", "Sysselsättning vid start", C, "Occupation at start",
           _codes("sysselsattning"), width=24),
    Column("antal", "Antal", A, "Number", masked=True),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    "tid_forsorjning", "Tid i försörjning före insats", "Time on support before",
    *_PERIOD,
    Column("tid", "Tid i offentlig försörjning före insatsen", C,
           "Time on public support before the insats", _codes("tid_forsorjning"), width=24),
    Column("antal", "Antal", A, "Number", masked=True),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    "mal", "Mål", "Goals",
    *_PERIOD,
    Column("mal", "Mål", L, "Goal"),
    Column("malvarde", "Målvärde", Kind.TAL, "Target"),
    Column("enhet", "Enhet", C, "Unit", _codes("malenhet")),
    Column("riktning", "Riktning", C, "Direction", _codes("malriktning")),
    Column("utfall", "Utfall", Kind.TAL, "Result"),
    Column("uppnatt", "Uppnått", C, "Met", _codes("uppnatt")),
    Column("kommentar", "Kommentar", L, "Comment"),
    _I_SUMMERING,
    _FILE,
)  # fmt: skip
_table(
    "uppfoljning_finsam", "Uppföljning Finsam", "National follow-up",
    _INSATS_ID,
    _INSATS_NAMN,
    _FORBUND,
    _INRIKTNING,
    Column("ar", "År", Kind.AR, "Year"),
    Column("budget", "Budget (kr)", K, "Budget (SEK)", says_missing=True),
    Column("budget_kalla", "Budgetkälla", C, "Budget source",
           {"budget": "Budgetunderlag", "periodiserad": "Rapportens budget fördelad per dag",
            "beviljat": "Beviljat belopp fördelat per dag"}),
    Column("utfall", "Utfall (kr)", K, "Spent (SEK)", says_missing=True),
    Column("planerat_antal_deltagare", "Budgeterat antal deltagare", A, "Planned participants"),
    Column("deltagare_kvinnor", "Deltagit under året: kvinnor", A, "Took part: women",
           masked=True, says_missing=True),
    Column("deltagare_man", "Deltagit under året: män", A, "Took part: men", masked=True,
           says_missing=True),
    Column("deltagare_ej_angivet", "Deltagit under året: kön ej angivet", A,
           "Took part: gender not given", masked=True, says_missing=True),
    Column("deltagare_totalt", "Deltagit under året: totalt", A, "Took part: total",
           masked=True, says_missing=True),
    Column("uppskattat", "Uppskattat", Kind.FLAGGA, "Estimated"),
)  # fmt: skip
# Uppföljning Finsam's screens: declared in uf_columns, registered here to keep TABLES' order.
from finsam_xl.overview import uf_columns as _uf_columns  # noqa: E402, F401

_table(
    "saknade", "Saknade rapporter", "Missing reports",
    _INSATS_ID,
    _INSATS_NAMN,
    _FORBUND,
    _RAPPORTTYP,
    Column("period_fran", "Period fr.o.m.", D, "Period from"),
    Column("period_till", "Period t.o.m.", D, "Period to"),
    Column("sista_dag", "Sista dag", D, "Due"),
    Column("status", "Status", C, "Status", STATUS),
    Column("rapportdatum", "Rapportdatum", D, "Report date"),
    _FILE,
)  # fmt: skip
_table(
    "paminnelser", "Påminnelser", "Reminders",
    _INSATS_ID,
    _INSATS_NAMN,
    _FORBUND,
    Column("kontaktperson", "Kontaktperson", T, "Contact"),
    Column("kontakt_epost", "E-post", T, "E-mail"),
    Column("saknade_perioder", "Saknade rapporter", L, "Missing reports"),
    Column("text", "Påminnelse (utkast)", L, "Reminder (draft)", width=60),
)  # fmt: skip
_table(
    "problem", "Problem", "Problems",
    _FILE,
    Column("sheet", "Blad", T, "Sheet"),
    Column("cell", "Cell", T, "Cell", width=8),
    Column("code", "Kod", Kind.ID, "Code", width=16),
    Column("severity", "Allvarlighet", C, "Severity", SEVERITY, width=11),
    Column("message", "Meddelande", L, "Message", width=60),
    Column("field", "Fält", Kind.ID, "Field", width=16),
    _INSATS_ID,
)  # fmt: skip
_table(
    "kallor", "Källor", "Sources",
    _FILE,
    Column("sha256", "SHA-256", Kind.HASH, "SHA-256"),
    Column("malltyp", "Malltyp", C, "Template", _codes("malltyp")),
    Column("mallversion", "Mallversion", T, "Template version", width=9),
    _INSATS_ID,
    _RAPPORTTYP,
    Column("period_fran", "Period fr.o.m.", D, "Period from"),
    Column("period_till", "Period t.o.m.", D, "Period to"),
    Column("rapportdatum", "Rapportdatum", D, "Report date"),
    Column("status", "Kontrollstatus", C, "Check status", STATUS, width=14),
    Column("anvand", "Används", C, "Used", ANVAND, width=14),
    Column("ersatt_av", "Ersatt av", L, "Superseded by"),
    Column("antal_fel", "Fel", A, "Errors"),
    Column("antal_varningar", "Varningar", A, "Warnings"),
)  # fmt: skip

TABLE_IDS = tuple(TABLES)
SHEET_TITLES = {t.id: t.sv for t in TABLES.values()}

# The board's tables live in board_columns (imported last: it reads the types above).
from finsam_xl.overview.board_columns import BOARD_TABLES as BOARD_TABLES  # noqa: E402
from finsam_xl.overview.board_columns import EJ_ANGIVET as EJ_ANGIVET  # noqa: E402
from finsam_xl.overview.board_columns import MEDEL_KALLA as MEDEL_KALLA  # noqa: E402
from finsam_xl.overview.board_columns import PART_TYP as PART_TYP  # noqa: E402

SHEET_TITLES.update({t.id: t.sv for t in BOARD_TABLES.values()})
