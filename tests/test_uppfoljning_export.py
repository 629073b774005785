"""The Uppföljning Finsam export, one table per UF screen (UF Insatser, Insatsbudget, Deltagare,
Förbundet, Tilldelade medel).

The done-when test consolidates the shipped examples and recomputes the example förbund's figures
for one year straight from the examples' JSON (workbooks/examples/data), without finsam-xl's
reader or consolidation: budget and utfall per insats and year, deltagare by kön, planned per year.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.consolidation import consolidate, consolidate_reports
from finsam_xl.forbund import Forbundsar
from finsam_xl.forbund.model import Medlem
from finsam_xl.models import Kostnadsrad
from finsam_xl.schema import KOSTNADSSLAG
from tests.consolidate_helpers import budget, fr, ident, rapport, rows

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"
D = date


def _json(name: str) -> dict[str, Any]:
    values: dict[str, Any] = json.loads((EXAMPLES / "data" / f"{name}.json").read_text("utf-8"))
    return values["values"]


def _expected_steget_vidare(year: int) -> dict[str, int]:
    """Steget vidare (Samordningsförbundet Sjöbygden) for ``year``, from the JSON alone: the
    budget workbook's column for the year; of the rapporter ending the same day the one signed
    last (a komplettering replaces its original); utfall = cumulative at the year's last report
    (the insats starts on 1 January of its first year); deltagare = enrolled since start."""
    plan = _json("steget-vidare-budget")
    column = next(k for k, v in plan["budgetar"][0].items() if v == year)
    names = [p.stem for p in (EXAMPLES / "data").glob("steget-vidare-kvartalsrapport-*.json")]
    reports = [_json(n) for n in names]
    by_end: dict[str, dict[str, Any]] = {}
    for r in sorted(reports, key=lambda r: r["rapportdatum"]):
        by_end[r["period_till"]] = r  # the later signed wins
    last = by_end[max(e for e in by_end if e.startswith(str(year)))]
    return {
        "budget": sum(row.get(column, 0) for row in plan["budgetplan"]),
        "planerat": plan["planerat_antal_deltagare_ar"][0][column],
        "utfall": sum(v for k, v in last.items() if k.startswith("utfall_ack_")),
        "kvinnor": last["deltagare_totalt_kvinnor"],
        "man": last["deltagare_totalt_man"],
    }


def test_the_example_forbunds_uf_export_for_a_year_is_recomputed_from_the_examples(
    tmp_path: Path,
) -> None:
    out = tmp_path / "export"
    result = CliRunner().invoke(
        cli, ["consolidate", str(EXAMPLES), "--ar", "2024", "--export", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = _expected_steget_vidare(2024)

    def read(name: str) -> list[dict[str, str]]:
        with (out / f"{name}.csv").open(encoding="utf-8-sig") as f:
            return [r for r in csv.DictReader(f, delimiter=";") if r["insats_id"] == "SBY 2023-14"]

    (post,) = read("uf_insatsbudget")
    assert post["budgetar"] == "2024" and post["budgettyp"] == "insatskostnad"
    assert int(post["budget"]) == expected["budget"] == 1_200_000
    assert int(post["utfall"]) == expected["utfall"]
    assert int(post["planerat_antal_deltagare"]) == expected["planerat"]
    assert post["uppskattat"] == "False"
    assert "t.o.m. 2024-06-30" in post["anmarkning"]  # the year is not over in the examples
    (people,) = read("uf_deltagare")
    assert (int(people["kvinnor"]), int(people["man"])) == (expected["kvinnor"], expected["man"])
    assert int(people["totalt"]) == expected["kvinnor"] + expected["man"]
    (insats,) = read("uf_insatser")
    assert insats["preciserad_inriktning"] == "Arbetslivsinriktad rehabilitering"
    assert insats["uppfoljningsmetod"] == "personuppgifter_anonym"
    assert insats["esf_finansiering"] == "nej" and insats["saknas"] == ""
    # --ar: one year only, in every UF table
    every = pd.read_csv(out / "uf_insatsbudget.csv", sep=";", encoding="utf-8-sig")
    assert set(every["budgetar"]) == {2024}


def test_a_year_after_a_year_end_report_counts_active_plus_new() -> None:
    """Aktivitetscenter Malmö 2019 from its årsrapporter' JSON: utfall = cumulative 2019 minus
    cumulative 2018; took part = active at the end of 2018 plus enrolled during 2019."""
    y18, y19 = (_json(f"aktivitetscenter-malmo-arsrapport-{y}") for y in (2018, 2019))

    def ack(r: dict[str, Any]) -> int:
        return sum(v for k, v in r.items() if k.startswith("utfall_ack_"))

    c = consolidate([EXAMPLES], ar=2019)
    table = c.tables["uf_insatsbudget"]
    budget_rows = table[table["insats_id"].str.startswith("aktivitetscenter")]
    assert budget_rows["utfall"].tolist() == [ack(y19) - ack(y18)]
    people = c.tables["uf_deltagare"].set_index("insats_id").loc[budget_rows["insats_id"]].iloc[0]
    for kon, col in (("kvinnor", "kvinnor"), ("man", "man")):
        active = y18[f"deltagare_aktiva_{kon}"]
        new = y19[f"deltagare_totalt_{kon}"] - y18[f"deltagare_totalt_{kon}"]
        assert people[col] == active + new
    assert not people["uppskattat"]


def _typed(esf: set[str], utfall: int, ack: int) -> list[Kostnadsrad]:
    return [
        Kostnadsrad(kostnadsslag=s, budget=Decimal(100_000), utfall=Decimal(utfall),
                    utfall_ack=Decimal(ack), budgettyp="esf_insatskostnad" if s in esf else None)
        for s in KOSTNADSSLAG
    ]  # fmt: skip


def test_budget_posts_by_type_from_the_budget_and_the_rapport() -> None:
    two_years = ident(beviljad_till=D(2025, 12, 31))
    plan = budget(years={2024: 10_000, 2025: 20_000}, identitet=two_years,
                  budgetplan_typ={"material": "esf_insatskostnad"})  # fmt: skip
    q4 = rapport(fran=D(2024, 10, 1), till=D(2024, 12, 31), identitet=two_years,
                 kostnader=_typed({"material", "lonekostnader"}, 1_000, 3_000))  # fmt: skip
    c = consolidate_reports([fr(plan, "b.xlsx"), fr(q4, "q4.xlsx")], ar=2024)
    posts = c.tables["uf_insatsbudget"].set_index("budgettyp")
    # the budget workbook types material as ESF; the rapport types lönekostnader too
    assert posts.loc["insatskostnad", "budget"] == 6 * 10_000
    assert posts.loc["esf_insatskostnad", "budget"] == 10_000
    assert posts.loc["esf_insatskostnad", "utfall"] == 2 * 3_000
    assert posts.loc["insatskostnad", "utfall"] == 5 * 3_000
    assert posts.loc["esf_insatskostnad", "beskrivning"] == "Lönekostnader, Material"
    assert posts.loc["insatskostnad", "planerat_antal_deltagare"] == 20
    assert pd.isna(posts.loc["esf_insatskostnad", "planerat_antal_deltagare"])  # once a year


def test_a_period_across_the_year_end_is_split_by_days_and_marked_estimated() -> None:
    granted = ident(beviljad_fran=D(2024, 7, 1), beviljad_till=D(2025, 6, 30),
                    beviljat_belopp=Decimal(365_000))  # fmt: skip
    whole = rapport(typ="slutrapport", fran=D(2024, 7, 1), till=D(2025, 6, 30),
                    identitet=granted, kostnader=_typed(set(), 0, 0),
                    budget_endast_summa=None)  # fmt: skip
    spent = whole.model_copy(
        update={"kostnader": [k.model_copy(update={"utfall_ack": Decimal(36_500)})
                              if k.kostnadsslag == "lonekostnader" else k
                              for k in whole.kostnader]}
    )  # fmt: skip
    c = consolidate_reports([fr(spent, "slut.xlsx")], ar=2024)
    (post,) = c.tables["uf_insatsbudget"].to_dict("records")
    assert post["utfall"] == 18_400  # 184 of 365 days
    assert post["uppskattat"] and "fördelad efter antal dagar" in post["anmarkning"]
    assert "Budget: rapportens budget för hela insatsen" in post["anmarkning"]


def test_structural_insats_reports_a_count_not_kön() -> None:
    structural = ident(inriktning="strukturovergripande")
    q1 = rapport(identitet=structural, deltagare=rows(totalt=(12, 5, 0)))
    (row,) = consolidate_reports([fr(q1, "q1.xlsx")]).tables["uf_deltagare"].to_dict("records")
    assert row["antal"] == 17 and pd.isna(row["kvinnor"]) and pd.isna(row["man"])


def test_a_report_without_the_uf_fields_says_what_uf_still_needs() -> None:
    c = consolidate_reports([fr(rapport(), "q1.xlsx")])
    (row,) = c.tables["uf_insatser"].to_dict("records")
    assert row["saknas"] == "preciserad inriktning, målgrupp, uppföljningsmetod, ESF-finansiering"
    c = consolidate_reports([fr(rapport(identitet=ident(malgrupp=["Unga", "Utrikes födda"])),
                                "q1.xlsx")])  # fmt: skip
    assert c.tables["uf_insatser"]["malgrupp"].tolist() == ["Unga; Utrikes födda"]


EXEMPELBYGD = Forbundsar(
    forbund="Samordningsförbundet Exempelbygd",
    organisationsnummer="222000-0000",
    ar=2024,
    medlemmar=[
        Medlem(rad=0, namn="Försäkringskassan", part_typ="forsakringskassan",
               bidrag_budget=Decimal(2_000_000), bidrag_utfall=Decimal(2_000_000)),
        Medlem(rad=1, namn="Region Exempel", part_typ="region",
               bidrag_budget=Decimal(1_000_000), bidrag_utfall=Decimal(1_000_000)),
        Medlem(rad=2, namn="Exempelbygds kommun", part_typ="kommun", kommunkod="9999",
               nyckel=Decimal(100), bidrag_budget=Decimal(1_000_000), bidrag_utfall=None),
    ],
    administrativa_kostnader_budget=Decimal(800_000),
    administrativa_kostnader_utfall=Decimal("790000.40"),
    eget_kapital_ib=Decimal(1_500_000),
    eget_kapital_ub=Decimal(1_300_000),
)  # fmt: skip


def test_forbundet_one_row_per_forbund_and_year_and_the_members() -> None:
    later = EXEMPELBYGD.model_copy(update={"ar": 2025, "eget_kapital_ub": None})
    c = consolidate_reports([fr(rapport(), "q1.xlsx")], forbundsar=[later, EXEMPELBYGD])
    forbund = c.tables["uf_forbundet"].to_dict("records")
    assert [r["ar"] for r in forbund] == [2024, 2025]
    first = forbund[0]
    assert first["tilldelade_medel_budget"] == 4_000_000
    assert first["tilldelade_medel_utfall"] == 3_000_000  # the kommun's payment not yet known
    assert (first["eget_kapital_ib"], first["eget_kapital_ub"]) == (1_500_000, 1_300_000)
    assert first["administrativa_kostnader_budget"] == 800_000
    assert first["administrativa_kostnader_utfall"] == 790_000
    assert "Eget kapital vid årets slut saknas" in forbund[1]["anmarkning"]
    members = c.tables["uf_tilldelade_medel"].query("ar == 2024")
    assert members["medlem"].tolist() == ["Försäkringskassan", "Region Exempel",
                                          "Exempelbygds kommun"]  # fmt: skip
    assert pd.isna(members["tilldelade_medel_utfall"].iloc[2])
    only = consolidate_reports([fr(rapport(), "q1.xlsx")], forbundsar=[later, EXEMPELBYGD],
                               ar=2025)  # fmt: skip
    assert only.tables["uf_forbundet"]["ar"].tolist() == [2025]
    # every door: the master's sheets carry UF's headings
    sheet = c.sheets()["UF Förbundet"]
    assert sheet["Eget kapital vid årets slut (kr)"].tolist()[0] == 1_300_000
    assert "UF Förbundet" not in consolidate_reports([fr(rapport(), "q1.xlsx")]).sheets()


def test_huvudman_part_typ_and_kommun_in_insatser_from_the_newest_report() -> None:
    older = rapport(identitet=ident(huvudman_part_typ="region", huvudman_kommun="0180"))
    newer = rapport(fran=D(2024, 4, 1), till=D(2024, 6, 30),
                    identitet=ident(huvudman_part_typ="kommun"))  # fmt: skip
    c = consolidate_reports([fr(older, "q1.xlsx"), fr(newer, "q2.xlsx")])
    (row,) = c.tables["insatser"].to_dict("records")
    # each from the newest report that gives it: an empty cell does not erase an older value
    assert (row["huvudman_part_typ"], row["huvudman_kommun"]) == ("kommun", "0180")


def test_a_column_of_the_same_name_in_insatser_overrides_the_reports() -> None:
    from finsam_xl.consolidation.tables import Resolved
    from finsam_xl.consolidation.uppfoljning import uf_insats_tables

    q1 = fr(rapport(identitet=ident(preciserad_inriktning="Metodutveckling")), "q1.xlsx")
    res = Resolved(reports=[q1], used=[q1], role={"q1.xlsx": "ja"}, superseded_by={},
                   extra_issues=[])  # fmt: skip
    register = pd.DataFrame({"insats_id": ["SFT 24-1"],
                             "preciserad_inriktning": ["Kompetensutveckling"],
                             "esf_finansiering": [None]})  # fmt: skip
    (row,) = uf_insats_tables(res, register, None)["uf_insatser"].to_dict("records")
    assert row["preciserad_inriktning"] == "Kompetensutveckling"  # the register's
    assert pd.isna(row["esf_finansiering"])  # neither gives it


def test_uf_deltagare_is_masked_like_every_count() -> None:
    q1 = rapport(deltagare=rows(totalt=(12, 3, 0)))
    (row,) = (
        consolidate_reports([fr(q1, "q1.xlsx")], mask_under=5)
        .tables["uf_deltagare"]
        .to_dict("records")
    )
    assert row["man"] == "<5" and row["kvinnor"] != 12  # the complement is hidden too


def test_participants_of_a_report_across_the_year_end_are_counted_once_and_say_so() -> None:
    granted = ident(beviljad_fran=D(2024, 7, 1), beviljad_till=D(2025, 6, 30))
    whole = rapport(typ="arsrapport", fran=D(2024, 7, 1), till=D(2025, 6, 30),
                    identitet=granted, deltagare=rows(totalt=(4, 3, 0)))  # fmt: skip
    first, second = (
        consolidate_reports([fr(whole, "ar.xlsx")]).tables["uf_deltagare"].to_dict("records")
    )
    assert first["ar"] == 2024 and pd.isna(first["kvinnor"])
    assert "räknas under 2025" in first["anmarkning"]
    assert (second["kvinnor"], second["man"], second["uppskattat"]) == (4, 3, True)
    assert "Alla inskrivna sedan start 2024-07-01" in second["anmarkning"]
