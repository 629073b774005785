"""Whole-workbook text scans: personnummer anywhere, and text that another program would run.

These look at every text cell the reader found (``CellMap.texts``), inside named fields or not,
because an officer may type anywhere. Neither ever repeats what it found in full: a personnummer
issue carries no value at all, and every text echoed is masked first.

What counts as "would be a formula elsewhere" (`formel-i-text`), decided here: a text cell is
flagged when it starts with

* ``=`` or ``@`` followed by anything: Excel and Google Sheets read both as a formula;
* ``+`` or ``-`` followed by something formula-like: a function call (``-SUM(``, ``+HYPERLINK(``),
  a cell reference followed by an operator or the end (``+A1``, ``-$B$2:C4``, ``-A4-papper``),
  ``=`` or ``@`` (``+=``), or arithmetic (``-12+5``, ``-(3-1)*2``).

Not flagged: a plain number (``-12 000``, ``+46 70 123 45 67``), a dash bullet or prose
(``- punkt``, ``-Möte med FK``, ``-- ingen --``, ``-A4 papper``): there the sign is just text.
The text is judged as it travels on: parsed values are stripped, so leading spaces, tabs, CRs
and control characters do not protect ``"\t=1+2"`` (it lands in a CSV as ``=1+2``). Cells that
held a real formula (the template's sum cells) are skipped: their cached text is a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from finsam_xl.issues import Issue, make_issue
from finsam_xl.models import Deltagarlista
from finsam_xl.personnummer import find_personnummer, flagged, mask, might_hold_personnummer
from finsam_xl.rules import RuleContext, rule
from finsam_xl.safe_text import safe_text
from finsam_xl.schema import Malltyp

_FUNCTION = r"[A-Za-z_][A-Za-z0-9_.]*\s*\("
_CELL_REF = r"\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?\s*(?:$|[-+*/^&:,;)=<>])"
# Anchored at the start and free of nested repetition, so a 32 767-character cell scans in
# linear time.
_AFTER_SIGN = re.compile(rf"(?:{_FUNCTION}|{_CELL_REF}|[=@])")
_ARITHMETIC_CHARS = frozenset("0123456789 .,+-*/^()\u00a0")
_OPERATOR_BETWEEN_NUMBERS = re.compile(r"\d\)?[-+*/^]\(?\d")
SHOWN_CHARS = 20
_SIGNS = ("=", "@", "+", "-")


def _arithmetic(rest: str) -> bool:
    """'12+5', '(3 - 1)*2': digits joined by an operator; '12 000' alone is just a number."""
    if any(ch not in _ARITHMETIC_CHARS for ch in rest):
        return False
    compact = "".join(rest.split())
    return _OPERATOR_BETWEEN_NUMBERS.search(compact) is not None


def formula_like(text: str) -> bool:
    """Would a spreadsheet program read this text as a formula if typed into a cell?"""
    if len(text) < 2:
        return False  # a lone sign is refused or kept as text by every program
    first, rest = text[0], text[1:]
    if first in "=@":
        return True
    if first in "+-":
        return _AFTER_SIGN.match(rest) is not None or _arithmetic(rest)
    return False


def _field_at(ctx: RuleContext) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> the field id read there, so a scan finding can name its field."""
    return {pos: key[0] for key, pos in ctx.locator.positions.items()}


def _pnr_issue(sheet: str | None, cell: str | None, field_id: str | None) -> Issue:
    # value=None and the catalogue's fixed message: the number must not travel any further.
    return make_issue("personnummer", sheet=sheet, cell=cell, field=field_id, value=None)


# Texts in which the cheap search found no candidate: a form's labels, the same in every file
# made from it (and the same str objects, shared by the reader's text cells, so looking one up
# hashes nothing new). A text is put here only when that search proved it holds no personnummer.
# Bounded: emptied whole when full; long texts (what submitters write) are never kept.
_NO_CANDIDATE: set[str] = set()
_NO_CANDIDATE_MAX = 20_000
_NO_CANDIDATE_CHARS = 200


