"""Numbers as Swedish officers type them: kronor, counts, decimals, percentages and years.

This module also owns :class:`Parsed`, the result every parser in ``finsam_xl.parse`` returns
(it lives here rather than in ``parse.py`` so that ``parse_dates`` can use it without a cycle).

Money is exact: cell floats are converted through ``Decimal(repr(x))`` and rounded to öre, text is
read digit by digit; no float arithmetic touches a value. Text is always an interpretation, so a
value read from text carries ``tolkat-varde``; a plain numeric cell carries no code.

Decisions the schema leaves open (schema §7, domain §6.2):

* A dot followed by exactly three digits (``1.234``) is ambiguous (English decimal or a thousands
  separator) and is ``fel-typ``. A dot followed by 1–2 or 4+ digits can only be a decimal point,
  so it is accepted as one (with ``tolkat-varde``, like all text).
* Spaces (any Unicode space, incl. U+00A0, U+202F, U+2009) group thousands; groups after the first
  must have three digits, so ``12 34`` (two numbers?) is ``fel-typ``.
* ``34:50`` is the old kronor:öre form (34,50 kr); ``576:-`` and ``576,-`` are 576 kr.
* Percent text without ``%`` (``0,735``) is read as the fraction it says, like a number cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Generic, TypeVar

from finsam_xl.cellmap import RawValue

T = TypeVar("T")


class ParseCode(StrEnum):
    """Issue codes a parser can attach (schema §8); equal to their plain string values."""

    TOLKAT_VARDE = "tolkat-varde"
    TVETYDIGT_DATUM = "tvetydigt-datum"
    FEL_TYP = "fel-typ"
    OKAND_KOD = "okand-kod"
    OGILTIG_EPOST = "ogiltig-epost"


ERROR_CODES = frozenset({ParseCode.FEL_TYP, ParseCode.OKAND_KOD, ParseCode.OGILTIG_EPOST})


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """A parsed cell: the value (None when empty or unreadable), an optional code and why."""

    value: T | None
    code: str | None = None
    detail: str = ""
    detail_en: str = ""  # the same in English, for --english (empty: only Swedish is known)

    @property
    def ok(self) -> bool:
        """True unless the value could not be read (an info or warning code is still ok)."""
        return self.code not in ERROR_CODES

    @property
    def empty(self) -> bool:
        """True for an empty cell (no value and nothing wrong)."""
        return self.value is None and self.code is None


def fel_typ(detail: str, detail_en: str = "") -> Parsed[T]:
    return Parsed(None, ParseCode.FEL_TYP, detail, detail_en)


class Reason(str):
    """Why a text is not a value: Swedish as the str itself, English beside it in ``.en``."""

    en: str

    def __new__(cls, sv: str, en: str) -> Reason:
        made = super().__new__(cls, sv)
        made.en = en
        return made


def english(text: str) -> str:
    """The English of a Reason; any other text as it is."""
    return text.en if isinstance(text, Reason) else text


def show_en(raw: RawValue) -> str:
    """``show`` for English messages: TRUE/FALSE and "empty" instead of SANT/FALSKT and "tomt"."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    return "empty" if raw is None else show(raw)


WHAT_EN = {"belopp i kronor": "an amount in kronor", "tal": "a number", "procent": "a percentage",
           "antal": "a count", "belopp": "an amount"}  # fmt: skip


def tolkat(value: T, detail: str, detail_en: str = "") -> Parsed[T]:
    return Parsed(value, ParseCode.TOLKAT_VARDE, detail, detail_en)


def is_blank(raw: RawValue) -> bool:
    """None, whitespace only, or NaN (how pandas-based readers spell an empty cell)."""
    if isinstance(raw, float):
        return math.isnan(raw)
    return raw is None or (isinstance(raw, str) and not raw.strip())


def clean_text(text: str) -> str:
    """Collapse every kind of space (NBSP, narrow NBSP, thin space, tabs) to one ASCII space."""
    return re.sub(r"\s+", " ", text).strip()


def sv_number(value: Decimal, decimals: int | None = None) -> str:
    """Swedish display form: NBSP thousands, comma decimal (``1 234 394,50``)."""
    if decimals is not None:
        value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "−" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return sign + grouped + ("," + frac if frac else "")


