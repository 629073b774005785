"""Fixtures for the Google Sheets tests: a running stand-in and a client wired to it.

Import them into a test module (``from sheets_fixtures import standin, client``). The stand-in
fixture fails the test if any request or response broke Google's discovery schemas.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sheets_standin import StandIn

from finsam_xl.sheets import RetryPolicy, SheetsClient, connect

SA_EMAIL = "finsam-test@example.iam.gserviceaccount.com"


class Sleeps(list[float]):
    """A RetryPolicy sleep that records instead of waiting, and moves a virtual clock."""

    now: float = 0.0

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def standin() -> Iterator[StandIn]:
    server = StandIn().start()
    try:
        yield server
    finally:
        server.stop()
    assert server.violations == [], "stand-in saw traffic Google's schemas reject"


@pytest.fixture
def sa_key(tmp_path: Path) -> Path:
    """A service-account key file (never used to sign: the session carries a test token)."""
    path = tmp_path / "nyckel.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "client_email": SA_EMAIL,
                "project_id": "finsam-test",
                "private_key_id": "x",
            }
        )
    )
    return path


FOLDER = "delad-enhet-mapp"


@pytest.fixture
def folder(standin: StandIn) -> str:
    """A folder in a shared drive the service account belongs to (where it may create files)."""
    standin.add_shared_drive_folder(FOLDER, SA_EMAIL)
    return FOLDER


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(standin: StandIn, sa_key: Path, sleeps: Sleeps) -> SheetsClient:
    return connect(
        credentials=str(sa_key),
        session=standin.session(),
        timeout=5.0,
        retry=RetryPolicy(sleep=sleeps, rand=lambda: 0.5, clock=sleeps.clock),
    )
