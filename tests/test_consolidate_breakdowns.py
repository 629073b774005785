"""Schema 2.0 in the consolidated tables: the participant breakdowns (avslutsorsak, försörjning
at start and exit, sysselsättning at start, time in försörjning), medfinansiering planned and
spent, and a budget given only as a total ("ej fördelat", never split)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from consolidate_helpers import budget, fr, kostnader, rapport

from finsam_xl.consolidation import consolidate_reports
from finsam_xl.consolidation.mask import SECONDARY
from finsam_xl.models import Medfinansiering
from finsam_xl.overview.model import overview

D = date
BREAKDOWNS = {
    "avslutsorsak": {"planenligt": 6, "avbrott": 2, "flytt": 0},
    "forsorjning_start": {"sjukpenning": 5, "ekonomiskt_bistand": 4},  # one person in both
    "forsorjning_avslut": {"ekonomiskt_bistand": 1, "lon_studiemedel": 3},
    "sysselsattning_start": {"arbetslos": 7, "sjukskriven": 1},
    "tid_forsorjning": {"under_1": 2, "over_5": 6},
}


def _three_reports() -> list[object]:
    """Q1 and Q2 of an insats, then its årsrapport: the årsrapport is the cover."""
    q1 = rapport(**BREAKDOWNS)
    q2 = rapport(fran=D(2024, 4, 1), till=D(2024, 6, 30), avslutsorsak={"annat": 1})
    ar = rapport(typ="arsrapport", fran=D(2024, 1, 1), till=D(2024, 12, 31), **BREAKDOWNS)
    return [fr(q1, "q1.xlsx"), fr(q2, "q2.xlsx"), fr(ar, "ar.xlsx")]


def test_breakdowns_list_every_report_and_mark_the_cover() -> None:
    t = consolidate_reports(_three_reports()).tables
    orsak = t["avslutsorsak"]
    # code-list order within a report; a code the report left empty has no row, a 0 has one
    assert orsak[orsak["file"] == "q1.xlsx"][["avslutsorsak", "antal"]].values.tolist() == [
        ["planenligt", 6], ["avbrott", 2], ["flytt", 0]]  # fmt: skip
    assert orsak[orsak["file"] == "q2.xlsx"]["avslutsorsak"].tolist() == ["annat"]
    for name in ("avslutsorsak", "forsorjning", "sysselsattning", "tid_forsorjning"):
        df = t[name]
        # the årsrapport covers its quarters: only its rows are in Översikt's figures
        assert set(df[df["i_oversikten"]]["file"]) == {"ar.xlsx"}, name
    syssel = t["sysselsattning"][t["sysselsattning"]["file"] == "ar.xlsx"]
    assert dict(zip(syssel["sysselsattning"], syssel["antal"], strict=True)) == {
        "arbetslos": 7, "sjukskriven": 1}  # fmt: skip
    tid = t["tid_forsorjning"][t["tid_forsorjning"]["file"] == "ar.xlsx"]
    assert dict(zip(tid["tid"], tid["antal"], strict=True)) == {"under_1": 2, "over_5": 6}


def test_forsorjning_start_and_exit_side_by_side_multi_valued() -> None:
    df = consolidate_reports(_three_reports()).tables["forsorjning"]
    rows = df[df["file"] == "q1.xlsx"]
    got = {k: (plain(s), plain(a)) for k, s, a in zip(
        rows["kategori"], rows["vid_start"], rows["vid_avslut"], strict=True)}  # fmt: skip
    assert got == {
        "sjukpenning": (5, None),  # not reported at exit: empty, never 0
        "ekonomiskt_bistand": (4, 1),
        "lon_studiemedel": (None, 3),
    }
    assert df[df["file"] == "q2.xlsx"].empty  # q2 gave no försörjning at all: no row says 0


def test_a_report_without_breakdowns_adds_no_rows() -> None:
    t = consolidate_reports([fr(rapport(), "q1.xlsx")]).tables
    for name in ("avslutsorsak", "forsorjning", "sysselsattning", "tid_forsorjning"):
        assert t[name].empty, name


def test_breakdowns_are_shown_in_swedish_after_avslut() -> None:
    view = overview(consolidate_reports(_three_reports()))
    titles = list(view.titled())
    i = titles.index("Avslut")
    assert titles[i + 1 : i + 5] == [
        "Avslutsorsak", "Försörjning", "Sysselsättning vid start",
        "Tid i försörjning före insats"]  # fmt: skip
    orsak = view.sheets["avslutsorsak"]
    assert orsak.column("avslutsorsak")[:2] == ["Planenligt avslut", "Avbrott"]
    assert view.sheets["forsorjning"].column("kategori")[0] == (
        "Sjukpenning / rehabiliteringspenning"
    )


def test_breakdowns_masked_like_the_deltagare_counts() -> None:
    t = consolidate_reports(_three_reports(), mask_under=5).tables
    orsak = t["avslutsorsak"][t["avslutsorsak"]["file"] == "q1.xlsx"]
    # avbrott 2 is small; the reasons add up to the report's exits, so one more cell goes
    assert orsak["antal"].tolist() == [SECONDARY, "<5", 0]
    syssel = t["sysselsattning"][t["sysselsattning"]["file"] == "q1.xlsx"]
    assert syssel["antal"].tolist() == [SECONDARY, "<5"]
    tid = t["tid_forsorjning"][t["tid_forsorjning"]["file"] == "q1.xlsx"]
    assert tid["antal"].tolist() == ["<5", SECONDARY]
    # försörjning is multi-valued (its cells add up to nothing): small cells only
    fors = t["forsorjning"][t["forsorjning"]["file"] == "q1.xlsx"]
    assert fors["vid_start"].tolist() == [5, "<5", None]
    assert fors["vid_avslut"].tolist() == [None, "<5", "<5"]


def test_medfinansiering_planned_and_spent_from_the_latest_report() -> None:
    given = {"planerat_kontant": Decimal(50_000), "planerat_natura": Decimal(200_000),
             "utfall_kontant": Decimal("12500.40"), "utfall_natura": Decimal(90_000)}  # fmt: skip
    c = consolidate_reports([fr(rapport(medfinansiering=given), "q1.xlsx")])
    ins = c.tables["insatser"].iloc[0]
    assert [ins[f"medfinansiering_{k}"] for k in given] == [50_000, 200_000, 12_500, 90_000]
    assert any("medfinansiering utfall_kontant" in n for n in c.notes)  # öre rounded, noted


def test_medfinansiering_plan_falls_back_to_the_budget_workbook() -> None:
    plan = [
        Medfinansiering(rad=0, organisation="Kommunen", typ="in_natura", belopp=Decimal(300)),
        Medfinansiering(rad=1, organisation="Regionen", typ="in_natura", belopp=Decimal(200)),
    ]
    reports = [fr(rapport(medfinansiering={"utfall_natura": Decimal(400)}), "q1.xlsx"),
               fr(budget(medfinansiering=plan), "budget.xlsx")]  # fmt: skip
    ins = consolidate_reports(reports).tables["insatser"].iloc[0]
    got = [plain(ins[f"medfinansiering_{k}"]) for k in ("planerat_kontant", "planerat_natura",
                                                 "utfall_kontant", "utfall_natura")]  # fmt: skip
    assert got[0] == 0 and got[1:] == [500, None, 400]  # the plan's table lists no kontant


def test_medfinansiering_not_invented() -> None:
    typeless = [Medfinansiering(rad=0, organisation="Kommunen", belopp=Decimal(300))]
    reports = [fr(rapport(), "q1.xlsx"), fr(budget(medfinansiering=typeless), "budget.xlsx")]
    ins = consolidate_reports(reports).tables["insatser"].iloc[0]
    # nothing reported; a budget row of unknown typ cannot be put under kontant or natura
    assert all(plain(ins[c]) is None for c in ins.index if c.startswith("medfinansiering_"))


def plain(value: object) -> object:
    """A table cell as a plain Python value: None for pandas' NA."""
    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def _total_only(**kw: object) -> object:
    return rapport(
        typ="slutrapport",
        fran=D(2024, 1, 1),
        till=D(2024, 12, 31),
        kostnader=kostnader(utfall=20_000, ack=20_000, budget=0),
        budget_endast_summa=Decimal(100_000),
        **kw,
    )


