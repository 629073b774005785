"""Parsing Swedish cell values: the one entry point for turning a ``RawValue`` into a typed value.

Every parser takes what a reader copied from a cell and returns a :class:`Parsed`: the value (None
when the cell is empty or unreadable), an issue code from schema §8 when something was interpreted
or is wrong, and a short Swedish detail. Parsers never raise on bad input; the validation layer
turns codes into issues with the cell's position.

Numbers live in ``parse_numbers``, dates and periods in ``parse_dates``; this module owns text,
e-mail and code-list values and re-exports the rest, so callers import from here only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache

from finsam_xl.cellmap import RawValue
from finsam_xl.parse_dates import MONTHS, SERIAL_RANGE, parse_date, parse_period
from finsam_xl.parse_numbers import (
    ERROR_CODES,
    ParseCode,
    Parsed,
    is_blank,
    parse_count,
    parse_kronor,
    parse_number,
    parse_percent,
    parse_year,
    show,
    show_en,
    sv_number,
    tolkat,
)
from finsam_xl.safe_text import safe_text

__all__ = [
    "ERROR_CODES",
    "MONTHS",
    "SERIAL_RANGE",
    "ParseCode",
    "Parsed",
    "parse_code",
    "parse_count",
    "parse_date",
    "parse_email",
    "parse_kronor",
    "parse_number",
    "parse_percent",
    "parse_period",
    "parse_text",
    "parse_year",
    "sv_number",
]


def parse_text(raw: RawValue) -> Parsed[str]:
    """Free text, stripped. A number becomes the text Swedish Excel shows (``12``, ``12,5``), a
    date its ISO form, a boolean ``SANT``/``FALSKT``; whitespace only is empty. Characters no
    XML part may hold (ESC, BEL, lone surrogates) are dropped here, once, so no output can get
    them from a submitted text."""
    if is_blank(raw) or raw is None:
        return Parsed(None)
    if isinstance(raw, str):
        return Parsed(safe_text(raw).strip() or None)
    if isinstance(raw, bool):
        return Parsed(show(raw))
    if isinstance(raw, int):
        return Parsed(str(raw))
    if isinstance(raw, float):
        if not math.isfinite(raw):  # NaN was caught by is_blank
            return Parsed(str(raw))
        if raw.is_integer():
            return Parsed(str(int(raw)))
        # No thousands grouping: a number in a text cell is usually an identifier (löpnummer).
        return Parsed(format(Decimal(repr(raw)), "f").replace(".", ","))
    if isinstance(raw, datetime):
        if raw.time() == time():
            return Parsed(raw.date().isoformat())
        return Parsed(raw.isoformat(sep=" ", timespec="minutes"))
    if isinstance(raw, time):
        return Parsed(raw.isoformat(timespec="minutes" if raw.second == 0 else "seconds"))
    return Parsed(raw.isoformat())


# A pragmatic address check, not RFC 5322: one @, no spaces, a dotted domain ending in a letter
# TLD. Non-ASCII letters are allowed on both sides (åsa@exempel.se, info@åre.se): SMTPUTF8 and IDN
# make them valid, and rejecting a working address would be worse than letting a typo through.
_LOCAL = r"[^\s@<>()\[\],;:\".]+(?:\.[^\s@<>()\[\],;:\".]+)*"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_EMAIL = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.)+[^\W\d_]{{2,}}")
_NAMED_ADDRESS = re.compile(r"[^<>]*<([^<>]+)>")


def parse_email(raw: RawValue) -> Parsed[str]:
    """One e-mail address; ``mailto:`` and ``Namn <adress>`` are unwrapped with ``tolkat-varde``."""
    if is_blank(raw):
        return Parsed(None)
    if not isinstance(raw, str):
        return Parsed(None, ParseCode.OGILTIG_EPOST, f"{show(raw)} är ingen e-postadress",
                      f"{show_en(raw)} is no e-mail address")  # fmt: skip
    text = raw.strip()
    address = text
    if m := _NAMED_ADDRESS.fullmatch(address):
        address = m.group(1).strip()
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :].strip()
    if _EMAIL.fullmatch(address):
        if address == text:
            return Parsed(address)
        return tolkat(address, f"'{text}' tolkat som {address}", f"'{text}' read as {address}")
    if len(re.findall("@", text)) > 1:
        why, why_en = "ange en enda adress", "give one address"
    elif "@" not in text:
        why, why_en = "tecknet @ saknas", "the @ is missing"
    elif re.search(r"\s", address):
        why, why_en = "adressen innehåller mellanslag", "the address holds a space"
    else:
        why, why_en = "skriv den som namn@exempel.se", "write it as name@example.org"
    return Parsed(None, ParseCode.OGILTIG_EPOST, f"'{text}' är ingen giltig e-postadress: {why}",
                  f"'{text}' is no valid e-mail address: {why_en}")  # fmt: skip


def _key(text: str) -> str:
    """Comparison form: no diacritics (Forsakringskassan = Försäkringskassan), no case, one space,
    underscores as spaces (so the code ``externa_tjanster`` and "Externa tjänster" meet)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold().replace("_", " ")
    plain = re.sub(r"\s*/\s*", " / ", plain)
    return re.sub(r"\s+", " ", plain).strip()


@lru_cache(maxsize=256)
def _lookup(items: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], dict[str, str]]:
    """(exact keys -> code, unique short labels -> code) for a code list."""
    exact: dict[str, str] = {}
    for code, label in items:
        exact.setdefault(_key(code), code)
        exact.setdefault(_key(label), code)
    # "Arbete" for "Arbete (även subventionerat)", "In natura" for "In natura (t.ex. personal)".
    short: dict[str, set[str]] = {}
    for code, label in items:
        head = re.split(r" \(| / ", _key(label), maxsplit=1)[0]
        if head not in exact:
            short.setdefault(head, set()).add(code)
    unique = {head: next(iter(codes)) for head, codes in short.items() if len(codes) == 1}
    return exact, unique


def parse_code(
    raw: RawValue, items: Sequence[tuple[str, str]], aliases: Sequence[tuple[str, str]] = ()
) -> Parsed[str]:
    """A value from a code list given as ``(code, label)`` pairs: the code or the label is
    accepted in any case, spacing or diacritics; the code is returned. ``aliases`` are older
    labels (an earlier template's dropdown), read as their code but not offered."""
    text = parse_text(raw).value
    if text is None:
        return Parsed(None)
    exact, short = _lookup(tuple(items) + tuple(aliases))
    key = _key(text)
    if key in exact:
        return Parsed(exact[key])
    if key in short:
        code = short[key]
        label = next(lab for c, lab in items if c == code)
        return tolkat(code, f"'{text}' tolkat som '{label}'", f"'{text}' read as '{label}'")
    allowed = ", ".join(label for _, label in items)
    return Parsed(None, ParseCode.OKAND_KOD, f"'{text}' finns inte i listan. Tillåtna: {allowed}",
                  f"'{text}' is not in the list. Allowed: {allowed}")  # fmt: skip
