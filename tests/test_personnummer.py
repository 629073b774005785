"""Personnummer and samordningsnummer detection and masking (schema §8 rule ``personnummer``)."""

from __future__ import annotations

import time as clock
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finsam_xl.personnummer import (
    MASK,
    contains_personnummer,
    find_personnummer,
    luhn_check_digit,
    mask,
)

VALID_10 = "8112189876"  # the worked example usually quoted for the check digit: 811218-9876


def test_luhn_worked_example() -> None:
    # 8·2→7, 1, 1·2, 2, 1·2, 8, 9·2→9, 8, 7·2→5: sum 44, so the check digit is 6.
    assert luhn_check_digit("811218987") == 6


def _with_check(nine: str) -> str:
    return nine + str(luhn_check_digit(nine))


SAMORDNING = _with_check("811278987")  # day 18 + 60


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("811218-9876", "811218-9876"),
        ("811218+9876", "811218+9876"),
        ("8112189876", "8112189876"),
        ("811218 9876", "811218 9876"),
        ("19811218-9876", "19811218-9876"),
        ("198112189876", "198112189876"),
        (f"{SAMORDNING[:6]}-{SAMORDNING[6:]}", f"{SAMORDNING[:6]}-{SAMORDNING[6:]}"),
        ("Deltagaren (pnr 811218-9876) avslutade i mars.", "811218-9876"),
        ("Lopnr:8112189876;", "8112189876"),
    ],
)
def test_found(text: str, found: str) -> None:
    spans = find_personnummer(text)
    assert [text[start:end] for start, end in spans] == [found]
    assert found not in mask(text)
    assert mask(text) == text.replace(found, MASK)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "811318-9876",  # month 13
        "810230-" + _with_check("810230987")[6:],  # 30 February with a correct check digit
        "0102291234",  # 29 Feb 2001 does not exist (check digit irrelevant)
        "1811218-9876",  # part of a longer digit run
        "8112189876123",
        "17811218-9876",  # century 17
        "Org.nr 556677-8899",  # organisation numbers have month digits >= 20
        "Belopp 1 234 394 kr",
        "Summa 1130000",
        "Kvartalsrapporten gäller för perioden 20220930 – 2022123",
        "",
    ],
)
def test_not_found(text: str) -> None:
    assert find_personnummer(text) == []
    assert mask(text) == text
    assert not contains_personnummer(text)


def test_leap_day_with_unknown_century_is_found() -> None:
    nummer = _with_check("000229123")
    assert find_personnummer(nummer) == [(0, 10)]


def test_several_in_one_text_are_all_masked() -> None:
    text = f"A: 811218-9876, B: {SAMORDNING}, C: 19811218-9876."
    assert len(find_personnummer(text)) == 3
    assert mask(text) == f"A: {MASK}, B: {MASK}, C: {MASK}."


# --- properties ---------------------------------------------------------------------------------

BIRTH = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
SERIAL = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")
FORM = st.sampled_from(["short-dash", "short-plain", "long-dash", "long-plain", "plus"])
FILLER = st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=20)


def _format(born: date, serial: str, form: str, samordning: bool) -> tuple[str, str]:
    day = born.day + (60 if samordning else 0)
    short = f"{born:%y%m}{day:02d}"
    last4 = serial + str(luhn_check_digit(short + serial))
    text = {
        "short-dash": f"{short}-{last4}",
        "short-plain": f"{short}{last4}",
        "plus": f"{short}+{last4}",
        "long-dash": f"{born:%Y}"[:2] + f"{short}-{last4}",
        "long-plain": f"{born:%Y}"[:2] + f"{short}{last4}",
    }[form]
    return text, short + last4


@given(BIRTH, SERIAL, FORM, st.booleans(), FILLER, FILLER)
def test_generated_numbers_are_found_and_masked(
    born: date, serial: str, form: str, samordning: bool, before: str, after: str
) -> None:
    nummer, ten = _format(born, serial, form, samordning)
    text = f"{before}{nummer}{after}"
    spans = find_personnummer(text)
    assert (len(before), len(before) + len(nummer)) in spans
    masked = mask(text)
    assert nummer not in masked and ten not in masked.replace("-", "").replace("+", "")


@given(BIRTH, SERIAL, st.integers(min_value=1, max_value=9), FORM, st.booleans())
def test_wrong_check_digit_is_not_found(
    born: date, serial: str, offset: int, form: str, samordning: bool
) -> None:
    nummer, _ = _format(born, serial, form, samordning)
    wrong = nummer[:-1] + str((int(nummer[-1]) + offset) % 10)
    assert find_personnummer(wrong) == []


@given(st.text(alphabet="0123456789-+ ", min_size=10, max_size=13))
def test_every_hit_is_a_valid_number(text: str) -> None:
    for start, end in find_personnummer(text):
        digits = "".join(ch for ch in text[start:end] if ch.isdigit())[-10:]
        assert luhn_check_digit(digits[:9]) == int(digits[9])


@given(
    BIRTH,
    SERIAL,
    FORM,
    st.booleans(),
    st.sampled_from(["", " ", "\u00a0", "\u2009"]),
    st.sampled_from(["-", "\u2013", "\u2212", " - ", "+"]),
    FILLER,
    st.text(alphabet="0123456789 -x\u2013", max_size=12),
)
def test_the_cheap_first_search_never_hides_a_number(
    born: date, serial: str, form: str, samordning: bool, gap: str, dash: str, before: str,
    noise: str,
) -> None:  # fmt: skip
    """find_personnummer asks a cheap search first; the full search alone finds the same, in
    every spelling (pairs spaced, any dash) and among other digits."""
    import finsam_xl.personnummer as p

    _, ten = _format(born, serial, form, samordning)
    pairs = [ten[k : k + 2] for k in range(0, 10, 2)]
    text = f"{before}{noise}{gap.join(pairs[:3])}{dash}{gap.join(pairs[3:])}{noise}"
    alone = [
        m.span()
        for m in p._CANDIDATE.finditer(text.translate(p._FOLD))
        if p._is_valid(m.group(1).replace(" ", ""), m.group(3).replace(" ", ""))
    ]
    assert find_personnummer(text) == alone


def test_fast_on_a_large_workbook_text() -> None:
    # A big report: 20 000 text cells of ordinary prose and amounts, each scanned once.
    cells = [
        f"Insatsen hade {n} deltagare och kostade {n * 1000} kr under 2024." for n in range(20000)
    ]
    started = clock.perf_counter()
    assert not any(contains_personnummer(cell) for cell in cells)
    assert clock.perf_counter() - started < 2.0  # about 0.05 s on a laptop
