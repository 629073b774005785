"""The förbund's own workbooks among the inputs: which year of which förbund counts.

A `forbund` workbook is no insats report: it never enters the insats tables, but its
Forbundsar lands in ``Consolidation.forbundsar`` and the file is listed in Källor as used. Two
workbooks for the same förbund and year (a revised budget, then the bokslut) are resolved as
reports are: the newer file (file time, then name) counts, the other is `ersatt` with a
`dubblett` issue naming the one used. One with errors counts only when errors are included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from finsam_xl.cellmap import AreaRef, column_letter
from finsam_xl.forbund import Forbundsar
from finsam_xl.issues import Issue, make_issue
from finsam_xl.schema import FIELD_BY_ID, Malltyp, normalise_key

from .sources import SUPERSEDED, USED, SourceReport


@dataclass
class ForbundYears:
    years: tuple[Forbundsar, ...] = ()  # by förbund and year
    role: dict[str, str] = field(default_factory=dict)  # file -> kallor.anvand
    superseded_by: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)  # `dubblett`, each with .file set
    files: dict[int, str] = field(default_factory=dict)  # id() of a chosen year -> its file


def forbundsar_of(report: SourceReport) -> Forbundsar | None:
    found = getattr(report, "forbundsar", None)  # FileReport's; other sources have none
    return found if isinstance(found, Forbundsar) else None


def forbund_years(reports: Sequence[SourceReport], include_errors: bool) -> ForbundYears:
    groups: dict[tuple[str, int | None], list[tuple[SourceReport, Forbundsar]]] = {}
    for report in reports:
        year = forbundsar_of(report)
        if year is None or report.status == "unreadable":
            continue
        if report.status == "errors" and not include_errors:
            continue
        groups.setdefault((normalise_key(year.forbund or ""), year.ar), []).append((report, year))
    out = ForbundYears()
    chosen = []
    for members in groups.values():
        members.sort(key=lambda p: (p[0].mtime or 0.0, p[0].file), reverse=True)
        winner, year = members[0]
        chosen.append(year)
        out.files[id(year)] = winner.file
        out.role[winner.file] = USED
        for loser, _ in members[1:]:
            out.role[loser.file] = SUPERSEDED
            out.superseded_by[loser.file] = winner.file
            detail = (
                f"Filen gäller samma förbund ({year.forbund}) och år ({year.ar}) som "
                f"{winner.file}. Den senare ({winner.file}) används; båda listas i Källor."
            )
            detail_en = (
                f"The file is for the same association ({year.forbund}) and year ({year.ar}) as "
                f"{winner.file}. The later one ({winner.file}) is used; both are listed in Sources."
            )
            issue = make_issue("dubblett", detail=detail, detail_en=detail_en, value=winner.file)
            out.issues.append(replace(issue, file=loser.file))
    out.years = tuple(sorted(chosen, key=lambda f: (f.forbund or "", f.ar or 0)))
    return out


def beslut_elsewhere(own: ForbundYears, insats_forbund: Mapping[str, str]) -> list[Issue]:
    """`beslut-annat-forbund`: a förbund workbook's beslut for an insats whose reports name
    another förbund (``insats_forbund``: insats id -> the förbund its reports give). The board
    year counts a decision in the förbund that made it for that förbund's own insatser, so such
    a decision counts nowhere: told, never silently dropped. One issue per workbook and insats,
    at its first row's insats id."""
    if not own.years:
        return []
    area, column = _beslut_area()
    issues: list[Issue] = []
    for year in own.years:
        told: set[str] = set()
        for b in year.beslut:
            key = b.key(year.forbund)
            other = insats_forbund.get(key) if key else None
            if key is None or key in told or other is None:
                continue
            if normalise_key(other) == normalise_key(year.forbund or ""):
                continue
            told.add(key)
            name = f"{b.insats_namn} ({key})" if b.insats_namn else key
            detail = (
                f"Beslutet för {name} räknas inte i förbundets år: insatsens rapporter anger "
                f"förbundet {other}. Rätta förbundet i rapporten, eller ta bort beslutet om "
                f"insatsen hör till {other}"
            )
            detail_en = (
                f"The decision for {name} is not counted in the association's year: the insats' "
                f"reports name {other}. Correct the association in the report, or remove the "
                f"decision if the insats belongs to {other}"
            )
            cell = None
            if area is not None:
                cell = f"{column_letter(area.min_col + column)}{area.min_row + b.rad}"
            issue = make_issue(
                "beslut-annat-forbund", sheet=area.sheet if area else None, cell=cell,
                field="beslut", value=key, detail=detail, detail_en=detail_en,
            )  # fmt: skip
            issues.append(replace(issue, file=own.files.get(id(year))))
    return issues


def _beslut_area() -> tuple[AreaRef | None, int]:
    """Where the förbund template's beslut table starts, and its insats id column's offset."""
    from finsam_xl.templates.layout import plan

    for sheet in plan(Malltyp.FORBUND):
        if "beslut" in sheet.names:
            columns = [c.id for c in FIELD_BY_ID["beslut"].columns]
            return sheet.names["beslut"], columns.index("insats_id")
    return None, 0
