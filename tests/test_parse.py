"""Swedish value parsers: fixture tables from domain §10 and schema §7, edge cases, round trips."""

from __future__ import annotations

import ast
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finsam_xl.parse import (
    ParseCode,
    Parsed,
    parse_code,
    parse_count,
    parse_date,
    parse_email,
    parse_kronor,
    parse_number,
    parse_percent,
    parse_period,
    parse_text,
    parse_year,
)

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"
TOLKAT, TVETYDIG, FEL = "tolkat-varde", "tvetydigt-datum", "fel-typ"


def outcome(p: Parsed[object]) -> tuple[object, str | None]:
    return p.value, p.code


# --- kronor -------------------------------------------------------------------------------------

KRONOR = [
    # domain §10 amount table
    (f"1{NBSP}234{NBSP}394", "1234394", TOLKAT),
    ("1 234 394 kr", "1234394", TOLKAT),
    ("400 tkr", "400000", TOLKAT),
    ("339 mkr", "339000000", TOLKAT),
    ("37,8 mnkr", "37800000", TOLKAT),
    ("−12 000", "-12000", TOLKAT),
    ("(12 000)", "-12000", TOLKAT),
    # schema §7 and domain §6.2
    (f"1{NNBSP}234{THIN}394", "1234394", TOLKAT),
    ("3 923 234,127", "3923234.13", TOLKAT),
    ("12 000 SEK", "12000", TOLKAT),
    ("SEK 12 000", "12000", TOLKAT),
    ("500 kronor", "500", TOLKAT),
    ("576:-", "576", TOLKAT),
    ("576,-", "576", TOLKAT),
    ("34:50", "34.50", TOLKAT),
    ("339 Mkr", "339000000", TOLKAT),
    ("1,5 MKR", "1500000", TOLKAT),
    ("12 tkr.", "12000", TOLKAT),
    ("-12 000 kr", "-12000", TOLKAT),
    ("(12 000 kr)", "-12000", TOLKAT),
    ("(12 000) kr", "-12000", TOLKAT),
    ("+500", "500", TOLKAT),
    ("1.5", "1.50", TOLKAT),  # a dot with 1–2 decimals can only be a decimal point
    ("1234.5678", "1234.57", TOLKAT),  # ... and so can one with 4+
    ("1 234.50", "1234.50", TOLKAT),
    (",50", "0.50", TOLKAT),
    ("0", "0", TOLKAT),
    # cells
    (1234394, "1234394", None),
    (1234.5, "1234.50", None),
    (1.005, "1.01", None),  # Decimal(repr()): float arithmetic would give 1.00
    (2.675, "2.68", None),
    (-12000.0, "-12000", None),
]


@pytest.mark.parametrize(("raw", "expected", "code"), KRONOR)
def test_kronor_table(raw: object, expected: str, code: str | None) -> None:
    got = parse_kronor(raw)  # type: ignore[arg-type]
    assert outcome(got) == (Decimal(expected), code)
    assert got.value is not None and got.value.as_tuple().exponent == -2  # always to öre
    assert got.ok
    assert (got.detail != "") == (code is not None)


@pytest.mark.parametrize(
    "raw",
    [
        "1.234",  # ambiguous: schema §7
        "1.234.567",
        "1,234,567",
        "1.234,50",
        "12 34",
        "1 23 456",
        "abc",
        "12 kr 50",
        "-",
        "kr",
        "12,",
        "١٢",  # Arabic-Indic digits are str.isdigit() but not amounts
        True,
        date(2024, 1, 1),
        time(8, 0),
        float("inf"),
        1e300,
    ],
)
def test_kronor_unreadable(raw: object) -> None:
    got = parse_kronor(raw)  # type: ignore[arg-type]
    assert outcome(got) == (None, FEL)
    assert not got.ok and got.detail


@pytest.mark.parametrize("raw", [None, "", "   ", NBSP, float("nan")])
def test_empty_is_none_without_code(raw: object) -> None:
    for parser in (parse_kronor, parse_count, parse_number, parse_percent, parse_date, parse_year):
        got = parser(raw)  # type: ignore[operator]
        assert outcome(got) == (None, None) and got.ok and got.empty
    assert parse_text(raw).empty and parse_email(raw).empty  # type: ignore[arg-type]
    assert parse_period(raw).empty and parse_code(raw, [("a", "A")]).empty  # type: ignore[arg-type]


