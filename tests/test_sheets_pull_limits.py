"""Pull under Google's per-minute read quota, and pull of hostile spreadsheets (bounded).

The quota is the stand-in's model (60 reads a minute per user, no Retry-After, a virtual clock
moved only by the client's sleeps), so a minute of waiting costs no wall time.
"""
# ruff: noqa: F811  (pytest fixtures imported from sheets_fixtures are parameters here)

from __future__ import annotations

import copy
import time
import tracemalloc

from sheets_fixtures import Sleeps, client, folder, sa_key, sleeps, standin  # noqa: F401
from sheets_standin import Quota, StandIn

from finsam_xl.sheets import SheetsClient, create_google_template, pull_cellmap, pull_reports
from finsam_xl.templates import make_template


def _reports(standin: StandIn, client: SheetsClient, folder: str, count: int) -> list[str]:
    """``count`` Google copies of the report template (each insats makes its own copy)."""
    gid = create_google_template(client, make_template("rapport"), title="Mall", folder_id=folder)
    ids = []
    for n in range(count):
        book = copy.deepcopy(standin.books[gid])
        book.id = f"rapport-{n:03d}"
        standin.books[book.id] = book
        ids.append(book.id)
    return ids


def test_30_reports_under_a_60_reads_a_minute_quota_lose_none(
    standin: StandIn, client: SheetsClient, folder: str, sleeps: Sleeps
) -> None:
    ids = _reports(standin, client, folder, 30)
    standin.quota = Quota(clock=sleeps.clock)
    # Someone else (another finsam-xl run, a script) has just used 59 of this minute's reads.
    standin.quota.seen[("finsam-test@example.iam.gserviceaccount.com", "Read")] = [0.0] * 59
    standin.reset_log()
    report = pull_reports(client, ids)
    assert [f.status for f in report.files].count("unreadable") == 0
    assert len(report.files) == 30
    assert standin.quota.refused > 0  # the quota did bite, and the retries outlasted it
    assert standin.count("sheets.spreadsheets.get") == 30 + standin.quota.refused
    assert standin.count("sheets.spreadsheets.values") == 0  # one request per report


def test_many_reports_are_paced_under_the_quota(
    standin: StandIn, client: SheetsClient, folder: str, sleeps: Sleeps
) -> None:
    ids = _reports(standin, client, folder, 75)
    standin.quota = Quota(clock=sleeps.clock)
    sleeps.now = 1000.0  # a fresh minute
    report = pull_reports(client, ids)
    assert all(f.status != "unreadable" for f in report.files)
    assert standin.quota.refused == 0  # paced: Google never had to refuse
    assert 60.0 <= sleeps.now - 1000.0 < 120.0  # 75 reads at 60 a minute


def _hostile(standin: StandIn, names: int) -> None:
    """A report whose named ranges have no end row on a 5 000 000-row grid (hostile S08)."""
    book = standin.create_book("fientlig", sheets=("Uppgifter",))
    book.sheets[0].properties["gridProperties"]["rowCount"] = 5_000_000
    book.sheets[0].properties["gridProperties"]["columnCount"] = 2
    standin.edit("fientlig", "Uppgifter!A1", "Förbund")
    for n in range(names):
        book.named_ranges.append(
            {
                "namedRangeId": f"n{n}",
                "name": f"lista_{n}",
                "range": {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 0},
            }
        )


def test_a_named_range_without_end_row_is_a_broken_name_not_a_memory_bomb(
    standin: StandIn, client: SheetsClient
) -> None:
    _hostile(standin, 10)
    tracemalloc.start()
    started = time.perf_counter()
    cm = pull_cellmap(client, "fientlig")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 5.0 and peak < 50_000_000
    assert cm.properties["trasiga_namn"] == ",".join(f"lista_{n}" for n in range(10))
    assert not cm.tables


def test_cells_past_the_row_limit_are_not_read_and_the_sheet_is_named(
    standin: StandIn, client: SheetsClient
) -> None:
    book = standin.create_book("lang", sheets=("Uppgifter",))
    book.sheets[0].properties["gridProperties"]["rowCount"] = 30_000
    standin.edit("lang", "Uppgifter!A1", "överst")
    standin.edit("lang", "Uppgifter!A25000", "långt ner")
    cm = pull_cellmap(client, "lang")
    assert [t.value for t in cm.texts] == ["överst"]
    assert cm.properties["avkortade_blad"] == "Uppgifter"
