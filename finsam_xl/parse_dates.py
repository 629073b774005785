"""Dates and periods as Swedish officers type them (schema §7, domain §6.1).

A date cell is taken as it is. Everything else is an interpretation and says so: Excel serials and
text forms carry ``tolkat-varde``, a six-digit ``YYMMDD`` carries the warning ``tvetydigt-datum``
(its century is a guess). Only an exact ``YYYY-MM-DD`` string is read without a code, since that is
the form the templates ask for. Slashes are always day first (``3/5 2024`` is 3 May): Swedish
usage, never US order. Impossible dates (``2022-02-30``, the seven digits ``2022123``) are
``fel-typ`` with a detail naming what is wrong.

Periods (``parse_period``) are closed intervals ``[start, end]``: "t.o.m." is inclusive.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from finsam_xl.cellmap import RawValue
from finsam_xl.parse_numbers import (
    ParseCode,
    Parsed,
    Reason,
    clean_text,
    english,
    fel_typ,
    is_blank,
    show,
    show_en,
    tolkat,
)

MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "maj": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augusti": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
MONTH_NAMES: tuple[str, ...] = (
    "",
    *("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti"),
    *("september", "oktober", "november", "december"),
)

# Excel's 1900 date system counts from 1899-12-30 (the fake 1900-02-29 is before our range).
_EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = (20000, 80000)  # 1954-10-03 .. 2119-01-10: anything else is not a plausible date

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YMD = re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})(?: ?[-/ ] ?)(\d{4}|\d{2})")
_DMY_DOT = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DAY_MONTH = rf"(?:den )?(\d{{1,2}})(?::?[ae])?\.? ({_M})\.?"
_NAMED = re.compile(rf"{_DAY_MONTH},? (\d{{4}})")


def _make(year: int, month: int, day: int) -> date | str:
    """A date, or a reason (Swedish, English in ``.en``) why those numbers are not one."""
    if not 1 <= year <= 9999:
        return Reason(f"år {year} finns inte", f"there is no year {year}")
    if not 1 <= month <= 12:
        return Reason(f"månad {month} finns inte", f"there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return Reason(
            f"{MONTH_NAMES[month]} {year} har {last} dagar, inte dag {day}",
            f"{calendar.month_name[month]} {year} has {last} days, not {day}",
        )
    return date(year, month, day)


def _century(yy: int, pivot: int) -> int:
    return 2000 + yy if yy < pivot else 1900 + yy


def _result(
    made: date | str, raw: str, code: str | None, how: str = "", how_en: str = ""
) -> Parsed[date]:
    if isinstance(made, str):
        return fel_typ(
            f"'{raw}' är inget giltigt datum: {made}",
            f"'{raw}' is not a valid date: {english(made)}",
        )
    if code is None:
        return Parsed(made)
    detail = f"'{raw}' tolkat som {made.isoformat()}{how}"
    return Parsed(made, code, detail, f"'{raw}' read as {made.isoformat()}{how_en}")


def _text_date(raw: str, pivot: int) -> Parsed[date] | None:
    """Text -> date; None when the text has no date shape at all (the caller words that error)."""
    s = clean_text(raw).lower()
    shown = clean_text(raw)
    tolk = ParseCode.TOLKAT_VARDE
    if m := _ISO.fullmatch(s):
        return _result(_make(int(m[1]), int(m[2]), int(m[3])), shown, None)
    if s.isdigit():
        if len(s) == 8:
            return _result(_make(int(s[:4]), int(s[4:6]), int(s[6:])), shown, tolk)
        if len(s) == 6:
            year = _century(int(s[:2]), pivot)
            how = f" (sex siffror läses ÅÅMMDD; århundradet {year // 100 * 100}-talet är gissat)"
            how_en = f" (the century, the {year // 100 * 100}s, is a guess)"
            made = _make(year, int(s[2:4]), int(s[4:]))
            return _result(made, shown, ParseCode.TVETYDIGT_DATUM, how, how_en)
        return fel_typ(
            f"'{shown}' har {len(s)} siffror och är inget datum – skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD",
            f"'{shown}' has {len(s)} digits and is no date – write YYYY-MM-DD or YYYYMMDD",
        )
    if m := _YMD.fullmatch(s):
        return _result(_make(int(m[1]), int(m[3]), int(m[4])), shown, tolk)
    if m := (_DMY.fullmatch(s) or _DMY_DOT.fullmatch(s)):
        year = int(m[3]) if len(m[3]) == 4 else _century(int(m[3]), pivot)
        made = _make(year, int(m[2]), int(m[1]))
        return _result(made, shown, tolk, " (dag före månad)", " (day before month)")
    if m := _NAMED.fullmatch(s):
        return _result(_make(int(m[3]), MONTHS[m[2]], int(m[1])), shown, tolk)
    return None


def parse_date(raw: RawValue, *, pivot: int = 70) -> Parsed[date]:
    """A calendar date from a date cell, an Excel serial or Swedish text.

    ``pivot`` decides the century of two-digit years: below it 20xx, else 19xx.
    """
    if is_blank(raw):
        return Parsed(None)
    if isinstance(raw, datetime):
        return Parsed(raw.date())
    if isinstance(raw, date):
        return Parsed(raw)
    if isinstance(raw, str):
        read = _text_date(raw, pivot)
        if read is not None:
            return read
        return fel_typ(
            f"'{clean_text(raw)}' kan inte läsas som datum – skriv ÅÅÅÅ-MM-DD",
            f"'{clean_text(raw)}' cannot be read as a date – write YYYY-MM-DD",
        )
    if isinstance(raw, bool | time) or raw is None:
        return fel_typ(
            f"{show(raw)} kan inte läsas som datum", f"{show_en(raw)} cannot be read as a date"
        )
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int) and 19000101 <= raw <= 21001231:
        # YYYYMMDD typed into a cell that Excel then stored as a number.
        return _text_date(str(raw), pivot) or fel_typ(
            f"{raw} kan inte läsas som datum", f"{raw} cannot be read as a date"
        )
    if SERIAL_RANGE[0] <= raw <= SERIAL_RANGE[1]:
        day = _EXCEL_EPOCH + timedelta(days=int(raw))  # a fraction is a time of day: dropped
        return tolkat(day, f"Excel-datum {show(raw)} tolkat som {day.isoformat()}",
                      f"Excel date {show(raw)} read as {day.isoformat()}")  # fmt: skip
    return fel_typ(
        f"talet {show(raw)} kan inte läsas som datum",
        f"the number {show(raw)} cannot be read as a date",
    )


# --- periods ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Span:
    start: date
    end: date
    ambiguous: bool = False  # a six-digit date was read as YYMMDD


def _month_span(year: int, month: int, last_month: int | None = None) -> _Span:
    last = last_month or month
    return _Span(date(year, month, 1), date(year, last, calendar.monthrange(year, last)[1]))


_PART_LENGTH = {"kvartal": 3, "kv": 3, "q": 3, "tertial": 4, "t": 4, "halvår": 6, "h": 6}
_KIND = r"(?P<kind>kvartal|kv|q|tertial|t|halvår|h)\.?"
_PARTS = (  # "kv 1 2024", "Q1, år 2024" and the other way round, "2024 Q1"
    re.compile(rf"{_KIND} ?(?P<n>\d),? (?:år )?(?P<year>\d{{4}})"),
    re.compile(rf"(?P<year>\d{{4}}),? ?{_KIND} ?(?P<n>\d)"),
)
_MONTH_YEAR = re.compile(rf"({_M})\.?,? (\d{{4}})")
_YEAR = re.compile(r"(?:helår |år |kalenderår )?(\d{4})")


def _span(text: str, year: int | None, pivot: int) -> _Span | str | None:
    """One side of a period: a date, a month, a year, a kvartal/tertial/halvår. ``year`` is the
    other side's year, for "1 januari-30 juni 2017". A str is why a date-shaped text is invalid."""
    s = text.strip(" ,.")
    if m := (_PARTS[0].fullmatch(s) or _PARTS[1].fullmatch(s)):
        length, number = _PART_LENGTH[m["kind"]], int(m["n"])
        if not 1 <= number <= 12 // length:
            return Reason(
                f"'{text.strip()}': det finns inget sådant kvartal/tertial/halvår",
                f"'{text.strip()}': there is no such quarter/tertial/half-year",
            )
        first = (number - 1) * length + 1
        return _month_span(int(m["year"]), first, first + length - 1)
    if m := _MONTH_YEAR.fullmatch(s):
        return _month_span(int(m[2]), MONTHS[m[1]])
    if m := _YEAR.fullmatch(s):
        return _Span(date(int(m[1]), 1, 1), date(int(m[1]), 12, 31))
    if year is not None:
        if s in MONTHS:
            return _month_span(year, MONTHS[s])
        if m := re.fullmatch(_DAY_MONTH, s):
            made = _make(year, MONTHS[m[2]], int(m[1]))
            return made if isinstance(made, str) else _Span(made, made)
    read = _text_date(s, pivot)
    if read is None:
        return None
    if read.value is None:
        return Reason(read.detail, read.detail_en or read.detail)
    return _Span(read.value, read.value, read.code == ParseCode.TVETYDIGT_DATUM)


