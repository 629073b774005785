"""The master workbook: what every reader sees in it, its totals, and that writing it loses nothing.

Read back with python-calamine (which never recalculates: it sees only cached results) and
openpyxl; recalculated by LibreOffice where installed. Expected figures come from pandas over the
fixture's own tables, never from the workbook.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from master_fixtures import HOSTILE, FakeConsolidation, make_consolidation
from python_calamine import CalamineWorkbook

from finsam_xl.errors import ConsolidationError
from finsam_xl.overview.columns import SHEET_TITLES, TABLES
from finsam_xl.schema import UTFALL
from finsam_xl.writers import master as master_mod
from finsam_xl.writers import safe_write
from finsam_xl.writers.master import OVERVIEW_HEADER_ROW, sheet_titles, write_master
from finsam_xl.writers.recalc import find_soffice, pdf_page_to_png, soffice_convert
from finsam_xl.writers.totals import criteria

HEADERS = {t.id: {c.id: c.sv for c in t.columns} for t in TABLES.values()}

EXPECTED_SHEETS = [
    "Översikt", "Diagram", "Budget", "Deltagare", "Avslut", "Mål",
    "Saknade rapporter", "Påminnelser", "Problem", "Källor",
]  # fmt: skip
SUMMED = ["beviljat_belopp", "budget_summa", "utfall_ack_summa", "deltagare_totalt", "mal_totalt"]

Written = tuple[Path, FakeConsolidation]
needs_lo = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")


def rows(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def totals_by_label(path: Path) -> tuple[list[object], dict[str, list[object]]]:
    """Översikt's header row and its totals rows keyed by their label."""
    data = rows(path, "Översikt")
    header = data[OVERVIEW_HEADER_ROW]
    # The label sits in the insats name column, which is always shown.
    at = header.index(HEADERS["insatser"]["insats_namn"])
    labelled = {str(r[at]): r for r in data[OVERVIEW_HEADER_ROW + 1 :]}
    return header, {k: r for k, r in labelled.items() if k.strip()}


def expected_totals(ins: pd.DataFrame) -> dict[str, dict[str, float]]:
    """pandas' totals per inriktning, per förbund (when several) and overall."""
    num = {c: pd.to_numeric(ins[c].astype(object), errors="coerce") for c in SUMMED}
    groups = {
        label: ins["inriktning"] == code
        for label, code in [
            ("Summa individinriktad", "individinriktad"),
            ("Summa strukturövergripande", "strukturovergripande"),
        ]
        if (ins["inriktning"] == code).any()  # no row for an inriktning nobody has
    }
    names = sorted(ins["forbund"].unique())
    if len(names) > 1:
        groups |= {f"Summa {n}": ins["forbund"] == n for n in names}
    groups["Hela förbundet" if len(names) == 1 else "Alla förbund"] = ins["forbund"].notna()
    return {label: {c: float(num[c][mask].sum()) for c in SUMMED} for label, mask in groups.items()}


def expected_share(ins: pd.DataFrame, label: str) -> float:
    """Förbrukat over the group's insatser that reported both utfall and beviljat."""
    part = pd.to_numeric(ins["utfall_ack_summa"].astype(object), errors="coerce")
    whole = pd.to_numeric(ins["beviljat_belopp"].astype(object), errors="coerce")
    mask = part.notna() & whole.notna()
    if label.startswith("Summa ") and label[6:] in set(ins["forbund"]):
        mask &= ins["forbund"] == label[6:]
    elif label == "Summa individinriktad":
        mask &= ins["inriktning"] == "individinriktad"
    elif label == "Summa strukturövergripande":
        mask &= ins["inriktning"] == "strukturovergripande"
    return float(part[mask].sum() / whole[mask].sum())


