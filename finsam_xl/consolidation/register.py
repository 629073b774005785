"""The register of insatser and the reports the förbund expects from them: what is missing.

The register is the förbund's own list, one row per insats, as an .xlsx (the sheet named
"Register", else the first sheet) or a .csv (UTF-8, comma or semicolon separated). Header row,
column ids as below (case and surrounding spaces ignored):

| column | required | meaning |
|---|---|---|
| insats_id | one of id / namn | diarienummer: the insats key, as in the reports |
| insats_namn | one of id / namn | with forbund, the key when insats_id is empty |
| forbund | no | name of the samordningsförbund |
| beviljad_fran, beviljad_till | yes | the granted period (any date form the templates accept) |
| rapporttyp | yes | cadence: kvartal, tertial, halvår, år, or slutrapport alone (see below) |
| perioder | no | explicit periods instead: `2024-01-01–2024-06-30; 2024-07-01–2024-12-31` |
| kontaktperson, kontakt_epost | no | who gets the reminder |

``rapporttyp`` also accepts the report codes and labels (Kvartalsrapport, Tertialrapport,
Delårsrapport = halvår, Årsrapport, Slutrapport), in any case and with or without å/ä/ö.

Expected periods follow the calendar (a kvartal is a calendar quarter, a tertial Jan–Apr / May–Aug
/ Sep–Dec, halvår Jan–Jun / Jul–Dec), the first clipped to ``beviljad_fran``. The period holding
``beviljad_till`` is the slutrapport's (covering the whole granted period), so it is not asked for
twice. Each expected report is due ``frist_dagar`` (default 30) days after its period ends.

Matching (see ``match``) is by insats key and period end, a slutrapport only by a slutrapport;
every file read counts as received, errors or not, because receipt is not quality. The date of
receipt is the earliest ``rapportdatum`` among the matching files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from finsam_xl.cellmap import RawValue
from finsam_xl.errors import ConsolidationError
from finsam_xl.forbund.model import Medlem
from finsam_xl.models import Identitet
from finsam_xl.parse_dates import parse_date
from finsam_xl.register_file import CADENCE_RAPPORTTYP as _RAPPORTTYP
from finsam_xl.register_file import CADENCE_WORDS as _CADENCE_WORDS
from finsam_xl.register_file import column_id, read_members, read_register_rows
from finsam_xl.wording import Note, in_language

from .register_columns import Insatsuppgifter, brister, insatsuppgifter

CADENCE_MONTHS = {"kvartal": 3, "tertial": 4, "halvar": 6, "ar": 12, "slut": 0}
CADENCE_RAPPORTTYP = {k: v for k, v in _RAPPORTTYP.items() if k != "slut"}
STATUSES = ("inkommen", "sen", "saknas", "ej-forfallen")
REQUIRED = ("beviljad_fran", "beviljad_till", "rapporttyp")


@dataclass(frozen=True)
class RegisterEntry:
    insats_id: str | None
    insats_namn: str | None
    forbund: str | None
    beviljad_fran: date
    beviljad_till: date
    kadens: str  # a key of CADENCE_MONTHS
    perioder: tuple[tuple[date, date], ...] = ()
    kontaktperson: str | None = None
    kontakt_epost: str | None = None
    # huvudman, its part type and kommun, beslut, belopp per år, Uppföljning Finsam's fields
    uppgifter: Insatsuppgifter = field(default_factory=Insatsuppgifter)

    @property
    def key(self) -> str:
        ident = Identitet(
            insats_id=self.insats_id, insats_namn=self.insats_namn, forbund=self.forbund
        )
        return ident.key


@dataclass(frozen=True)
class Register:
    entries: tuple[RegisterEntry, ...]
    frist_dagar: int = 30
    # the förbund's members and their keys (an .xlsx register's sheet "Medlemmar")
    medlemmar: tuple[Medlem, ...] = ()
    brister: tuple[str, ...] = ()  # rows lacking Uppföljning Finsam's fields: notes, no error


@dataclass(frozen=True)
class Expected:
    entry: RegisterEntry
    rapporttyp: str
    period_fran: date
    period_till: date
    sista_dag: date


def _month_start(day: date, months: int) -> date:
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def expected_reports(entry: RegisterEntry, frist_dagar: int = 30) -> list[Expected]:
    """The reports the förbund should receive from one insats, in period order."""
    due = timedelta(days=frist_dagar)
    start, end = entry.beviljad_fran, entry.beviljad_till
    spans: list[tuple[date, date]] = [p for p in entry.perioder if p[1] < end]
    months = CADENCE_MONTHS[entry.kadens]
    if not entry.perioder and months:
        begin = _month_start(start, months)
        while True:
            nxt = _add_months(begin, months)
            till = nxt - timedelta(days=1)
            if till >= end:
                break  # the slutrapport covers the last period
            spans.append((max(begin, start), till))
            begin = nxt
    # Explicit periods need not follow one report type; matching only uses the period end.
    typ = "periodisk" if entry.perioder else CADENCE_RAPPORTTYP.get(entry.kadens, "periodisk")
    out = [Expected(entry, typ, fran, till, till + due) for fran, till in sorted(spans)]
    out.append(Expected(entry, "slutrapport", start, end, end + due))
    return out


def status_of(expected: Expected, received: date | None, found: bool, as_of: date) -> str:
    """inkommen / sen (received after the deadline) / saknas (overdue) / ej-forfallen."""
    if found:
        return "sen" if received is not None and received > expected.sista_dag else "inkommen"
    return "saknas" if as_of > expected.sista_dag else "ej-forfallen"


# --- reading ------------------------------------------------------------------------------------

# Between the two dates of a period: a dash with spaces, an en/em dash, "..", "till", "t.o.m."
# (a bare "-" cannot separate: ISO dates are full of them).
_PERIOD_SEP = re.compile(r"\s*(?:–|—|\.\.|\s-\s|\btill\b|\bt\.o\.m\.)\s*")


_norm = column_id


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: object, where: str) -> date:
    raw: RawValue = value if isinstance(value, str | int | float | date | time) else None
    parsed = parse_date(None if raw == "" else raw)
    if parsed.value is None:
        raise ConsolidationError(
            f"{where}: '{value}' kan inte läsas som datum (skriv ÅÅÅÅ-MM-DD).",
            en=f"{in_language(where, english=True)}: '{value}' cannot be read as a date "
            "(write YYYY-MM-DD).",
        )
    return parsed.value


def _periods(value: object, where: str) -> tuple[tuple[date, date], ...]:
    text = _text(value)
    if text is None:
        return ()
    spans = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        ends = _PERIOD_SEP.split(part.strip())
        if len(ends) != 2:
            raise ConsolidationError(
                f"{where}: perioden '{part.strip()}' ska skrivas FRÅN–TILL.",
                en=f"{in_language(where, english=True)}: the period '{part.strip()}' must be "
                "written FROM–TO.",
            )
        spans.append((_date(ends[0], where), _date(ends[1], where)))
    return tuple(spans)


def entries_from_rows(rows: list[dict[str, object]], *, source: str) -> tuple[RegisterEntry, ...]:
    """Register entries from header-keyed rows (already read from a sheet or a CSV)."""
    out = []
    for number, raw in enumerate(rows, start=2):
        row = {_norm(k): v for k, v in raw.items() if k is not None}
        if not any(_text(v) for v in row.values()):
            continue  # blank line
        where = Note(f"{source}, rad {number}", f"{source}, row {number}")
        missing = [c for c in REQUIRED if _text(row.get(c)) is None]
        if _text(row.get("insats_id")) is None and _text(row.get("insats_namn")) is None:
            missing.append("insats_id/insats_namn")
        if missing:
            raise ConsolidationError(
                f"{where}: {', '.join(missing)} saknas.",
                path=source,
                en=f"{where.en}: {', '.join(missing)} missing.",
            )
        cadence = _CADENCE_WORDS.get(_norm(row["rapporttyp"]))
        if cadence is None:
            allowed = "kvartal, tertial, halvår, år, slutrapport"
            raise ConsolidationError(
                f"{where}: rapporttyp '{row['rapporttyp']}' okänd. Tillåtna: {allowed}.",
                path=source,
                en=f"{where.en}: unknown rapporttyp '{row['rapporttyp']}'. Allowed: "
                + ", ".join(f"'{word}'" for word in allowed.split(", "))
                + ".",
            )
        out.append(
            RegisterEntry(
                insats_id=_text(row.get("insats_id")),
                insats_namn=_text(row.get("insats_namn")),
                forbund=_text(row.get("forbund")),
                beviljad_fran=_date(row["beviljad_fran"], where),
                beviljad_till=_date(row["beviljad_till"], where),
                kadens=cadence,
                perioder=_periods(row.get("perioder"), where),
                kontaktperson=_text(row.get("kontaktperson")),
                kontakt_epost=_text(row.get("kontakt_epost")),
                uppgifter=insatsuppgifter(row, where),
            )
        )
    return tuple(out)


def read_register(path: str | Path, *, frist_dagar: int = 30) -> Register:
    """Read a register file (.xlsx/.xlsm or .csv); a broken register raises ConsolidationError."""
    p = Path(path)
    rows = read_register_rows(p, ConsolidationError)
    entries = entries_from_rows(rows, source=p.name)
    gaps = [
        note
        for e in entries
        for note in brister(e.uppgifter, f"{p.name}, {e.insats_id or e.insats_namn}")
    ]
    members = read_members(p, ConsolidationError)
    return Register(entries, frist_dagar, medlemmar=members, brister=tuple(gaps))
