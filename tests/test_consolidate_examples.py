"""Golden figures: the example workbooks (built from the seed reports) consolidated.

The expected values are the ones workbooks/examples/README.md states for each file, so a change
in reading, validation or consolidation that moves a figure the board would see fails here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLES

from finsam_xl.consolidation import Consolidation, consolidate

MALMO_KEY = "aktivitetscenter | samordningsforbundet malmo"


@pytest.fixture(scope="module")
def c() -> Consolidation:
    return consolidate([EXAMPLES], as_of=date(2025, 1, 1))


def by_name(df: pd.DataFrame) -> pd.DataFrame:
    return df.set_index(df["file"].map(lambda f: Path(f).name))


def test_which_files_count(c: Consolidation) -> None:
    kallor = by_name(c.tables["kallor"])
    assert len(kallor) == 16  # 15 insats files and Exempelbygd's förbund workbook
    assert kallor.loc["exempelbygd-forbund-2024.xlsx", "anvand"] == "ja"
    assert len(c.forbundsar) == 1
    assert kallor.loc["steget-vidare-kvartalsrapport-2024q2.xlsx", "anvand"] == "ersatt"
    assert kallor.loc["steget-vidare-kvartalsrapport-2024q2-komplettering.xlsx", "anvand"] == "ja"
    # Reports with errors keep their figures in the overview (marked "Komplettering begärd"),
    # also the slutrapporter that report no economy at all (`ekonomi-saknas`, issue 11).
    for name in (
        "resan-kvartalsrapport-2022q4.xlsx",
        "timra-halsoprojektet-slutrapport.xlsx",
        "tidaholm-fordjupad-samverkan-slutrapport.xlsx",
        "torsby-prosa-slutrapport.xlsx",
    ):
        assert kallor.loc[name, "anvand"] == "ja", name
        assert kallor.loc[name, "status"] == "errors", name
    assert (kallor["anvand"] == "ja").sum() == 15


def test_cross_file_findings_on_steget_vidare(c: Consolidation) -> None:
    problem = c.tables["problem"]
    cross = problem[problem["code"].isin(["dubblett", "deltagare-avviker"])]
    fields = cross["field"].fillna("")
    names = cross["file"].map(lambda f: Path(f).name)
    found = sorted(zip(names, cross["code"], fields, strict=True))
    q2 = "steget-vidare-kvartalsrapport-2024q2"
    assert found == [
        (f"{q2}-komplettering.xlsx", "deltagare-avviker", "avslut_annat"),
        (f"{q2}-komplettering.xlsx", "deltagare-avviker", "deltagare_aktiva_man"),
        (f"{q2}-komplettering.xlsx", "deltagare-avviker", "deltagare_avslutade_man"),
        (f"{q2}.xlsx", "dubblett", ""),
    ]
    # a participant-count mismatch points at the rapport's own cell
    avviker = cross[cross["code"] == "deltagare-avviker"]
    assert avviker["sheet"].eq("Deltagare").all() and avviker["cell"].notna().all()


def test_overview_figures(c: Consolidation) -> None:
    ins = c.tables["insatser"].set_index("insats_id")
    malmo = ins.loc[MALMO_KEY]
    assert malmo["senaste_rapporttyp"] == "slutrapport"
    assert (malmo["deltagare_totalt_kvinnor"], malmo["deltagare_totalt_man"]) == (961, 566)
    assert malmo["beviljat_belopp"] == 30_000_000
    assert malmo["budget_planerad"] == 30_000_000
    sv = ins.loc["SBY 2023-14"]
    assert (sv["senaste_period_till"], sv["status"]) == (date(2024, 6, 30), "varningar")
    assert sv["budget_planerad"] == 2_400_000
    assert ins.loc["SFG 22-8.4", "status"] == "fel"
    assert pd.isna(ins.loc["SFG 22-8.4", "utfall_ack_summa"])  # errors: left out


def test_uppfoljning_finsam_per_year(c: Consolidation) -> None:
    years = c.tables["uppfoljning_finsam"]
    malmo = years[years["insats_id"] == MALMO_KEY].set_index("ar")
    assert list(malmo.index) == [2018, 2019, 2020]
    assert malmo.loc[2018, ["deltagare_kvinnor", "deltagare_man"]].tolist() == [342, 207]
    assert malmo["planerat_antal_deltagare"].tolist() == [575, 575, 575]
    assert malmo["budget_kalla"].tolist() == ["budget"] * 3
    sv = years[years["insats_id"] == "SBY 2023-14"].set_index("ar")
    assert sv.loc[2024, "deltagare_totalt"] == 20
    assert pd.isna(sv.loc[2025, "utfall"])


def test_masked_examples_hide_small_counts(c: Consolidation) -> None:
    # PROSA's slutrapport has `ekonomi-saknas` (an error): included so its small counts show.
    masked = consolidate([EXAMPLES], mask_under=5, include_errors=True, as_of=date(2025, 1, 1))
    prosa = masked.tables["insatser"].set_index("insats_id").iloc[-1]
    assert prosa["deltagare_totalt_kvinnor"] == "<5" and prosa["deltagare_totalt_man"] == "<5"
    assert masked.inputs_sha256 == c.inputs_sha256


def test_a_forbunds_beslut_for_another_forbunds_insats_is_told(c: Consolidation) -> None:
    """Exempelbygd's Beslut lists RESAN and Steget vidare, whose reports name Finsam Gävleborg
    and Sjöbygden: counted in neither board year, so told at each insats' first row, once."""
    p = c.tables["problem"]
    told = p[p["code"] == "beslut-annat-forbund"]
    where = zip(told.file, told.sheet, told.cell, strict=True)
    assert [(Path(f).name, s, cell) for f, s, cell in where] == [
        ("exempelbygd-forbund-2024.xlsx", "Beslut", "B6"),
        ("exempelbygd-forbund-2024.xlsx", "Beslut", "B9"),
    ]
    assert "Finsam Gävleborg" in told.iloc[0]["message"]
    assert set(told["severity"]) == {"warning"}


