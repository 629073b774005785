"""The building blocks of the schema: versions, template types, value kinds, Field and Column,
and the fixed row/column sets of the participant table (finsam_xl.schema assembles the fields)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from finsam_xl.codes import CODE_LISTS

SCHEMA_VERSION = 2
MALLVERSION = "2.0"


class Malltyp(StrEnum):
    BUDGET = "budget"
    RAPPORT = "rapport"
    DELTAGARE = "deltagare"
    FORBUND = "forbund"  # the förbund's own budget and bokslut for one year (schema_forbund)


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
# ... and of every feedback copy (a report with finsam-xl's marks and a Kontroll sheet).
FEEDBACK_MARKER = "finsam_xl_aterkoppling"

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


# Every insats template (budget, rapport, deltagare): the förbund's own template is not one.
ALL = frozenset({Malltyp.BUDGET, Malltyp.RAPPORT, Malltyp.DELTAGARE})
EVERY = frozenset(Malltyp)  # every template, the förbund's too (malltyp, mallversion)
F = frozenset({Malltyp.FORBUND})
RB = frozenset({Malltyp.RAPPORT, Malltyp.BUDGET})
R = frozenset({Malltyp.RAPPORT})
B = frozenset({Malltyp.BUDGET})
D = frozenset({Malltyp.DELTAGARE})
RD = frozenset({Malltyp.RAPPORT, Malltyp.DELTAGARE})
YEARS = 5  # budget years a budget template holds
