"""The rule registry and runner: every check that needs a whole model rather than one cell.

The build step (finsam_xl.build) has already parsed each cell and reported what one value alone can
show (`saknas`, `fel-typ`, …). The rules here look at values together: sums, periods, participant
flows, budget deviations, goals, and the whole-workbook text scans. Each rule is a generator
registered with ``@rule(code, *malltyper)`` and yields only issues of its own code, so a code
switched off in the config is never even computed.

Rules never compute positions themselves: they name a field id (and a table row and column) and
``RuleContext.issue`` asks the Locator for the sheet and cell the value came from.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from finsam_xl.cellmap import CellMap
from finsam_xl.config import Config
from finsam_xl.forbund.model import Forbundsar
from finsam_xl.issues import Issue, make_issue
from finsam_xl.migration import columns_for
from finsam_xl.models import Budget, Deltagarlista, Locator, Rapport
from finsam_xl.schema import FIELD_BY_ID, Malltyp, column_label
from finsam_xl.wording import Note

__all__ = [
    "RuleContext",
    "RuleFn",
    "blank",
    "registered",
    "rule",
    "run_rules",
    "table_label",
]

# The modules that hold rules, imported on first use so that each can import `rule` from here.
_RULE_MODULES = (
    "arbetsbok",
    "budget",
    "deltagare",
    "fullstandighet",
    "ekonomi",
    "ackumulerat",
    "lista",
    "mal",
    "perioder",
    "uppfoljning",
    "forbund",
)


@dataclass(frozen=True)
class RuleContext:
    """What every rule gets: the model, where its values came from, thresholds, raw cells."""

    model: Rapport | Budget | Deltagarlista | Forbundsar
    locator: Locator
    config: Config
    cellmap: CellMap

    def issue(
        self,
        code: str,
        field_id: str,
        row: int | None = None,
        col: str | None = None,
        **params: Any,
    ) -> Issue:
        """An issue at the cell ``field_id`` (table ``row``, column ``col``) was read from."""
        sheet, cell = self.locator.at(field_id, row, col)
        return make_issue(code, sheet=sheet, cell=cell, field=field_id, **params)

    def raw_blank(self, table_id: str, row: int, col: str) -> bool:
        """Was a table cell empty in the workbook (not merely unreadable)?

        A model value of None means either; a rule demanding a value must stay quiet when the
        cell held something unreadable, because the build step already reported it (`okand-kod`,
        `fel-typ`) and one problem should be reported once.
        """
        rows = self.cellmap.tables.get(table_id)
        # a 1.0 workbook's table has 1.0's column order (finsam_xl.migration)
        columns = [c.id for c in columns_for(table_id, self.model.mallversion)]
        if rows is None or row >= len(rows) or col not in columns:
            return True
        cells = rows[row]
        index = columns.index(col)
        return index >= len(cells) or cells[index].is_empty


RuleFn = Callable[[RuleContext], Iterable[Issue]]


@dataclass(frozen=True)
class _Entry:
    code: str
    malltyper: frozenset[Malltyp]
    fn: RuleFn


_REGISTRY: list[_Entry] = []


# none given: every insats template (the förbund's own workbook has its own rules, rules.forbund)
INSATS = (Malltyp.BUDGET, Malltyp.RAPPORT, Malltyp.DELTAGARE)


def rule(code: str, *malltyper: Malltyp) -> Callable[[RuleFn], RuleFn]:
    """Register a rule for ``code``; it runs for the given template types (none: INSATS)."""

    def register(fn: RuleFn) -> RuleFn:
        _REGISTRY.append(_Entry(code, frozenset(malltyper or INSATS), fn))
        return fn

    return register


_loaded = False


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for name in _RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    # A module imported earlier on its own (a test, a tool) registered its rules first: put the
    # registry in _RULE_MODULES order, so that issue order never depends on import history.
    rank = {f"{__name__}.{name}": i for i, name in enumerate(_RULE_MODULES)}
    _REGISTRY.sort(key=lambda e: rank.get(e.fn.__module__, len(rank)))
    _loaded = True


def registered() -> list[tuple[str, frozenset[Malltyp]]]:
    """Every registered rule as (code, template types), in registration order."""
    _load()
    return [(e.code, e.malltyper) for e in _REGISTRY]


def run_rules(ctx: RuleContext) -> list[Issue]:
    """Run every rule for the model's template type; disabled codes are skipped, overrides applied.

    Never raises on bad data: every rule copes with missing values (a gap is `saknas`, reported
    by the build step) by not checking what it cannot know.
    """
    _load()
    malltyp = Malltyp(ctx.model.malltyp)
    issues: list[Issue] = []
    for entry in _REGISTRY:
        if entry.code in ctx.config.disabled or malltyp not in entry.malltyper:
            continue
        issues.extend(entry.fn(ctx))
    return ctx.config.apply(issues)


# --- small shared helpers -------------------------------------------------------------------


def blank(text: str | None) -> bool:
    """An empty or whitespace-only text (a comment that explains nothing)."""
    return text is None or not text.strip()


def table_label(table_id: str, row: int, col: str) -> str:
    """'Mål, rad 3: Uppnått?': the table, its 1-based row as the officer counts, the column."""
    table, column = FIELD_BY_ID[table_id].label, column_label(table_id, col)
    return Note(f"{table}, rad {row + 1}: {column}", f"{table}, row {row + 1}: {column}")