def assert_totals(path: Path, ins: pd.DataFrame) -> None:
    header, found = totals_by_label(path)
    cols = {c: header.index(HEADERS["insatser"][c]) for c in [*SUMMED, "forbrukat_andel"]}
    expected = expected_totals(ins)
    for label, sums in expected.items():
        row = found[label]
        assert {c: row[cols[c]] for c in SUMMED} == pytest.approx(sums), label
        assert row[cols["forbrukat_andel"]] == pytest.approx(expected_share(ins, label)), label


@pytest.fixture
def written(tmp_path: Path) -> Written:
    consolidation = make_consolidation()
    return write_master(consolidation, tmp_path / "master.xlsx"), consolidation


def test_sheets_headers_and_values_read_back(written: Written) -> None:
    path, c = written
    assert CalamineWorkbook.from_path(str(path)).sheet_names == EXPECTED_SHEETS
    ins = c.tables["insatser"]
    data = rows(path, "Översikt")
    at = list(ins.columns).index("insats_namn")  # title and totals labels stand above the names
    assert data[0][at].startswith("Finansieringsöversikt – Samordningsförbundet Exempelbygd")
    assert data[OVERVIEW_HEADER_ROW] == [HEADERS["insatser"][col] for col in ins.columns]
    first = dict(zip(ins.columns, data[OVERVIEW_HEADER_ROW + 1], strict=True))
    assert first["insats_id"] == "SFE 23-1.1"
    assert first["inriktning"] == "Individinriktad"  # the label, not the code
    assert first["beviljad_fran"] == dt.date(2023, 1, 1)
    assert first["beviljat_belopp"] == 1_800_000
    assert first["status"] == "OK"
    budget = rows(path, "Budget")
    assert budget[0] == [HEADERS["budget"][col] for col in c.tables["budget"].columns]
    assert len(budget) == 1 + len(c.tables["budget"])