def test_budget_given_only_as_a_total_is_one_unsplit_row() -> None:
    c = consolidate_reports([fr(_total_only(), "slut.xlsx")])
    b = c.tables["budget"]
    split, unsplit = b[b["kostnadsslag"] != "ej_fordelat"], b[b["kostnadsslag"] == "ej_fordelat"]
    assert len(split) == 7 and split["budget"].isna().all()  # never a split, not even 0 kr
    assert split["avvikelse_kr"].isna().all()  # no row judged against a budget it never had
    row = unsplit.iloc[0]
    assert (row["budget"], row["budget_periodiserad"]) == (100_000, 100_000)
    # the utfall stays on its kostnadsslag rows
    assert plain(row["utfall"]) is None and plain(row["utfall_ack"]) is None
    # the whole utfall (7 × 20 000) against the whole budget, as the budgetavvikelse rule does
    assert row["avvikelse_kr"] == 40_000 and row["avvikelse_andel"] == pytest.approx(0.4)
    # each column sums to the report's own figures: nothing counted twice, nothing lost
    assert int(b["budget"].sum()) == int(c.tables["insatser"].iloc[0]["budget_summa"])
    assert int(b["utfall_ack"].sum()) == 140_000
    assert int(b["avvikelse_kr"].sum()) == 40_000
    shown = overview(c).sheets["budget"].column("kostnadsslag")
    assert shown[-1] == "Ej fördelat"


def test_a_split_budget_has_no_unsplit_row() -> None:
    c = consolidate_reports([fr(rapport(), "q1.xlsx")])
    assert "ej_fordelat" not in set(c.tables["budget"]["kostnadsslag"])
