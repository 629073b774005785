"""The rapport template's fields of schema 2.0: period, economy, participants, exits, goals
and the slutrapport's texts (finsam_xl.schema puts them in order with the other templates')."""

from __future__ import annotations

from collections.abc import Iterator

from finsam_xl.codes import CODE_LISTS
from finsam_xl.schema_base import (
    DELTAGAR_KOL_LABEL,
    DELTAGAR_MATRIS,
    DELTAGAR_RAD_KORT,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
    FORSORJNINGSKATEGORI,
    KOSTNADSSLAG,
    MEDFINANSIERING_LAGEN,
    MEDFINANSIERING_TYPER,
    RD,
    UTFALL,
    Column,
    Field,
    Kind,
    R,
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

# the count lists new in 2.0 keep empty apart from 0 (schema §3), and the message says so
NOT_REPORTED = "Antal personer, ett heltal. Tomt betyder att uppgiften inte lämnas."


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
            help=NOT_REPORTED,
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
        yield Field(
            f"budgettyp_{slag}",
            Kind.CODE,
            "Budgettyp",
            R,
            code_list="budgettyp",
            group="ekonomi",
            key=slag,
            help="Insatskostnad eller ESF Insatskostnad, som i Uppföljning Finsam. Tomt är "
            "Insatskostnad.",
        )
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
                help=NOT_REPORTED,
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


def rapport_fields() -> Iterator[Field]:
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