def test_cached_totals_equal_pandas_in_calamine_and_openpyxl(written: Written) -> None:
    path, c = written
    ins = c.tables["insatser"]
    assert_totals(path, ins)
    # The totals are formulas (so they follow edits), not pasted numbers.
    ws = openpyxl.load_workbook(path)["Översikt"]
    formulas = [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("SUMPRODUCT(" in f for f in formulas)  # per group, through the group's cell
    assert any("SUM($" in f for f in formulas)
    cached = openpyxl.load_workbook(path, data_only=True)["Översikt"]
    values = [[cell.value for cell in row] for row in cached.iter_rows()]
    overall = next(r for r in values if "Hela förbundet" in r)
    col = values[OVERVIEW_HEADER_ROW].index(HEADERS["insatser"]["beviljat_belopp"])
    assert overall[col] == ins["beviljat_belopp"].sum()


def test_masked_counts_stay_text_and_totals_skip_them(tmp_path: Path) -> None:
    c = make_consolidation(masked=True)
    path = write_master(c, tmp_path / "master.xlsx")
    header, _ = totals_by_label(path)
    data = rows(path, "Översikt")
    man = header.index(HEADERS["insatser"]["deltagare_totalt_man"])
    assert data[OVERVIEW_HEADER_ROW + 2][man] == "<5"
    assert_totals(path, c.tables["insatser"])


def test_submitted_text_never_becomes_a_formula_or_link(written: Written) -> None:
    path, _ = written
    problem = rows(path, "Problem")
    assert [v for r in problem for v in r if v == HOSTILE] == [HOSTILE]
    ws = openpyxl.load_workbook(path)["Problem"]
    cell = next(cell for row in ws.iter_rows() for cell in row if cell.value == HOSTILE)
    assert cell.data_type == "s"
    with zipfile.ZipFile(path) as zf:
        sheet_xml = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        problem_xml = zf.read(sorted(sheet_xml, key=lambda n: int(re.sub(r"\D", "", n)))[8])
    assert b"<f>" not in problem_xml and b"hyperlink" not in problem_xml.lower()


def test_document_properties_record_run_and_sheets(written: Written) -> None:
    path, c = written
    names, ours = safe_write.read_sheet_names(path)
    assert names == EXPECTED_SHEETS and ours == EXPECTED_SHEETS
    props = openpyxl.load_workbook(path).custom_doc_props
    by_name = {p.name: p.value for p in props.props}
    assert by_name["finsam_xl_version"] == c.tool_version
    assert by_name["inputs_sha256"] == c.inputs_sha256
    assert by_name["generated_at"] == "2025-02-14T09:30:00"


def test_every_table_sheet_is_an_excel_table_with_frozen_header(written: Written) -> None:
    path, _ = written
    with zipfile.ZipFile(path) as zf:
        tables = [n for n in zf.namelist() if re.fullmatch(r"xl/tables/table\d+\.xml", n)]
        assert len(tables) == len(EXPECTED_SHEETS) - 1  # all but Diagram
        assert all(b"<autoFilter" in zf.read(n) for n in tables)
    wb = openpyxl.load_workbook(path)
    assert wb["Budget"].freeze_panes == "A2"
    assert wb["Översikt"].freeze_panes == f"D{OVERVIEW_HEADER_ROW + 2}"
    assert wb["Översikt"].page_setup.orientation == "landscape"
    row = OVERVIEW_HEADER_ROW + 1
    assert wb["Översikt"].print_title_rows == f"${row}:${row}"


def test_diagram_sheet_has_three_charts_and_exit_totals(written: Written) -> None:
    path, c = written
    with zipfile.ZipFile(path) as zf:
        assert len([n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]) == 3
    avslut = c.tables["avslut"]
    avslut = avslut[avslut["i_oversikten"]]  # the exits Översikt counts, not every report's
    shown = outcome_table(path)
    assert (
        shown["I arbete (även subventionerat)"]
        == avslut.loc[avslut.utfall == "arbete", "antal"].sum()
    )
    assert sum(shown.values()) == avslut["antal"].sum()  # type: ignore[arg-type]


def outcome_table(path: Path) -> dict[str, object]:
    """The Diagram sheet's exits per outcome, label -> count."""
    data = rows(path, "Diagram")
    top = next(i for i, r in enumerate(data) if str(r[0]).startswith("Avslut per utfall"))
    return {str(r[0]): r[1] for r in data[top + 1 : top + 1 + len(UTFALL)]}


def test_empty_register_tables_get_no_sheet(tmp_path: Path) -> None:
    c = make_consolidation()
    c.tables["saknade"] = c.tables["saknade"].iloc[0:0]
    c.tables["paminnelser"] = c.tables["paminnelser"].iloc[0:0]
    path = write_master(c, tmp_path / "master.xlsx")
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == [n for n in EXPECTED_SHEETS if n not in ("Saknade rapporter", "Påminnelser")]


def test_sheet_titles_are_valid_and_unique() -> None:
    titles = sheet_titles(["insatser", "x" * 40, "y" * 40, "a/b"])
    assert titles["insatser"] == SHEET_TITLES["insatser"]
    assert all(len(t) <= 31 for t in titles.values())
    assert len({t.casefold() for t in titles.values()}) == 4
    assert titles["a/b"] == "a-b"


def test_criteria_escapes_wildcards() -> None:
    assert criteria("Förbund * Syd?") == '"=Förbund ~* Syd~?"'
    assert criteria('Säg "hej"') == '"=Säg ""hej"""'


# --- nothing lost ---------------------------------------------------------------------------


@pytest.mark.parametrize("lock", ["~$master.xlsx", ".~lock.master.xlsx#"])
def test_open_in_excel_refuses_and_keeps_old(written: Written, lock: str) -> None:
    path, _ = written
    before = path.read_bytes()
    (path.parent / lock).write_text("owner")
    with pytest.raises(ConsolidationError, match="öppen i"):
        write_master(make_consolidation(), path)
    assert path.read_bytes() == before


def test_unwritable_folder_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can write anywhere, so the permission answer is simulated at the one place it is asked.
    real = os.access
    monkeypatch.setattr(
        safe_write.os, "access", lambda p, m: False if Path(p) == tmp_path else real(p, m)
    )
    with pytest.raises(ConsolidationError, match="skrivskyddad"):
        write_master(make_consolidation(), tmp_path / "master.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_folder_refuses_for_real(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ConsolidationError):
            write_master(make_consolidation(), folder / "master.xlsx")
    finally:
        folder.chmod(0o700)


def test_foreign_workbook_refused_then_replaced_on_request(tmp_path: Path) -> None:
    target = tmp_path / "master.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Mina anteckningar"
    wb.save(target)
    before = target.read_bytes()
    with pytest.raises(ConsolidationError, match=r"'Mina anteckningar'.*--replace-foreign"):
        write_master(make_consolidation(), target)
    assert target.read_bytes() == before
    write_master(make_consolidation(), target, overwrite_foreign=True)
    assert CalamineWorkbook.from_path(str(target)).sheet_names == EXPECTED_SHEETS


def test_sheet_added_to_a_master_is_named_and_kept(written: Written) -> None:
    path, _ = written
    wb = openpyxl.load_workbook(path)  # a person adds a sheet and saves in a spreadsheet program
    wb.create_sheet("Egna noteringar")
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(ConsolidationError) as caught:
        write_master(make_consolidation(), path)
    assert "'Egna noteringar'" in str(caught.value) and "'Översikt'" not in str(caught.value)
    assert path.read_bytes() == before


def test_previous_master_is_replaced_cleanly(written: Written) -> None:
    path, _ = written
    newer = make_consolidation(register=False)
    newer.generated_at = dt.datetime(2025, 3, 1, 8, 0)
    write_master(newer, path)
    names, ours = safe_write.read_sheet_names(path)
    assert "Saknade rapporter" not in names and names == ours
    at = list(newer.tables["insatser"].columns).index("insats_namn")
    assert rows(path, "Översikt")[1][at].startswith("Skapad 2025-03-01 08:00")
    assert [p.name for p in path.parent.iterdir()] == ["master.xlsx"]


def test_failure_mid_write_leaves_old_file_and_no_temp(
    written: Written, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = written
    before = path.read_bytes()

    def boom(*args: object) -> None:
        raise RuntimeError("simulated crash while drawing charts")

    monkeypatch.setattr(master_mod.charts, "add_charts", boom)
    with pytest.raises(RuntimeError, match="simulated"):
        write_master(make_consolidation(), path)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["master.xlsx"]


@pytest.mark.parametrize("kind", ["text", "folder"])
def test_target_that_is_no_workbook_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "master.xlsx"
    if kind == "text":
        target.write_text("inte en arbetsbok")
    else:
        target.mkdir()
    with pytest.raises(ConsolidationError):
        write_master(make_consolidation(), target)
    assert target.is_dir() if kind == "folder" else target.read_text() == "inte en arbetsbok"


# --- LibreOffice ----------------------------------------------------------------------------


@needs_lo
@pytest.mark.libreoffice
def test_libreoffice_recalculated_totals_equal_pandas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two förbund (one name with wildcard characters) so the per-förbund SUMIFS are checked too,
    # and wrong cached totals, so only a real recalculation can produce pandas' figures.
    c = make_consolidation(second_forbund="Samordningsförbundet Syd* (prov?)")
    real = master_mod.overview

    def stale(consolidation: object) -> object:
        view = real(consolidation)  # type: ignore[arg-type]
        ins = view.sheets["insatser"]
        ins.totals = [dataclasses.replace(t, sums=dict.fromkeys(t.sums, -1)) for t in ins.totals]
        return view

    monkeypatch.setattr(master_mod, "overview", stale)
    path = write_master(c, tmp_path / "master.xlsx")
    header, stale = totals_by_label(path)
    assert stale["Alla förbund"][header.index(HEADERS["insatser"]["beviljat_belopp"])] == -1
    recalculated = soffice_convert(path, "xlsx", tmp_path / "lo", timeout=180)
    assert_totals(recalculated, c.tables["insatser"])
    avslut = c.tables["avslut"]
    in_figures = avslut.loc[avslut["i_oversikten"], "antal"].sum()
    assert sum(outcome_table(recalculated).values()) == in_figures  # type: ignore[arg-type]


@needs_lo
@pytest.mark.libreoffice
def test_libreoffice_pdf_and_docs_png(tmp_path: Path) -> None:
    path = write_master(make_consolidation(), tmp_path / "master.xlsx")
    pdf = soffice_convert(path, "pdf", tmp_path / "pdf", timeout=180, locale="sv-SE")
    assert pdf.read_bytes().startswith(b"%PDF")
    png = pdf_page_to_png(pdf, tmp_path / "p1.png", dpi=60, top=0.4)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    import importlib.util

    script = Path(__file__).resolve().parent.parent / "scripts" / "render_overview_png.py"
    spec = importlib.util.spec_from_file_location("render_overview_png", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(path), "-o", str(tmp_path / "doc.png"), "--dpi", "60"]) == 0
    assert (tmp_path / "doc.png").stat().st_size > 1000


def test_every_custom_property_fits_excels_255_units(tmp_path: Path) -> None:
    """Office truncates a custom property's text past 255 UTF-16 units; the sheet list
    of the examples' master (25 sheets) is longer, so it is stored in parts and read back whole."""
    from overview_doors import EXAMPLES

    from finsam_xl.consolidation import consolidate

    out = tmp_path / "m.xlsx"
    write_master(consolidate([EXAMPLES]), out)
    with zipfile.ZipFile(out) as zf:
        custom = zf.read("docProps/custom.xml").decode()
    texts = re.findall(r"<vt:lpwstr>(.*?)</vt:lpwstr>", custom)
    assert texts and all(len(t.encode("utf-16-le")) // 2 <= 255 for t in texts)
    assert "finsam_xl_sheets_2" in custom  # the list did need a second part
    names, ours = safe_write.read_sheet_names(out)
    assert ours == names


LONG_NAMES = ["Blad 𝔸 " + "ö" * 40 + str(n) for n in range(30)]  # 𝔸: two UTF-16 units


@pytest.mark.parametrize("made", [[], ["Översikt"], LONG_NAMES])
def test_the_sheet_list_parts_join_to_the_list(made: list[str]) -> None:
    parts = safe_write.sheet_list_properties(made)
    assert parts[0][0] == "finsam_xl_sheets"
    assert all(len(text.encode("utf-16-le")) // 2 <= 255 for _, text in parts)
    assert json.loads("".join(text for _, text in parts)) == made


def test_the_title_counts_a_forbund_that_sent_only_its_own_workbook(tmp_path: Path) -> None:
    from overview_doors import EXAMPLES

    from finsam_xl.consolidation import consolidate

    c = consolidate([EXAMPLES])
    insatser = set(c.tables["insatser"]["forbund"])
    assert "Samordningsförbundet Exempelbygd" not in insatser  # its forbund workbook only
    assert master_mod.overview_title(c) == f"Finansieringsöversikt – {len(insatser) + 1} förbund"


def test_the_package_is_deflated_at_level_3_and_xlsxwriter_left_as_it_was(
    written: Written,
) -> None:
    import zlib

    import xlsxwriter.workbook

    from finsam_xl.writers.packing import DEFLATE_LEVEL

    def deflated(data: bytes, level: int) -> int:
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(packer.compress(data) + packer.flush())

    path, _ = written
    differs = 0
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data = z.read(info)
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            assert info.compress_size == deflated(data, DEFLATE_LEVEL), info.filename
            differs += deflated(data, 6) != deflated(data, DEFLATE_LEVEL)
    assert DEFLATE_LEVEL == 3 and differs  # some part tells level 3 from zlib's default
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
