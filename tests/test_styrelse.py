"""The board's view per year (issue 12 items 2 and 4): the Styrelse tables of the overview model,
the master's Styrelse pages, their LibreOffice recalculation, charts and PDF.

The förbund's economy is built here as ``Forbundsar`` objects (the contract the förbund template's
reader fills) for the shipped examples' Samordningsförbundet Sjöbygden, and the insatser table
gets the huvudman columns the templates will carry (``huvudman_part_typ``, ``huvudman_kommun``).
Every expected figure is recomputed from those inputs in this file, not read from the model.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from overview_doors import EXAMPLES
from xlsxwriter.utility import xl_col_to_name

from finsam_xl.consolidation import Consolidation, consolidate
from finsam_xl.forbund import Beslut, Forbundsar, Medlem
from finsam_xl.overview.columns import EJ_ANGIVET, EJ_REDOVISAT
from finsam_xl.overview.model import overview
from finsam_xl.overview.styrelse import board_tables
from finsam_xl.writers.master import write_master
from finsam_xl.writers.recalc import find_soffice, soffice_convert_many
from finsam_xl.writers.styrelse import BOARD_SHEET, PER_INSATS_SHEET

SJO = "Samordningsförbundet Sjöbygden"
STEGET = "SBY 2023-14"  # the shipped Steget vidare reports
NY = "SBY 2024-02"  # decided by the styrelse, no report yet


def _medlemmar(scale: int) -> list[Medlem]:
    return [
        Medlem(
            rad=1,
            namn="Försäkringskassan",
            part_typ="forsakringskassan",
            bidrag_budget=Decimal(500_000 * scale),
            bidrag_utfall=Decimal(500_000 * scale),
        ),
        Medlem(
            rad=2,
            namn="Arbetsförmedlingen",
            part_typ="arbetsformedlingen",
            bidrag_budget=Decimal(0),
        ),
        Medlem(
            rad=3,
            namn="Region Sjöbygd",
            part_typ="region",
            bidrag_budget=Decimal(250_000 * scale),
            bidrag_utfall=Decimal(250_000 * scale),
        ),
        Medlem(
            rad=4,
            namn="Sjöby",
            part_typ="kommun",
            kommunkod="9901",
            nyckel=Decimal(60),
            bidrag_budget=Decimal(150_000 * scale),
        ),
        Medlem(
            rad=5,
            namn="Ådal",
            part_typ="kommun",
            kommunkod="9902",
            nyckel=Decimal(40),
            bidrag_budget=Decimal(100_000 * scale),
        ),
    ]


FA_2024 = Forbundsar(
    forbund=SJO,
    ar=2024,
    medlemmar=_medlemmar(4),
    ovriga_intakter_budget=Decimal(50_000),
    administrativa_kostnader_budget=Decimal(350_000),
    administrativa_kostnader_utfall=Decimal(340_000),
    eget_kapital_ib=Decimal(400_000),
    eget_kapital_ub=Decimal(380_000),
    beslut=[
        Beslut(
            rad=1,
            insats_id=STEGET,
            beslut_datum=date(2023, 11, 20),
            paragraf="§ 12",
            ar=2024,
            belopp=Decimal(1_100_000),
        ),
        Beslut(rad=2, insats_id=STEGET, ar=2025, belopp=Decimal(1_200_000)),
        Beslut(rad=3, insats_id=NY, insats_namn="Jobbspåret", ar=2024, belopp=Decimal(300_000)),
        Beslut(rad=4, insats_id=NY, insats_namn="Jobbspåret", ar=2025, belopp=Decimal(300_000)),
    ],
)
# The next year's workbook: a tilläggsbeslut raises Steget vidare's 2025 (the later one counts).
FA_2025 = Forbundsar(
    forbund=SJO,
    ar=2025,
    medlemmar=_medlemmar(5),
    administrativa_kostnader_budget=Decimal(360_000),
    eget_kapital_ib=Decimal(380_000),
    beslut=[
        Beslut(rad=1, insats_id=STEGET, ar=2025, belopp=Decimal(1_250_000)),
        Beslut(rad=2, insats_id=NY, insats_namn="Jobbspåret", ar=2025, belopp=Decimal(300_000)),
        Beslut(rad=3, insats_id=NY, insats_namn="Jobbspåret", ar=2026, belopp=Decimal(150_000)),
    ],
)


def decided(year: int) -> dict[str, int]:
    """Insats -> kronor for ``year`` by the latest workbook listing that insats and year."""
    out: dict[str, int] = {}
    for fa in sorted([FA_2024, FA_2025], key=lambda f: f.ar or 0):
        mine = [b for b in fa.beslut if b.ar == year and b.belopp is not None]
        for key in {b.insats_id for b in mine}:
            out[str(key)] = int(sum(b.belopp for b in mine if b.insats_id == key))  # type: ignore[misc]
    return out


def expected_year(fa: Forbundsar) -> dict[str, object]:
    tilldelat = sum(int(m.bidrag_budget or 0) for m in fa.medlemmar)
    beslutat = sum(decided(fa.ar or 0).values())
    kvar = (
        tilldelat
        + int(fa.ovriga_intakter_budget or 0)
        - int(fa.administrativa_kostnader_budget or 0)
        - beslutat
    )
    ub = fa.eget_kapital_ub
    return {
        "tilldelade_medel": tilldelat,
        "beslutat_insatser": beslutat,
        "kvar_att_besluta": kvar,
        "eget_kapital_andel": int(ub) / tilldelat if ub is not None else EJ_REDOVISAT,
    }


@pytest.fixture(scope="module")
def board() -> Consolidation:
    c = consolidate([EXAMPLES])
    ins = c.tables["insatser"].copy()
    # The huvudman columns of H17's templates, simulated for Steget vidare only: the others
    # must read "ej angivet", never a guess.
    ins["huvudman_part_typ"] = pd.array(
        [("kommun" if k == STEGET else None) for k in ins["insats_id"]], dtype="string"
    )
    ins["huvudman_kommun"] = pd.array(
        [("Sjöby" if k == STEGET else None) for k in ins["insats_id"]], dtype="string"
    )
    return dataclasses.replace(
        c, tables={**c.tables, "insatser": ins}, forbundsar=(FA_2024, FA_2025)
    )


def _rows(sheet_rows: list[list[object]], ids: list[str]) -> list[dict[str, object]]:
    return [dict(zip(ids, r, strict=True)) for r in sheet_rows]


def test_year_figures_recomputed_from_the_inputs(board: Consolidation) -> None:
    view = overview(board)
    sheet = view.sheets["styrelse_ar"]
    got = {r["ar"]: r for r in _rows(sheet.rows, sheet.ids) if r["forbund"] == SJO}
    for fa in (FA_2024, FA_2025):
        row = got[fa.ar]
        for column, value in expected_year(fa).items():
            want = pytest.approx(value) if isinstance(value, float) else value
            assert row[column] == want, (fa.ar, column, row[column], value)
    # 2024: 4 000 000 + 50 000 − 350 000 − (1 100 000 + 300 000)
    assert got[2024]["kvar_att_besluta"] == 2_300_000
    assert got[2024]["eget_kapital_andel"] == pytest.approx(380_000 / 4_000_000)
    assert "övriga intäkter ej redovisade" in str(got[2025]["tacker"])
    # Another förbund without a workbook: its contributions are not reported, not 0.
    other = next(r for r in _rows(sheet.rows, sheet.ids) if r["forbund"] != SJO)
    assert other["tilldelade_medel"] == EJ_REDOVISAT
    assert other["kvar_att_besluta"] == EJ_REDOVISAT


def test_per_insats_year_beslut_prognos_and_unused_money(board: Consolidation) -> None:
    df = board_tables(board.tables, board.forbundsar)["styrelse_insatser"]
    steget = df[df["insats_id"] == STEGET].set_index("ar")
    assert steget.loc[2024, "medel_ar"] == 1_100_000
    assert steget.loc[2024, "medel_kalla"] == "beslut"
    assert steget.loc[2025, "medel_ar"] == 1_250_000  # the later workbook's tilläggsbeslut
    assert steget.loc[2024, "bundet_kommande_ar"] == 1_250_000
    assert steget.loc[2024, "forbrukat_andel"] == pytest.approx(580_800 / 1_100_000)
    ny = df[df["insats_id"] == NY]
    assert ny["insats_namn"].tolist() == ["Jobbspåret"] * 3  # known before any report
    assert ny["utfall_ar"].isna().all()
    malmo = df[df["forbund"] == "Samordningsförbundet Malmö"].set_index("ar")
    assert malmo.loc[2020, "ej_forbrukat"] == 30_000_000 - 29_805_000  # the slutrapport's 195 000
    assert malmo.loc[2018, "ej_forbrukat"] is pd.NA
    assert malmo.loc[2018, "prognos_ar"] == malmo.loc[2018, "utfall_ar"]  # a closed year


def test_per_medlem_split_recomputed_from_the_inputs(board: Consolidation) -> None:
    view = overview(board)
    sheet = view.sheets["styrelse_medlemmar"]
    rows = {
        (r["huvudman_part_typ"], r["huvudman_kommun"]): r
        for r in _rows(sheet.rows, sheet.ids)
        if r["forbund"] == SJO and r["ar"] == 2024
    }
    money = decided(2024)
    whole = sum(money.values())
    sjoby = rows[("Kommun", "Sjöby")]
    assert sjoby["medel_ar"] == money[STEGET]
    assert sjoby["medel_andel"] == pytest.approx(money[STEGET] / whole)
    contributions = sum(int(m.bidrag_budget or 0) for m in FA_2024.medlemmar)
    sjoby_bidrag = next(int(m.bidrag_budget or 0) for m in FA_2024.medlemmar if m.namn == "Sjöby")
    assert sjoby["bidrag_andel"] == pytest.approx(sjoby_bidrag / contributions)
    unknown = rows[(EJ_ANGIVET, EJ_ANGIVET)]  # Jobbspåret: no report says who runs it
    assert unknown["medel_ar"] == money[NY]
    assert unknown["bidrag_andel"] == EJ_REDOVISAT


@pytest.fixture(scope="module")
def master(board: Consolidation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_master(board, tmp_path_factory.mktemp("styrelse") / "master.xlsx", board_year=2024)


def _key_row(ws: object, forbund: str) -> dict[str, object]:
    cells = list(ws.iter_rows(values_only=True))  # type: ignore[attr-defined]
    header = next(i for i, r in enumerate(cells) if r[0] == "Förbund")
    row = next(r for r in cells[header + 1 :] if r[0] == forbund)
    return dict(zip([str(h) for h in cells[header]], row, strict=False))


def test_master_styrelse_sheet_shows_the_recomputed_figures(master: Path) -> None:
    wb = openpyxl.load_workbook(master, data_only=True)
    assert wb.sheetnames[1:4] == ["Diagram", BOARD_SHEET, PER_INSATS_SHEET]
    row = _key_row(wb[BOARD_SHEET], SJO)
    want = expected_year(FA_2024)
    assert row["Tilldelade medel"] == want["tilldelade_medel"]
    assert row["Beslutat till insatser"] == want["beslutat_insatser"]
    assert row["Kvar att besluta om"] == want["kvar_att_besluta"]
    assert row["Eget kapital av tilldelade"] == pytest.approx(want["eget_kapital_andel"])
    # The kvar cell is arithmetic over its neighbours, not a copy of the model's figure.
    formulas = openpyxl.load_workbook(master)[BOARD_SHEET]
    texts = [str(c.value) for r in formulas.iter_rows() for c in r if c.value is not None]
    assert any(re.search(r"=IF\(AND\(ISNUMBER.*\+N\(.*\)-.*-", t) for t in texts)


@pytest.fixture(scope="module")
def recalculated(master: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("lo")
    return soffice_convert_many([master], "xlsx", out, timeout=240)[0]


def _close(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return ((a in (None, "")) and (b in (None, ""))) or a == b


def test_libreoffice_recalculates_every_board_formula_to_our_value(
    master: Path, recalculated: Path
) -> None:
    ours = openpyxl.load_workbook(master, data_only=True)
    formulas = openpyxl.load_workbook(master)
    theirs = openpyxl.load_workbook(recalculated, data_only=True)
    checked, wrong = 0, []
    for name in (BOARD_SHEET, PER_INSATS_SHEET):
        for row in formulas[name].iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                checked += 1
                a, b = ours[name][cell.coordinate].value, theirs[name][cell.coordinate].value
                if not _close(a, b):
                    wrong.append(f"{name}!{cell.coordinate}: {a!r} / LibreOffice {b!r}")
    assert checked > 100
    assert not wrong, "\n".join(wrong[:20])


def test_board_charts_read_the_board_cells(master: Path) -> None:
    with zipfile.ZipFile(master) as zf:
        xml = {
            n: zf.read(n).decode()
            for n in zf.namelist()
            if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        }
    board_charts = {n: x for n, x in xml.items() if f"<c:f>{BOARD_SHEET}!" in x}
    titles = {n: " ".join(re.findall(r"<a:t>([^<]*)</a:t>", x)) for n, x in board_charts.items()}
    assert len(board_charts) == 5, titles
    wb = openpyxl.load_workbook(master, data_only=True)
    ws = wb[BOARD_SHEET]
    money = next(x for n, x in board_charts.items() if "Årets pengar" in titles[n])
    refs = re.findall(r"<c:f>([^<]*)</c:f>", money)
    categories = [r for r in refs if "$A$" in r]
    values = [r.split("!")[1] for r in refs if "$A$" not in r]
    # Kansli, insatser and kvar of the key table's rows (columns C, D, E), one bar per förbund.
    assert {v[1] for v in values} == {"C", "D", "E"}
    first, last = (int(x) for x in re.findall(r"\d+", values[0]))
    names = [ws[f"A{r}"].value for r in range(first, last + 1)]
    assert SJO in names and categories
    kvar_ref = next(v for v in values if v.startswith("$E$"))
    kvar_row = first + names.index(SJO)
    assert kvar_ref == f"$E${first}:$E${last}"
    assert ws[f"E{kvar_row}"].value == expected_year(FA_2024)["kvar_att_besluta"]
    spent = next(x for n, x in board_charts.items() if "Förbrukat" in titles[n])
    ref = next(r.split("!")[1] for r in re.findall(r"<c:f>([^<]*)</c:f>", spent) if "$E$" in r)
    a, b = (int(x) for x in re.findall(r"\d+", ref))
    assert ws[f"A{a - 1}"].value == "Insats"  # förbrukat of the "Insatserna" table
    shares = [ws[f"E{r}"].value for r in range(a, b + 1)]
    assert pytest.approx(580_800 / 1_100_000) in shares


@pytest.fixture(scope="module")
def board_report(
    board: Consolidation, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, float]:
    """The board PDF of ``board`` for 2024, and the word-box height of 1 pt text (calibrated in
    the same LibreOffice, as tests/test_master_print.py does)."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from statistics import median

    from test_master_print import CALIBRATION_PT, calibration_xlsx, pages

    from finsam_xl.writers.board_pdf import board_pdf

    folder = tmp_path_factory.mktemp("pdf")
    pdf = board_pdf(board, folder / "styrelse.pdf", year=2024)
    calib = soffice_convert_many([calibration_xlsx(folder / "kal.xlsx")], "pdf", folder / "k")[0]
    per_pt = median(w.height for p in pages(calib) for w in p.words) / CALIBRATION_PT
    return pdf, per_pt