def test_kronor_detail_names_the_interpretation() -> None:
    assert parse_kronor("400 tkr").detail == f"'400 tkr' tolkat som 400{NBSP}000 kr"


def _swedish(value: Decimal, unit: bool, parens: bool) -> str:
    whole, _, frac = format(abs(value), "f").partition(".")
    text = f"{int(whole):,}".replace(",", NBSP) + ("," + frac if frac else "")
    if value < 0:
        text = f"({text})" if parens else "−" + text
    return text + (" kr" if unit else "")


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.booleans(),
    st.booleans(),
)
def test_kronor_round_trip(value: Decimal, unit: bool, parens: bool) -> None:
    got = parse_kronor(_swedish(value, unit, parens))
    assert got.value == value and got.code == TOLKAT


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_kronor_float_cell_is_exact(value: Decimal) -> None:
    assert parse_kronor(float(value)).value == value


# --- counts, numbers, percent, year -------------------------------------------------------------

COUNTS = [
    (12, 12, None),
    (12.0, 12, None),
    (0, 0, None),
    (-3, -3, None),  # negative counts are a rule's business, not the parser's
    ("12 st", 12, TOLKAT),
    ("12st", 12, TOLKAT),
    ("12 st.", 12, TOLKAT),
    ("12", 12, TOLKAT),
    (f"1{NBSP}200", 1200, TOLKAT),
    ("-3", -3, TOLKAT),
    ("12,0", 12, TOLKAT),
    (12.5, None, FEL),
    ("12,5", None, FEL),
    ("tolv", None, FEL),
    (True, None, FEL),
    (False, None, FEL),
    (date(2024, 1, 1), None, FEL),
    (float("-inf"), None, FEL),
]


@pytest.mark.parametrize(("raw", "expected", "code"), COUNTS)
def test_count_table(raw: object, expected: int | None, code: str | None) -> None:
    got = parse_count(raw)  # type: ignore[arg-type]
    assert outcome(got) == (expected, code)
    assert expected is None or type(got.value) is int


PERCENTS = [
    # domain §10 (the amount table's percent rows) and schema §7
    ("73,5 %", "0.735", TOLKAT),
    ("73,5%", "0.735", TOLKAT),
    ("73.5 %", "0.735", TOLKAT),
    (0.735, "0.735", None),
    ("0,735", "0.735", TOLKAT),
    ("100 %", "1", TOLKAT),
    ("-5 %", "-0.05", TOLKAT),
    ("21,5 procent", "0.215", TOLKAT),
    (1, "1", None),
    ("12 st", None, FEL),
    ("73,5 kr", None, FEL),
    (True, None, FEL),
]


@pytest.mark.parametrize(("raw", "expected", "code"), PERCENTS)
def test_percent_table(raw: object, expected: str | None, code: str | None) -> None:
    got = parse_percent(raw)  # type: ignore[arg-type]
    assert outcome(got) == (None if expected is None else Decimal(expected), code)


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        ("73,5 %", "0.735", TOLKAT),
        ("50", "50", TOLKAT),
        ("minst 50", None, FEL),
        ("50 st", "50", TOLKAT),
        ("2,5", "2.5", TOLKAT),
        (0.1, "0.1", None),  # exact repr, not 0.1000000000000000055...
        (50, "50", None),
        ("1.234", None, FEL),
    ],
)
def test_number_table(raw: object, expected: str | None, code: str | None) -> None:
    got = parse_number(raw)  # type: ignore[arg-type]
    assert outcome(got) == (None if expected is None else Decimal(expected), code)


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        (1985, 1985, None),
        (1985.0, 1985, None),
        ("1985", 1985, TOLKAT),
        (1899, None, FEL),
        (2101, None, FEL),
        (85, None, FEL),
        ("85", None, FEL),
        ("nittio", None, FEL),
        (date(1985, 3, 1), None, FEL),
    ],
)
def test_year_table(raw: object, expected: int | None, code: str | None) -> None:
    assert outcome(parse_year(raw)) == (expected, code)  # type: ignore[arg-type]


# --- dates --------------------------------------------------------------------------------------

