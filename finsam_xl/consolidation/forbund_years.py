"""The förbund's own workbooks among the inputs: which year of which förbund counts.

A `forbund` workbook is no insats report: it never enters the insats tables, but its
Forbundsar lands in ``Consolidation.forbundsar`` and the file is listed in Källor as used. Two
workbooks for the same förbund and year (a revised budget, then the bokslut) are resolved as
reports are: the newer file (file time, then name) counts, the other is `ersatt` with a
`dubblett` issue naming the one used. One with errors counts only when errors are included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from finsam_xl.forbund import Forbundsar
from finsam_xl.issues import Issue, make_issue
from finsam_xl.schema import normalise_key

from .sources import SUPERSEDED, USED, SourceReport


@dataclass
class ForbundYears:
    years: tuple[Forbundsar, ...] = ()  # by förbund and year
    role: dict[str, str] = field(default_factory=dict)  # file -> kallor.anvand
    superseded_by: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)  # `dubblett`, each with .file set


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
