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
    """A RetryPolicy sleep that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


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


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def client(standin: StandIn, sa_key: Path, sleeps: Sleeps) -> SheetsClient:
    return connect(
        credentials=str(sa_key),
        session=standin.session(),
        timeout=5.0,
        retry=RetryPolicy(sleep=sleeps, rand=lambda: 0.5),
    )
