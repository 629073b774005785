"""The consolidation's tables are the same under pandas 2.3 (xlwings Lite's Pyodide) and 3.

pandas 3 names its string dtype "str"; pandas 2 reads "str" as numpy's str, which writes a
missing text as the text 'None' (a board table would show it). consolidation.columns names the
dtype as the installed pandas does. CI runs pandas 3; the branch for 2.3 is run here by
reporting that version (pandas 3 still knows the dtype 2.3 is given), and was run for real
under pandas 2.3.0 and 2.3.3 (the consolidation, export and speed-equivalence tests).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from finsam_xl.consolidation import columns


def test_a_missing_text_stays_missing_in_a_table() -> None:
    spec = columns.SPECS["kallor"]
    text = next(c for c, d in spec.items() if d == "str")
    df = columns.frame("kallor", [{text: "a.xlsx"}, {text: None}])
    assert df[text].tolist()[0] == "a.xlsx"
    assert df[text].isna().tolist() == [False, True]
    assert "None" not in df[text].astype(object).tolist()


def _keeps_missing(dtype: Any) -> None:
    values = pd.Series(["text", None, float("nan")], dtype=object).astype(dtype)
    assert values.isna().tolist() == [False, True, True]
    assert str(values.dtype) == "str"  # what Parquet's pandas metadata records


def test_the_installed_pandas_keeps_missing_texts_missing() -> None:
    _keeps_missing(columns.TEXT_DTYPE)


@pytest.mark.parametrize("version", ["2.3.0", "2.3.3"])
def test_under_pandas_2_3_the_string_dtype_is_named(
    monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    monkeypatch.setattr(pd, "__version__", version)
    dtype = columns._text_dtype()
    assert isinstance(dtype, pd.StringDtype) and math.isnan(dtype.na_value)
    _keeps_missing(dtype)
