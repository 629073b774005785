"""What is missing: the `saknade` table (register insats × expected report → status) and the
`paminnelser` table (one draft reminder per insats with overdue reports).

Statuses, relative to ``as_of`` (today unless given, so tests and re-runs can fix the day):
``inkommen`` (received by the deadline, or with no rapportdatum), ``sen`` (received after it),
``saknas`` (not received and the deadline has passed), ``ej-forfallen`` (not received, not due).
Which files count as received and how they match is described in finsam_xl.consolidation.register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

import pandas as pd

from finsam_xl.models import Rapport
from finsam_xl.schema import CODE_LISTS

from .columns import frame
from .register import Expected, Register, expected_reports, status_of
from .sources import SourceReport, key_of, newest_first_key

Received = dict[tuple[str, date, bool], list[tuple[date | None, str]]]


def _received(reports: Sequence[SourceReport]) -> Received:
    """(insats key, period end, is slutrapport) -> [(rapportdatum, file)], every rapport read."""
    out: Received = defaultdict(list)
    for report in reports:
        rapport, key = report.model, key_of(report)
        if isinstance(rapport, Rapport) and key is not None and rapport.period_till is not None:
            final = rapport.rapporttyp == "slutrapport"
            out[(key, rapport.period_till, final)].append((rapport.rapportdatum, report.file))
    return out


def _match(exp: Expected, received: Received) -> tuple[bool, date | None, str | None]:
    hits = received.get((exp.entry.key, exp.period_till, exp.rapporttyp == "slutrapport"), [])
    if not hits:
        return False, None, None
    dated = sorted((d, f) for d, f in hits if d is not None)
    first = dated[0] if dated else (None, sorted(f for _, f in hits)[0])
    return True, first[0], first[1]


def _label(exp: Expected) -> str:
    periodic = exp.rapporttyp == "periodisk"  # explicit periods: no report type implied
    kind = "Rapport" if periodic else CODE_LISTS["rapporttyp"].label(exp.rapporttyp)
    return f"{kind} {exp.period_fran.isoformat()}–{exp.period_till.isoformat()}"


def reminder_text(exp: list[Expected], forbund: str | None, contact: str | None) -> str:
    """A Swedish draft reminder for one insats' overdue reports (the officer edits and sends)."""
    entry = exp[0].entry
    name = entry.insats_namn or entry.insats_id or entry.key
    ref = f" ({entry.insats_id})" if entry.insats_id and entry.insats_namn else ""
    lines = "\n".join(f"- {_label(e)}, sista dag {e.sista_dag.isoformat()}" for e in exp)
    return (
        f"Hej{' ' + contact if contact else ''}!\n\n"
        f"Vi har ännu inte fått följande rapporter för insatsen {name}{ref}:\n{lines}\n\n"
        "Fyll i förbundets rapportmall (bifogad) och skicka den till förbundet så "
        "snart som möjligt. Hör gärna av dig om något hindrar, så hittar vi en lösning.\n\n"
        f"Vänliga hälsningar\n{forbund or 'Samordningsförbundet'}"
    )


def missing_tables(
    register: Register | None, reports: Sequence[SourceReport], as_of: date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(saknade, paminnelser); both empty (with their columns) when there is no register."""
    if register is None:
        return frame("saknade", []), frame("paminnelser", [])
    received = _received(reports)
    contacts: dict[str, tuple[str | None, str | None]] = {}
    # Fallback contact: the newest file naming the insats (later entries overwrite earlier).
    for report in sorted(reports, key=newest_first_key):
        if report.model is not None and (key := key_of(report)) is not None:
            ident = report.model.identitet
            contacts[key] = (ident.kontaktperson, ident.kontakt_epost)
    rows, reminders = [], []
    for entry in sorted(register.entries, key=lambda e: e.key):
        overdue = []
        for exp in expected_reports(entry, register.frist_dagar):
            found, signed, file = _match(exp, received)
            status = status_of(exp, signed, found, as_of)
            if status == "saknas":
                overdue.append(exp)
            rows.append(
                {
                    "insats_id": entry.key,
                    "insats_namn": entry.insats_namn,
                    "forbund": entry.forbund,
                    "rapporttyp": exp.rapporttyp,
                    "period_fran": exp.period_fran,
                    "period_till": exp.period_till,
                    "sista_dag": exp.sista_dag,
                    "status": status,
                    "rapportdatum": signed,
                    "file": file,
                }
            )
        if overdue:
            person, mail = contacts.get(entry.key, (None, None))
            person, mail = entry.kontaktperson or person, entry.kontakt_epost or mail
            reminders.append(
                {
                    "insats_id": entry.key,
                    "insats_namn": entry.insats_namn,
                    "forbund": entry.forbund,
                    "kontaktperson": person,
                    "kontakt_epost": mail,
                    "saknade_perioder": "; ".join(_label(e) for e in overdue),
                    "text": reminder_text(overdue, entry.forbund, person),
                }
            )
    return frame("saknade", rows), frame("paminnelser", reminders)


def status_matrix(saknade: pd.DataFrame) -> pd.DataFrame:
    """The `saknade` table as a matrix: one row per insats, one column per period end (ISO;
    a slutrapport's column says so), cells the status; empty where nothing is expected."""
    if saknade.empty:
        return pd.DataFrame(columns=["insats_id", "insats_namn"])
    cols: dict[str, dict[str, str]] = defaultdict(dict)
    names: dict[str, str | None] = {}
    for row in saknade.itertuples(index=False):
        till = row.period_till.isoformat()  # type: ignore[union-attr]
        col = f"{till} slutrapport" if row.rapporttyp == "slutrapport" else till
        cols[str(row.insats_id)][col] = str(row.status)
        names[str(row.insats_id)] = row.insats_namn if isinstance(row.insats_namn, str) else None
    order = sorted({c for per in cols.values() for c in per})
    data = [
        {"insats_id": key, "insats_namn": names[key], **{c: cols[key].get(c) for c in order}}
        for key in sorted(cols)
    ]
    return pd.DataFrame(data, columns=["insats_id", "insats_namn", *order])
