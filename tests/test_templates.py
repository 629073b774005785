"""Templates honour the schema contract: names, shapes, dropdowns, locks, formulas, round trips."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import CHECK_PREFIX, AreaRef, a1, parse_area
from finsam_xl.errors import TemplateError
from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_RADER,
    KOSTNADSSLAG,
    MALLVERSION,
    Kind,
    Malltyp,
    fields_for,
)
from finsam_xl.templates import (
    fill_workbook,
    make_template,
    write_prefilled_templates,
    write_template,
)
from finsam_xl.templates.build import workbook_bytes

MALLTYPER = [m.value for m in Malltyp]
COMMITTED = Path(__file__).resolve().parent.parent / "workbooks" / "templates"


def names(wb: Workbook) -> dict[str, AreaRef]:
    """The fields' names (the live checks' own kontroll_ names are no fields)."""
    return {
        n: parse_area(d.attr_text)
        for n, d in wb.defined_names.items()
        if not n.startswith(CHECK_PREFIX)
    }


def roundtrip(wb: Workbook, **kw: Any) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)), **kw)


def cells_of(area: AreaRef) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r in range(area.min_row, area.max_row + 1)
        for c in range(area.min_col, area.max_col + 1)
    ]


def validations_at(ws: Worksheet, row: int, col: int) -> list[Any]:
    return [dv for dv in ws.data_validations.dataValidation if a1(row, col) in dv.sqref]


@pytest.fixture(scope="module", params=MALLTYPER)
def template(request: pytest.FixtureRequest) -> tuple[str, Workbook]:
    return request.param, roundtrip(make_template(request.param))


def test_every_field_is_a_name_of_the_right_shape(template: tuple[str, Workbook]) -> None:
    malltyp, wb = template
    found = names(wb)
    expected = fields_for(malltyp)
    assert list(found) == [f.id for f in expected]
    for f in expected:
        area = found[f.id]
        assert area.sheet in wb.sheetnames
        height, width = area.max_row - area.min_row + 1, area.max_col - area.min_col + 1
        shape = (f.rows, len(f.columns)) if f.kind is Kind.TABLE else (1, 1)
        assert (height, width) == shape, f.id


def test_code_cells_have_dropdowns_with_the_schema_labels(template: tuple[str, Workbook]) -> None:
    malltyp, wb = template
    found = names(wb)
    listor = wb["Listor"]
    assert listor.sheet_state == "hidden" and listor.protection.sheet
    for f in fields_for(malltyp):
        columns = f.columns or ((None,) if f.code_list else ())
        for j, column in enumerate(columns):
            code_list = column.code_list if column else f.code_list
            if code_list is None or f.id == "malltyp":
                continue
            area = found[f.id]
            for r, c in cells_of(area):
                if column is not None and c != area.min_col + j:
                    continue
                lists = [dv for dv in validations_at(wb[area.sheet], r, c) if dv.type == "list"]
                assert len(lists) == 1, (f.id, r, c)
                dv = lists[0]
                assert dv.showInputMessage and dv.prompt and dv.showErrorMessage and dv.error
                src = parse_area(dv.formula1)
                labels = [listor.cell(rr, src.min_col).value for rr, _ in cells_of(src)]
                assert labels == list(CODE_LISTS[code_list].labels), f.id


def test_dates_and_amounts_have_formats_and_messages(template: tuple[str, Workbook]) -> None:
    malltyp, wb = template
    found = names(wb)
    for f in fields_for(malltyp):
        if f.kind not in (Kind.DATE, Kind.KRONOR) or f.formula:
            continue
        area = found[f.id]
        cell = wb[area.sheet].cell(area.min_row, area.min_col)
        dvs = validations_at(wb[area.sheet], area.min_row, area.min_col)
        if f.kind is Kind.DATE:
            assert cell.number_format == "yyyy-mm-dd"
            assert [dv.type for dv in dvs] == ["date"] and "ÅÅÅÅ-MM-DD" in dvs[0].prompt
        else:
            assert "#,##0" in cell.number_format and "kr" in cell.number_format
            assert dvs and dvs[0].prompt


def test_only_input_cells_are_unlocked(template: tuple[str, Workbook]) -> None:
    malltyp, wb = template
    found = names(wb)
    inputs: set[tuple[str, int, int]] = set()
    for f in fields_for(malltyp):
        area = found[f.id]
        locked = f.formula or f.group == "meta"
        for r, c in cells_of(area):
            assert wb[area.sheet].cell(r, c).protection.locked is locked, (f.id, r, c)
            if not locked:
                inputs.add((area.sheet, r, c))
    for ws in wb.worksheets:
        assert ws.protection.sheet and not ws.protection.password
        assert ws.protection.formatColumns is False and ws.protection.formatRows is False
        merged = {(ws.title, r, c) for m in ws.merged_cells.ranges for r, c in m.cells}
        for row in ws.iter_rows():
            for cell in row:
                key = (ws.title, cell.row, cell.column)
                if not cell.protection.locked:
                    assert key in inputs or key in merged, key
                if cell.value is not None and key not in inputs:
                    assert cell.protection.locked, key


def test_properties_and_meta_cells(template: tuple[str, Workbook]) -> None:
    malltyp, wb = template
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props == {"malltyp": malltyp, "mallversion": MALLVERSION}
    assert wb.properties.creator == "finsam-xl"
    found = names(wb)
    for fid, value in (("malltyp", malltyp), ("mallversion", MALLVERSION)):
        area = found[fid]
        assert wb[area.sheet].cell(area.min_row, area.min_col).value == value
    assert wb.sheetnames[0] == "Instruktioner"
    text = " ".join(str(c.value) for row in wb["Instruktioner"].iter_rows() for c in row)
    assert "gula" in text and "ÅÅÅÅ-MM-DD" in text and "personnummer" in text


def test_sum_formulas_cover_their_parts() -> None:
    wb = make_template("rapport")
    found = names(wb)
    for prefix in ("budget", "utfall", "utfall_ack"):
        total = found[f"{prefix}_summa"]
        formula = wb[total.sheet].cell(total.min_row, total.min_col).value
        parts = [found[f"{prefix}_{slag}"] for slag in KOSTNADSSLAG]
        first, last = parts[0], parts[-1]
        assert (
            formula == f"=SUM({a1(first.min_row, first.min_col)}:{a1(last.min_row, last.min_col)})"
        )
        assert all(p.min_col == total.min_col and p.sheet == total.sheet for p in parts)
    for rad in DELTAGAR_RADER:
        total = found[f"deltagare_{rad}_totalt"]
        formula = wb[total.sheet].cell(total.min_row, total.min_col).value
        refs = [found[f"deltagare_{rad}_{k}"] for k in ("kvinnor", "man", "ej_angivet")]
        assert formula == "=" + "+".join(a1(r.min_row, r.min_col) for r in refs)


def test_fill_save_load_puts_values_where_the_names_point() -> None:
    wb = make_template("rapport")
    values: dict[str, Any] = {
        "insats_namn": "Steget vidare",
        "beviljad_fran": date(2024, 1, 1),
        "budget_lonekostnader": 450_000,
        "deltagare_nya_kvinnor": 7,
        "mal": [
            ["Fler i arbete", 10, "Antal", None, 6, "Delvis"],
            {"mal": "Nätverk", "uppnatt": "Ja"},
        ],
        "samverkande_parter": [{"organisation": "Region Väst", "part_typ": "Region"}],
        "text_analys": "=HYPERLINK(1)",  # typed into a text cell: stays text
        "utfall_material": "=1+2",  # a formula where formulas belong
    }
    fill_workbook(wb, values)
    back = roundtrip(wb)
    found = names(back)

    def at(fid: str, dr: int = 0, dc: int = 0) -> Any:
        area = found[fid]
        return back[area.sheet].cell(area.min_row + dr, area.min_col + dc).value

    assert at("insats_namn") == "Steget vidare"
    assert at("beviljad_fran").date() == date(2024, 1, 1)
    assert at("budget_lonekostnader") == 450_000 and at("deltagare_nya_kvinnor") == 7
    assert [at("mal", 0, j) for j in (0, 1, 2, 4, 5)] == ["Fler i arbete", 10, "Antal", 6, "Delvis"]
    assert (at("mal", 1, 0), at("mal", 1, 5), at("mal", 2, 0)) == ("Nätverk", "Ja", None)
    assert at("samverkande_parter", 0, 1) == "Region"
    assert "Steget vidare" in back["Ekonomi"].oddHeader.left.text
    analys, material = found["text_analys"], found["utfall_material"]
    assert back[analys.sheet].cell(analys.min_row, analys.min_col).data_type == "s"
    assert back[material.sheet].cell(material.min_row, material.min_col).data_type == "f"


@pytest.mark.parametrize(
    ("values", "needle"),
    [
        ({"finns_inte": 1}, "finns_inte"),
        ({"budgetar": [[2024]]}, "budgetar"),  # a budget field, not in a rapport
        ({"mal": [["x"]] * 11}, "mal"),
        ({"mal": [{"malet": "x"}]}, "malet"),
        ({"mal": [["a", 1, "Antal", "Minst", 2, "Ja", "k", "extra"]]}, "mal"),
    ],
)
def test_fill_rejects_what_does_not_fit(values: dict[str, Any], needle: str) -> None:
    with pytest.raises(TemplateError, match=needle):
        fill_workbook(make_template("rapport"), values)


def test_prefill_validates_keys_and_converts_values() -> None:
    wb = make_template(
        "rapport",
        prefill={"insats_namn": "A", "period_fran": "2024-01-01", "inriktning": "individinriktad"},
    )
    found = names(wb)
    area = found["period_fran"]
    assert wb[area.sheet].cell(area.min_row, area.min_col).value == date(2024, 1, 1)
    area = found["inriktning"]
    assert wb[area.sheet].cell(area.min_row, area.min_col).value == "Individinriktad"
    with pytest.raises(TemplateError, match="budget_material"):
        make_template("rapport", prefill={"budget_material": 5})
    with pytest.raises(TemplateError, match="beviljad_till"):
        make_template("budget", prefill={"beviljad_till": "31/12"})


def test_register_makes_one_file_per_row(tmp_path: Path) -> None:
    register = tmp_path / "register.csv"
    register.write_text(
        "insats_id;insats_namn;forbund\nSFG 22/8;Åter i arbete;Förbundet\n;Steg: två?;Förbundet\n",
        encoding="utf-8",
    )
    written = write_prefilled_templates("rapport", register, tmp_path / "ut")
    assert sorted(p.name for p in written) == [
        "rapport SFG 22-8 Åter i arbete.xlsx",
        "rapport Steg- två.xlsx",
    ]
    wb = openpyxl.load_workbook(written[0])
    area = names(wb)["insats_namn"]
    assert wb[area.sheet].cell(area.min_row, area.min_col).value == "Åter i arbete"
    with pytest.raises(TemplateError, match="finns redan"):
        write_prefilled_templates("rapport", register, tmp_path / "ut")


@pytest.mark.parametrize("malltyp", MALLTYPER)
def test_committed_templates_are_up_to_date(malltyp: str, tmp_path: Path) -> None:
    committed = COMMITTED / f"{malltyp}.xlsx"
    fresh_path = write_template(malltyp, tmp_path / f"{malltyp}.xlsx")
    old, new = openpyxl.load_workbook(committed), openpyxl.load_workbook(fresh_path)
    hint = "kör python scripts/make_templates.py"
    assert names(old) == names(new), hint
    assert old.sheetnames == new.sheetnames, hint
    for ws_old, ws_new in zip(old.worksheets, new.worksheets, strict=True):
        assert [[c.value for c in r] for r in ws_old.iter_rows()] == [
            [c.value for c in r] for r in ws_new.iter_rows()
        ], hint
        dv_old = [
            (d.type, d.formula1, str(d.sqref), d.prompt)
            for d in ws_old.data_validations.dataValidation
        ]
        dv_new = [
            (d.type, d.formula1, str(d.sqref), d.prompt)
            for d in ws_new.data_validations.dataValidation
        ]
        assert dv_old == dv_new, hint
    assert committed.read_bytes() == fresh_path.read_bytes(), hint


@pytest.mark.libreoffice
def test_libreoffice_recalculates_a_filled_rapport(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    values: dict[str, Any] = {"beviljad_fran": date(2024, 1, 1), "period_till": date(2024, 6, 30)}
    for i, slag in enumerate(KOSTNADSSLAG):
        values[f"budget_{slag}"] = 100_000 * (i + 1)
        values[f"utfall_{slag}"] = 12_345 + i
        values[f"utfall_ack_{slag}"] = 20_000 * i
    values.update(deltagare_nya_kvinnor=4, deltagare_nya_man=3)
    wb = make_template("rapport")
    fill_workbook(wb, values)
    source = tmp_path / "in" / "rapport.xlsx"
    source.parent.mkdir()
    source.write_bytes(workbook_bytes(wb))
    out = tmp_path / "out"
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs must not clash
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    back = openpyxl.load_workbook(out / "rapport.xlsx", data_only=True)
    found = names(back)

    def at(fid: str) -> Any:
        area = found[fid]
        return back[area.sheet].cell(area.min_row, area.min_col).value

    for prefix in ("budget", "utfall", "utfall_ack"):
        expected = sum(values[f"{prefix}_{slag}"] for slag in KOSTNADSSLAG)
        assert at(f"{prefix}_summa") == expected
        assert at(f"{prefix}_{KOSTNADSSLAG[1]}") == values[f"{prefix}_{KOSTNADSSLAG[1]}"]
    assert at("deltagare_nya_totalt") == 7
    assert at("period_till").date() == date(2024, 6, 30)
    assert at("beviljad_fran").date() == date(2024, 1, 1)
    assert set(found) == {f.id for f in fields_for("rapport")}


@pytest.mark.parametrize("malltyp", list(Malltyp))
def test_input_message_titles_fit_excel_and_are_not_cut_mid_word(malltyp: Malltyp) -> None:
    """Excel shows (and stores) 32 characters of a promptTitle; a longer one is cut mid-word."""
    wb = make_template(malltyp)
    titles = [
        dv.promptTitle
        for ws in wb.worksheets
        for dv in ws.data_validations.dataValidation
        if dv.promptTitle
    ]
    assert titles
    too_long = [t for t in titles if len(t) > 32]
    assert too_long == []
    labels = {f.label for f in fields_for(malltyp)} | {f.short for f in fields_for(malltyp)}
    labels |= {c.label for f in fields_for(malltyp) for c in f.columns}
    # a title is a whole label or short form, or ends at a word with "…"
    odd = [t for t in titles if t not in labels and not t.endswith("…")]
    assert odd == []
