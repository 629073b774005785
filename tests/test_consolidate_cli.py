"""End to end on real workbooks: `finsam_xl.consolidation()` and `finsam-xl consolidate`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.consolidation import consolidate

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
    assert kallor.loc["fel.xlsx", "anvand"] == "utesluten"
    assert kallor.loc["trasig.xlsx", "anvand"] == "olasbar"
    assert all(len(str(s)) == 64 for s in kallor["sha256"])
    assert any("~$" in n for n in c.notes) and any("1 annan fil" in n for n in c.notes)
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
    assert master.exists()
    for name in ("insatser", "budget", "kallor", "saknade", "uppfoljning_finsam"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.parquet").exists()
    saknade = pd.read_csv(out / "saknade.csv")
    new = saknade.loc[saknade["insats_id"] == "SFT 77", "status"].tolist()
    assert new == ["saknas", "saknas", "ej-forfallen"]  # two tertials overdue, slut not due
    csv_back = pd.read_csv(out / "kallor.csv")
    assert len(csv_back) == len(pd.read_parquet(out / "kallor.parquet")) == 5
    record = json.loads((out / "korning.json").read_text("utf-8"))
    assert record["options"]["register"] == str(register)
    assert len(record["inputs_sha256"]) == 64
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
    assert refused.exit_code == 1 and "Mina anteckningar" in refused.output
    assert load_workbook(target).sheetnames == ["Mina anteckningar"]  # untouched
    done = CliRunner().invoke(
        cli, ["consolidate", str(report), "-o", str(target), "--replace-foreign"]
    )
    assert done.exit_code == 0, done.output
    assert "Översikt" in load_workbook(target).sheetnames
