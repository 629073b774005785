"""Which reports of an insats the board's figures come from: one *cover* of its timeline.

Reports overlap: an årsrapport repeats its four quarters, a slutrapport repeats the whole insats,
a resubmission repeats its original. Summing them counts people and kronor twice. The cover is
the latest report, then walking back in time the latest report that ends before the earliest
day already covered, and so on: non-overlapping, and a report covering others replaces them.

* Order of preference between reports ending the same day: a slutrapport, then the one covering
  the longer period (an årsrapport over its fourth quarter), then the later rapportdatum, file
  time and name (``newest_first_key``). Same type and period: the duplicate rule already kept one.
* A report that overlaps what is covered without being inside it (Jan–Sep beside a later
  Jul–Dec) is left out of the cover; its months before the overlap are then not counted, and the
  Källor sheet shows the report as used but outside the cover.
* A report without a readable period can only be the latest (when nothing else is known).

Every aggregate (Översikt, Diagram, Summering, Uppföljning Finsam, Sheets) reads these reports;
the detail sheets list every report with a column saying whether it is in the cover.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from finsam_xl.models import Rapport

from .sources import SourceReport, key_of, newest_first_key

Pair = tuple[SourceReport, Rapport]


def preference(pair: Pair) -> tuple[date, bool, int, tuple[date, float, str]]:
    """Larger is preferred: later end, slutrapport, longer period, newer file."""
    report, rapport = pair
    fran = rapport.period_fran
    return (
        rapport.period_till or date.min,
        rapport.rapporttyp == "slutrapport",
        -(fran.toordinal() if fran else date.max.toordinal()),
        newest_first_key(report),
    )


def cover(pairs: Iterable[Pair]) -> list[Pair]:
    """The cover of one insats' reports, latest first."""
    ordered = sorted(pairs, key=preference, reverse=True)
    if not ordered:
        return []
    out: list[Pair] = [ordered[0]]
    boundary = ordered[0][1].period_fran
    if boundary is None or ordered[0][1].period_till is None:
        return out
    for pair in ordered[1:]:
        fran, till = pair[1].period_fran, pair[1].period_till
        if fran is None or till is None or till >= boundary or fran > till:
            continue
        out.append(pair)
        boundary = fran
    return out


def covers(used: Iterable[SourceReport]) -> dict[str, list[Pair]]:
    """insats key -> its cover, for the rapporter among ``used``."""
    by_key: dict[str, list[Pair]] = defaultdict(list)
    for report in used:
        key = key_of(report)
        if key is not None and isinstance(report.model, Rapport):
            by_key[key].append((report, report.model))
    return {key: cover(pairs) for key, pairs in by_key.items()}
