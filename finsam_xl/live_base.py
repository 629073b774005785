"""The parts every live form is made of: the check record, the template's fields, formula text.

Split from ``finsam_xl.live_forms`` (the table of rule code → live form) so the participant list's
per-row forms (``finsam_xl.live_rows``) use the same parts without importing that table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from finsam_xl.schema import Malltyp

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class LiveCheck:
    """One live check: it fires when ``condition`` is true and then shows ``message``.

    A check of one row of a table (``per_row``) is written once for every row: its condition and
    message name that row's cells as ``{column id}`` (filled in by :meth:`at_row`), cells outside
    the table by field id as every other check does.
    """

    code: str  # the rule code, as in the catalogue
    field: str  # the field whose cell the validator's issue is on (and the live mark is)
    condition: str  # a formula expression without "=", true when the rule is broken
    message: str  # a formula expression giving the Swedish text shown when it fires
    column: int = 0  # in a table field: the column (0-based) of its first row the issue is on
    per_row: bool = False  # repeated on every row of the table ``field``

    def formula(self) -> str:
        """The check cell: its message when broken, else empty ("" keeps it quiet)."""
        return f'=IFERROR(IF({self.condition},{self.message},""),"")'

    def at_row(self, cells: Mapping[str, str]) -> LiveCheck:
        """A per-row check with ``{column id}`` replaced by that row's cell (``cells``)."""

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: cells[m[1]], text)

        return LiveCheck(self.code, self.field, fill(self.condition), fill(self.message),
                         self.column)  # fmt: skip

    def flag_formula(self) -> str:
        """A per-row check's cell once its row is filled in: 1 when broken, else 0."""
        return f"=IFERROR(IF({self.condition},1,0),0)"


def placeholders(text: str) -> set[str]:
    """The ``{column id}`` names a per-row check's text uses."""
    return set(_PLACEHOLDER.findall(text))


@dataclass(frozen=True)
class Fields:
    """The template a check is made for: its type and the sheet each of its fields is on."""

    malltyp: Malltyp
    sheet_of: Mapping[str, str]

    def __contains__(self, field_id: object) -> bool:
        return field_id in self.sheet_of


def q(text: str) -> str:
    """A Swedish text as a formula string literal."""
    return '"' + text.replace('"', '""') + '"'


def n(field_id: str) -> str:
    return f"N({field_id})"


def kr(expr: str) -> str:
    return f'FIXED({expr},0)&" kr"'


def iso_date(name: str) -> str:
    """ÅÅÅÅ-MM-DD without TEXT(): its format codes are "ÅÅÅÅ" in a Swedish Excel."""
    return f'YEAR({name})&"-"&RIGHT("0"&MONTH({name}),2)&"-"&RIGHT("0"&DAY({name}),2)'


def have_all(fields: Fields, ids: Sequence[str]) -> bool:
    return all(i in fields for i in ids)


def tol(value: Decimal) -> str:
    return format(value.normalize(), "f")
