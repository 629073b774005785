"""Schema version 2 as data: field ids, types, code lists, and which template holds what.

Everything else is generated from this module: the templates' defined names and dropdowns, the
readers' lookups, the parsers chosen per field, the models and the docs' tables. A new field is one
edit here. The ids, code lists and rule codes are the contract in docs/report-schema.md; labels and
help texts are ours to improve. Ids of 1.0 keep their meaning; what 1.0 looked like, and how a 1.0
workbook is read, is finsam_xl.migration's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from finsam_xl.codes import CODE_LISTS as CODE_LISTS  # re-exported: callers look in schema
from finsam_xl.codes import CodeList as CodeList

SCHEMA_VERSION = 2
MALLVERSION = "2.0"


class Malltyp(StrEnum):
    BUDGET = "budget"
    RAPPORT = "rapport"
    DELTAGARE = "deltagare"


class Kind(StrEnum):
    """How a value is read (one parser each, see finsam_xl.parse)."""

    TEXT = "text"
    LONGTEXT = "longtext"
    EMAIL = "email"
    DATE = "date"
    KRONOR = "kronor"
    COUNT = "count"
    NUMBER = "number"
    YEAR = "year"
    CODE = "code"
    TABLE = "table"


KOSTNADSSLAG = CODE_LISTS["kostnadsslag"].codes
UTFALL = CODE_LISTS["utfall"].codes
AVSLUTSORSAK = CODE_LISTS["avslutsorsak"].codes
FORSORJNINGSKATEGORI = CODE_LISTS["forsorjningskategori"].codes
SYSSELSATTNING = CODE_LISTS["sysselsattning"].codes
TID_FORSORJNING = CODE_LISTS["tid_forsorjning"].codes
DELTAGAR_RADER = ("nya", "avslutade", "aktiva", "totalt")
# the columns the consolidated tables carry (1.0's); the template's matrix adds ej_angivet
DELTAGAR_KOLUMNER = ("kvinnor", "man", "under30", "totalt")
DELTAGAR_MATRIS = ("kvinnor", "man", "ej_angivet", "totalt", "under30")
MEDFINANSIERING_TYPER = ("kontant", "natura")
MEDFINANSIERING_LAGEN = ("planerat", "utfall")
ARBETE_STUDIER = ("arbete", "studier")

DELTAGAR_RAD_LABEL = {
    "nya": "Nya under perioden",
    "avslutade": "Avslutade under perioden",
    "aktiva": "Inskrivna (pågående) vid periodens slut",
    "totalt": "Totalt inskrivna sedan start",
}
DELTAGAR_KOL_LABEL = {
    "kvinnor": "Kvinnor",
    "man": "Män",
    "ej_angivet": "Kön ej angivet",
    "totalt": "Totalt",
    "under30": "varav under 30 år (vid inskrivning)",
}
DELTAGAR_RAD_KORT = {  # input-message titles (Excel shows 32 characters)
    "nya": "Nya under perioden",
    "avslutade": "Avslutade under perioden",
    "aktiva": "Inskrivna vid periodens slut",
    "totalt": "Totalt inskrivna sedan start",
}


@dataclass(frozen=True)
class Column:
    """One column of a table field."""

    id: str
    kind: Kind
    label: str
    code_list: str | None = None
    help: str = ""
    width: float = 14


@dataclass(frozen=True)
class Field:
    """One defined name of the schema."""

    id: str
    kind: Kind
    label: str
    templates: frozenset[Malltyp]
    required_in: frozenset[Malltyp] = frozenset()
    code_list: str | None = None
    help: str = ""
    columns: tuple[Column, ...] = ()  # table fields only
    rows: int = 0  # table fields: data rows in the template
    formula: bool = False  # a computed cell in the template: read, never trusted
    group: str = ""  # where the template puts it (layout hint, not contract)
    key: str = ""  # the kostnadsslag / utfall / (rad, kol) a generated field belongs to
    template_labels: tuple[tuple[Malltyp, str], ...] = ()  # another label in one template
    short: str = ""  # input-message title when the label is longer than Excel's 32 characters

    def label_in(self, malltyp: Malltyp | None) -> str:
        return dict(self.template_labels).get(malltyp, self.label) if malltyp else self.label

    def required(self, malltyp: Malltyp) -> bool:
        return malltyp in self.required_in

    def in_template(self, malltyp: Malltyp) -> bool:
        return malltyp in self.templates


ALL = frozenset(Malltyp)
RB = frozenset({Malltyp.RAPPORT, Malltyp.BUDGET})
R = frozenset({Malltyp.RAPPORT})
B = frozenset({Malltyp.BUDGET})
D = frozenset({Malltyp.DELTAGARE})
RD = frozenset({Malltyp.RAPPORT, Malltyp.DELTAGARE})
YEARS = 5  # budget years a budget template holds


def _identity() -> Iterator[Field]:
    yield Field(
        "forbund",
        Kind.TEXT,
        "Samordningsförbund",
        ALL,
        ALL,
        group="identitet",
        help="Namnet på samordningsförbundet som finansierar insatsen.",
    )
    yield Field("insats_namn", Kind.TEXT, "Insatsens namn", ALL, ALL, group="identitet")
    yield Field(
        "insats_id",
        Kind.TEXT,
        "Diarienummer",
        ALL,
        group="identitet",
        help="Förbundets diarienummer för beslutet, t.ex. SFG 22-8.4.",
    )
    yield Field(
        "huvudman",
        Kind.TEXT,
        "Huvudman (insatsägare)",
        ALL,
        ALL,
        group="identitet",
        help="Organisationen som ansvarar för insatsen.",
    )
    yield Field(
        "inriktning",
        Kind.CODE,
        "Inriktning",
        ALL,
        ALL,
        "inriktning",
        group="identitet",
        help="Individinriktad: insatsen har deltagare. Strukturövergripande: t.ex. utbildning "
        "av personal, samverkansstruktur, metodutveckling. Har insatsen båda delarna redovisas "
        "de som två insatser.",
    )
    yield Field("kontaktperson", Kind.TEXT, "Kontaktperson", ALL, ALL, group="identitet")
    yield Field("kontakt_epost", Kind.EMAIL, "Kontaktpersonens e-post", ALL, ALL, group="identitet")
    yield Field(
        "beviljad_fran",
        Kind.DATE,
        "Beviljad fr.o.m.",
        ALL,
        ALL,
        group="identitet",
        help="Första dagen i den beviljade perioden (ÅÅÅÅ-MM-DD).",
        template_labels=((Malltyp.BUDGET, "Planerad start (fr.o.m.)"),),
    )
    yield Field(
        "beviljad_till",
        Kind.DATE,
        "Beviljad t.o.m.",
        ALL,
        ALL,
        group="identitet",
        help="Sista dagen i den beviljade perioden, den dagen inräknad (ÅÅÅÅ-MM-DD).",
        template_labels=((Malltyp.BUDGET, "Planerat slut (t.o.m.)"),),
    )
    yield Field(
        "beviljat_belopp",
        Kind.KRONOR,
        "Beviljat belopp (kr)",
        RB,
        RB,
        group="identitet",
        help="Beviljade (i en ansökan: sökta) FINSAM-medel för hela insatsen, i kronor.",
        template_labels=((Malltyp.BUDGET, "Sökt (beviljat) belopp (kr)"),),
    )
    yield Field(
        "samverkande_parter",
        Kind.TABLE,
        "Samverkande parter",
        RB,
        RB,
        group="parter",
        rows=6,
        help="Medsökande organisationer utöver huvudmannen, minst en rad.",
        columns=(
            Column("organisation", Kind.TEXT, "Organisation", width=30),
            Column("part_typ", Kind.CODE, "Typ av part", "part_typ", width=20),
            Column("kontaktperson", Kind.TEXT, "Kontaktperson", width=24),
            Column("epost", Kind.EMAIL, "E-post", width=30),
        ),
    )


# one input-message title per block of counts: the row label says which row, and one shared
# message keeps the sheet small (a data validation per cell costs reading time in every report)
BLOCK_TITLE = {
    "avslut": "Avslutade: gick vidare till",
    "avslutsorsak": "Avslutade: avslutsorsak",
    "sysselsattning": "Sysselsättning vid start",
    "tid_forsorjning": "Tid i försörjning före insats",
    "medfinansiering_rapport": "Medfinansiering (kr)",
}


def _counts(prefix: str, list_id: str, group: str) -> Iterator[Field]:
    """One count field per code of a list (new in 2.0: none is required)."""
    for code in CODE_LISTS[list_id].codes:
        yield Field(
            f"{prefix}_{code}",
            Kind.COUNT,
            CODE_LISTS[list_id].label(code),
            R,
            group=group,
            key=code,
            short=BLOCK_TITLE[group],
        )


def _ekonomi() -> Iterator[Field]:
    for slag in KOSTNADSSLAG:
        yield Field(
            f"budget_{slag}",
            Kind.KRONOR,
            "Budget hela insatsen (enligt beslut)",
            R,
            group="ekonomi",
            key=slag,
            short="Budget hela insatsen",
        )
        yield Field(
            f"utfall_{slag}", Kind.KRONOR, "Utfall denna period", R, group="ekonomi", key=slag
        )
        yield Field(
            f"utfall_ack_{slag}",
            Kind.KRONOR,
            "Utfall totalt sedan start",
            R,
            group="ekonomi",
            key=slag,
        )
        yield Field(f"kommentar_{slag}", Kind.TEXT, "Kommentar", R, group="ekonomi", key=slag)
    for prefix in ("budget", "utfall", "utfall_ack"):
        yield Field(
            f"{prefix}_summa", Kind.KRONOR, "Summa", R, formula=True, group="ekonomi", key=prefix
        )
    yield Field(
        "budget_endast_summa",
        Kind.KRONOR,
        "Budget hela insatsen, om den bara finns som summa",
        R,
        group="ekonomi_ovrigt",
        short="Budget endast som summa",
        help="Bara när beslutet inte fördelar budgeten på kostnadsslag; lämna då "
        "budgetkolumnen ovan tom.",
    )
    yield Field(
        "prognos_ar",
        Kind.KRONOR,
        "Prognos utfall innevarande år",
        R,
        group="ekonomi_ovrigt",
        help="Förväntat utfall för hela kalenderåret, i kronor.",
    )
    yield Field(
        "prognos_insats",
        Kind.KRONOR,
        "Prognos utfall hela insatsen",
        R,
        group="ekonomi_ovrigt",
        help="Förväntat utfall från start till insatsens slut, i kronor.",
    )
    yield Field(
        "rekvirerat_belopp",
        Kind.KRONOR,
        "Rekvirerat från förbundet sedan start",
        R,
        group="ekonomi_ovrigt",
        short="Rekvirerat från förbundet",
        help="Summa av alla rekvisitioner av FINSAM-medel t.o.m. periodens slut.",
    )
    yield Field(
        "utbetalt_belopp",
        Kind.KRONOR,
        "Utbetalt från förbundet sedan start",
        R,
        group="ekonomi_ovrigt",
        short="Utbetalt från förbundet",
        help="FINSAM-medel som förbundet har betalat ut t.o.m. periodens slut.",
    )
    yield Field(
        "intakter",
        Kind.KRONOR,
        "Intäkter totalt sedan start",
        R,
        group="ekonomi_ovrigt",
        help="T.ex. försäljning, ersättning från Arbetsförmedlingen; inte FINSAM-medel.",
    )
    yield Field(
        "arsarbetare",
        Kind.NUMBER,
        "Årsarbetare i insatsen",
        R,
        group="ekonomi_ovrigt",
        help="Personal omräknad till heltid under perioden, t.ex. 1,5.",
    )
    for lage in MEDFINANSIERING_LAGEN:
        for typ in MEDFINANSIERING_TYPER:
            yield Field(
                f"medfinansiering_{lage}_{typ}",
                Kind.KRONOR,
                f"Medfinansiering {'planerad' if lage == 'planerat' else 'utfall'}, "
                f"{'kontant' if typ == 'kontant' else 'in natura'}",
                R,
                group="medfinansiering_rapport",
                key=f"{typ}:{lage}",
                short=BLOCK_TITLE["medfinansiering_rapport"],
            )
    yield Field(
        "overskridande_finansiering",
        Kind.LONGTEXT,
        "Om utfallet är större än beviljat belopp: hur har överskridandet finansierats?",
        R,
        group="ekonomi_text",
        short="Hur finansieras överskridandet?",
    )


def _deltagare_rapport() -> Iterator[Field]:
    yield Field(
        "planerat_antal_deltagare",
        Kind.COUNT,
        "Planerat antal deltagare (hela insatsen)",
        R,
        group="deltagare",
        short="Planerat antal deltagare",
        help="Enligt beslutet, för hela insatsen. Gäller även en strukturövergripande insats "
        "(t.ex. personal som deltar i en utbildning).",
    )
    for rad in DELTAGAR_RADER:
        for kol in DELTAGAR_MATRIS:
            yield Field(
                f"deltagare_{rad}_{kol}",
                Kind.COUNT,
                f"{DELTAGAR_RAD_LABEL[rad]}: {DELTAGAR_KOL_LABEL[kol]}",
                R,
                formula=kol == "totalt",
                group="deltagare",
                key=f"{rad}:{kol}",
                short=DELTAGAR_RAD_KORT[rad],  # one message per row: the header names the column
            )
    for utfall in UTFALL:
        yield Field(
            f"avslut_{utfall}",
            Kind.COUNT,
            CODE_LISTS["utfall"].label(utfall),
            R,
            group="avslut",
            key=utfall,
            short=BLOCK_TITLE["avslut"],
        )
    yield from _counts("avslutsorsak", "avslutsorsak", "avslutsorsak")
    for kategori in FORSORJNINGSKATEGORI:
        for when in ("start", "avslut"):
            yield Field(
                f"forsorjning_{when}_{kategori}",
                Kind.COUNT,
                f"Försörjning vid {when}: {CODE_LISTS['forsorjningskategori'].label(kategori)}",
                R,
                group="forsorjning",
                key=f"{kategori}:{when}",
                short=f"Försörjning vid {when}",
            )
    yield from _counts("sysselsattning_start", "sysselsattning", "sysselsattning")
    yield from _counts("tid_forsorjning", "tid_forsorjning", "tid_forsorjning")


TEXTER = (
    ("text_genomforande", "Genomförande: vad har gjorts?"),
    ("text_avvikelser", "Avvikelser och åtgärder"),
    ("text_analys", "Analys och lärdomar"),
    ("text_implementering", "Implementering i ordinarie verksamhet"),
    ("text_samverkan", "Samverkan: hur har den fungerat?"),
    ("text_hinder", "Hinder och systemfel"),
    ("text_brukarmedverkan", "Brukarmedverkan"),
    ("text_styrgrupp", "Styrgruppens bedömning"),
    ("text_jamstalldhet", "Jämställdhet: kvinnor och män i insatsen"),
)


def _rapport() -> Iterator[Field]:
    yield Field(
        "rapporttyp",
        Kind.CODE,
        "Rapporttyp",
        R,
        R,
        "rapporttyp",
        group="period",
        help="Välj i listan. En slutrapport täcker hela insatsen.",
    )
    yield Field("period_fran", Kind.DATE, "Perioden fr.o.m.", RD, RD, group="period")
    yield Field("period_till", Kind.DATE, "Perioden t.o.m.", RD, RD, group="period")
    yield Field(
        "rapportdatum",
        Kind.DATE,
        "Rapportdatum",
        R,
        R,
        group="period",
        help="Datum då rapporten undertecknades eller skickades.",
    )
    yield Field("uppgiftslamnare", Kind.TEXT, "Uppgiftslämnare", R, group="period")
    yield from _ekonomi()
    yield from _deltagare_rapport()
    yield Field(
        "mal",
        Kind.TABLE,
        "Mål",
        R,
        group="mal",
        rows=10,
        columns=(
            Column("mal", Kind.TEXT, "Mål", width=48),
            Column(
                "malvarde",
                Kind.NUMBER,
                "Målvärde",
                width=12,
                help="Siffra om målet är mätbart, annars tomt.",
            ),
            Column("enhet", Kind.CODE, "Enhet", "malenhet", width=14),
            Column(
                "riktning",
                Kind.CODE,
                "Minst / högst",
                "malriktning",
                width=16,
                help="Minst: målet nås med målvärdet eller mer. Högst: med målvärdet eller mindre "
                "(t.ex. högst 10 sjukdagar). Tomt betyder minst.",
            ),
            Column("utfall", Kind.NUMBER, "Resultat", width=12),
            Column("uppnatt", Kind.CODE, "Uppnått?", "uppnatt", width=14),
            Column("kommentar", Kind.TEXT, "Kommentar", width=40),
        ),
    )
    for text_id, label in TEXTER:
        yield Field(text_id, Kind.LONGTEXT, label, R, group="text")


def _budget() -> Iterator[Field]:
    years = tuple(Column(f"ar{i}", Kind.YEAR, f"År {i}", width=14) for i in range(1, YEARS + 1))
    yield Field(
        "budgetar",
        Kind.TABLE,
        "Budgetår",
        B,
        B,
        group="budget",
        rows=1,
        columns=years,
        help="Skriv budgetåren från vänster, t.ex. 2024, 2025.",
    )
    yield Field(
        "budgetplan",
        Kind.TABLE,
        "Budget per kostnadsslag och år (kr)",
        B,
        group="budget",
        rows=len(KOSTNADSSLAG),
        columns=tuple(Column(c.id, Kind.KRONOR, c.label) for c in years),
    )
    yield Field(
        "budgetplan_kommentar",
        Kind.TABLE,
        "Vad pengarna ska användas till",
        B,
        group="budget",
        rows=len(KOSTNADSSLAG),
        columns=(Column("kommentar", Kind.TEXT, "Kommentar", width=48),),
    )
    yield Field(
        "planerat_antal_deltagare_ar",
        Kind.TABLE,
        "Planerat antal deltagare per år",
        B,
        group="budget",
        rows=1,
        columns=tuple(Column(c.id, Kind.COUNT, c.label) for c in years),
    )
    yield Field(
        "medfinansiering",
        Kind.TABLE,
        "Medfinansiering",
        B,
        group="medfinansiering",
        rows=8,
        columns=(
            Column("organisation", Kind.TEXT, "Organisation", width=30),
            Column("part_typ", Kind.CODE, "Typ av part", "part_typ", width=20),
            Column("typ", Kind.CODE, "Kontant / in natura", "medfinansieringstyp", width=22),
            Column("belopp", Kind.KRONOR, "Belopp (kr)", width=16),
            Column("kommentar", Kind.TEXT, "Kommentar", width=40),
        ),
    )


def _deltagare() -> Iterator[Field]:
    yield Field(
        "deltagarlista",
        Kind.TABLE,
        "Deltagarlista",
        D,
        group="lista",
        rows=500,
        help=(
            "En rad per deltagare och inskrivning. "
            "Löpnummer är insatsens eget, aldrig personnummer."
        ),
        columns=(
            Column(
                "lopnr",
                Kind.TEXT,
                "Löpnummer",
                width=12,
                help="Insatsens egen kod, t.ex. R-017. Aldrig personnummer eller namn.",
            ),
            Column("kon", Kind.CODE, "Kön", "kon", width=12),
            Column(
                "aldersgrupp",
                Kind.CODE,
                "Åldersgrupp vid start",
                "aldersgrupp",
                width=17,
                help="Ålder när deltagaren skrevs in. Födelseår skrivs inte i listan.",
            ),
            Column("startdatum", Kind.DATE, "Startdatum", width=13),
            Column("slutdatum", Kind.DATE, "Slutdatum", width=13),
            Column(
                "avslutsorsak",
                Kind.CODE,
                "Avslutsorsak",
                "avslutsorsak",
                width=18,
                help="Varför deltagaren avslutades. Krävs när slutdatum är ifyllt.",
            ),
            Column(
                "utfall",
                Kind.CODE,
                "Gick vidare till",
                "utfall",
                width=30,
                help="Vad deltagaren gick vidare till. Krävs när slutdatum är ifyllt.",
            ),
            Column(
                "forsorjning_start", Kind.CODE, "Försörjning vid start", "forsorjning", width=30
            ),
            Column(
                "forsorjning_start_2",
                Kind.CODE,
                "Försörjning vid start, fler",
                "forsorjning",
                width=30,
                help="En andra försörjning vid start, t.ex. sjukpenning och försörjningsstöd.",
            ),
            Column(
                "forsorjning_avslut", Kind.CODE, "Försörjning vid avslut", "forsorjning", width=30
            ),
            Column(
                "sysselsattning_start",
                Kind.CODE,
                "Sysselsättning vid start",
                "sysselsattning",
                width=24,
            ),
            Column("remitterande_part", Kind.CODE, "Remitterande part", "part_typ", width=20),
        ),
    )


def _meta() -> Iterator[Field]:
    yield Field("malltyp", Kind.CODE, "Malltyp", ALL, ALL, "malltyp", group="meta")
    yield Field("mallversion", Kind.TEXT, "Mallversion", ALL, ALL, group="meta")


FIELDS: tuple[Field, ...] = (*_meta(), *_identity(), *_rapport(), *_budget(), *_deltagare())
FIELD_BY_ID: dict[str, Field] = {f.id: f for f in FIELDS}


def fields_for(malltyp: Malltyp | str) -> tuple[Field, ...]:
    """The fields a template of this type holds, in schema order."""
    mt = Malltyp(malltyp)
    return tuple(f for f in FIELDS if mt in f.templates)


def field_label(field_id: str) -> str:
    """The Swedish label an officer recognises, e.g. "Lönekostnader, utfall totalt sedan start"."""
    f = FIELD_BY_ID.get(field_id)
    if f is None:
        return field_id
    if f.group == "ekonomi" and f.key in KOSTNADSSLAG:
        return f"{CODE_LISTS['kostnadsslag'].label(f.key)}, {f.label.lower()}"
    if f.group == "ekonomi" and f.formula:
        return {
            "budget": "Budget hela insatsen",
            "utfall": "Utfall denna period",
            "utfall_ack": "Utfall totalt sedan start",
        }[f.key] + ", summa"
    if f.group == "avslut":
        return f"Avslut till {f.label.lower()}"
    if f.group in GROUP_LABELS:
        return f"{GROUP_LABELS[f.group]}: {f.label.lower()}"
    return f.label


GROUP_LABELS = {  # count lists whose code labels need their question to be read alone
    "avslutsorsak": "Avslutsorsak",
    "sysselsattning": "Sysselsättning vid start",
    "tid_forsorjning": "Tid i offentlig försörjning före insatsen",
}


def column_label(table_id: str, column_id: str) -> str:
    """ "Mål, rad 3: Uppnått?"-style labels need the column's label; this gives it."""
    f = FIELD_BY_ID.get(table_id)
    for col in f.columns if f else ():
        if col.id == column_id:
            return col.label
    return column_id


def normalise_key(text: str) -> str:
    """Lower-case, no diacritics, single spaces: how names become keys (insats_namn + forbund)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())
