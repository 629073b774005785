"""validate end to end: real files through the reader, rules, the CLI, JSON and annotated copies."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from finsam_xl.annotate import annotate_workbook
from finsam_xl.cli import cli
from finsam_xl.validate import find_workbooks, validate_paths, validate_workbook


def fields_codes(report) -> set[tuple[str | None, str]]:
    return {(i.field, i.code) for i in report.issues}


def test_clean_report_is_ok(make_report) -> None:
    report = validate_workbook(make_report())
    assert report.status == "ok", [(i.code, i.field, i.message) for i in report.issues]
    assert report.malltyp == "rapport" and report.mallversion == "2.0"
    assert report.sha256 and len(report.sha256) == 64


def test_problems_name_sheet_and_cell(make_report) -> None:
    path = make_report(beviljat_belopp=None, kontakt_epost="kim(at)testby.se",
                       period_till="2022123", deltagare_nya_under30=12)  # fmt: skip
    report = validate_workbook(path)
    got = fields_codes(report)
    assert {
        ("beviljat_belopp", "saknas"),
        ("kontakt_epost", "ogiltig-epost"),
        ("period_till", "fel-typ"),
        ("deltagare_nya_under30", "under30-for-stor"),
    } <= got
    wb = load_workbook(path)
    for issue in report.issues:
        if issue.field == "beviljat_belopp":
            dn = wb.defined_names["beviljat_belopp"]
            sheet, ref = next(iter(dn.destinations))
            assert (issue.sheet, issue.cell) == (sheet, ref.replace("$", ""))
    assert report.status == "errors"


def test_personnummer_never_repeated(make_report) -> None:
    report = validate_workbook(make_report(text_analys="Deltagaren 19850101-1236 slutade."))
    hits = [i for i in report.issues if i.code == "personnummer"]
    assert len(hits) == 1
    blob = json.dumps([i.to_dict() for i in report.issues], ensure_ascii=False)
    assert "1236" not in blob and "850101" not in blob


def test_formula_looking_text_is_kept_as_text(make_report) -> None:
    report = validate_workbook(make_report(text_analys='=IMPORTXML("http://example.com","//a")'))
    hits = [i for i in report.issues if i.code == "formel-i-text"]
    assert len(hits) == 1 and hits[0].severity == "warning"
    assert report.model.texter["text_analys"].startswith("=IMPORTXML")  # type: ignore[union-attr]


def test_broken_file_does_not_stop_the_batch(tmp_path: Path, make_report) -> None:
    good = make_report(name="a.xlsx")
    (tmp_path / "b.xlsx").write_text("inte en arbetsbok", encoding="utf-8")
    truncated = tmp_path / "c.xlsx"
    truncated.write_bytes(good.read_bytes()[:2000])
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    report = validate_paths([tmp_path])
    status = {Path(f.file).name: f.status for f in report.files}
    assert status == {"a.xlsx": "ok", "b.xlsx": "unreadable", "c.xlsx": "unreadable"}
    assert any("~$a.xlsx" in n for n in report.notes)
    bad = next(f for f in report.files if f.file.endswith("b.xlsx"))
    assert bad.issues[0].code == "olasbar" and "b.xlsx" in bad.issues[0].message
    assert report.exit_code == 1


def test_find_workbooks_reads_named_files_whatever_their_suffix(tmp_path: Path) -> None:
    odd = tmp_path / "rapport.txt"
    odd.write_text("x")
    files, notes = find_workbooks([odd, tmp_path / "missing.xlsx"])
    assert files == [odd] and any("finns inte" in n for n in notes)


def test_cli_json_equals_library_and_exit_codes(make_report) -> None:
    ok, bad = make_report(name="ok.xlsx"), make_report(name="bad.xlsx", beviljat_belopp=None)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(ok), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == validate_paths([ok]).to_dict()
    result = runner.invoke(cli, ["validate", str(ok), str(bad), "--format", "json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["schema"] == 2
    status = {Path(f["file"]).name: f["status"] for f in payload["files"]}
    assert status == {"ok.xlsx": "ok", "bad.xlsx": "errors"}
    issue = next(f for f in payload["files"] if f["status"] == "errors")["issues"][0]
    assert set(issue) == {"code", "severity", "sheet", "cell", "field", "message", "value"}
    assert runner.invoke(cli, ["validate", "--format", "xml", str(ok)]).exit_code == 2


def test_cli_text_report_is_swedish_and_grouped(make_report) -> None:
    bad = make_report(name="bad.xlsx", beviljat_belopp=None)
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "FEL" in result.output and "saknas" in result.output
    assert "Sammanfattning: 1 fil:" in result.output
    english = CliRunner().invoke(cli, ["validate", str(bad), "--english"])
    assert "Summary: 1 file:" in english.output and "is missing" in english.output


def test_annotated_copy_leaves_original_untouched(tmp_path: Path, make_report) -> None:
    src = make_report(name="rapport.xlsx", beviljat_belopp=None, deltagare_nya_under30=12)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    report = validate_workbook(src)
    out = tmp_path / "ut" / "rapport-kontroll.xlsx"
    done = annotate_workbook(src, report, out)
    assert done.kind == "kopia"
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Kontroll"
    issue = next(i for i in report.issues if i.field == "beviljat_belopp")
    cell = wb[issue.sheet][issue.cell]
    assert cell.comment is not None and "saknas" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    kontroll = wb["Kontroll"]
    links = [c.hyperlink.location or c.hyperlink.target for c in kontroll["C"] if c.hyperlink]
    assert any(issue.cell in (link or "") for link in links)
    # a second run on the copy replaces the Kontroll sheet rather than adding another
    again = annotate_workbook(out, validate_workbook(out), tmp_path / "again.xlsx")
    assert load_workbook(again.path).sheetnames.count("Kontroll") == 1


def test_annotate_refuses_to_overwrite_the_original(make_report) -> None:
    src = make_report(beviljat_belopp=None)
    before = src.read_bytes()
    result = CliRunner().invoke(cli, ["validate", str(src), "--annotate", str(src)])
    # The copy is refused for that file (one line) and the verdict is printed all the same:
    # the exit code is the report's (it has an error).
    assert result.exit_code == 1 and "originalet" in result.output
    assert src.read_bytes() == before


def test_macro_file_gets_a_separate_feedback_workbook(tmp_path: Path, make_report) -> None:
    src = make_report(name="rapport.xlsx", beviljat_belopp=None)
    xlsm = tmp_path / "rapport.xlsm"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(xlsm, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0fake vba")
    report = validate_workbook(xlsm)
    assert ("beviljat_belopp", "saknas") in fields_codes(report)
    done = annotate_workbook(xlsm, report, tmp_path / "aterkoppling.xlsx")
    assert done.kind == "aterkoppling" and "makron" in done.reason
    wb = load_workbook(done.path)
    assert wb.sheetnames == ["Kontroll"]
    with zipfile.ZipFile(done.path) as z:
        assert "xl/vbaProject.bin" not in z.namelist()


def test_annotate_folder_mode(tmp_path: Path, make_report) -> None:
    make_report(name="a.xlsx")
    make_report(name="b.xlsx", beviljat_belopp=None)
    out = tmp_path / "kontroll"
    result = CliRunner().invoke(cli, ["validate", str(tmp_path), "--annotate", str(out)])
    assert sorted(p.name for p in out.iterdir()) == ["a-kontroll.xlsx", "b-kontroll.xlsx"]
    assert result.exit_code == 1


def test_dates_survive_as_real_dates(make_report) -> None:
    report = validate_workbook(make_report(period_fran=date(2024, 1, 1)))
    assert report.model is not None and report.model.period_fran == date(2024, 1, 1)  # type: ignore[union-attr]


def test_content_past_the_limits_is_reported_not_silently_skipped(tmp_path: Path) -> None:
    from finsam_xl.templates import fill_workbook, make_template
    from tests.conftest import CLEAN_RAPPORT

    wb = make_template("rapport")
    fill_workbook(wb, CLEAN_RAPPORT)
    wb["Mål och text"].cell(row=1_048_576, column=2).value = "långt ner"
    path = tmp_path / "lang.xlsx"
    wb.save(path)
    report = validate_workbook(path)
    hits = [i for i in report.issues if i.code == "fel-mall"]
    assert len(hits) == 1 and hits[0].severity == "warning" and hits[0].sheet == "Mål och text"
    assert report.status == "warnings"


def test_kontroll_shows_a_dropdown_value_by_its_label_top_aligned(tmp_path: Path) -> None:
    """Tidaholm's slutrapport leaves its goals 'Ej bedömt': the Kontroll sheet shows the label
    the projektledare chose, not the code ej_bedomt, and its cell links sit at the row's top."""
    src = Path(__file__).parent.parent / "workbooks/examples"
    src = src / "tidaholm-fordjupad-samverkan-slutrapport.xlsx"
    report = validate_workbook(src)
    copy = annotate_workbook(src, report, tmp_path / "kopia.xlsx")
    kontroll = load_workbook(copy.path)["Kontroll"]
    rows = [[c.value for c in row] for row in kontroll.iter_rows(min_row=5)]
    goals = [r for r in rows if r[3] == "slutrapport-ej-bedomd"]
    assert goals and all(r[5] == "Ej bedömt" for r in goals)
    assert {kontroll.cell(row=r, column=3).alignment.vertical for r in range(5, 5 + len(rows))} == {
        "top"
    }