def test_beslut_for_the_forbunds_own_or_an_unreported_insats_is_no_issue() -> None:
    from decimal import Decimal

    from finsam_xl.consolidation.forbund_years import ForbundYears, beslut_elsewhere
    from finsam_xl.forbund.model import Beslut, Forbundsar

    year = Forbundsar(
        forbund="Samordningsförbundet Exempelbygd",
        ar=2024,
        beslut=[
            Beslut(rad=0, insats_id="EXB  1", ar=2024, belopp=Decimal(1)),  # its own, spaced
            Beslut(rad=1, insats_id="EXB 2", ar=2024, belopp=Decimal(1)),  # no report yet
            Beslut(rad=2, insats_id="ANN 3", ar=2024, belopp=Decimal(1)),
            Beslut(rad=3, insats_id="ANN 3", ar=2025, belopp=Decimal(1)),  # same insats: once
        ],
    )
    own = ForbundYears(years=(year,), files={id(year): "f.xlsx"})
    reported = {"EXB 1": "samordningsförbundet exempelbygd", "ANN 3": "Annat förbund"}
    issues = beslut_elsewhere(own, reported)
    assert [(i.code, i.file, i.cell, i.value) for i in issues] == [
        ("beslut-annat-forbund", "f.xlsx", "B8", "ANN 3")
    ]


def test_summary_says_why_kvinnor_and_man_fall_short_of_totalt(c: Consolidation) -> None:
    """Malmö's 17 participants without kön are in Översikt's totalt but not in kvinnor or män,
    whose column is folded: the run's summary (terminal, master heading, Excel) says so,
    counting insatser, never people (a masked count stays unsaid)."""
    malmo = c.tables["insatser"].set_index("insats_namn").loc["Aktivitetscenter"]
    assert malmo["deltagare_totalt"] - malmo["deltagare_totalt_kvinnor"] - malmo[
        "deltagare_totalt_man"
    ] == 17  # fmt: skip
    line = 'I 1 insats ingår deltagare utan angivet kön i "Deltagare totalt"'
    assert line in c.summary()
    assert "In 1 intervention, participants whose gender is not given" in c.summary(english=True)
    masked = consolidate([EXAMPLES], as_of=date(2025, 1, 1), mask_under=20).summary()
    assert line in masked and "17" not in masked
    steget = sorted(EXAMPLES.glob("steget-vidare-*.xlsx"))
    assert "utan angivet kön" not in consolidate(steget).summary()
