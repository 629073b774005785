"""--mask-under: small counts hidden, plus the cells that would give them back through sums."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from consolidate_helpers import AVSLUT0, fr, rapport, rows

from finsam_xl.consolidation import consolidate_reports
from finsam_xl.consolidation.columns import frame
from finsam_xl.consolidation.export import export_tables
from finsam_xl.consolidation.mask import SECONDARY, mask_tables


def deltagare(k: int, m: int, u: int = 0) -> pd.DataFrame:
    base = {"insats_id": "X", "file": "f"}
    return frame("deltagare", [base | {"deltagare_nya_kvinnor": k, "deltagare_nya_man": m,
                                       "deltagare_nya_totalt": k + m,
                                       "deltagare_nya_under30": u}])  # fmt: skip


def nya(df: pd.DataFrame) -> list[object]:
    cols = ["deltagare_nya_kvinnor", "deltagare_nya_man", "deltagare_nya_totalt"]
    return df[cols].iloc[0].tolist()


@pytest.mark.parametrize(
    ("k", "m", "expected"),
    [
        (10, 12, [10, 12, 22]),  # nothing small
        (3, 12, ["<5", SECONDARY, 15]),  # one small: the smallest other non-zero goes too
        (3, 2, ["<5", "<5", 5]),  # two hidden already: the total may show
        (3, 0, ["<5", 0, "<5"]),  # zero reveals nobody and stays
        (0, 0, [0, 0, 0]),
    ],
)
def test_primary_and_secondary_suppression(k: int, m: int, expected: list[object]) -> None:
    masked = mask_tables({"deltagare": deltagare(k, m, u=4)}, 5)["deltagare"]
    assert nya(masked) == expected
    assert masked["deltagare_nya_under30"].iloc[0] == "<5"  # primary only


def test_mask_under_one_or_less_changes_nothing() -> None:
    tables = {"deltagare": deltagare(1, 2)}
    assert nya(mask_tables(tables, 1)["deltagare"]) == [1, 2, 3]


def test_consolidation_masks_overview_exits_and_shares() -> None:
    exits = AVSLUT0 | {"arbete": 12, "studier": 3, "annat": 9}
    slut = rapport(
        typ="slutrapport",
        avslut=exits,
        deltagare=rows(totalt=(30, 2, 10), avslutade=(20, 4, 3)),
    )
    c = consolidate_reports([fr(slut, "slut.xlsx")], mask_under=5)
    ins = c.tables["insatser"].iloc[0]
    assert (ins["deltagare_totalt_kvinnor"], ins["deltagare_totalt_man"]) == (SECONDARY, "<5")
    assert ins["deltagare_totalt"] == 32
    assert ins["avslutade_till_arbete_studier"] == 15 and ins["avslutade_totalt"] == 24
    assert ins["avslutade_till_arbete_studier_andel"] == pytest.approx(15 / 24)
    avslut = c.tables["avslut"].set_index("utfall")["antal"]
    # studier 3 is small; a lone hidden cell could be worked out from the report's exits.
    assert (avslut["studier"], avslut["annat"], avslut["arbete"]) == ("<5", SECONDARY, 12)
    assert c.options["mask_under"] == 5 and "visas inte" in c.summary()


def test_share_hidden_when_the_part_or_the_rest_is_small() -> None:
    exits = AVSLUT0 | {"arbete": 20, "annat": 2}  # 20 of 22: the rest (2) is small
    c = consolidate_reports([fr(rapport(avslut=exits), "q.xlsx")], mask_under=5)
    ins = c.tables["insatser"].iloc[0]
    assert ins["avslutade_till_arbete_studier"] == SECONDARY
    assert ins["avslutade_till_arbete_studier_andel"] == SECONDARY


def test_masked_tables_export_to_csv_and_parquet(tmp_path: Path) -> None:
    slut = rapport(deltagare=rows(totalt=(30, 2, 10)))
    c = consolidate_reports([fr(slut, "q.xlsx")], mask_under=5)
    export_tables(c, tmp_path)
    back = pd.read_parquet(tmp_path / "insatser.parquet")
    assert back["deltagare_totalt_man"].tolist() == ["<5"]
    csv = (tmp_path / "insatser.csv").read_text("utf-8")
    assert "..,<5,0,32" in csv  # kvinnor, män, kön ej angivet, totalt
    record = json.loads((tmp_path / "korning.json").read_text("utf-8"))
    assert record["options"]["mask_under"] == 5
