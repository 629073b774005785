"""End to end on real workbooks: `finsam_xl.consolidation()` and `finsam-xl consolidate`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.consolidation import consolidate

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"

Q2 = {
    "period_fran": date(2024, 4, 1),
    "period_till": date(2024, 6, 30),
    "rapportdatum": date(2024, 7, 10),
    "utfall_lonekostnader": 200_000,
    "utfall_ack_lonekostnader": 395_000,
    "utfall_lokalkostnader": 30_000,
    "utfall_ack_lokalkostnader": 60_000,
    "utfall_aktiviteter": 20_000,
    "utfall_ack_aktiviteter": 38_000,
}


def folder(make_report: Callable[..., Path], tmp_path: Path) -> Path:
    """tmp_path/in: Q1, Q2, a resubmitted Q2, a file with errors, a broken file, an Excel lock
    file and a stray text file (outputs go beside it, never into it)."""
    src = tmp_path / "in"
    src.mkdir()
    made = [
        make_report(name="q1.xlsx"),
        make_report(name="q2.xlsx", **Q2),
        make_report(name="q2-ny.xlsx", **(Q2 | {"rapportdatum": date(2024, 7, 20)})),
        make_report(name="fel.xlsx", insats_id="SFT 9", rapporttyp="Okänd typ"),
    ]
    for path in made:
        path.rename(src / path.name)
    (src / "~$q1.xlsx").write_bytes(b"lock")
    (src / "trasig.xlsx").write_bytes(b"not a zip")
    (src / "notes.txt").write_text("hej", "utf-8")
    return src


def test_consolidate_real_files(make_report: Callable[..., Path], tmp_path: Path) -> None:
    c = consolidate([folder(make_report, tmp_path)])
    kallor = c.tables["kallor"].set_index(c.tables["kallor"]["file"].map(lambda f: Path(f).name))
    assert kallor.loc["q2.xlsx", "anvand"] == "ersatt"
    assert kallor.loc["q2-ny.xlsx", "anvand"] == "ja"
    assert kallor.loc["fel.xlsx", "anvand"] == "ja"  # errors count, marked (board trust)
    assert kallor.loc["trasig.xlsx", "anvand"] == "olasbar"
    assert all(len(str(s)) == 64 for s in kallor["sha256"])
    assert any("~$" in n for n in c.notes) and any("1 annan fil " in n for n in c.notes)
    ins = c.tables["insatser"].set_index("insats_id")
    assert ins.loc["SFT 24-1", "utfall_ack_summa"] == 395_000 + 60_000 + 38_000
    assert ins.loc["SFT 24-1", "senaste_period_till"] == date(2024, 6, 30)
    assert ins.loc["SFT 9", "status"] == "fel"


def test_cli_export_and_master(make_report: Callable[..., Path], tmp_path: Path) -> None:
    src = folder(make_report, tmp_path)
    register = tmp_path / "register.csv"
    register.write_text(
        "insats_id,insats_namn,beviljad_fran,beviljad_till,rapporttyp\n"
        "SFT 24-1,Steget vidare,2024-01-01,2025-12-31,kvartal\n"
        "SFT 77,Ny insats,2024-01-01,2024-12-31,tertial\n",
        "utf-8",
    )
    out = tmp_path / "out"
    master = tmp_path / "master.xlsx"
    args = ["consolidate", str(src), "--export", str(out), "-o", str(master), "--register",
            str(register), "--as-of", "2024-11-01", "--mask-under", "3"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "filer lästa" in result.output and "Fel i" in result.output
    # files with warnings only are counted (their rows are in Problem), never listed as errors
    kallor = pd.read_parquet(out / "kallor.parquet")
    warned = int((kallor["status"] == "warnings").sum())
    assert warned >= 1
    said = f"  {warned} fil{'' if warned == 1 else 'er'} har varningar men inga fel"
    assert said in result.output
    assert master.exists()
    for name in ("insatser", "budget", "kallor", "saknade", "uppfoljning_finsam"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists()
    # the CLI's default CSV is the Excel dialect (semicolon, decimal comma, BOM)
    assert (out / "saknade.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    saknade = pd.read_csv(out / "saknade.csv", sep=";", decimal=",", encoding="utf-8-sig")
    new = saknade.loc[saknade["insats_id"] == "SFT 77", "status"].tolist()
    assert new == ["saknas", "saknas", "ej-forfallen"]  # two tertials overdue, slut not due
    csv_back = pd.read_csv(out / "kallor.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert len(csv_back) == len(pd.read_parquet(out / "kallor.parquet")) == 5
    record = json.loads((out / "korning.json").read_text("utf-8"))
    assert record["options"]["register"] == str(register)
    assert len(record["inputs_sha256"]) == 64
    assert record["csv_format"] == "excel"
    strict = CliRunner().invoke(cli, [*args[:4], "--strict"])
    assert strict.exit_code == 1


def test_cli_needs_an_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["consolidate", str(tmp_path)])
    assert result.exit_code == 2
    assert "--export" in result.output


def test_exports_are_byte_identical_across_runs(
    make_report: Callable[..., Path], tmp_path: Path
) -> None:
    src = folder(make_report, tmp_path)
    for run in ("a", "b"):
        CliRunner().invoke(cli, ["consolidate", str(src), "--export", str(tmp_path / run)])
    for csv in sorted((tmp_path / "a").glob("*.csv")):
        assert csv.read_bytes() == (tmp_path / "b" / csv.name).read_bytes(), csv.name


def test_foreign_sheets_are_refused_then_replaced_on_request(tmp_path: Path, make_report) -> None:
    from openpyxl import Workbook, load_workbook

    target = tmp_path / "oversikt.xlsx"
    wb = Workbook()
    wb.active.title = "Mina anteckningar"
    wb.save(target)
    report = make_report(name="r.xlsx")
    refused = CliRunner().invoke(cli, ["consolidate", str(report), "-o", str(target)])
    assert refused.exit_code == 2 and "Mina anteckningar" in refused.output
    assert load_workbook(target).sheetnames == ["Mina anteckningar"]  # untouched
    done = CliRunner().invoke(
        cli, ["consolidate", str(report), "-o", str(target), "--replace-foreign"]
    )
    assert done.exit_code == 0, done.output
    assert "Översikt" in load_workbook(target).sheetnames


def test_published_tables_carry_no_absolute_path(tmp_path: Path) -> None:
    """Issue 13: a folder or file given as an absolute path (as the Excel button does, and as
    C:\\Users\\<name>\\… on Windows would be) never reaches the master or the exports."""
    import zipfile

    from finsam_xl.cli import main as cli_main

    home = tmp_path / "Users" / "anna.svensson"
    reports = home / "Rapporter"
    reports.mkdir(parents=True)
    for name in ("steget-vidare-kvartalsrapport-2024q1.xlsx", "torsby-prosa-slutrapport.xlsx"):
        (reports / name).write_bytes((EXAMPLES / name).read_bytes())
    named = home / "resan-kvartalsrapport-2022q4.xlsx"
    named.write_bytes((EXAMPLES / "resan-kvartalsrapport-2022q4.xlsx").read_bytes())
    out = tmp_path / "ut"
    with pytest.raises(SystemExit):
        cli_main(["consolidate", str(reports), str(named), "-o", str(out / "m.xlsx"),
                  "--export", str(out / "exp")])  # fmt: skip
    written = [out / "m.xlsx", *(out / "exp").iterdir()]
    assert len(written) > 10
    for path in written:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".parquet":
            text = pd.read_parquet(path).to_csv()
        else:
            text = path.read_text("utf-8-sig")
        assert "anna.svensson" not in text and str(tmp_path) not in text, path.name
    kallor = pd.read_parquet(out / "exp" / "kallor.parquet")
    assert sorted(kallor["file"]) == [
        "resan-kvartalsrapport-2022q4.xlsx",
        "steget-vidare-kvartalsrapport-2024q1.xlsx",
        "torsby-prosa-slutrapport.xlsx",
    ]


def test_published_names_stay_unique_and_relative(tmp_path: Path) -> None:
    from finsam_xl.consolidation.published import published_names

    a, b = tmp_path / "a" / "Rapporter", tmp_path / "b" / "Rapporter"
    files = [str(a / "x.xlsx"), str(b / "x.xlsx"), str(a / "q1" / "y.xlsx"), "rel/z.xlsx"]
    for f in files[:3]:
        Path(f).parent.mkdir(parents=True, exist_ok=True)
        Path(f).write_bytes(b"")
    names = published_names([a, b, "rel"], files)
    assert names == {
        str(a / "x.xlsx"): "a/Rapporter/x.xlsx",
        str(b / "x.xlsx"): "b/Rapporter/x.xlsx",
        str(a / "q1" / "y.xlsx"): "q1/y.xlsx",
    }  # the relative one is kept as given, so not renamed