def _sv_kronor(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return sv_number(value, decimals) + " kr"


# --- reading number text ------------------------------------------------------------------------

_KR_ORE = re.compile(r"(\d+):(\d{2})")
_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+")


@dataclass(frozen=True, slots=True)
class _Units:
    """Unit suffixes a field accepts, as powers of ten, and the regex that strips them."""

    powers: dict[str, int]
    pattern: re.Pattern[str]
    prefix: bool = False  # may the unit also come first ("SEK 1 000")?


def _units(powers: dict[str, int], *, prefix: bool = False) -> _Units:
    # Longest first, so "mnkr" wins over "kr"; an abbreviation may end in a dot ("tkr.").
    alternatives = "|".join(re.escape(u) for u in sorted(powers, key=len, reverse=True))
    pattern = re.compile(rf"^(?P<body>.*?)\s*(?P<unit>{alternatives})\.?$")
    return _Units(powers, pattern, prefix)


_KRONOR = _units(
    {"kronor": 0, "kr": 0, "sek": 0, ":-": 0, ",-": 0, "tkr": 3, "tsek": 3, "mkr": 6, "mnkr": 6},
    prefix=True,
)
_PERCENT = _units({"%": -2, "procent": -2})
_COUNT = _units({"st": 0, "stycken": 0})
_NUMBER = _units({**_PERCENT.powers, **_COUNT.powers})


def _strip_unit(text: str, units: _Units) -> tuple[str, int, str]:
    m = units.pattern.match(text)
    if m is None:
        return text, 0, ""
    return m.group("body").strip(), units.powers[m.group("unit")], m.group("unit")


def _body_to_decimal(body: str) -> Decimal | str:
    """Unsigned digits with Swedish separators -> Decimal, or a Swedish reason it is not one."""
    if m := _KR_ORE.fullmatch(body):
        return Decimal(f"{m.group(1)}.{m.group(2)}")
    if "," in body and "." in body:
        return Reason("blandar punkt och komma", "mixes point and comma")
    if body.count(",") > 1 or body.count(".") > 1:
        return Reason(
            "punkt eller komma som tusentalsavgränsare – skriv 1 234 567,50",
            "point or comma as a thousands separator – write 1 234 567,50",
        )
    sep = "," if "," in body else "." if "." in body else ""
    whole, _, frac = body.partition(sep) if sep else (body, "", "")
    if sep and not frac.isdigit():
        return Reason("decimaltecken utan decimaler", "a decimal separator without decimals")
    if sep == "." and len(frac) == 3:
        return Reason(
            "punkt och tre siffror kan vara tusental eller decimaler – skriv 1 234 eller 1,234",
            "a point and three digits may be thousands or decimals – write 1 234 or 1,234",
        )
    if " " in whole:
        if not _GROUPED.fullmatch(whole):
            return Reason("mellanslag på fel ställe i talet", "a space in the wrong place")
        whole = whole.replace(" ", "")
    if whole == "" and frac:
        whole = "0"
    if not (whole.isascii() and whole.isdigit()) or not frac.isascii():
        return Reason("inte ett tal", "not a number")
    return Decimal(f"{whole}.{frac}" if frac else whole)


def _read_number_text(text: str, units: _Units) -> Decimal | str:
    """Signed number text with optional unit (before or inside parentheses) -> Decimal or reason."""
    s = clean_text(text).lower()
    s, power, unit = _strip_unit(s, units)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
        if not unit:
            s, power, unit = _strip_unit(s, units)
    if s[:1] in ("-", "−", "–"):
        negative, s = not negative, s[1:].lstrip()
    elif s[:1] == "+":
        s = s[1:].lstrip()
    if units.prefix and not unit and (m := re.match(r"(sek|kr)\s*(.+)$", s)):
        s = m.group(2)  # "SEK 1 000" / "kr 500": the unit written first
    if not s:
        return Reason("inget tal", "no number")
    value = _body_to_decimal(s)
    if isinstance(value, str):
        return value
    value = value.scaleb(power)
    return -value if negative else value


def _cell_decimal(raw: int | float) -> Decimal | None:
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    return Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw))


def show(raw: RawValue) -> str:
    """A raw value as the user saw it, for messages (Swedish Excel shows SANT/FALSKT)."""
    if isinstance(raw, bool):
        return "SANT" if raw else "FALSKT"
    if isinstance(raw, str):
        return f"'{raw.strip()}'"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw) or abs(raw) >= 1e15:
            return f"{raw:g}"  # 1e+308, not three hundred digits
        return sv_number(Decimal(repr(raw)))
    return "tomt" if raw is None else raw.isoformat()


def _not_a_number(raw: RawValue, what: str) -> Parsed[T]:
    return fel_typ(f"{show(raw)} kan inte läsas som {what}",
                   f"{show_en(raw)} cannot be read as {WHAT_EN.get(what, what)}")  # fmt: skip


# --- public parsers -----------------------------------------------------------------------------

_ORE = Decimal("0.01")
# No count of people or events comes near this; a larger one is a typo or an attack, and would
# not fit the 64-bit integer columns the tables keep counts in.
MAX_COUNT = 10**9