_LABEL = r"(?:perioden|period|tidsperiod|avser)?:? ?"
_FROM = re.compile(_LABEL + r"(?:fr\.? ?o\.? ?m\.?|from|från och med|från)? ?")
_EXPLICIT_SEP = re.compile(r" ?(?:--|–|—|−|-|\bt\.? ?o\.? ?m\b\.?|\btill\b|\bto\b) ?")


def parse_period(text: RawValue, *, pivot: int = 70) -> Parsed[tuple[date, date]]:
    """A period ``(start, end)``, both inclusive, from free text such as "Kv 1 2024",
    "fr.o.m. 2024-01-01 t.o.m. 2024-03-31" or "1 januari-30 juni 2017"."""
    if is_blank(text):
        return Parsed(None)
    if not isinstance(text, str):
        return fel_typ(
            f"{show(text)} är ingen period – skriv t.ex. 2024-01-01 – 2024-03-31",
            f"{show_en(text)} is no period – write e.g. 2024-01-01 – 2024-03-31",
        )
    shown = clean_text(text)
    s = shown.lower()
    note = note_en = ""
    if (m := re.search(r" ?\(.*\)$", s)) and m.start() > 0:
        s, note = s[: m.start()], f" (texten '{shown[m.start() :].strip()}' ignorerades)"
        note_en = f" (the text '{shown[m.start() :].strip()}' was ignored)"
    s = _FROM.sub("", s, count=1)  # the start is inclusive either way

    found: _Span | None = None
    error = ""
    single = _span(s, None, pivot)
    if isinstance(single, _Span) and single.start != single.end:
        found = single
    splits = [*_EXPLICIT_SEP.finditer(s), *re.finditer(" ", s)]
    for sep in splits if found is None else []:
        left, right = s[: sep.start()], s[sep.end() :]
        end = _span(right, None, pivot)
        start = _span(left, end.end.year if isinstance(end, _Span) else None, pivot)
        if isinstance(start, _Span) and isinstance(end, _Span):
            found = _Span(start.start, end.end, start.ambiguous or end.ambiguous)
            break
        if not error and sep.re is _EXPLICIT_SEP:
            error = next((x for x in (start, end) if isinstance(x, str)), "")
    if found is None:
        if isinstance(single, _Span):
            return fel_typ(
                f"'{shown}' är bara ett datum – en period behöver start och slut",
                f"'{shown}' is one date – a period needs a start and an end",
            )
        detail = error or (single if isinstance(single, str) else "")
        return fel_typ(f"'{shown}' kan inte läsas som period{': ' + detail if detail else ''}",
                       f"'{shown}' cannot be read as a period"
                       f"{': ' + english(detail) if detail else ''}")  # fmt: skip
    if found.end < found.start:
        return fel_typ(
            f"'{shown}': perioden slutar före den börjar",
            f"'{shown}': the period ends before it starts",
        )
    code = ParseCode.TVETYDIGT_DATUM if found.ambiguous else ParseCode.TOLKAT_VARDE
    span = f"{found.start.isoformat()} – {found.end.isoformat()}"
    return Parsed((found.start, found.end), code, f"'{shown}' tolkat som {span}{note}",
                  f"'{shown}' read as {span}{note_en}")  # fmt: skip
