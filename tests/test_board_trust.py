"""The board's figures: one cover per insats, errors kept and marked, missing never zero, no
personnummer anywhere, settings followed, and guards that never lose a master (issue 9).

Reports are built from models (consolidate_helpers) where the rule is pure; the guards run the
real command on real files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from consolidate_helpers import AVSLUT0, D, error, fr, rapport

from finsam_xl.cli import cli
from finsam_xl.config import Config
from finsam_xl.consolidation import consolidate_reports
from finsam_xl.consolidation.cover import cover
from finsam_xl.overview.columns import EJ_LASBART, EJ_REDOVISAT
from finsam_xl.overview.model import overview
from finsam_xl.schema import UTFALL
from finsam_xl.validate import validate_workbook
from finsam_xl.writers.master import write_master

PNR = "19121212-1212"  # Skatteverket's test number: a valid check digit


def exits(**by: int) -> dict[str, int]:
    return AVSLUT0 | by


def names(pairs: list) -> list[str]:
    return [r.file for r, _ in pairs]


# --- the cover -----------------------------------------------------------------------------


def test_an_arsrapport_covers_its_quarters_and_a_slutrapport_covers_everything() -> None:
    q = [
        fr(rapport(fran=D(2024, m, 1), till=D(2024, m + 2, 28)), f"q{i}.xlsx")
        for i, m in enumerate((1, 4, 7, 10), start=1)
    ]
    ar = fr(rapport(typ="arsrapport", fran=D(2024, 1, 1), till=D(2024, 12, 28)), "ar.xlsx")
    pairs = [(r, r.model) for r in [*q, ar]]
    assert names(cover(pairs)) == ["ar.xlsx"]  # the fourth quarter ends the same day: the year wins
    nxt = fr(rapport(fran=D(2025, 1, 1), till=D(2025, 3, 31)), "q5.xlsx")
    assert names(cover([*pairs, (nxt, nxt.model)])) == ["q5.xlsx", "ar.xlsx"]
    slut = fr(rapport(typ="slutrapport", fran=D(2024, 1, 1), till=D(2025, 3, 31)), "slut.xlsx")
    assert names(cover([*pairs, (nxt, nxt.model), (slut, slut.model)])) == ["slut.xlsx"]


def test_a_partly_overlapping_report_is_left_out_of_the_cover() -> None:
    late = fr(rapport(fran=D(2024, 7, 1), till=D(2024, 12, 31)), "jul-dec.xlsx")
    early = fr(rapport(fran=D(2024, 1, 1), till=D(2024, 9, 30)), "jan-sep.xlsx")
    first = fr(rapport(fran=D(2023, 10, 1), till=D(2023, 12, 31)), "q4-2023.xlsx")
    pairs = [(r, r.model) for r in (late, early, first)]
    assert names(cover(pairs)) == ["jul-dec.xlsx", "q4-2023.xlsx"]


def test_exits_of_an_insats_are_counted_once_in_overview_and_diagram(tmp_path: Path) -> None:
    # Three årsrapporter and a slutrapport over the same years (Malmö's shape): 2 863 vs 1 443.
    years = [
        fr(rapport(typ="arsrapport", fran=D(y, 1, 1), till=D(y, 12, 31),
                   avslut=exits(arbete=10 * (y - 2017), annat=100)), f"ar{y}.xlsx")
        for y in (2018, 2019, 2020)
    ]  # fmt: skip
    slut = fr(
        rapport(typ="slutrapport", fran=D(2018, 1, 1), till=D(2020, 12, 31),
                avslut=exits(arbete=60, annat=300)),
        "slut.xlsx",
    )  # fmt: skip
    c = consolidate_reports([*years, slut])
    ins = c.tables["insatser"].iloc[0]
    assert ins["avslutade_totalt"] == 360
    avslut = c.tables["avslut"]
    assert avslut.loc[avslut["i_oversikten"], "antal"].sum() == 360
    assert avslut["antal"].sum() == 360 + 60 + 300  # every report is still listed as evidence
    path = write_master(c, tmp_path / "m.xlsx")
    diagram = openpyxl.load_workbook(path, data_only=True)["Diagram"]
    values = [[c.value for c in r] for r in diagram.iter_rows()]
    top = next(i for i, r in enumerate(values) if str(r[0]).startswith("Avslut per utfall"))
    assert sum(r[1] or 0 for r in values[top + 1 : top + 1 + len(UTFALL)]) == 360


# --- errors, missing, unreadable ----------------------------------------------------------------


def test_an_insats_whose_latest_report_has_errors_keeps_its_figures_marked() -> None:
    c = consolidate_reports([fr(rapport(utfall=50_000), "fel.xlsx", issues=[error(), error()])])
    view = overview(c)
    sheet = view.sheets["insatser"]
    row = dict(zip(sheet.ids, sheet.rows[0], strict=True))
    assert row["utfall_ack_summa"] == 7 * 50_000
    assert row["status"] == "Komplettering begärd (2 fel)"
    whole = next(t for t in sheet.totals if t.by is None)
    assert "1 med komplettering" in whole.note
    assert sheet.links[(0, "status")][0] == "problem"


def test_figures_no_report_gave_read_ej_redovisat_and_totals_say_over_how_many() -> None:
    told = rapport("SFT 1", utfall=10_000)
    silent = rapport("SFT 2", utfall=0, ifyllda=frozenset({"rapporttyp", "period_till"}))
    c = consolidate_reports([fr(told, "a.xlsx"), fr(silent, "b.xlsx")])
    ins = c.tables["insatser"].set_index("insats_id")
    assert pd.isna(ins.loc["SFT 2", "utfall_ack_summa"])  # not 0 kr
    assert pd.isna(ins.loc["SFT 2", "forbrukat_andel"])
    assert pd.isna(ins.loc["SFT 2", "deltagare_totalt"]) and pd.isna(
        ins.loc["SFT 2", "avslutade_totalt"]
    )
    sheet = overview(c).sheets["insatser"]
    shown = dict(zip(sheet.ids, sheet.rows[1], strict=True))
    assert shown["utfall_ack_summa"] == EJ_REDOVISAT and shown["budget_summa"] == EJ_REDOVISAT
    whole = next(t for t in sheet.totals if t.by is None)
    # Förbrukat over the one insats that reported utfall, not over both grants.
    assert whole.ratio == pytest.approx(70_000 / 700_000)
    assert whole.note.startswith("Utfall från 1 av 2")
    assert c.tables["budget"]["insats_id"].tolist() == ["SFT 1"] * 7
    assert c.tables["avslut"]["insats_id"].unique().tolist() == ["SFT 1"]
    years = c.tables["uppfoljning_finsam"].set_index("insats_id")
    assert years.loc["SFT 2", "budget_kalla"] == "beviljat"  # the grant, never 0 kr
    assert years.loc["SFT 2", "budget"] == 700_000
    assert pd.isna(years.loc["SFT 2", "utfall"])


def test_an_unreadable_amount_reads_ej_lasbart() -> None:
    broken = rapport(olasbara=frozenset({"utfall_ack_personal"}),
                     ifyllda=frozenset({"rapporttyp", "budget_personal"}))  # fmt: skip
    c = consolidate_reports([fr(broken, "a.xlsx", issues=[error()])])
    sheet = overview(c).sheets["insatser"]
    shown = dict(zip(sheet.ids, sheet.rows[0], strict=True))
    assert shown["utfall_ack_summa"] == EJ_LASBART
    assert shown["budget_summa"] == 7 * 100_000


# --- personnummer ----------------------------------------------------------------------------


def test_a_personnummer_never_reaches_any_table(tmp_path: Path) -> None:
    goal = {"rad": 0, "mal": "Till arbete", "uppnatt": "ja", "kommentar": f"Se {PNR}"}
    c = consolidate_reports([fr(rapport(mal=[goal]), "a.xlsx", issues=[error()])], mask_under=5)
    for name, df in c.tables.items():
        text = df.astype(str).to_csv()
        assert "19121212" not in text, name
    problem = c.tables["problem"]
    note = problem[(problem["code"] == "personnummer") & (problem["field"] == "kommentar")]
    assert len(note) == 1 and "visas inte" in note["message"].iloc[0]
    path = write_master(c, tmp_path / "m.xlsx")
    import zipfile

    with zipfile.ZipFile(path) as zf:
        assert all(b"19121212" not in zf.read(n) for n in zf.namelist())


def test_every_spelling_and_kind_of_value_in_a_text_column_is_blanked() -> None:
    """The scan's cheap first search runs on a column at once: a hit among thousands of clean,
    repeated values, a number typed where text belongs, and an empty cell are all read right."""
    from finsam_xl.consolidation.privacy import blank_personnummer

    clean = [f"Mål {i % 7}: 12 deltagare i arbete 2026-03-31" for i in range(3000)]
    kommentar = [*clean, "Kontakt 121212 - 1212 i vår", None, float("nan"), 191212121212]
    mal = pd.DataFrame({"file": [f"r{i % 50}.xlsx" for i in range(len(kommentar))],
                        "kommentar": kommentar})  # fmt: skip
    problem = pd.DataFrame(columns=["file", "sheet", "cell", "code", "severity", "message",
                                    "field", "insats_id"], dtype=object)  # fmt: skip
    out = blank_personnummer({"mal": mal, "problem": problem})
    blanked = out["mal"]["kommentar"]
    assert blanked.isna().tolist() == [False] * 3000 + [True] * 4
    assert blanked.iloc[:3000].tolist() == clean
    assert out["problem"]["field"].tolist() == ["kommentar", "kommentar"]
    assert mal["kommentar"].iloc[3000] == "Kontakt 121212 - 1212 i vår"  # the input is untouched


# --- settings travel ---------------------------------------------------------------------------


def test_master_highlights_follow_the_runs_settings(tmp_path: Path) -> None:
    settings = Config(budgetavvikelse_kr=Decimal(1), budgetavvikelse_andel=Decimal("0.01"))
    c = consolidate_reports([fr(rapport(), "a.xlsx")], config=settings)
    path = write_master(c, tmp_path / "m.xlsx")
    rules = openpyxl.load_workbook(path)["Budget"].conditional_formatting
    formulas = [f for cf in rules for rule in cf.rules for f in (rule.formula or [])]
    assert any(">1," in f and ">0.01)" in f for f in formulas), formulas
    assert not any("25000" in f for f in formulas)


# --- guards ----------------------------------------------------------------------------------


@pytest.fixture
def reports(make_report, tmp_path: Path) -> Path:
    folder = tmp_path / "rapporter"
    folder.mkdir()
    made = make_report(name="q1.xlsx")
    made.rename(folder / "q1.xlsx")
    return folder


def test_no_workbook_exits_1_and_keeps_the_master(reports: Path, tmp_path: Path) -> None:
    master = tmp_path / "m.xlsx"
    assert CliRunner().invoke(cli, ["consolidate", str(reports), "-o", str(master)]).exit_code == 0
    before = master.read_bytes()
    empty = tmp_path / "tom"
    empty.mkdir()
    (empty / "anteckning.txt").write_text("hej", "utf-8")
    result = CliRunner().invoke(cli, ["consolidate", str(empty), "-o", str(master)])
    assert result.exit_code == 1 and "Inga arbetsböcker" in result.output
    assert master.read_bytes() == before
    result = CliRunner().invoke(cli, ["validate", str(empty)])
    assert result.exit_code == 1 and "Inga arbetsböcker" in result.output


def test_the_master_is_never_read_back_as_a_report(reports: Path) -> None:
    master = reports / "oversikt.xlsx"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["consolidate", str(reports), "-o", str(master)])
        assert result.exit_code == 0, result.output
        assert "1 fil läst," in result.output and "olästa" in result.output
    copy = reports.parent / "kopia"
    copy.mkdir()
    (copy / "q1.xlsx").write_bytes((reports / "q1.xlsx").read_bytes())
    (copy / "gammal-oversikt.xlsx").write_bytes(master.read_bytes())  # recognised by its marker
    result = CliRunner().invoke(cli, ["consolidate", str(copy), "-o", str(copy / "ny.xlsx")])
    assert "1 fil läst," in result.output, result.output


def test_a_feedback_copy_in_the_inbox_is_not_read_as_a_second_report(reports: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(reports), "--annotate", str(reports)])
    assert (reports / "q1-kontroll.xlsx").exists(), result.output
    out = reports.parent / "m.xlsx"
    result = CliRunner().invoke(cli, ["consolidate", str(reports), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 fil läst," in result.output and "återkopplingskopia" in result.output
    assert "dubblett" not in result.output


@pytest.mark.parametrize("name", ["m.csv", "m"])
def test_output_must_be_xlsx(reports: Path, tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["consolidate", str(reports), "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and ".xlsx" in result.output
    assert not (tmp_path / name).exists()


def test_bad_settings_exit_2(reports: Path, tmp_path: Path) -> None:
    bad = tmp_path / "fel.toml"
    bad.write_text("[regler]\nokand = 1\n", "utf-8")
    for command in (["validate", str(reports)], ["consolidate", str(reports), "--export", "x"]):
        result = CliRunner().invoke(cli, [*command, "--config", str(bad)])
        assert result.exit_code == 2 and "regler.okand" in result.output


def test_an_unexpected_failure_in_one_file_becomes_olasbar(
    reports: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import finsam_xl.validate as v

    real = v.validate_cellmap

    def flaky(cellmap, **kw):  # a bug that only one file meets
        if "trasig" in cellmap.source:
            raise KeyError("oj")
        return real(cellmap, **kw)

    monkeypatch.setattr(v, "validate_cellmap", flaky)
    (reports / "trasig.xlsx").write_bytes((reports / "q1.xlsx").read_bytes())
    broken = validate_workbook(reports / "trasig.xlsx")
    assert broken.status == "unreadable" and "KeyError" in broken.issues[0].message
    report = v.validate_paths([reports], workers=1)
    assert [f.status for f in report.files] == ["ok", "unreadable"]


def test_exclude_errors_is_the_one_switch() -> None:
    result = CliRunner().invoke(cli, ["consolidate", "--help"])
    assert "--include-errors / --exclude-errors" in result.output


def test_schema_2_fields_reach_the_overview() -> None:
    """Kön ej angivet counts in totalt and has its own column; 2.0's economy is carried."""
    from conftest import EXAMPLES

    from finsam_xl.consolidation import consolidate

    ins = consolidate([EXAMPLES]).tables["insatser"].set_index("insats_namn")
    malmo = ins.loc["Aktivitetscenter"]
    assert malmo["deltagare_totalt_ej_angivet"] == 17  # the seed's anonymous participants
    parts = ("deltagare_totalt_kvinnor", "deltagare_totalt_man", "deltagare_totalt_ej_angivet")
    assert sum(int(malmo[c]) for c in parts) == malmo["deltagare_totalt"]
    assert ins.loc["PROSA – Social Aktivitet", "arsarbetare"] == 1.0  # "Totalt 1,0 tjänst"
    assert pd.isna(ins.loc["Steget vidare", "prognos_ar"])  # not given: empty, not 0
