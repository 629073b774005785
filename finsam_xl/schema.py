"""Schema version 1 as data: field ids, types, code lists, and which template holds what.

Everything else is generated from this module: the templates' defined names and dropdowns, the
readers' lookups, the parsers chosen per field, the models and the docs' tables. A new field is one
edit here. The ids, code lists and rule codes are the contract in docs/report-schema.md; labels and
help texts are ours to improve.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from finsam_xl.codes import CODE_LISTS as CODE_LISTS  # re-exported: callers look in schema
from finsam_xl.codes import CodeList as CodeList

SCHEMA_VERSION = 1
MALLVERSION = "1.0"


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


# The custom document property of every master workbook finsam-xl writes (its sheets, as JSON):
# how a later run knows the file is its own output and never reads it as a report.
MASTER_MARKER = "finsam_xl_sheets"

KOSTNADSSLAG = CODE_LISTS["kostnadsslag"].codes
UTFALL = CODE_LISTS["utfall"].codes
DELTAGAR_RADER = ("nya", "avslutade", "aktiva", "totalt")
DELTAGAR_KOLUMNER = ("kvinnor", "man", "under30", "totalt")
ARBETE_STUDIER = ("arbete", "studier")

DELTAGAR_RAD_LABEL = {
    "nya": "Nya under perioden",
    "avslutade": "Avslutade under perioden",
    "aktiva": "Aktiva vid periodens slut",
    "totalt": "Totalt sedan start",
}
DELTAGAR_KOL_LABEL = {
    "kvinnor": "Kvinnor",
    "man": "Män",
    "under30": "Under 30 år",
    "totalt": "Totalt",
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
        help="Välj i listan: individinriktad eller strukturövergripande.",
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
    )
    yield Field(
        "beviljad_till",
        Kind.DATE,
        "Beviljad t.o.m.",
        ALL,
        ALL,
        group="identitet",
        help="Sista dagen i den beviljade perioden, den dagen inräknad (ÅÅÅÅ-MM-DD).",
    )
    yield Field(
        "beviljat_belopp",
        Kind.KRONOR,
        "Beviljat belopp (kr)",
        ALL,
        RB,
        group="identitet",
        help="Beviljade (i en ansökan: sökta) FINSAM-medel för hela perioden, i kronor.",
    )
    yield Field(
        "samverkande_parter",
        Kind.TABLE,
        "Samverkande parter",
        ALL,
        ALL,
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
    for slag in KOSTNADSSLAG:
        yield Field(
            f"budget_{slag}", Kind.KRONOR, "Budget hela perioden", R, group="ekonomi", key=slag
        )
        yield Field(f"utfall_{slag}", Kind.KRONOR, "Utfall perioden", R, group="ekonomi", key=slag)
        yield Field(
            f"utfall_ack_{slag}", Kind.KRONOR, "Utfall ackumulerat", R, group="ekonomi", key=slag
        )
        yield Field(f"kommentar_{slag}", Kind.TEXT, "Kommentar", R, group="ekonomi", key=slag)
    for prefix in ("budget", "utfall", "utfall_ack"):
        yield Field(
            f"{prefix}_summa", Kind.KRONOR, "Summa", R, formula=True, group="ekonomi", key=prefix
        )
    yield Field(
        "planerat_antal_deltagare",
        Kind.COUNT,
        "Planerat antal deltagare",
        R,
        group="deltagare",
        help="För hela insatsperioden; 0 för en strukturövergripande insats.",
    )
    for rad in DELTAGAR_RADER:
        for kol in DELTAGAR_KOLUMNER:
            yield Field(
                f"deltagare_{rad}_{kol}",
                Kind.COUNT,
                f"{DELTAGAR_RAD_LABEL[rad]}: {DELTAGAR_KOL_LABEL[kol]}",
                R,
                formula=kol == "totalt",
                group="deltagare",
                key=f"{rad}:{kol}",
            )
    for utfall in UTFALL:
        yield Field(
            f"avslut_{utfall}",
            Kind.COUNT,
            CODE_LISTS["utfall"].label(utfall),
            R,
            group="avslut",
            key=utfall,
        )
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
            Column("utfall", Kind.NUMBER, "Utfall", width=12),
            Column("uppnatt", Kind.CODE, "Uppnått?", "uppnatt", width=14),
            Column("kommentar", Kind.TEXT, "Kommentar", width=40),
        ),
    )
    yield Field(
        "text_genomforande", Kind.LONGTEXT, "Genomförande: vad har gjorts?", R, group="text"
    )
    yield Field("text_avvikelser", Kind.LONGTEXT, "Avvikelser och åtgärder", R, group="text")
    yield Field("text_analys", Kind.LONGTEXT, "Analys och lärdomar", R, group="text")


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
            Column("kon", Kind.CODE, "Kön", "kon", width=10),
            Column("fodelsear", Kind.YEAR, "Födelseår", width=11),
            Column("startdatum", Kind.DATE, "Startdatum", width=13),
            Column("slutdatum", Kind.DATE, "Slutdatum", width=13),
            Column(
                "utfall",
                Kind.CODE,
                "Utfall vid avslut",
                "utfall",
                width=30,
                help="Krävs när slutdatum är ifyllt.",
            ),
            Column(
                "forsorjning_start", Kind.CODE, "Försörjning vid start", "forsorjning", width=30
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
    """The Swedish label an officer recognises, e.g. "Lönekostnader, utfall ackumulerat"."""
    f = FIELD_BY_ID.get(field_id)
    if f is None:
        return field_id
    if f.group == "ekonomi" and f.key in KOSTNADSSLAG:
        return f"{CODE_LISTS['kostnadsslag'].label(f.key)}, {f.label.lower()}"
    if f.group == "ekonomi" and f.formula:
        return {
            "budget": "Budget",
            "utfall": "Utfall perioden",
            "utfall_ack": "Utfall ackumulerat",
        }[f.key] + ", summa"
    if f.group == "avslut":
        return f"Avslut till {f.label.lower()}"
    return f.label


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
