"""The one catalogue of rule and reader codes: severity, title and message templates.

Every message lives here, Swedish first and English second, as a template filled from the issue's
parameters (finsam_xl.issues.make_issue); rules and readers only name a code and hand over facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious an issue is: ``error`` (the figures cannot be used), ``warning``, ``info``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_SV = {Severity.ERROR: "fel", Severity.WARNING: "varning", Severity.INFO: "info"}
# How a flagged cell is marked, by severity: the feedback copy (annotate.py) and the templates'
# live checks (templates/live_checks.py) use the same fill and border colours.
MARK_FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "F4B183", Severity.INFO: "DDEBF7"}
MARK_BORDERS = {Severity.ERROR: "C00000", Severity.WARNING: "C55A11", Severity.INFO: "2F5597"}


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
            "{label} is missing. Fill in the cell.{detail_en}",
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
            "uf-blandad-inriktning",
            W,
            "Insatsen blandar individinriktat och strukturövergripande",
            "The insats mixes individual and structural parts",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "uf-fast-uppgift-andrad",
            W,
            "Uppgift som Uppföljning Finsam inte kan ändra skiljer sig mellan rapporterna",
            "A value Uppföljning Finsam cannot change differs between reports",
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
        # the förbund's own workbook (finsam_xl.rules.forbund)
        _t(
            "medlemsbidrag-fordelning",
            W,
            "Medlemsbidragen följer inte 50/25/25",
            "Contributions not split 50/25/25",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "nyckel-summa",
            E,
            "Kommunernas andelar blir inte 100 %",
            "Kommun keys do not add up to 100 %",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "eget-kapital-hogt",
            W,
            "Eget kapital över rimlig nivå",
            "Equity above the reasonable level",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "beslut-annat-forbund",
            W,
            "Beslut för ett annat förbunds insats",
            "Decision for another association's insats",
            "{detail}",
            "{detail_en}",
        ),
        _t(
            "beslutat-over-medel",
            W,
            "Beslutat mer än det finns medel",
            "More decided than available",
            "{detail}",
            "{detail_en}",
        ),
        _t("olasbar", E, "Filen kan inte läsas", "File cannot be read", "{detail}", "{detail_en}"),
    )
}
