"""`finsam-xl validate` as an officer meets it: order, quiet, progress, guards, paths, messages."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.cli.paths import shown_path
from finsam_xl.cli.progress import Progress
from finsam_xl.issue_order import sheet_order, workbook_order
from finsam_xl.issues import make_issue
from finsam_xl.render import counts_line, plural, render_report
from finsam_xl.validate import FileReport, ValidationReport, find_workbooks

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"
TIMRA = EXAMPLES / "timra-halsoprojektet-slutrapport.xlsx"
OK = EXAMPLES / "steget-vidare-budget.xlsx"


def run(args: list[str]) -> object:
    return CliRunner().invoke(cli, args, prog_name="finsam-xl")


def test_issues_in_workbook_order() -> None:
    issues = [
        make_issue("saknas", sheet="Ekonomi", cell="E13", label="a"),
        make_issue("saknas", sheet="Ekonomi", cell="E8", label="b"),
        make_issue("saknas", sheet="Mål och text", cell="E5", label="c"),
        make_issue("saknas", sheet="Uppgifter", cell="C19", label="d"),
        make_issue("saknas", sheet="Uppgifter", cell="C4", label="e"),
        make_issue("saknas", sheet="Ekonomi", cell="F8", label="f"),
        make_issue("saknas", sheet="Främmande", cell="A1", label="g"),
        make_issue("saknas", sheet="Deltagare", cell="C10:C19", label="h"),
        make_issue("olasbar", detail="i"),
    ]
    order = [f"{i.sheet}!{i.cell}" for i in workbook_order(issues, "rapport")]
    assert order == ["None!None", "Uppgifter!C4", "Uppgifter!C19", "Ekonomi!E8", "Ekonomi!F8",
                     "Ekonomi!E13", "Deltagare!C10:C19", "Mål och text!E5",
                     "Främmande!A1"]  # fmt: skip
    assert sheet_order("budget")[:2] == ["Instruktioner", "Uppgifter"]


def test_cli_prints_timra_in_workbook_order() -> None:
    result = run(["validate", str(TIMRA)])
    positions = [line.split()[1] for line in result.output.splitlines() if line.startswith("  ")]
    sheets = [p.split("!")[0] for p in positions]
    assert positions[:2] == ["Uppgifter!C13", "Uppgifter!C19"]  # the first sheet first, by row
    last_uppgifter = max(i for i, s in enumerate(sheets) if s == "Uppgifter")
    assert last_uppgifter < sheets.index("Ekonomi")
    ekonomi = [p for p in positions if p.startswith("Ekonomi!")]
    rows = [int("".join(ch for ch in p.split("!")[1] if ch.isdigit())) for p in ekonomi]
    assert rows == sorted(rows)  # within a sheet by row


def test_counts_and_summary_use_singular_for_one() -> None:
    assert plural(1, "fil", "filer") == "1 fil" and plural(2, "fil", "filer") == "2 filer"
    report = FileReport("x.xlsx", "rapport", "1.0",
                        [make_issue("saknas", sheet="U", cell="C1", label="a"),
                         make_issue("budgetavvikelse", sheet="E", cell="E8")])  # fmt: skip
    assert counts_line(report) == "1 fel, 1 varning, 0 info"
    assert counts_line(report, english=True) == "1 error, 1 warning, 0 info"
    text = render_report(ValidationReport([report]))
    assert text.splitlines()[-1].startswith("Sammanfattning: 1 fil: ")


def test_quiet_shows_only_files_with_problems_and_one_summary() -> None:
    result = run(["validate", "--quiet", str(OK), str(TIMRA)])
    assert result.exit_code == 1
    assert str(OK) not in result.output and str(TIMRA) in result.output
    assert result.output.strip().splitlines()[-1].startswith("Sammanfattning: 2 filer: 1 ok,")


def test_ok_files_have_no_blank_line_after_them() -> None:
    result = run(["validate", str(OK), str(EXAMPLES / "steget-vidare-deltagare-2024q1.xlsx")])
    lines = result.output.splitlines()
    assert lines[0].startswith("OK") and lines[1].startswith("OK") and lines[2] == ""


def test_progress_bar_on_a_terminal_nothing_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, drawn in ((Tty(), True), (io.StringIO(), False)):
        monkeypatch.setattr("sys.stderr", stream)
        bar = Progress("Läser rapporter")
        for done in range(1, 31):
            bar(done, 30)
        bar.close()
        assert ("Läser rapporter" in stream.getvalue()) is drawn


def test_validate_feeds_the_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr("finsam_xl.cli.progress.Progress.__call__",
                        lambda self, done, total: seen.append((done, total)))  # fmt: skip
    run(["validate", str(OK), str(TIMRA)])
    assert seen == [(1, 2), (2, 2)]


def test_workers_zero_is_refused() -> None:
    result = run(["validate", "--workers", "0", str(OK)])
    assert result.exit_code == 2 and "--workers" in result.output


def test_annotate_with_several_files_needs_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "two.xlsx"
    result = run(["validate", str(OK), str(TIMRA), "--annotate", str(target)])
    assert result.exit_code == 2
    assert "2 filer kontrollerades: ange en mapp för --annotate" in result.output
    assert not target.exists()
    single = run(["validate", str(TIMRA), "--annotate", str(target)])
    assert single.exit_code == 1 and target.is_file()


def test_other_spreadsheets_get_the_same_advice_named_or_in_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("data.csv", "gammal.xls", "kalkyl.ods"):
        (folder / name).write_text("a;b\n", "utf-8")
        _, in_folder = find_workbooks([folder])
        files, named = find_workbooks([folder / name])
        assert files == []
        assert named == [f"{folder / name}: hoppade över ({Path(name).suffix}); spara den som "
                         ".xlsx från mallen."]  # fmt: skip
        assert named[0] in in_folder


def test_skipped_files_are_counted_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(OK, folder / "r.xlsx")
    for name in ("README.md", "a.json", "b.docx"):
        (folder / name).write_text("x", "utf-8")
    files, notes = find_workbooks([folder, folder, folder / "r.xlsx"])
    assert files == [folder / "r.xlsx"]
    assert notes == ["3 andra filer (inte arbetsböcker) hoppades över."]
    (folder / "a.json").unlink()
    (folder / "b.docx").unlink()
    assert find_workbooks([folder])[1] == ["1 annan fil (inte arbetsböcker) hoppades över."]


def test_identical_copies_are_named_as_copies(tmp_path: Path) -> None:
    from finsam_xl.consolidation import consolidate

    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(EXAMPLES / "steget-vidare-kvartalsrapport-2024q1.xlsx", tmp_path / sub)
    result = consolidate([tmp_path], workers=1)
    assert result.summary().startswith(
        "2 filer lästa, 1 används i siffrorna, 1 identisk kopia, 0 ersatta av senare rapporter"
    )
    assert "\n1 insats." in result.summary()
    problem = result.tables["problem"]
    assert problem["message"].str.contains("identisk kopia").any()


def test_output_paths_are_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(tmp_path / "out" / "m.xlsx") == str(Path("out") / "m.xlsx")
    assert shown_path("out/../m.xlsx") == "m.xlsx"
    assert shown_path("/elsewhere/m.xlsx") == "/elsewhere/m.xlsx"
    (tmp_path / "rep").mkdir()
    shutil.copy(OK, tmp_path / "rep" / "r.xlsx")
    result = run(["consolidate", str(tmp_path / "rep"), "-o", str(tmp_path / "out" / "m.xlsx"),
                  "--export", str(tmp_path / "tab")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Skrev {Path('out') / 'm.xlsx'}." in result.output
    assert "Exporterade 21 filer till tab." in result.output or " till tab." in result.output
    template = run(["template", "rapport", "-o", str(tmp_path / "mall.xlsx")])
    assert template.output.strip() == "Skrev mall.xlsx."


def _lab(hex_colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB colour (D65), for a perceptual distance (ΔE76)."""
    h = hex_colour[-6:]
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb)
    x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047
    y = r * 0.2126 + g * 0.7152 + b * 0.0722
    z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883
    fx, fy, fz = (v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_warning_highlight_stands_out_from_the_input_colour() -> None:
    import math

    from finsam_xl.annotate import FILLS
    from finsam_xl.issues import Severity
    from finsam_xl.templates.style import INPUT_FILL

    assert len(set(FILLS.values())) == 3
    cream = _lab(str(INPUT_FILL.fgColor.rgb))
    # Excel's "neutral" FFEB9C, the warning colour before, is ΔE 21 from the input cream
    assert math.dist(_lab("FFEB9C"), cream) < 25
    for severity in (Severity.ERROR, Severity.WARNING):
        assert math.dist(_lab(FILLS[severity]), cream) > 25, severity


def test_kontroll_sheet_uses_the_workbook_font_and_formats_amounts(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "k"
    result = run(["validate", str(TIMRA), "--annotate", str(out)])
    assert result.exit_code == 1
    wb = load_workbook(next(out.glob("*.xlsx")))
    ws = wb["Kontroll"]
    assert ws["A4"].value == "Allvarlighet"
    assert ws["A4"].font.name == wb._fonts[0].name == "Calibri" and ws["A4"].font.b
    from finsam_xl.validate import validate_workbook

    assert ws["B2"].value == counts_line(validate_workbook(TIMRA))
    amounts = {r[2].value: r[5] for r in ws.iter_rows(min_row=5) if isinstance(r[5].value, int)}
    assert amounts["E13"].value == 1373307 and amounts["E13"].number_format == "#,##0"
    listed = [(r[1].value, r[2].value) for r in ws.iter_rows(min_row=5)]
    assert listed[:2] == [("Uppgifter", "C13"), ("Uppgifter", "C19")]  # workbook order
    ekonomi = [int(cell[1:]) for sheet, cell in listed if sheet == "Ekonomi" and cell]
    assert ekonomi == sorted(ekonomi)  # within a sheet by row
    flagged = wb["Ekonomi"]["E13"]  # the budgetavvikelse warning on the total
    assert flagged.fill.fgColor.rgb.endswith("F4B183") and flagged.border.left.style == "medium"


def test_many_feedback_copies_are_counted_after_the_verdicts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(["validate", str(EXAMPLES), "--annotate", "kontroll"])
    lines = result.output.splitlines()
    assert "återkoppling skriven till" not in result.output
    assert lines[-1] == "Återkoppling för 16 filer skriven i kontroll."
    assert lines[-2].startswith("Sammanfattning: 16 filer")
    assert len(list((tmp_path / "kontroll").glob("*.xlsx"))) == 16
