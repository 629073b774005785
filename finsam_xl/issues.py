"""Findings are data: the Issue record and the one catalogue of rule codes with their wording.

Every message lives here, Swedish first and English second, as a template filled from the issue's
parameters; rules and readers only name a code and hand over facts. ``make_issue`` is the factory
everyone uses, so severities and texts cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from finsam_xl.cellmap import RawValue


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_SV = {Severity.ERROR: "fel", Severity.WARNING: "varning", Severity.INFO: "info"}


@dataclass(frozen=True)
class IssueType:
    code: str
    severity: Severity
    title: str  # Swedish
    title_en: str
    message: str  # Swedish template, str.format over the issue's params
    message_en: str


def _t(code: str, sev: Severity, title: str, title_en: str, msg: str, msg_en: str) -> IssueType:
    return IssueType(code, sev, title, title_en, msg, msg_en)


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, IssueType] = {
    t.code: t
    for t in (
        _t(
            "saknas",
            E,
            "Uppgift saknas",
            "Missing value",
            "{label} saknas. Fyll i cellen.{detail}",
            "{label} is missing. Fill in the cell.{detail}",
        ),
        _t(
            "fel-typ",
            E,
            "Fel typ av värde",
            "Wrong type",
            "{label}: {detail}",
            "{label}: {detail_en}",
        ),
        _t(
            "okand-kod",
            E,
            "Okänt val",
            "Unknown code",
            "{label}: {detail}",
            "{label}: not in the code list. {detail_en}",
        ),
        _t(
            "tolkat-varde",
            INFO,
            "Tolkat värde",
            "Interpreted value",
            "{label}: {detail}",
            "{label}: interpreted: {detail_en}",
        ),
        _t(
            "tvetydigt-datum",
            W,
            "Tvetydigt datum",
            "Ambiguous date",
            "{label}: {detail} Skriv datum som ÅÅÅÅ-MM-DD.",
            "{label}: six-digit date read as YYMMDD: {detail_en} Write YYYY-MM-DD.",
        ),
        _t(
            "ogiltig-epost",
            E,
            "Ogiltig e-postadress",
            "Invalid e-mail",
            "{label}: '{shown}' är ingen e-postadress. Skriv t.ex. namn@kommun.se.",
            "{label}: '{shown}' is not an e-mail address.",
        ),
        _t(
            "negativt",
            E,
            "Negativt värde",
            "Negative value",
            "{label} är negativt ({shown}).{detail}",
            "{label} is negative ({shown}).{detail_en}",
        ),
        _t(
            "period-ordning",
            E,
            "Fel ordning på datum",
            "Dates out of order",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "period-utanfor",
            E,
            "Utanför beviljad period",
            "Outside the granted period",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "period-typ",
            W,
            "Perioden passar inte rapporttypen",
            "Period does not fit report type",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "summa-fel",
            E,
            "Summan stämmer inte",
            "Sum does not match",
            "{label}: summan i cellen är {shown} kr men delarna blir {expected} kr. "
            "Kontrollera att summaformeln inte har skrivits över.",
            "{label}: the cell says {shown} kr, its parts add up to {expected} kr.",
        ),
        _t(
            "kon-summa",
            E,
            "Kvinnor + män ≠ totalt",
            "Women + men ≠ total",
            "{label}: kvinnor + män = {expected} men totalt är {shown}.{detail}",
            "{label}: women + men = {expected} but total is {shown}.{detail_en}",
        ),
        _t(
            "under30-for-stor",
            E,
            "Fler under 30 än totalt",
            "Under-30 exceeds total",
            "{label}: {shown} under 30 år men bara {expected} totalt.{detail}",
            "{label}: {shown} under 30 but only {expected} in total.{detail_en}",
        ),
        _t(
            "avslutade-for-manga",
            E,
            "Deltagarsiffrorna går inte ihop",
            "Participant counts conflict",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "avslut-summa",
            W,
            "Avslut stämmer inte med avslutade",
            "Exits do not add up",
            "Avslut per utfall blir {shown} men {expected} deltagare avslutades under perioden. "
            "Fördela alla avslutade på ett utfall.",
            "Exits by outcome add up to {shown} but {expected} participants exited.",
        ),
        _t(
            "budgetavvikelse",
            W,
            "Budgetavvikelse",
            "Budget deviation",
            "{label}: {shown} kr mot {mot} {expected} kr – {detail} {atgard}",
            "{label}: cumulative actual {shown} kr against expected {expected} kr – {detail_en}",
        ),
        _t(
            "avvikelse-utan-kommentar",
            W,
            "Avvikelse utan kommentar",
            "Deviation without comment",
            "{label} avviker från budget men kommentaren är tom. Förklara avvikelsen i "
            "kolumnen Kommentar.",
            "{label} deviates from budget but has no comment.",
        ),
        _t(
            "over-beviljat",
            E,
            "Över beviljat belopp",
            "Over the granted amount",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "mal-oforenligt",
            W,
            "Måluppfyllelsen stämmer inte",
            "Goal status inconsistent",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "slutrapport-ej-bedomd",
            W,
            "Mål ej bedömt i slutrapport",
            "Goal not assessed",
            "Målet '{shown}' är inte bedömt. I en slutrapport ska varje mål bedömas "
            "(Ja, Delvis eller Nej).",
            "Goal '{shown}' is not assessed in a final report.",
        ),
        _t(
            "personnummer",
            E,
            "Personnummer i rapporten",
            "Personal identity number",
            "Cellen innehåller något som liknar ett personnummer. Ta bort det: rapporter får "
            "aldrig innehålla deltagares personnummer.",
            "The cell holds what looks like a personal identity number. Remove it.",
        ),
        _t(
            "formel-i-text",
            W,
            "Text som ser ut som en formel",
            "Text that looks like a formula",
            "Texten börjar med '{shown}' och hade blivit en formel i ett annat program. Den "
            "behandlas som vanlig text.",
            "Text starts with '{shown}'; it is kept as plain text.",
        ),
        _t(
            "fel-mall",
            E,
            "Inte en finsam-xl-mall",
            "Not a finsam-xl template",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "gammal-mall",
            INFO,
            "Äldre mallversion",
            "Older template version",
            "{detail}",
            "{detail_en}",
        ),
        _t("dubblett", W, "Dubblett", "Duplicate", "{detail}", "{detail_en}"),
        _t(
            "deltagare-avviker",
            W,
            "Deltagarlistan avviker",
            "Participant list differs",
            "{label}: rapporten säger {shown} men deltagarlistan ger {expected}.",
            "{label}: the report says {shown}, the participant list gives {expected}.",
        ),
        _t("olasbar", E, "Filen kan inte läsas", "File cannot be read", "{detail}", "{detail_en}"),
    )
}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``message`` is Swedish, ``message_en`` English; positions as in the workbook."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    field: str | None
    message: str
    value: RawValue | Decimal = None
    message_en: str = ""
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of schema §8, keys exactly as the contract gives them."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "message": self.message,
            "value": json_value(self.value),
        }


def json_value(value: object) -> Any:
    """A raw or parsed value as JSON: dates ISO, Decimals as int or float, the rest as is."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class _Blank(dict[str, Any]):
    """Format mapping that leaves unknown placeholders empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""


def shown(value: object) -> str:
    """A value as a Swedish reader expects to see it in a message."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
        text = f"{number:,.2f}" if number != number.to_integral_value() else f"{int(number):,}"
        return text.replace(",", "\u00a0").replace(".", ",")
    if isinstance(value, float):
        return shown(Decimal(repr(value)))
    j = json_value(value)
    return "" if j is None else str(j)


def make_issue(
    code: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    field: str | None = None,
    value: RawValue | Decimal = None,
    label: str = "",
    severity: Severity | None = None,
    **params: Any,
) -> Issue:
    """Build an Issue from the catalogue; ``params`` fill the message templates.

    Common params: ``detail`` / ``detail_en`` (free text), ``shown`` (the value as displayed,
    defaults to ``value``), ``expected``. A missing placeholder renders empty.
    """
    kind = CATALOGUE[code]
    fmt = _Blank(params)
    fmt["label"] = label or (field or "")
    fmt.setdefault("shown", shown(value))
    if "expected" in fmt:
        fmt["expected"] = shown(fmt["expected"])
    for key in ("detail", "detail_en"):
        text = str(fmt.get(key, "")).rstrip()
        if text and text[-1] not in ".!?":
            fmt[key] = text + "."  # details end a sentence; templates add what follows
    fmt.setdefault("detail_en", fmt.get("detail", ""))
    return Issue(
        code=code,
        severity=severity or kind.severity,
        sheet=sheet,
        cell=cell,
        field=field,
        message=kind.message.format_map(fmt).strip(),
        value=value,
        message_en=kind.message_en.format_map(fmt).strip(),
    )
