"""Findings are data: the Issue record and the one catalogue of rule codes with their wording.

Every message lives here, Swedish first and English second, as a template filled from the issue's
parameters; rules and readers only name a code and hand over facts. ``make_issue`` is the factory
everyone uses, so severities and texts cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from finsam_xl.cellmap import RawValue


class Severity(StrEnum):
    """How serious an issue is: ``error`` (the figures cannot be used), ``warning``, ``info``."""

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
            "ekonomi-saknas",
            E,
            "Ekonomin saknas",
            "No economy reported",
            "{label}: inget utfall är redovisat, alla utfallsceller är tomma eller 0. Fyll i "
            "utfallet per kostnadsslag, för perioden och totalt sedan start.",
            "{label}: no actual costs reported; every actual is empty or 0. Fill in the actuals "
            "per cost type, for the period and since start.",
        ),
        _t(
            "deltagare-saknas",
            E,
            "Deltagarantal saknas",
            "No participant counts",
            "{label}: inga deltagare är redovisade, fast insatsen är individinriktad. Fyll i "
            "kvinnor och män för nya, avslutade, aktiva och totalt sedan start, eller ändra "
            "inriktningen om insatsen är strukturövergripande.",
            "{label}: no participants reported for an individual-level insats. Fill in the "
            "counts, or change the orientation if the insats is structural.",
        ),
        _t(
            "aktiva-i-slutrapport",
            W,
            "Aktiva deltagare kvar i slutrapporten",
            "Active participants left in a final report",
            "Slutrapporten har {shown} deltagare kvar som aktiva vid periodens slut. Vart tog "
            "de vägen? Avsluta dem och ange vad de gick vidare till, eller förklara i texten "
            "varför de är kvar.",
            "The final report still has {shown} active participants. Record their exits and "
            "outcomes, or explain in the text why they remain.",
        ),
        _t(
            "period-over-ack",
            E,
            "Periodens utfall större än totalt sedan start",
            "Period actual above cumulative actual",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "ack-som-period",
            W,
            "Totalt sedan start ser ut att gälla bara perioden",
            "Cumulative actual looks like the period's",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "ack-flode",
            W,
            "Totalt sedan start stämmer inte med förra rapporten",
            "Cumulative actual does not follow the previous report",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "deltagare-flode",
            W,
            "Deltagarantalen stämmer inte med förra rapporten",
            "Participant counts do not follow the previous report",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "period-lucka",
            W,
            "Lucka eller överlapp mot förra rapporten",
            "Gap or overlap with the previous report",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "rapportdatum-fore-slut",
            W,
            "Rapporten daterad före periodens slut",
            "Report dated before its period ends",
            "Rapportdatum {shown} är före periodens slut {expected}. Stämmer perioden och "
            "rapportdatumet? Rätta det datum som är fel.",
            "Report date {shown} is before the period ends ({expected}). Correct the wrong date.",
        ),
        _t(
            "rapportdatum-sent",
            W,
            "Rapporten daterad långt efter perioden",
            "Report dated long after its period",
            "Rapportdatum {shown} är mer än {manader} månader efter periodens slut {expected}. "
            "Stämmer perioden? Rätta perioden eller rapportdatumet om något av dem är fel.",
            "Report date {shown} is more than {manader} months after the period ends "
            "({expected}). Check the period and the report date.",
        ),
        _t(
            "planerat-avviker",
            W,
            "Deltagarantalet avviker från det planerade",
            "Participants far from the planned number",
            "{label}: {shown} deltagare totalt sedan start mot planerade {expected} ({andel} av "
            "planerat). Förklara skillnaden under Avvikelser och åtgärder, eller rätta antalen.",
            "{label}: {shown} participants since start against {expected} planned ({andel}). "
            "Explain the difference, or correct the counts.",
        ),
        _t(
            "alder-utanfor",
            W,
            "Ålder utanför 16–64 år vid start",
            "Age outside 16–64 at start",
            "{label}: deltagaren var {alder} år vid start (född {shown}), utanför "
            "{alder_min}–{alder_max} år som FINSAM riktar sig till. Kontrollera födelseåret och "
            "startdatumet; stämmer de, förklara i rapporten varför deltagaren ingår.",
            "{label}: the participant was {alder} at start (born {shown}), outside "
            "{alder_min}–{alder_max}. Check the birth year and start date.",
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
        if not number.is_finite():  # Infinity/NaN: no digits to group
            return str(value)
        text = f"{number:,.2f}" if number != number.to_integral_value() else f"{int(number):,}"
        return text.replace(",", "\u00a0").replace(".", ",")
    if isinstance(value, float):
        return shown(Decimal(repr(value))) if math.isfinite(value) else repr(value)
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


def _clean(text: str) -> str:
    from finsam_xl.personnummer import mask
    from finsam_xl.safe_text import safe_text

    return mask(safe_text(text))


def publishable(issue: Issue) -> Issue:
    """``issue`` safe to show and write anywhere: every personnummer in its texts, sheet, file
    and value masked (a `fel-typ` echo of '19121212-1212 kr' included), XML-illegal characters
    stripped. The same issue object when there was nothing to change."""
    value = issue.value
    if isinstance(value, str):
        value = _clean(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if _clean(text) != text:
            value = _clean(text)  # a personnummer typed as a number
    changes: dict[str, Any] = {
        key: cleaned
        for key, text in (
            ("message", issue.message),
            ("message_en", issue.message_en),
            ("sheet", issue.sheet),
            ("file", issue.file),
        )
        if text is not None and (cleaned := _clean(text)) != text
    }
    if value is not issue.value and value != issue.value:
        changes["value"] = value
    return replace(issue, **changes) if changes else issue


# Issues of one code shown per file; past it one line says how many more (a 20 000-row list of
# "=1" would otherwise give 150 000 warnings, megabytes of text and a feedback copy nobody reads).
ISSUES_PER_CODE = 50


def cap_per_code(issues: list[Issue], limit: int = ISSUES_PER_CODE) -> list[Issue]:
    """The first ``limit`` issues of each code, then one issue per code saying how many more."""
    seen: dict[str, int] = {}
    out: list[Issue] = []
    for issue in issues:
        n = seen[issue.code] = seen.get(issue.code, 0) + 1
        if n <= limit:
            out.append(issue)
    for code, n in seen.items():
        if n > limit:
            first = next(i for i in issues if i.code == code)
            more = n - limit
            out.append(
                Issue(
                    code=code,
                    severity=max(
                        (i.severity for i in issues if i.code == code),
                        key=_SEVERITY_RANK.__getitem__,
                    ),
                    sheet=None,
                    cell=None,
                    field=None,
                    message=f"{more} till av samma slag ({_title(code)}, {code}) visas "
                    "inte. Rätta de som visas och kontrollera filen igen.",
                    message_en=f"{more} more of the same kind ({code}) not shown.",
                    file=first.file,
                )
            )
    return out


def _title(code: str) -> str:
    kind = CATALOGUE.get(code)
    return kind.title.lower() if kind else code


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
