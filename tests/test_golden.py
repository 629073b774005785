"""Golden figures: the master's tables and the exports carry the seeds' own numbers (issue 3).

Seed 000 (Timrå): Summa budget 1 130 000, utfall 1 373 307. Seed 004 (Aktivitetscenter Malmö):
Inskrivna 549 (342 K, 207 M), 581 (366 K, 215 M), 397 (253 K, 144 M) for 2018–2020, plus the
anonymous 8 and 9 (kön ej angivet): "Totalt 557 / 590 / 397".
Timrå's report has an error (beviljat missing), so its figures count only with include_errors.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from finsam_xl.consolidation import Consolidation, consolidate
from finsam_xl.consolidation.export import export_tables

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Consolidation, Path]:
    c = consolidate([EXAMPLES], include_errors=True)
    out = tmp_path_factory.mktemp("export")
    export_tables(c, out)
    return c, out


def test_timra_utfall_in_overview_and_export(exported: tuple[Consolidation, Path]) -> None:
    c, out = exported
    for table in (c.tables["insatser"], pd.read_csv(out / "insatser.csv")):
        timra = table[table["insats_namn"].str.contains("Timrå")].iloc[0]
        assert int(timra["utfall_ack_summa"]) == 1_373_307
        assert int(timra["budget_summa"]) == 1_130_000
    budget = pd.read_parquet(out / "budget.parquet")
    rows = budget[budget["file"].str.contains("timra")]
    assert int(rows["utfall_ack"].sum()) == 1_373_307
    # the seed gives the budget only as a total (budget_endast_summa): no kostnadsslag row has
    # one; the total is its own "ej fördelat" row, so the column still sums to the budget
    split = rows[rows["kostnadsslag"] != "ej_fordelat"]
    assert split["budget"].isna().all()
    unsplit = rows[rows["kostnadsslag"] == "ej_fordelat"]
    assert unsplit["budget"].tolist() == [1_130_000]
    assert int(rows["budget"].sum()) == 1_130_000


def test_aktivitetscenter_inskrivna_per_year_by_kon(exported: tuple[Consolidation, Path]) -> None:
    c, out = exported
    for table in (c.tables["deltagare"], pd.read_csv(out / "deltagare.csv")):
        years = table[table["file"].str.contains("aktivitetscenter-malmo-arsrapport")]
        got = {
            str(row["period_till"])[:4]: (
                row["deltagare_nya_kvinnor"],
                row["deltagare_nya_man"],
                row["deltagare_nya_totalt"],
            )
            for _, row in years.iterrows()
        }
        assert got == {"2018": (342, 207, 557), "2019": (366, 215, 590), "2020": (253, 144, 397)}


def test_seed_flaws_appear_in_problem(exported: tuple[Consolidation, Path]) -> None:
    _, out = exported
    problem = pd.read_csv(out / "problem.csv")
    found = {
        (Path(f).stem.split("-")[0], code)
        for f, code in zip(problem["file"], problem["code"], strict=True)
    }
    assert {
        ("timra", "saknas"),  # beviljat left empty
        ("timra", "budgetavvikelse"),  # 21,5 % over budget
        ("timra", "tvetydigt-datum"),  # signed "220503"
        ("resan", "fel-typ"),  # period typed "2022123"
        ("tidaholm", "period-typ"),  # "avslut den 31 januari 2021" against its period
    } <= found
