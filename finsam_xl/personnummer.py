"""Finding and masking Swedish personnummer and samordningsnummer in free text.

Reports must not carry identity numbers (schema §8, rule ``personnummer``): every text cell in a
workbook is scanned, so the scan is one precompiled regex over the text and a cheap check of each
candidate. A candidate counts only when its date exists (for a samordningsnummer the day is
the birth day + 60) and its Luhn check digit is right, and when it is not part of a longer run of
digits (an account or phone number). Forms: ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (100 years or older),
``YYYYMMDD-NNNN`` and the same without separator or with one space; the dash may be any dash
(en dash, minus sign, non-breaking hyphen), the space any space (no-break, narrow, thin), and
the digits may come in spaced pairs (``12 12 12-12 12``), as people type them. Phone numbers
are grouped 3-3-2-2 from a leading 0 (``070 123 45 67``), which spaced pairs never match.

Messages must never repeat a found number; :func:`mask` gives text that is safe to show.
"""

from __future__ import annotations

import calendar
import re

MASK = "ÅÅMMDD-XXXX"

# Six or eight date digits, an optional separator, four digits; no digit directly before or after.
# 6 + 4 and 8 + 4 cannot both fit one digit run, so each run has one reading. Runs on text where
# every dash is "-" and every space " " (``_FOLD``: one character for one, so spans still fit).
_CANDIDATE = re.compile(
    r"(?<![\d])(\d{8}|\d{6}|\d\d(?: \d\d){2,3})( ?[-+] ?| )?(\d{4}|\d\d \d\d)(?![\d])"
)
_FOLD = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d", "-")
    | dict.fromkeys("\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\u2004\u2005\u2006\t", " ")
)


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit for YYMMDDNNN (Luhn, as Skatteverket describes it): weights 2,1,2,1,…,
    two-digit products replaced by their digit sum, then the step up to the next ten."""
    total = 0
    for i, ch in enumerate(nine_digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def _is_valid(date_digits: str, last_four: str) -> bool:
    if len(date_digits) == 8:
        if date_digits[:2] not in ("18", "19", "20"):
            return False
        year = int(date_digits[:4])
        date_digits = date_digits[2:]
    else:
        # Century unknown: 2000 + YY is a leap year exactly when some candidate century is
        # (1900 aside, which is outside living memory).
        year = 2000 + int(date_digits[:2])
    month, day = int(date_digits[2:4]), int(date_digits[4:])
    if day > 60:  # samordningsnummer: birth day + 60
        day -= 60
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return False
    return luhn_check_digit(date_digits + last_four[:3]) == int(last_four[3])


# Holds every candidate in any spelling (five pairs of digits, each at most three other
# characters from the last): one C-speed search settles a text with none, before the full check.
_MAYBE = re.compile(r"\d\d(?:\D{0,3}\d\d){4}")


def might_hold_personnummer(text: str) -> bool:
    """False proves ``text`` holds no personnummer; True means the full check must run."""
    return _MAYBE.search(text) is not None


def find_personnummer(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the personnummer/samordningsnummer in ``text``, left to right."""
    # The cheap search first: it holds every candidate (a tenth of the full search's time on
    # a message), and folding keeps every digit where it was.
    if len(text) < 10 or _MAYBE.search(text) is None:
        return []
    return [
        m.span()
        for m in _CANDIDATE.finditer(text.translate(_FOLD))
        if _is_valid(m.group(1).replace(" ", ""), m.group(3).replace(" ", ""))
    ]


def contains_personnummer(text: str) -> bool:
    """True when ``text`` holds at least one personnummer or samordningsnummer."""
    return bool(find_personnummer(text))


def flagged(value: object) -> bool:
    """Does this value carry a personnummer, however it was typed (text, or a number typed into
    any cell)? The question to ask before a submitted value goes into any table or output."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return contains_personnummer(str(value))
    if isinstance(value, float):
        return value.is_integer() and contains_personnummer(str(int(value)))
    return isinstance(value, str) and contains_personnummer(value)


def mask(text: str) -> str:
    """``text`` with every personnummer replaced by ``ÅÅMMDD-XXXX``."""
    spans = find_personnummer(text)
    if not spans:
        return text
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(MASK)
        last = end
    parts.append(text[last:])
    return "".join(parts)
