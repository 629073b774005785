"""Shared fixtures: build real workbooks from the templates, filled by defined name.

Tests generate the template, fill it, save it under tmp_path and read it back through the real
reader: no checked-in binaries except the examples in workbooks/.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"

IDENTITY: dict[str, Any] = {
    "forbund": "Samordningsförbundet Test",
    "insats_namn": "Steget vidare",
    "insats_id": "SFT 24-1",
    "huvudman": "Testby kommun",
    "inriktning": "Individinriktad",
    "kontaktperson": "Kim Kontakt",
    "kontakt_epost": "kim.kontakt@testby.se",
    "beviljad_fran": date(2024, 1, 1),
    "beviljad_till": date(2025, 12, 31),
    "beviljat_belopp": 2_000_000,
    "samverkande_parter": [
        {"organisation": "Region Test", "part_typ": "Region", "kontaktperson": "Rut Region",
         "epost": "rut@regiontest.se"},
        {"organisation": "Arbetsförmedlingen", "part_typ": "Arbetsförmedlingen"},
    ],
}  # fmt: skip

CLEAN_RAPPORT: dict[str, Any] = {
    **IDENTITY,
    "rapporttyp": "Kvartalsrapport",
    "period_fran": date(2024, 1, 1),
    "period_till": date(2024, 3, 31),
    "rapportdatum": date(2024, 4, 12),
    "uppgiftslamnare": "Kim Kontakt",
    "budget_lonekostnader": 1_600_000,
    "utfall_lonekostnader": 195_000,
    "utfall_ack_lonekostnader": 195_000,
    "budget_lokalkostnader": 240_000,
    "utfall_lokalkostnader": 30_000,
    "utfall_ack_lokalkostnader": 30_000,
    "budget_aktiviteter": 160_000,
    "utfall_aktiviteter": 18_000,
    "utfall_ack_aktiviteter": 18_000,
    "planerat_antal_deltagare": 40,
    "deltagare_nya_kvinnor": 6,
    "deltagare_nya_man": 4,
    "deltagare_nya_under30": 3,
    "deltagare_avslutade_kvinnor": 1,
    "deltagare_avslutade_man": 0,
    "deltagare_aktiva_kvinnor": 5,
    "deltagare_aktiva_man": 4,
    "deltagare_aktiva_under30": 3,
    "deltagare_totalt_kvinnor": 6,
    "deltagare_totalt_man": 4,
    "deltagare_totalt_under30": 3,
    "avslut_arbete": 1,
    "mal": [{"mal": "40 deltagare under perioden", "malvarde": 40, "utfall": 10,
             "uppnatt": "Delvis", "kommentar": "Första kvartalet"}],
    "text_genomforande": "Uppstart, rekrytering av deltagare.",
}  # fmt: skip


@pytest.fixture
def make_report(tmp_path: Path) -> Callable[..., Path]:
    """make_report(malltyp="rapport", name=..., **values) -> path of a filled, saved template."""
    from finsam_xl.templates import fill_workbook, make_template

    counter = iter(range(10_000))

    def make(malltyp: str = "rapport", name: str | None = None, **values: Any) -> Path:
        base = dict(CLEAN_RAPPORT) if malltyp == "rapport" else dict(IDENTITY)
        base.update(values)
        base = {k: v for k, v in base.items() if v is not ...}  # `...` removes a field
        wb = make_template(malltyp)
        fill_workbook(wb, base)
        path = tmp_path / (name or f"{malltyp}-{next(counter)}.xlsx")
        wb.save(path)
        return path

    return make


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path to LibreOffice's soffice, or skip with the reason."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc")
    return exe


# --- the reader's two cell paths --------------------------------------------------------------
# The reader tests run on python-calamine and on the pure-Python path xlwings Lite uses
# (finsam_xl/readers/pure_cells.py): both must give the same CellMaps.
READER_TEST_MODULES = frozenset(
    {"test_reader", "test_reader_cache", "test_hostile_input", "test_examples", "test_golden"}
)


@pytest.fixture(autouse=True)
def reader_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str | None:
    engine: str | None = getattr(request, "param", None)
    if engine is not None:
        from finsam_xl.readers import xlsx

        monkeypatch.setattr(xlsx, "ENGINE", engine)
    return engine


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.module.__name__ in READER_TEST_MODULES and "reader_engine" in metafunc.fixturenames:
        metafunc.parametrize("reader_engine", ["calamine", "python"], indirect=True)
