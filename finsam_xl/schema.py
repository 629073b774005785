"""Schema version 2 as data: field ids, types, code lists, and which template holds what.

Everything else is generated from this module: the templates' defined names and dropdowns, the
readers' lookups, the parsers chosen per field, the models and the docs' tables. A new field is one
edit here. The ids, code lists and rule codes are the contract in docs/report-schema.md; labels and
help texts are ours to improve. Ids of 1.0 keep their meaning; what 1.0 looked like, and how a 1.0
workbook is read, is finsam_xl.migration's.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

from finsam_xl.codes import CODE_LISTS as CODE_LISTS  # re-exported: callers look in schema
from finsam_xl.codes import CodeList as CodeList
from finsam_xl.schema_base import ALL as ALL
from finsam_xl.schema_base import ARBETE_STUDIER as ARBETE_STUDIER
from finsam_xl.schema_base import AVSLUTSORSAK as AVSLUTSORSAK
from finsam_xl.schema_base import DELTAGAR_KOL_LABEL as DELTAGAR_KOL_LABEL
from finsam_xl.schema_base import DELTAGAR_KOLUMNER as DELTAGAR_KOLUMNER
from finsam_xl.schema_base import DELTAGAR_MATRIS as DELTAGAR_MATRIS
from finsam_xl.schema_base import DELTAGAR_RAD_KORT as DELTAGAR_RAD_KORT
from finsam_xl.schema_base import DELTAGAR_RAD_LABEL as DELTAGAR_RAD_LABEL
from finsam_xl.schema_base import DELTAGAR_RADER as DELTAGAR_RADER
from finsam_xl.schema_base import EVERY as EVERY
from finsam_xl.schema_base import FEEDBACK_MARKER as FEEDBACK_MARKER
from finsam_xl.schema_base import FORSORJNINGSKATEGORI as FORSORJNINGSKATEGORI
from finsam_xl.schema_base import KOSTNADSSLAG as KOSTNADSSLAG
from finsam_xl.schema_base import MALLVERSION as MALLVERSION
from finsam_xl.schema_base import MASTER_MARKER as MASTER_MARKER
from finsam_xl.schema_base import MEDFINANSIERING_LAGEN as MEDFINANSIERING_LAGEN
from finsam_xl.schema_base import MEDFINANSIERING_TYPER as MEDFINANSIERING_TYPER
from finsam_xl.schema_base import RB as RB
from finsam_xl.schema_base import RD as RD
from finsam_xl.schema_base import SCHEMA_VERSION as SCHEMA_VERSION
from finsam_xl.schema_base import SYSSELSATTNING as SYSSELSATTNING
from finsam_xl.schema_base import TID_FORSORJNING as TID_FORSORJNING
from finsam_xl.schema_base import UTFALL as UTFALL
from finsam_xl.schema_base import YEARS as YEARS
from finsam_xl.schema_base import B as B
from finsam_xl.schema_base import Column as Column
from finsam_xl.schema_base import D as D
from finsam_xl.schema_base import F as F
from finsam_xl.schema_base import Field as Field
from finsam_xl.schema_base import Kind as Kind
from finsam_xl.schema_base import Malltyp as Malltyp
from finsam_xl.schema_base import R as R
from finsam_xl.schema_forbund import forbund_fields
from finsam_xl.schema_rapport import BLOCK_TITLE as BLOCK_TITLE
from finsam_xl.schema_rapport import TEXTER as TEXTER
from finsam_xl.schema_rapport import rapport_fields


def _identity() -> Iterator[Field]:
    yield Field(
        "forbund",
        Kind.TEXT,
        "Samordningsförbund",
        ALL | F,
        ALL | F,
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
    yield Field(
        "huvudman_part_typ",
        Kind.CODE,
        "Huvudmannens typ av part",
        RB,
        code_list="part_typ",
        group="huvudman",
        short="Huvudmannens typ av part",
        help="Kommun, region, Försäkringskassan eller Arbetsförmedlingen: vilken medlem "
        "insatsens pengar går till.",
    )
    yield Field(
        "huvudman_kommun",
        Kind.TEXT,
        "Huvudmannens kommun",
        RB,
        group="huvudman",
        help="Kommunens namn eller SCB:s kommunkod (fyra siffror), när huvudmannen är en "
        "kommun eller verkar i en kommun.",
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


def _uppfoljning() -> Iterator[Field]:
    """What Uppföljning Finsam asks per insats and cannot change later (optional in 2.0)."""
    yield Field(
        "preciserad_inriktning",
        Kind.TEXT,
        "Preciserad inriktning",
        RB,
        group="uppfoljning",
        help="Som i Uppföljning Finsam, t.ex. Förrehabilitering och aktivering, eller "
        "Kompetensutveckling. Förbundets lista finns i docs/uppfoljning-finsam.md.",
    )
    yield Field(
        "malgrupp",
        Kind.TABLE,
        "Målgrupp",
        RB,
        group="uppfoljning",
        rows=3,
        help="En eller flera målgrupper, en per rad, som i Uppföljning Finsam.",
        columns=(Column("malgrupp", Kind.TEXT, "Målgrupp", width=48),),
    )
    yield Field(
        "uppfoljningsmetod",
        Kind.CODE,
        "Uppföljningsmetod",
        RB,
        code_list="uppfoljningsmetod",
        group="uppfoljning",
        help="Hur deltagarna följs upp i Uppföljning Finsam. Går inte att ändra senare.",
    )
    yield Field(
        "esf_finansiering",
        Kind.CODE,
        "ESF-finansiering",
        RB,
        code_list="ja_nej",
        group="uppfoljning",
        help="Ja om insatsen också finansieras av Europeiska socialfonden. Går inte att "
        "ändra senare.",
    )


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
        "budgetplan_typ",
        Kind.TABLE,
        "Budgettyp",
        B,
        group="budget",
        rows=len(KOSTNADSSLAG),
        columns=(Column("budgettyp", Kind.CODE, "Budgettyp", "budgettyp", width=20),),
        help="Insatskostnad eller ESF Insatskostnad, som i Uppföljning Finsam. Tomt är "
        "Insatskostnad.",
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
    yield Field("malltyp", Kind.CODE, "Malltyp", EVERY, EVERY, "malltyp", group="meta")
    yield Field("mallversion", Kind.TEXT, "Mallversion", EVERY, EVERY, group="meta")


FIELDS: tuple[Field, ...] = (
    *_meta(),
    *_identity(),
    *_uppfoljning(),
    *rapport_fields(),
    *_budget(),
    *_deltagare(),
    *forbund_fields(),
)
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
    return _short_key(text) if len(text) <= _KEPT_KEY_CHARS else _normalised(text)


# A master's board tables key every row by its förbund's name: a handful of names, each
# normalised once. Only names of a name's length are kept: a cell holds up to 32 767 characters.
_KEPT_KEY_CHARS = 200


@functools.lru_cache(maxsize=4096)
def _short_key(text: str) -> str:
    return _normalised(text)


def _normalised(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())