def test_board_pdf_is_the_year_page_then_one_page_per_insats(
    board: Consolidation, board_report: tuple[Path, float]
) -> None:
    from test_master_print import MIN_PT, pages

    pdf, per_pt = board_report
    got = pages(pdf)
    insatser = board_tables(board.tables, board.forbundsar)["styrelse_insatser"]
    # the year's page, the per-medlem page, then one per insats (no other sheet is printed)
    assert len(got) == 2 + insatser["insats_id"].nunique()
    assert {p.sheet for p in got} == {BOARD_SHEET, PER_INSATS_SHEET}
    first = " ".join(w.text for w in got[0].words)
    assert "Styrelsens översikt 2024" in first
    assert "2 300 000 kr" in first  # Sjöbygden's kvar att besluta om, Swedish digits
    assert "9,5 %" in first  # its eget kapital share
    assert any("Jobbspåret" in " ".join(w.text for w in p.words) for p in got[2:])
    for page in got:
        smallest = min((w.height / per_pt, w.text) for w in page.words)
        assert smallest[0] >= MIN_PT - 0.05, (page.number, smallest)


def test_board_page_charts_render_to_png(board_report: tuple[Path, float], tmp_path: Path) -> None:
    from test_master_print import pages

    from finsam_xl.writers.recalc import pdf_page_to_png

    pdf, _ = board_report
    words = " ".join(w.text for w in pages(pdf)[0].words)
    for title in (
        "Årets pengar 2024",
        "Förbrukat av årets medel per insats",
        "Deltagit under 2024 per kön",
        "Avslut per utfall",
    ):
        assert title in words  # drawn by LibreOffice as part of its chart
    png = pdf_page_to_png(pdf, tmp_path / "styrelse.png", dpi=60)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(width - 11.69 * 60) <= 2 and abs(height - 8.27 * 60) <= 2  # A4 landscape


