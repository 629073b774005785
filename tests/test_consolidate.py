"""Cross-report consolidation on reports built from models: resubmissions, quarters then a
slutrapport, errors left out, budget workbooks, and the same figures on every run."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from consolidate_helpers import (
    AVSLUT0,
    D,
    budget,
    error,
    fr,
    ident,
    rapport,
    rows,
    unreadable,
    warning,
)

from finsam_xl.consolidation import consolidate_reports
from finsam_xl.consolidation.columns import SPECS
from finsam_xl.overview.columns import SHEET_TITLES, TABLES

HEADERS = {t.id: {c.id: c.sv for c in t.columns} for t in TABLES.values()}


def row(df: pd.DataFrame, **match: object) -> pd.Series:
    hit = df
    for col, value in match.items():
        hit = hit[hit[col] == value]
    assert len(hit) == 1, f"{len(hit)} rows match {match}"
    return hit.iloc[0]


def q(n: int, year: int = 2024) -> tuple[D, D]:
    ends = {1: D(year, 3, 31), 2: D(year, 6, 30), 3: D(year, 9, 30), 4: D(year, 12, 31)}
    return D(year, 3 * n - 2, 1), ends[n]


def test_resubmission_supersedes_and_both_are_listed() -> None:
    first = fr(rapport(utfall=10_000, signed=D(2024, 4, 10)), "q1.xlsx")
    again = fr(rapport(utfall=12_000, signed=D(2024, 4, 20)), "q1-rattad.xlsx")
    c = consolidate_reports([first, again])
    kallor = c.tables["kallor"]
    assert row(kallor, file="q1.xlsx")[["anvand", "ersatt_av"]].tolist() == [
        "ersatt",
        "q1-rattad.xlsx",
    ]
    assert row(kallor, file="q1-rattad.xlsx")["anvand"] == "ja"
    problem = c.tables["problem"]
    assert problem[["file", "code", "severity"]].values.tolist() == [
        ["q1.xlsx", "dubblett", "warning"]
    ]
    assert set(c.tables["budget"]["utfall"]) == {12_000}
    assert row(c.tables["insatser"], insats_id="SFT 24-1")["utfall_ack_summa"] == 7 * 12_000


@pytest.mark.parametrize(
    ("a", "b", "winner"),
    [
        # same rapportdatum: the later file time wins, whatever the names
        ({"mtime": 2.0}, {"mtime": 1.0}, "z.xlsx"),
        # same date and time: the file name decides, so the result never depends on order
        ({"mtime": 1.0}, {"mtime": 1.0}, "z.xlsx"),
    ],
)
def test_duplicate_tie_breaks(a: dict[str, float], b: dict[str, float], winner: str) -> None:
    reports = [fr(rapport(utfall=1), "z.xlsx", **a), fr(rapport(utfall=2), "a.xlsx", **b)]
    for order in (reports, reports[::-1]):
        kallor = consolidate_reports(order).tables["kallor"]
        assert row(kallor, anvand="ja")["file"] == winner


def test_two_quarters_then_slutrapport() -> None:
    exits = AVSLUT0 | {"arbete": 2, "studier": 1, "ohalsa": 1}
    reports = [
        fr(rapport(utfall=10_000, deltagare=rows(totalt=(4, 3, 2), aktiva=(4, 3, 2))), "1.xlsx"),
        fr(
            rapport(
                fran=D(2024, 4, 1),
                till=D(2024, 6, 30),
                utfall=15_000,
                ack=25_000,
                avslut=AVSLUT0 | {"arbete": 1},
                deltagare=rows(totalt=(6, 5, 3), aktiva=(5, 5, 3), avslutade=(1, 0, 0)),
            ),
            "2.xlsx",
        ),
        fr(
            rapport(
                typ="slutrapport",
                fran=D(2024, 1, 1),
                till=D(2024, 12, 31),
                utfall=60_000,
                ack=60_000,
                avslut=exits,
                deltagare=rows(totalt=(9, 7, 4), avslutade=(4, 0, 1)),
                mal=[
                    {"rad": 0, "mal": "Till arbete", "uppnatt": "ja"},
                    {"rad": 1, "mal": "Nöjda", "uppnatt": "nej"},
                ],
            ),
            "slut.xlsx",
        ),
    ]
    c = consolidate_reports(reports)
    ins = row(c.tables["insatser"], insats_id="SFT 24-1")
    assert ins["senaste_rapporttyp"] == "slutrapport"
    assert ins["utfall_ack_summa"] == 7 * 60_000
    assert ins["forbrukat_andel"] == pytest.approx(420_000 / 700_000)
    assert (ins["deltagare_totalt_kvinnor"], ins["deltagare_totalt_man"]) == (9, 7)
    # The slutrapport covers the quarters: its 4 exits are not added to the quarter's one.
    assert (ins["avslutade_totalt"], ins["avslutade_till_arbete_studier"]) == (4, 3)
    assert ins["avslutade_till_arbete_studier_andel"] == pytest.approx(0.75)
    assert (ins["mal_uppnadda"], ins["mal_totalt"], ins["antal_rapporter"]) == (1, 2, 3)
    assert len(c.tables["budget"]) == 3 * 7
    assert c.tables["deltagare"]["file"].tolist() == ["1.xlsx", "2.xlsx", "slut.xlsx"]
    year = row(c.tables["uppfoljning_finsam"], ar=2024)
    assert year["utfall"] == 7 * 60_000
    assert (year["deltagare_kvinnor"], year["deltagare_man"]) == (9, 7)
    assert not year["uppskattat"]


def test_quarterly_figures_sum_per_year_even_with_a_quarter_missing() -> None:
    span = {"beviljad_fran": D(2024, 1, 1), "beviljad_till": D(2025, 12, 31)}
    acks = {(2024, 1): 10, (2024, 2): 25, (2024, 4): 70, (2025, 1): 85}  # 2024 Q3 not sent
    reports = [
        fr(
            rapport(fran=q(n, y)[0], till=q(n, y)[1], ack=a * 1000, identitet=ident(**span)),
            f"{y}q{n}.xlsx",
        )
        for (y, n), a in acks.items()
    ]
    c = consolidate_reports(reports)
    years = c.tables["uppfoljning_finsam"].set_index("ar")
    assert years.loc[2024, "utfall"] == 7 * 70_000
    assert years.loc[2025, "utfall"] == 7 * 15_000
    assert not years["uppskattat"].any()


def test_increment_across_a_year_end_is_split_by_days_and_marked() -> None:
    span = {"beviljad_fran": D(2024, 7, 1), "beviljad_till": D(2025, 6, 30)}
    slut = rapport(
        typ="slutrapport",
        fran=D(2024, 7, 1),
        till=D(2025, 6, 30),
        utfall=365_000,
        identitet=ident(**span),
    )
    years = consolidate_reports([fr(slut, "slut.xlsx")]).tables["uppfoljning_finsam"]
    by_year = years.set_index("ar")
    assert by_year.loc[2024, "utfall"] + by_year.loc[2025, "utfall"] == 7 * 365_000
    assert by_year.loc[2024, "utfall"] == 7 * 184_000  # 184 of the 365 days fall in 2024
    assert by_year["uppskattat"].all()


def test_errors_count_unless_excluded_and_warnings_never_block() -> None:
    # Board trust: a report with errors keeps its figures (marked), unless the officer asks
    # for them to be left out; an unreadable file never counts.
    reports = [
        fr(rapport("SFT 1"), "a.xlsx", issues=[error()]),
        fr(rapport("SFT 2"), "b.xlsx", issues=[warning()]),
        unreadable("c.xlsx"),
    ]
    c = consolidate_reports(reports)
    assert c.tables["budget"]["insats_id"].unique().tolist() == ["SFT 1", "SFT 2"]
    assert c.tables["kallor"]["anvand"].tolist() == ["ja", "ja", "olasbar"]
    statuses = c.tables["insatser"].set_index("insats_id")["status"]
    assert statuses.to_dict() == {"SFT 1": "fel", "SFT 2": "varningar"}
    excluded = consolidate_reports(reports, include_errors=False)
    assert excluded.tables["budget"]["insats_id"].unique().tolist() == ["SFT 2"]
    assert excluded.tables["kallor"]["anvand"].tolist() == ["utesluten", "ja", "olasbar"]


def test_budget_workbook_supplies_planned_figures() -> None:
    span = {"beviljad_fran": D(2024, 1, 1), "beviljad_till": D(2025, 12, 31)}
    plan = budget(years={2024: 50_000, 2025: 40_000}, planned=[15, 25], identitet=ident(**span))
    first = rapport(identitet=ident(**span), planerat_antal_deltagare=None)
    c = consolidate_reports([fr(plan, "budget.xlsx"), fr(first, "q1.xlsx")])
    ins = row(c.tables["insatser"], insats_id="SFT 24-1")
    assert (ins["budget_planerad"], ins["planerat_antal_deltagare"]) == (7 * 90_000, 40)
    years = c.tables["uppfoljning_finsam"].set_index("ar")
    assert years["budget"].tolist() == [7 * 50_000, 7 * 40_000]
    assert years["budget_kalla"].tolist() == ["budget", "budget"]
    assert years["planerat_antal_deltagare"].tolist() == [15, 25]
    assert pd.isna(years.loc[2025, "utfall"])  # not reached by any report yet


def test_without_budget_workbook_the_budget_is_spread_over_the_granted_days() -> None:
    c = consolidate_reports([fr(rapport(), "q1.xlsx")])
    year = row(c.tables["uppfoljning_finsam"], ar=2024)
    assert (year["budget"], year["budget_kalla"]) == (700_000, "periodiserad")


def test_budget_table_deviation_against_time_proportional_budget() -> None:
    half = rapport(fran=D(2024, 4, 1), till=D(2024, 6, 30), ack=60_000)
    budget_rows = consolidate_reports([fr(half, "q2.xlsx")]).tables["budget"]
    lon = row(budget_rows, kostnadsslag="lonekostnader")
    assert lon["budget_periodiserad"] == 49_727  # 182 of 366 days of 100 000 kr
    assert lon["avvikelse_kr"] == 60_000 - 49_727
    assert lon["avvikelse_andel"] == pytest.approx((60_000 - 100_000 * 182 / 366) / 49_726.78)
    assert budget_rows["kostnadsslag"].tolist()[:2] == ["aktiviteter", "externa_tjanster"]


def test_ore_are_rounded_to_kronor_with_a_note() -> None:
    kost = rapport().kostnader
    kost[0] = kost[0].model_copy(update={"utfall": Decimal("1234.50")})
    c = consolidate_reports([fr(rapport(kostnader=kost), "q1.xlsx")])
    assert row(c.tables["budget"], kostnadsslag="aktiviteter")["utfall"] == 1235
    assert any("1234.50" in n and "q1.xlsx" in n for n in c.notes)


def test_same_inputs_same_tables_in_any_order() -> None:
    reports = [fr(rapport(f"SFT {i % 3}", utfall=1000 * i), f"f{i}.xlsx") for i in range(9)]
    reports += [fr(budget("SFT 1"), "budget1.xlsx"), unreadable("x.xlsx")]
    base = consolidate_reports(reports, now=datetime(2025, 1, 1))
    shuffled = reports[:]
    random.Random(4).shuffle(shuffled)
    again = consolidate_reports(shuffled, now=datetime(2025, 1, 1))
    assert base.inputs_sha256 == again.inputs_sha256
    for name, df in base.tables.items():
        pd.testing.assert_frame_equal(df, again.tables[name], check_exact=True)
    assert base.record() == again.record()
    assert base.tool_version and base.record()["tool_version"] == base.tool_version


def test_every_table_has_its_columns_and_swedish_headers() -> None:
    c = consolidate_reports([fr(rapport(), "q1.xlsx")])
    for name, df in c.tables.items():
        assert list(df.columns) == list(SPECS[name])
        assert set(df.columns) <= set(HEADERS[name]), name
    sheets = c.sheets()
    # The register's two tables are empty without a register: no sheet says "nothing missing";
    # nor without the förbund's economy the Uppföljning Finsam förbund tables.
    optional = ("saknade", "paminnelser", "uf_forbundet", "uf_tilldelade_medel")
    shown = [n for n in c.tables if n not in optional]
    # and the board's view per year (finsam_xl.overview.styrelse) after Uppföljning Finsam
    board = ["styrelse_ar", "styrelse_insatser", "styrelse_medlemmar"]
    at = shown.index("uppfoljning_finsam") + 1
    assert list(sheets) == [SHEET_TITLES[n] for n in [*shown[:at], *board, *shown[at:]]]
    overview = sheets["Översikt"]
    assert "Beviljat belopp (kr)" in overview.columns
    assert overview["Status"].tolist()[0] == "OK"
    assert sheets["Budget"]["Rapporttyp"].iloc[0] == "Kvartalsrapport"


def test_summary_in_swedish() -> None:
    reports = [fr(rapport(), "a.xlsx", issues=[error()]), unreadable("b.xlsx")]
    text = consolidate_reports(reports).summary()
    assert "2 filer lästa, 1 används" in text and "1 oläst." in text
    assert "1 insats med fel i senaste rapporten ingår i siffrorna" in text
    text = consolidate_reports(reports, include_errors=False).summary()
    assert "2 filer lästa, 0 används" in text
    assert "1 utelämnad för fel" in text and "1 oläst" in text


def test_participants_without_kon_count_in_the_years_total_and_are_masked_with_it() -> None:
    """Malmö's anonymous participants (kön ej angivet) took part too: the year's total counts
    them, beside kvinnor and män, instead of dropping them (deltagare_totalt was kvinnor + män)."""
    from finsam_xl.consolidation.mask import mask_tables
    from finsam_xl.models import Deltagarrad

    def people(totalt: tuple[int, ...], aktiva: tuple[int, ...]) -> dict[str, Deltagarrad]:
        given = {"totalt": totalt, "aktiva": aktiva}
        return {r: Deltagarrad(rad=r, **dict(zip(("kvinnor", "man", "ej_angivet"),
                                                 given.get(r, (0, 0, 0)), strict=True)))
                for r in ("nya", "avslutade", "aktiva", "totalt")}  # fmt: skip

    span = {"beviljad_fran": D(2023, 1, 1), "beviljad_till": D(2024, 12, 31)}
    reports = [
        fr(rapport(typ="arsrapport", fran=D(y, 1, 1), till=D(y, 12, 31), identitet=ident(**span),
                   deltagare=people(t, a)), f"{y}.xlsx")
        for y, t, a in (
            (2023, (10, 8, 3), (6, 5, 2)),  # 3 anonymous in 2023, 2 of them still enrolled
            (2024, (14, 9, 7), (0, 0, 0)),  # 4 more in 2024
        )
    ]  # fmt: skip
    years = consolidate_reports(reports).tables["uppfoljning_finsam"].set_index("ar")
    assert years.loc[2023, ["deltagare_ej_angivet", "deltagare_totalt"]].tolist() == [3, 21]
    # 2024: enrolled at the end of 2023 plus enrolled during 2024, per kön
    assert years.loc[2024, ["deltagare_kvinnor", "deltagare_man"]].tolist() == [10, 6]
    assert years.loc[2024, ["deltagare_ej_angivet", "deltagare_totalt"]].tolist() == [6, 22]
    masked = mask_tables({"uppfoljning_finsam": years.reset_index()}, 4)["uppfoljning_finsam"]
    # 3 anonymous is hidden; so is one more of the year's counts, or 21 − 10 − 8 gives it back
    assert masked.loc[0, "deltagare_ej_angivet"] == "<4"
    others = ["deltagare_kvinnor", "deltagare_man", "deltagare_totalt"]
    assert ".." in masked.loc[0, others].tolist()


def test_a_reports_issues_and_the_used_reports_are_read_once_and_stay_right() -> None:
    """Resolved answers per report from a table made once (per report it would scan every
    cross-file issue: quadratic); issues added later are still found, in order."""
    import dataclasses

    from finsam_xl.consolidation.tables import Resolved

    a, b = fr(rapport(), "a.xlsx", issues=[error()]), fr(rapport(till=date(2024, 6, 30)), "b.xlsx")
    first = dataclasses.replace(warning(), file="a.xlsx")
    res = Resolved(reports=[a, b], used=[b, a], role={}, superseded_by={}, extra_issues=[first])
    assert [i.code for i in res.issues_of(a)] == ["summa-fel", "budgetavvikelse"]
    assert res.issues_of(b) == []
    later = dataclasses.replace(error("ack-flode"), file="b.xlsx")
    res.extra_issues.extend([later, dataclasses.replace(later, file="a.xlsx")])
    assert [i.code for i in res.issues_of(a)] == ["summa-fel", "budgetavvikelse", "ack-flode"]
    assert [i.code for i in res.issues_of(b)] == ["ack-flode"]
    order = [r.file for r, _ in res.used_rapporter()]
    assert order == ["a.xlsx", "b.xlsx"]  # by period: a ends 03-31, b 06-30
    res.used_rapporter().clear()  # a caller's list is its own
    assert [r.file for r, _ in res.used_rapporter()] == order