def _to_ore(value: Decimal) -> Decimal | None:
    try:
        return value.quantize(_ORE, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds: not a real amount
        return None


def parse_kronor(raw: RawValue) -> Parsed[Decimal]:
    """An amount in kronor, rounded to öre (``Decimal`` with two decimals)."""
    if is_blank(raw):
        return Parsed(None)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return _not_a_number(raw, "belopp i kronor")
    if isinstance(raw, str):
        read = _read_number_text(raw, _KRONOR)
        if isinstance(read, str):
            return fel_typ(
                f"'{raw.strip()}' kan inte läsas som belopp: {read}",
                f"'{raw.strip()}' cannot be read as an amount: {english(read)}",
            )
        value = _to_ore(read)
        if value is None:
            return fel_typ(
                f"'{raw.strip()}' är för stort för ett belopp",
                f"'{raw.strip()}' is too large for an amount",
            )
        return tolkat(value, f"'{raw.strip()}' tolkat som {_sv_kronor(value)}",
                      f"'{raw.strip()}' read as {_sv_kronor(value)}")  # fmt: skip
    cell = _cell_decimal(raw)
    value = None if cell is None else _to_ore(cell)
    return _not_a_number(raw, "belopp i kronor") if value is None else Parsed(value)


def parse_number(raw: RawValue) -> Parsed[Decimal]:
    """A decimal number (e.g. a goal target); ``73,5 %`` becomes 0.735, ``12 st`` becomes 12."""
    return _parse_decimal(raw, _NUMBER, "tal")


def parse_percent(raw: RawValue) -> Parsed[Decimal]:
    """A share as a fraction: a number cell as stored (0.735), text ``73,5 %`` -> 0.735."""
    return _parse_decimal(raw, _PERCENT, "procent")


def _parse_decimal(raw: RawValue, units: _Units, what: str) -> Parsed[Decimal]:
    if is_blank(raw):
        return Parsed(None)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return _not_a_number(raw, what)
    if isinstance(raw, str):
        read = _read_number_text(raw, units)
        if isinstance(read, str):
            return fel_typ(
                f"'{raw.strip()}' kan inte läsas som {what}: {read}",
                f"'{raw.strip()}' cannot be read as {WHAT_EN.get(what, what)}: {english(read)}",
            )
        return tolkat(read, f"'{raw.strip()}' tolkat som {sv_number(read)}",
                      f"'{raw.strip()}' read as {sv_number(read)}")  # fmt: skip
    cell = _cell_decimal(raw)
    return _not_a_number(raw, what) if cell is None else Parsed(cell)


def parse_count(raw: RawValue) -> Parsed[int]:
    """A whole number of people or events; ``12 st`` and ``"12"`` are read with ``tolkat-varde``.

    Negative counts are returned as they are: the rule that forbids them reports them with their
    cell, which a parser cannot do.
    """
    if is_blank(raw):
        return Parsed(None)
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return _not_a_number(raw, "antal")
    if isinstance(raw, str):
        read = _read_number_text(raw, _COUNT)
        if isinstance(read, str):
            return fel_typ(
                f"'{raw.strip()}' kan inte läsas som antal: {read}",
                f"'{raw.strip()}' cannot be read as a count: {english(read)}",
            )
        if read != read.to_integral_value():
            return fel_typ(
                f"'{raw.strip()}' är inte ett heltal", f"'{raw.strip()}' is not a whole number"
            )
        if abs(read) > MAX_COUNT:
            return fel_typ(
                f"'{raw.strip()}' är orimligt stort för ett antal",
                f"'{raw.strip()}' is far too large for a count",
            )
        return tolkat(int(read), f"'{raw.strip()}' tolkat som {int(read)}",
                      f"'{raw.strip()}' read as {int(read)}")  # fmt: skip
    if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
        return fel_typ(f"{show(raw)} är inte ett heltal", f"{show_en(raw)} is not a whole number")
    if abs(raw) > MAX_COUNT:
        return fel_typ(
            f"{show(raw)} är orimligt stort för ett antal",
            f"{show_en(raw)} is far too large for a count",
        )
    return Parsed(int(raw))


def parse_year(raw: RawValue) -> Parsed[int]:
    """A calendar year 1900–2100 (e.g. ``fodelsear``)."""
    read = parse_count(raw)
    if read.value is None:
        if read.code is None:
            return read
        return fel_typ(
            f"{show(raw)} kan inte läsas som årtal", f"{show_en(raw)} cannot be read as a year"
        )
    if not 1900 <= read.value <= 2100:
        return fel_typ(
            f"{read.value} är inget rimligt årtal (1900–2100)",
            f"{read.value} is not a plausible year (1900–2100)",
        )
    if read.code is not None:
        return tolkat(read.value, f"'{str(raw).strip()}' tolkat som årtal {read.value}",
                      f"'{str(raw).strip()}' read as the year {read.value}")  # fmt: skip
    return read