def test_board_pdf_has_no_overprinted_text(board_report: tuple[Path, float]) -> None:
    from test_master_print import overprinted, pages

    found = overprinted(pages(board_report[0]))
    assert not found, "\n".join(found[:20])


def test_rapport_command_writes_the_pdf(board_report: tuple[Path, float], tmp_path: Path) -> None:
    from click.testing import CliRunner
    from test_master_print import MIN_PT, overprinted, pages

    from finsam_xl.cli import cli

    out = tmp_path / "styrelse.pdf"
    done = CliRunner().invoke(cli, ["rapport", str(EXAMPLES), "--styrelse", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.read_bytes()[:5] == b"%PDF-"
    # the shipped examples' report, as people get it: ≥ 8 pt, nothing printed over anything
    got, per_pt = pages(out), board_report[1]
    assert "Styrelsens översikt" in " ".join(w.text for w in got[0].words)
    for page in got:
        smallest = min((w.height / per_pt, w.text) for w in page.words)
        assert smallest[0] >= MIN_PT - 0.05, (page.number, smallest)
    found = overprinted(got)
    assert not found, "\n".join(found[:20])
    wrong = CliRunner().invoke(cli, ["rapport", str(EXAMPLES), "--styrelse", "-o", "s.xlsx"])
    assert wrong.exit_code == 2 and ".pdf" in wrong.output
    missing = CliRunner().invoke(cli, ["rapport", str(EXAMPLES), "-o", str(out)])
    assert missing.exit_code == 2 and "--styrelse" in missing.output


def test_a_row_without_insats_key_or_year_is_left_out_not_a_crash(board: Consolidation) -> None:
    # The hostile corpus has reports read only in part: an insats row without its key.
    ins = board.tables["insatser"].copy()
    ins.loc[0, "insats_id"] = None
    uf = board.tables["uppfoljning_finsam"].copy()
    uf.loc[0, "ar"] = None
    tables = board_tables({**board.tables, "insatser": ins, "uppfoljning_finsam": uf}, ())
    assert not tables["styrelse_insatser"].empty


def test_participants_without_kon_are_on_the_board_page_and_in_its_chart(
    board: Consolidation, tmp_path: Path
) -> None:
    """Anonymous participants (kön ej angivet) took part too: the board's table and the stacked
    chart of the year carry them beside kvinnor and män, the per-insats page since start."""
    uf = board.tables["uppfoljning_finsam"].copy()
    at = (uf["insats_id"] == STEGET) & (uf["ar"] == 2024)
    uf.loc[at, "deltagare_ej_angivet"] = 2
    ins = board.tables["insatser"].copy()
    ins.loc[ins["insats_id"] == STEGET, "deltagare_totalt_ej_angivet"] = 2
    tables = {**board.tables, "uppfoljning_finsam": uf, "insatser": ins}
    out = write_master(
        dataclasses.replace(board, tables=tables), tmp_path / "m.xlsx", board_year=2024
    )
    wb = openpyxl.load_workbook(out, data_only=True)
    cells = list(wb[BOARD_SHEET].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(cells) if r[0] == "Insats")
    row = next(r for r in cells[header + 1 :] if r[0] == "Steget vidare")
    got = dict(zip(cells[header], row, strict=False))
    assert (got["Deltagit kvinnor"], got["Deltagit män"], got["Deltagit kön ej angivet"]) == (
        11, 9, 2
    )  # fmt: skip
    page = [r for r in wb[PER_INSATS_SHEET].iter_rows(values_only=True) if r[0]]
    assert ("Deltagare kön ej angivet", 2) in [(r[0], r[1]) for r in page]
    with zipfile.ZipFile(out) as zf:
        people = next(
            x for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
            and "Deltagit under 2024" in (x := zf.read(n).decode())
        )  # fmt: skip
    col = cells[header].index("Deltagit kön ej angivet")
    assert f"{BOARD_SHEET}!${xl_col_to_name(col)}$" in people and "Kön ej angivet" in people


def test_report_lights_say_missing_asked_for_and_no_report(
    board: Consolidation, tmp_path: Path
) -> None:
    """The board table's last column: "Saknas" when the register misses a report of the insats,
    else its Översikt status ("Komplettering begärd" for any kind of komplettering), and
    "Saknar rapport" for an insats decided but never reported."""
    from finsam_xl.consolidation.columns import frame

    missing = frame("saknade", [{"insats_id": STEGET, "insats_namn": "Steget vidare",
                                 "forbund": SJO, "status": "Saknas"}])  # fmt: skip
    c = dataclasses.replace(board, tables={**board.tables, "saknade": missing})
    out = write_master(c, tmp_path / "m.xlsx", board_year=2024)
    cells = list(
        openpyxl.load_workbook(out, data_only=True)[BOARD_SHEET].iter_rows(values_only=True)
    )
    header = next(i for i, r in enumerate(cells) if r[0] == "Insats")
    at = cells[header].index("Rapporter")
    lights = {r[0]: r[at] for r in cells[header + 1 :] if r[0] and r[at]}
    assert lights["Steget vidare"] == "Saknas"
    assert lights["Jobbspåret"] == "Saknar rapport"
    # every other insats: its first Översikt row's status, read the slow, plain way here
    view = overview(c).sheets["insatser"]
    for name, light in lights.items():
        if name in ("Steget vidare", "Jobbspåret"):
            continue
        row = next(r for r in view.rows if r[view.ids.index("insats_namn")] == name)
        status = str(row[view.ids.index("status")] or "")
        assert light == ("Komplettering begärd" if status.startswith("Komplettering") else status)
    assert len(lights) >= 3
