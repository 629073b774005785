"""Pure helpers of the Sheets integration: value conversion and the change-detection hash."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from finsam_xl.sheets.pull import _from_serial
from finsam_xl.sheets.state import PushRecord, normalise_rows, values_hash
from finsam_xl.sheets.tables import prepare, to_json_value

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.text(max_size=20),
)


@given(st.lists(st.lists(cells, max_size=6), max_size=6))
def test_hash_ignores_what_google_drops(rows: list[list[object]]) -> None:
    padded = [[*row, "", None] for row in rows] + [[], [""]]
    assert values_hash(padded) == values_hash(rows)
    assert normalise_rows(normalise_rows(rows)) == normalise_rows(rows)


def test_hash_sees_a_typed_change_but_not_int_vs_float() -> None:
    assert values_hash([["a", 3]]) == values_hash([["a", 3.0]])
    assert values_hash([["a", 3]]) != values_hash([["a", 4]])
    assert values_hash([["a", "3"]]) != values_hash([["a", 3]])  # text is not a number


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 1, 1)))
def test_dates_round_trip_through_serial_numbers(day: date) -> None:
    value, kind = to_json_value(day)
    assert kind == "date" and isinstance(value, int)
    assert _from_serial(value, "date") == day


@given(st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2200, 1, 1)))
def test_datetimes_round_trip_to_the_millisecond(moment: datetime) -> None:
    value, _ = to_json_value(moment)
    back = _from_serial(value, "datetime")
    assert abs(back - moment) < timedelta(milliseconds=1)


def test_prepare_empties_and_kinds() -> None:
    frame = pd.DataFrame({"A": [1, 2], "B": [1.5, float("nan")], "C": ["x", None],
                          "D": [date(2024, 1, 1), None]})  # fmt: skip
    table = prepare("T", frame)
    assert table.kinds == ["int", "float", "text", "date"]
    assert table.rows == [[1, 1.5, "x", 45292], [2, "", "", ""]]


def test_a_damaged_record_counts_as_none() -> None:
    assert PushRecord.from_json("{not json") is None
    record = PushRecord("id", {"Översikt": "abc"}, {"Översikt": ["int"]}, 7, "2026-01-01")
    assert PushRecord.from_json(record.to_json()) == record