D = date(2022, 5, 3)
DATES = [
    # domain §10 date table
    ("2022-05-03", D, None),
    ("20220503", D, TOLKAT),
    ("220503", D, TVETYDIG),
    ("3/5 2022", D, TOLKAT),
    ("3 maj 2022", D, TOLKAT),
    # schema §7 and domain §6.1
    (D, D, None),
    (datetime(2022, 5, 3, 14, 30), D, None),
    (44684, D, TOLKAT),  # Excel serial (1900 system)
    (44684.0, D, TOLKAT),
    (44684.6, D, TOLKAT),  # a time of day is dropped
    (20220503, D, TOLKAT),  # YYYYMMDD that Excel stored as a number
    ("2022.05.03", D, TOLKAT),
    ("2022-5-3", D, TOLKAT),
    ("2022-05-03 00:00:00", D, TOLKAT),
    ("3/5-22", D, TOLKAT),
    ("03/05/2022", D, TOLKAT),
    ("3.5.2022", D, TOLKAT),
    ("3:e maj 2022", D, TOLKAT),
    ("den 3 maj 2022", D, TOLKAT),
    ("3 MAJ 2022", D, TOLKAT),
    ("1:a jan. 2024", date(2024, 1, 1), TOLKAT),
    ("30 sept 2024", date(2024, 9, 30), TOLKAT),
    ("30 sep 2024", date(2024, 9, 30), TOLKAT),
    ("1 mars 2024", date(2024, 3, 1), TOLKAT),
    ("1 Mar 2024", date(2024, 3, 1), TOLKAT),
    ("1 juni 2024", date(2024, 6, 1), TOLKAT),
    ("1 okt 2024", date(2024, 10, 1), TOLKAT),
    ("1/12 2024", date(2024, 12, 1), TOLKAT),  # day first: never 12 January
    (f"3{NBSP}maj{NBSP}2022", D, TOLKAT),
    ("690101", date(2069, 1, 1), TVETYDIG),  # below pivot 70 -> 20xx
    ("700101", date(1970, 1, 1), TVETYDIG),
    # impossible dates
    ("2022123", None, FEL),  # seed 003
    ("2022-02-30", None, FEL),
    ("2022-13-01", None, FEL),
    ("20220230", None, FEL),
    ("220230", None, FEL),
    ("12/13 2024", None, FEL),
    ("31 april 2024", None, FEL),
    ("3 majj 2022", None, FEL),
    ("maj 2022", None, FEL),
    ("igår", None, FEL),
    (12, None, FEL),
    (99999, None, FEL),
    (True, None, FEL),
    (time(8, 30), None, FEL),
]


@pytest.mark.parametrize(("raw", "expected", "code"), DATES)
def test_date_table(raw: object, expected: date | None, code: str | None) -> None:
    got = parse_date(raw)  # type: ignore[arg-type]
    assert outcome(got) == (expected, code)
    assert (got.detail != "") == (code is not None)


def test_date_pivot_is_configurable() -> None:
    assert parse_date("500101", pivot=40).value == date(1950, 1, 1)
    assert parse_date("500101", pivot=60).value == date(2050, 1, 1)
    assert parse_date("1/1-50", pivot=40).value == date(1950, 1, 1)


def test_impossible_date_detail_says_why() -> None:
    assert "28 dagar" in parse_date("2022-02-30").detail
    assert "7 siffror" in parse_date("2022123").detail


DATE_RANGE = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
SV_MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"
FULL_MONTH = dict(enumerate(SV_MONTHS.split(), start=1))


@given(DATE_RANGE)
def test_date_round_trip(day: date) -> None:
    assert parse_date(day.isoformat()) == Parsed(day)
    assert parse_date(day.strftime("%Y%m%d")).value == day
    assert parse_date(f"{day.day} {FULL_MONTH[day.month]} {day.year}").value == day
    assert parse_date(f"{day.day}/{day.month} {day.year}").value == day


@given(st.dates(min_value=date(1954, 10, 3), max_value=date(2119, 1, 10)))
def test_excel_serial_round_trip(day: date) -> None:
    assert parse_date((day - date(1899, 12, 30)).days).value == day


# --- periods ------------------------------------------------------------------------------------

