"""The board's chart definitions (finsam_xl.overview.board_charts): units, axis steps, and that
the master's Styrelse page draws each chart over the columns the definition names."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from overview_doors import EXAMPLES

from finsam_xl.consolidation import consolidate
from finsam_xl.overview.board_charts import (
    BOARD_CHARTS,
    MONEY,
    money_unit,
    nice_step,
    stacked_total,
)
from finsam_xl.overview.columns import BOARD_TABLES, SHEET_TITLES
from finsam_xl.writers.master import write_master
from finsam_xl.writers.printing import MIN_SCALE


@pytest.mark.parametrize(
    ("largest", "steps", "step"),
    [(4_000_000, 5, 1_000_000), (3_500_000, 5, 1_000_000), (1_200_000, 5, 500_000),
     (901_642, 5, 200_000), (45_000, 5, 10_000), (1, 5, 0.2), (0, 5, 1.0)],
)  # fmt: skip
def test_axis_steps_are_1_2_5_and_at_most_five(largest: float, steps: int, step: float) -> None:
    assert nice_step(largest, steps) == pytest.approx(step)
    if largest:
        assert largest / nice_step(largest, steps) <= steps


def test_amounts_in_mkr_from_a_million_else_tkr() -> None:
    big = money_unit(4_000_000)
    assert (big.name, big.label_format, big.axis_format) == ("mkr", "#,##0.0,,", "#,##0,,")
    assert big.axis_title == "Miljoner kronor" and big.major == 1_000_000
    half = money_unit(1_200_000)  # steps of 0,5 mkr need a decimal on the axis too
    assert half.axis_format == "#,##0.0,,"
    small = money_unit(901_642)
    assert (small.name, small.label_format, small.axis_title) == (
        "tkr",
        "#,##0,",
        "Tusental kronor",
    )
    assert stacked_total([[900_000, 600_000, 2_500_000], [None, 901_642, None]]) == 4_000_000


def test_every_chart_names_columns_of_its_table() -> None:
    for chart in BOARD_CHARTS:
        ids = (
            BOARD_TABLES.get(chart.table) or __import__("finsam_xl").overview.TABLES[chart.table]
        ).ids
        assert set(chart.category) <= set(ids), chart.key
        assert {s.column for s in chart.series} <= set(ids), chart.key
        assert chart.table in SHEET_TITLES


@pytest.fixture(scope="module")
def master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_master(consolidate([EXAMPLES]), tmp_path_factory.mktemp("m") / "m.xlsx")


def test_money_chart_in_mkr_with_a_unit_title_and_few_steps(master: Path) -> None:
    with zipfile.ZipFile(master) as zf:
        charts = [
            zf.read(n).decode()
            for n in zf.namelist()
            if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        ]
    money = next(x for x in charts if "Årets pengar 2024" in x)
    assert "Miljoner kronor" in money
    # data labels 0,9 not 900 000 kr; a stacked zero part has no label (empty zero section)
    assert 'formatCode="#,##0.0,,;-#,##0.0,,;"' in money
    assert '<c:majorUnit val="1000000"/>' in money and '<c:max val="4000000"/>' in money


def test_board_pages_print_at_the_house_minimum_scale(master: Path) -> None:
    wb = openpyxl.load_workbook(master)
    for title in ("Styrelse", "Styrelse per insats"):
        setup = wb[title].page_setup
        assert int(setup.scale or 100) >= MIN_SCALE * 100, title


def test_a_label_wider_than_its_part_of_a_stacked_bar_is_left_out(tmp_path: Path) -> None:
    import xlsxwriter

    from finsam_xl.writers.styrelse import spec_chart

    wb = xlsxwriter.Workbook(str(tmp_path / "c.xlsx"))
    ws = wb.add_worksheet("Styrelse")
    cols = {"forbund": 0} | {s.column: n for n, s in enumerate(MONEY.series, start=1)}
    # kansli 20 000 kr beside 4 mkr kvar: 0,0 would not fit in its sliver of the bar
    values = [[20_000, 600_000, 4_000_000], [900_000, 900_000, 900_000]]
    chart = spec_chart(wb, ws, MONEY, 2024, (0, 1), cols, values, ["A", "B"])
    ws.insert_chart(3, 0, chart)
    wb.close()
    with zipfile.ZipFile(tmp_path / "c.xlsx") as zf:
        xml = zf.read("xl/charts/chart1.xml").decode()
    kansli = xml.split("<c:ser>")[1]
    assert '<c:dLbl><c:idx val="0"/><c:delete val="1"/></c:dLbl>' in kansli
    assert '<c:idx val="1"/><c:delete' not in kansli  # 0,9 mkr fits
    assert "<c:delete" not in xml.split("<c:ser>")[3]  # kvar: wide enough everywhere


def test_a_chart_title_says_how_many_bars_have_figures() -> None:
    from finsam_xl.overview.board_charts import PEOPLE, SPENT, chart_title

    assert chart_title(SPENT, 2024, [[0.48], [0.0]]) == "Förbrukat av årets medel per insats"
    some = chart_title(SPENT, 2024, [[0.48], ["ej redovisat"], [float("nan")]])
    assert some == "Förbrukat av årets medel per insats – siffror för 1 av 3"
    # a masked count ("<5") draws no bar either; one figure of two is a bar
    assert chart_title(PEOPLE, 2024, [["<5", "<5"], [11, None]]).endswith("siffror för 1 av 2")


def test_the_board_page_titles_its_charts_with_their_coverage(master: Path) -> None:
    with zipfile.ZipFile(master) as zf:
        titles = [
            re.findall(r"<a:t>([^<]*)</a:t>", zf.read(n).decode())[0]
            for n in zf.namelist()
            if n.startswith("xl/charts/chart")
        ]
    # the examples' 2024: only Steget vidare has reported utfall and participants
    assert "Förbrukat av årets medel per insats – siffror för 1 av 3" in titles
    assert "Deltagit under 2024 per kön – siffror för 1 av 3" in titles
    assert "Årets pengar 2024" in titles  # every förbund has a figure
