"""Rules that need more than one file: `dubblett` and `deltagare-avviker` (schema §8).

A single workbook cannot know it was sent twice, or that the participant list kept beside it
counts differently; these checks run over the set of validated files before any table is built.

* ``dubblett``: two usable files for the same insats (key), the same template type, rapporttyp
  and period. The one with the later ``rapportdatum`` wins, then the later file time, then the
  file name (only so the choice never depends on the order files were given). Budget workbooks
  and deltagare lists are resolved the same way (same insats; lists also by period), so a revised
  budget replaces the first one. The losing file gets the warning; both stay listed in `kallor`.
* ``deltagare-avviker``: for each rapport in the figures, a deltagare list of the same insats
  whose period covers the rapport's is counted for the rapport's period (finsam_xl.derive) and
  compared, field by field. ``totalt`` (cumulative since start) is compared only when the list
  starts on or before the granted start, since only then can it hold every episode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from finsam_xl.derive import covers, derive_counts
from finsam_xl.issues import Issue, make_issue
from finsam_xl.models import Budget, Deltagarlista, Rapport
from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_KOL_LABEL,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
    UTFALL,
)

from .sources import SourceReport, key_of, newest_first_key, period_of, rapporttyp_of

DupKey = tuple[str, str, str | None, date | None, date | None]


@dataclass
class Resolution:
    """Which usable files survive, which were superseded by which, and the warnings raised."""

    winners: list[SourceReport]
    superseded_by: dict[str, str] = field(default_factory=dict)  # loser file -> winner file
    issues: list[Issue] = field(default_factory=list)


def _dup_key(report: SourceReport) -> DupKey | None:
    key = key_of(report)
    model = report.model
    if key is None or model is None:
        return None
    if isinstance(model, Budget):
        return (key, "budget", None, None, None)
    fran, till = period_of(report)
    return (key, model.malltyp, rapporttyp_of(report), fran, till)


def _what(dup: DupKey) -> str:
    _, malltyp, rapporttyp, fran, till = dup
    kind = CODE_LISTS["rapporttyp"].label(rapporttyp) if rapporttyp else malltyp
    if fran is None and till is None:
        return kind.lower()
    span = f"{fran.isoformat() if fran else '?'}–{till.isoformat() if till else '?'}"
    return f"{kind.lower()} för {span}"


def _what_en(dup: DupKey) -> str:
    _, malltyp, rapporttyp, fran, till = dup
    kind = f"report type {rapporttyp}" if rapporttyp else f"template type {malltyp}"
    if fran is None and till is None:
        return kind
    return f"{kind} for {fran.isoformat() if fran else '?'}–{till.isoformat() if till else '?'}"


def resolve_duplicates(usable: Sequence[SourceReport]) -> Resolution:
    """Keep one file per insats, template type, rapporttyp and period (see module docstring)."""
    groups: dict[DupKey, list[SourceReport]] = defaultdict(list)
    loose: list[SourceReport] = []
    for report in usable:
        dup = _dup_key(report)
        if dup is None:
            loose.append(report)
        else:
            groups[dup].append(report)
    result = Resolution(winners=list(loose))
    for dup in sorted(groups, key=lambda k: tuple(str(part) for part in k)):
        members = sorted(groups[dup], key=newest_first_key, reverse=True)
        winner = members[0]
        result.winners.append(winner)
        for loser in members[1:]:
            result.superseded_by[loser.file] = winner.file
            if loser.sha256 is not None and loser.sha256 == winner.sha256:
                detail = (
                    f"Filen är en identisk kopia av {winner.file} (samma innehåll byte för "
                    "byte); den räknas en gång. Båda listas i Källor."
                )
                detail_en = (
                    f"The file is an identical copy of {winner.file} (the same content byte for "
                    "byte); it is counted once. Both are listed on the sheet Källor."
                )
            else:
                detail = (
                    f"Filen gäller samma insats ({dup[0]}) och {_what(dup)} som {winner.file}. "
                    f"Den senare ({winner.file}) används i sammanställningen; båda listas i Källor."
                )
                detail_en = (
                    f"The file covers the same intervention ({dup[0]}) and {_what_en(dup)} as "
                    f"{winner.file}. The later one ({winner.file}) is used in the consolidation; "
                    "both are listed on the sheet Källor."
                )
            issue = make_issue("dubblett", detail=detail, detail_en=detail_en, value=winner.file)
            result.issues.append(replace(issue, file=loser.file))
    result.winners.sort(key=lambda r: r.file)
    return result


def _list_for(
    rapport: Rapport, lists: Sequence[tuple[SourceReport, Deltagarlista]]
) -> Deltagarlista | None:
    fran, till = rapport.period_fran, rapport.period_till
    if fran is None or till is None:
        return None
    fitting = [lista for _, lista in lists if covers(lista, fran, till)]
    for lista in fitting:
        if (lista.period_fran, lista.period_till) == (fran, till):
            return lista
    # Otherwise the tightest covering list: the most likely to have been made for this report.
    fitting.sort(key=lambda lista: _span_days(lista))
    return fitting[0] if fitting else None


def _span_days(lista: Deltagarlista) -> int:
    if lista.period_fran is None or lista.period_till is None:
        return 1 << 30
    return (lista.period_till - lista.period_fran).days


def check_deltagare(winners: Sequence[SourceReport]) -> list[Issue]:
    """`deltagare-avviker` for every rapport that has a covering deltagare list."""
    lists: dict[str, list[tuple[SourceReport, Deltagarlista]]] = defaultdict(list)
    for report in winners:
        key = key_of(report)
        if isinstance(report.model, Deltagarlista) and key is not None:
            lists[key].append((report, report.model))
    issues: list[Issue] = []
    for report in winners:
        rapport = report.model
        key = key_of(report)
        if not isinstance(rapport, Rapport) or key is None or key not in lists:
            continue
        lista = _list_for(rapport, lists[key])
        if lista is None or rapport.period_fran is None or rapport.period_till is None:
            continue
        derived = derive_counts(lista, rapport.period_fran, rapport.period_till)
        start = rapport.identitet.beviljad_fran
        whole = start is not None and lista.period_fran is not None and lista.period_fran <= start
        for rad in DELTAGAR_RADER:
            if rad == "totalt" and not whole:
                continue
            row = rapport.deltagare.get(rad)
            for kol in ("kvinnor", "man", "under30"):
                said = int(getattr(row, kol)) if row is not None else 0
                got = derived.value(rad, kol)
                if said != got:
                    label = f"{DELTAGAR_RAD_LABEL[rad]}, {DELTAGAR_KOL_LABEL[kol].lower()}"
                    issues.append(_avviker(report, f"deltagare_{rad}_{kol}", label, said, got))
        for utfall in UTFALL:
            said, got = rapport.avslut.get(utfall, 0), derived.avslut[utfall]
            if said != got:
                label = f"Avslut: {CODE_LISTS['utfall'].label(utfall)}"
                issues.append(_avviker(report, f"avslut_{utfall}", label, said, got))
    return issues


def _avviker(report: SourceReport, field_id: str, label: str, said: int, got: int) -> Issue:
    sheet, cell = report.cells.get(field_id, (None, None))
    issue = make_issue(
        "deltagare-avviker", sheet=sheet, cell=cell, field=field_id, label=label, value=said,
        expected=got,
    )  # fmt: skip
    return replace(issue, file=report.file)