PERIODS = [
    # domain §10
    ("2024-01-01 -- 2024-12-31", (date(2024, 1, 1), date(2024, 12, 31)), TOLKAT),
    ("fr.o.m. 2024-01-01 t.o.m. 2024-03-31", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("Kv 1 2024", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("T2 2024", (date(2024, 5, 1), date(2024, 8, 31)), TOLKAT),
    ("1 januari-30 juni 2017", (date(2017, 1, 1), date(2017, 6, 30)), TOLKAT),
    # the brief and domain §6.1
    ("2024-01-01 – 2024-03-31", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("2019-02-01 tom 2020-02-01", (date(2019, 2, 1), date(2020, 2, 1)), TOLKAT),  # seed 000
    ("fr o m 2024-01-01 t o m 2024-03-31", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("Q1 2024", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("kvartal 4 2024", (date(2024, 10, 1), date(2024, 12, 31)), TOLKAT),
    ("2024 Q3", (date(2024, 7, 1), date(2024, 9, 30)), TOLKAT),
    ("T1 2024", (date(2024, 1, 1), date(2024, 4, 30)), TOLKAT),
    ("T3 2024", (date(2024, 9, 1), date(2024, 12, 31)), TOLKAT),
    ("H1 2024", (date(2024, 1, 1), date(2024, 6, 30)), TOLKAT),
    ("H2 2024", (date(2024, 7, 1), date(2024, 12, 31)), TOLKAT),
    ("helår 2024", (date(2024, 1, 1), date(2024, 12, 31)), TOLKAT),
    ("januari–september 2014", (date(2014, 1, 1), date(2014, 9, 30)), TOLKAT),
    ("januari september 2014", (date(2014, 1, 1), date(2014, 9, 30)), TOLKAT),
    ("jan–mar 2024", (date(2024, 1, 1), date(2024, 3, 31)), TOLKAT),
    ("Perioden 2011-01-01 2011-12-31", (date(2011, 1, 1), date(2011, 12, 31)), TOLKAT),
    ("2018 – 2020", (date(2018, 1, 1), date(2020, 12, 31)), TOLKAT),  # seed 004
    ("2022-01-01-2022-03-31", (date(2022, 1, 1), date(2022, 3, 31)), TOLKAT),
    ("2024-02-01 till 2024-02-29", (date(2024, 2, 1), date(2024, 2, 29)), TOLKAT),
    ("maj 2024", (date(2024, 5, 1), date(2024, 5, 31)), TOLKAT),
    ("220101-220331", (date(2022, 1, 1), date(2022, 3, 31)), TVETYDIG),
    (  # seed 001: a trailing remark in parentheses is ignored, and the detail says so
        "2020-04-01 -- 2021-12-31 (+ avslutningsfas 2022-01-01-2022-03-31)",
        (date(2020, 4, 1), date(2021, 12, 31)),
        TOLKAT,
    ),
    ("20220930 – 2022123", None, FEL),  # seed 003
    ("2024-03-01 – 2024-01-01", None, FEL),
    ("Kv 5 2024", None, FEL),
    ("2024-05-03", None, FEL),  # one date is not a period
    ("hela året", None, FEL),
    (date(2024, 1, 1), None, FEL),
]


@pytest.mark.parametrize(("raw", "expected", "code"), PERIODS)
def test_period_table(raw: object, expected: tuple[date, date] | None, code: str) -> None:
    got = parse_period(raw)  # type: ignore[arg-type]
    assert outcome(got) == (expected, code)
    assert got.detail


def test_period_error_names_the_broken_side() -> None:
    assert "2022123" in parse_period("20220930 – 2022123").detail
    assert "ignorerades" in parse_period("2024 (preliminärt)").detail


@given(DATE_RANGE, st.integers(min_value=0, max_value=800), st.sampled_from([" – ", " -- ", "-"]))
def test_period_round_trip(start: date, days: int, sep: str) -> None:
    end = start + timedelta(days=days)
    text = f"{start.isoformat()}{sep}{end.isoformat()}"
    assert parse_period(text).value == (start, end)
    assert parse_period(f"fr.o.m. {start:%Y%m%d} t.o.m. {end:%Y%m%d}").value == (start, end)


# --- text, e-mail, codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Timrå kommun\u00a0", "Timrå kommun"),
        (12, "12"),
        (12.0, "12"),
        (12.5, "12,5"),
        (True, "SANT"),
        (date(2024, 5, 3), "2024-05-03"),
        (datetime(2024, 5, 3), "2024-05-03"),
        (datetime(2024, 5, 3, 9, 15), "2024-05-03 09:15"),
        (time(9, 15), "09:15"),
        (float("nan"), None),
    ],
)
def test_text_table(raw: object, expected: str | None) -> None:
    assert outcome(parse_text(raw)) == (expected, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected", "code"),
    [
        ("kontakt@finsamgavleborg.se", "kontakt@finsamgavleborg.se", None),  # seed 003
        (" anna.andersson@timra.se ", "anna.andersson@timra.se", None),
        ("info@åre.se", "info@åre.se", None),
        ("åsa.ek@kommun.se", "åsa.ek@kommun.se", None),  # accepted: SMTPUTF8 makes it valid
        ("mailto:a@b.se", "a@b.se", TOLKAT),
        ("Anna Ek <anna@b.se>", "anna@b.se", TOLKAT),
        ("anna.b.se", None, "ogiltig-epost"),
        ("anna@b", None, "ogiltig-epost"),
        ("anna ek@b.se", None, "ogiltig-epost"),
        ("a@b.se; c@d.se", None, "ogiltig-epost"),
        ("a..b@c.se", None, "ogiltig-epost"),
        ("a@-b.se", None, "ogiltig-epost"),
        (12, None, "ogiltig-epost"),
    ],
)
def test_email_table(raw: object, expected: str | None, code: str | None) -> None:
    got = parse_email(raw)  # type: ignore[arg-type]
    assert outcome(got) == (expected, code)
    assert got.ok == (code != "ogiltig-epost")


PART_TYP = [
    ("kommun", "Kommun"),
    ("region", "Region"),
    ("forsakringskassan", "Försäkringskassan"),
    ("arbetsformedlingen", "Arbetsförmedlingen"),
    ("samordningsforbund", "Samordningsförbund"),
    ("annan", "Annan"),
]
KOSTNADSSLAG = [("externa_tjanster", "Externa tjänster"), ("ovriga_kostnader", "Övriga kostnader")]
UTFALL = [
    ("arbete", "Arbete (även subventionerat)"),
    ("annan_insats", "Annan insats / fortsatt rehabilitering"),
    ("sjukersattning", "Sjukersättning / aktivitetsersättning"),
]


@pytest.mark.parametrize(
    ("raw", "items", "expected", "code"),
    [
        ("Försäkringskassan", PART_TYP, "forsakringskassan", None),
        ("Forsakringskassan", PART_TYP, "forsakringskassan", None),
        (f"  FÖRSÄKRINGSKASSAN{NBSP}", PART_TYP, "forsakringskassan", None),
        ("forsakringskassan", PART_TYP, "forsakringskassan", None),
        ("Externa tjänster", KOSTNADSSLAG, "externa_tjanster", None),
        ("externa  tjanster", KOSTNADSSLAG, "externa_tjanster", None),
        ("EXTERNA_TJÄNSTER", KOSTNADSSLAG, "externa_tjanster", None),
        ("Ovriga kostnader", KOSTNADSSLAG, "ovriga_kostnader", None),
        ("annan insats/fortsatt rehabilitering", UTFALL, "annan_insats", None),
        ("Annan insats", UTFALL, "annan_insats", None),  # the code with a space for "_"
        ("övrigt", [("ovr", "Övrigt (flytt, eget val)")], "ovr", TOLKAT),  # head of a label
        ("Sjuk", [("a", "Sjuk (kort)"), ("b", "Sjuk (lång)")], None, "okand-kod"),  # not unique
        ("FK", PART_TYP, None, "okand-kod"),
        ("Arbetsförmedling", PART_TYP, None, "okand-kod"),
        (3, PART_TYP, None, "okand-kod"),
    ],
)
def test_code_table(
    raw: object, items: list[tuple[str, str]], expected: str | None, code: str | None
) -> None:
    assert outcome(parse_code(raw, items)) == (expected, code)  # type: ignore[arg-type]


def test_unknown_code_lists_the_allowed_labels() -> None:
    detail = parse_code("FK", PART_TYP).detail
    assert all(label in detail for _, label in PART_TYP)


def test_parsed_ok_and_codes() -> None:
    assert Parsed(1).ok and Parsed(1, ParseCode.TOLKAT_VARDE).ok and Parsed(1, TVETYDIG).ok
    assert not any(Parsed(None, c).ok for c in (FEL, "okand-kod", "ogiltig-epost"))
    assert ParseCode.FEL_TYP == FEL


def test_parse_modules_stay_pure() -> None:
    """The pure core must not import any spreadsheet library (style practice 7)."""
    package = Path(__file__).parents[1] / "finsam_xl"
    for name in ("parse.py", "parse_numbers.py", "parse_dates.py", "personnummer.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert not imported & {"openpyxl", "pandas", "xlwings", "gspread", "numpy"}, name
