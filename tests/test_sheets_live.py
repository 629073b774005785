"""Opt-in checks against a real Google account (``-m live``); skipped without credentials.

    FINSAM_LIVE_GOOGLE=1 FINSAM_GOOGLE_CREDENTIALS=key.json \
    FINSAM_LIVE_SPREADSHEET=<id of a scratch sheet shared with the key's e-mail> pytest -m live

The scratch spreadsheet gets finsam-xl's owned sheets written into it; use one made for this.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from finsam_xl.sheets import connect, pull_tables, push_tables

pytestmark = pytest.mark.live


@pytest.fixture
def live_id() -> str:
    if os.environ.get("FINSAM_LIVE_GOOGLE") != "1":
        pytest.skip("live Google test: set FINSAM_LIVE_GOOGLE=1 to run")
    if not (
        os.environ.get("FINSAM_GOOGLE_CREDENTIALS")
        or os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    ):
        pytest.skip("live Google test: no credentials (FINSAM_GOOGLE_CREDENTIALS)")
    spreadsheet_id = os.environ.get("FINSAM_LIVE_SPREADSHEET")
    if not spreadsheet_id:
        pytest.skip("live Google test: set FINSAM_LIVE_SPREADSHEET to a scratch sheet's id")
    return spreadsheet_id


def test_push_and_pull_round_trip_on_google(live_id: str) -> None:
    client = connect()
    table = pd.DataFrame({"Insats": ["A", '=IMPORTXML("x","y")'], "Belopp": [85000.5, 2]})
    empty = pd.DataFrame({"Fil": [], "Kod": []})  # Google refuses a lone frozen header row
    tables = {"finsam-xl test": table, "finsam-xl tom": empty}
    result = push_tables(client, live_id, tables, force=True)
    assert result.requests <= 7
    back = pull_tables(client, live_id)
    pd.testing.assert_frame_equal(back["finsam-xl test"], table, check_dtype=False)
    assert back["finsam-xl tom"].empty