@rule("personnummer", *Malltyp)
def personnummer(ctx: RuleContext) -> Iterator[Issue]:
    known = _NO_CANDIDATE
    texts = [raw for raw in ctx.cellmap.texts if isinstance(raw.value, str)]
    fresh = [raw for raw in texts if raw.value not in known]
    # Every personnummer holds six digits, maybe a sign, four digits: one cheap search over all
    # texts not proved clean before settles the common case (none anywhere), and a match in one
    # text is a match in them all joined, so none there proves each clean. The full check,
    # several times slower, then runs on each such cell of a book with a candidate.
    seen: set[tuple[str, str]] = set()
    at: dict[tuple[str, str], str] | None = None
    values = [cast(str, raw.value) for raw in fresh]
    if not might_hold_personnummer("\n".join(values)):
        if len(known) + len(values) > _NO_CANDIDATE_MAX:
            known.clear()
        known.update(v for v in values if len(v) <= _NO_CANDIDATE_CHARS)
    else:
        for raw in fresh:
            if find_personnummer(cast(str, raw.value)):
                seen.add((raw.sheet, raw.cell))
                at = at if at is not None else _field_at(ctx)
                yield _pnr_issue(raw.sheet, raw.cell, at.get((raw.sheet, raw.cell)))
    # A number typed as a number (a 10- or 12-digit personnummer without dash) is no text cell,
    # so the scan above cannot see it: every number of ten digits or more read into a field is
    # checked too (a cheap type and size test first: lists hold thousands of cells).
    cm = ctx.cellmap
    tables = [c for rows in cm.tables.values() for row in rows for c in row]
    for raw in (*cm.scalars.values(), *tables):
        value = raw.value
        if type(value) is int and value >= 10**9 and flagged(value):
            if (raw.sheet, raw.cell) in seen:
                continue
            seen.add((raw.sheet, raw.cell))
            at = at if at is not None else _field_at(ctx)
            yield _pnr_issue(raw.sheet, raw.cell, at.get((raw.sheet, raw.cell)))
    # A sheet name is shown in every issue that points there (masked, but still a leak).
    sheets = {c.sheet for c in cm.scalars.values()} | {raw.sheet for raw in texts}
    sheets |= {rows[0][0].sheet for rows in cm.tables.values() if rows and rows[0]}
    for name in sorted(sheets):
        if find_personnummer(name):
            yield _pnr_issue(name, None, None)
    # A löpnummer typed as a number is also in the model as text: the check above covers it.
    if isinstance(ctx.model, Deltagarlista):
        for d in ctx.model.deltagare:
            sheet, cell = ctx.locator.at("deltagarlista", d.rad, "lopnr")
            if d.lopnr and (sheet, cell) not in seen and find_personnummer(d.lopnr):
                yield _pnr_issue(sheet, cell, "deltagarlista")


@rule("formel-i-text", *Malltyp)
def formel_i_text(ctx: RuleContext) -> Iterator[Issue]:
    fields: dict[tuple[str, str], str] | None = None
    for raw in ctx.cellmap.texts:
        text = raw.value
        if not isinstance(text, str):
            continue
        # Only a sign first can make a formula: that test is cheap and settles almost every cell.
        first = text[:1]
        if first not in _SIGNS:
            if first > " " and not first.isspace():
                continue  # a letter or digit first: nothing for parsing to strip
            text = safe_text(text).strip()  # as parsing will leave it
            if text[:1] not in _SIGNS:
                continue
        if not formula_like(text):
            continue
        if (raw.sheet, raw.cell) in ctx.cellmap.formulas:
            continue
        if fields is None:
            fields = _field_at(ctx)
        safe = mask(text)
        start = safe[:SHOWN_CHARS] + ("…" if len(safe) > SHOWN_CHARS else "")
        yield make_issue(
            "formel-i-text", sheet=raw.sheet, cell=raw.cell,
            field=fields.get((raw.sheet, raw.cell)), value=safe, shown=start,
        )  # fmt: skip
