"""CSV exports: two dialects, formula neutralisation (OWASP), the folder swapped in whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from finsam_xl.consolidation import consolidate
from finsam_xl.consolidation.export import export_tables
from finsam_xl.errors import ConsolidationError
from finsam_xl.writers import csv_out
from finsam_xl.writers.csv_out import neutralise, write_csv
from finsam_xl.writers.recalc import find_soffice, soffice_convert

EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"

PAYLOADS = ["=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C calc'!A0", "+SUM(1,2)", "-1+2",
            "@SUM(A1)", "\t=1+2", "\r=1+2"]  # fmt: skip


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_start_is_neutralised(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Steget vidare", "SFT 24-1", "", "'redan", "100 kr"])
def test_plain_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "insats_id": ["=cmd|' /C calc'!A0", "SFT 1"],
            "kommentar": ["-1+2", "Bra"],
            "antal": [-5, 12],  # real numbers, negative ones too, stay numbers
            "andel": [0.242, -1.5],
            "maskat": [3, "<5"],  # a masked count column: ints and markers
            "till": [date(2024, 6, 30), None],
        }
    )


def test_standard_dialect_neutralises_text_and_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(table(), path, "standard")
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert raw.decode("utf-8").splitlines() == [
        "insats_id,kommentar,antal,andel,maskat,till",
        "'=cmd|' /C calc'!A0,'-1+2,-5,0.242,3,2024-06-30",
        "SFT 1,Bra,12,-1.5,<5,",
    ]


def test_excel_dialect_is_semicolon_decimal_comma_bom(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(table(), path, "excel")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").split("\r\n")[:3] == [
        "insats_id;kommentar;antal;andel;maskat;till",
        "'=cmd|' /C calc'!A0;'-1+2;-5;0,242;3;2024-06-30",
        "SFT 1;Bra;12;-1,5;<5;",
    ]
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert back["andel"].tolist() == [0.242, -1.5] and back["antal"].tolist() == [-5, 12]


def test_unknown_dialect_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="excel, standard"):
        write_csv(table(), tmp_path / "t.csv", "tsv")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def examples() -> object:
    return consolidate([EXAMPLES], workers=1)


def test_export_replaces_an_earlier_export_whole(examples: object, tmp_path: Path) -> None:
    out = tmp_path / "tabeller"
    export_tables(examples, out)  # type: ignore[arg-type]
    (out / "gammal.csv").write_text("från en äldre version\n", "utf-8")
    export_tables(examples, out, csv_format="excel")  # type: ignore[arg-type]
    assert not (out / "gammal.csv").exists()
    assert (out / "insatser.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(csv_out.TEMP_PREFIX)]


def test_export_never_writes_through_a_planted_symlink(examples: object, tmp_path: Path) -> None:
    out = tmp_path / "tabeller"
    export_tables(examples, out)  # type: ignore[arg-type]
    victim = tmp_path / "victim.txt"
    victim.write_text("orörd\n", "utf-8")
    (out / "insatser.csv").unlink()
    (out / "insatser.csv").symlink_to(victim)
    export_tables(examples, out)  # type: ignore[arg-type]
    assert victim.read_text("utf-8") == "orörd\n"
    assert not (out / "insatser.csv").is_symlink()


def test_export_refuses_a_folder_with_other_files(examples: object, tmp_path: Path) -> None:
    out = tmp_path / "mina-filer"
    out.mkdir()
    (out / "anteckningar.docx").write_bytes(b"mine")
    with pytest.raises(ConsolidationError, match=r"anteckningar\.docx"):
        export_tables(examples, out)  # type: ignore[arg-type]
    assert (out / "anteckningar.docx").read_bytes() == b"mine"
    assert [p.name for p in out.iterdir()] == ["anteckningar.docx"]


def test_a_run_that_fails_midway_leaves_the_earlier_export(
    examples: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tabeller"
    export_tables(examples, out)  # type: ignore[arg-type]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []

    def dies_on_third(df: pd.DataFrame, path: Path, fmt: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        csv_out.write_csv(df, path, fmt)  # type: ignore[arg-type]

    monkeypatch.setattr("finsam_xl.consolidation.export.write_csv", dies_on_third)
    with pytest.raises(ConsolidationError, match="No space left"):
        export_tables(examples, out, csv_format="excel")  # type: ignore[arg-type]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["tabeller"]


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_excel_csv_in_swedish_libreoffice_gives_the_parquet_numbers(
    examples: object, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "tabeller"
    export_tables(examples, out, csv_format="excel")  # type: ignore[arg-type]
    # The import a Swedish double-click gets: ';' separator, '"' quotes, UTF-8 (76), from line 1,
    # Swedish number recognition (language 1053), special numbers (dates) detected.
    infilter = "CSV:59,34,76,1,,1053,false,true"
    checked = 0
    for name in ("insatser", "budget", "uppfoljning_finsam"):
        xlsx = soffice_convert(out / f"{name}.csv", "xlsx", tmp_path / "lo", timeout=180,
                               locale="sv-SE", infilter=infilter)  # fmt: skip
        ws = load_workbook(xlsx).active
        rows = list(ws.iter_rows(values_only=True))
        parquet = pd.read_parquet(out / f"{name}.parquet")
        assert list(rows[0]) == list(parquet.columns)
        assert len(rows) - 1 == len(parquet)
        for col_no, col in enumerate(parquet.columns):
            dtype = parquet[col].dtype
            if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
                continue
            for row, expected in zip(rows[1:], parquet[col], strict=True):
                got = row[col_no]
                if pd.isna(expected):
                    assert got is None, (name, col)
                    continue
                assert isinstance(got, int | float), (name, col, got)
                assert got == pytest.approx(float(expected), rel=1e-12), (name, col)
                checked += 1
    assert checked > 50


def test_an_export_open_in_excel_is_kept_whole_and_named(
    examples: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows refuses to move a folder holding a file open in Excel; so does the swap's 2nd step
    out = tmp_path / "tabeller"
    export_tables(examples, out)  # type: ignore[arg-type]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = csv_out.os.replace
    calls: list[tuple[str, str]] = []

    def refuses_second(src: object, dst: object) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 2:
            raise PermissionError(13, "Permission denied")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_out.os, "replace", refuses_second)
    with pytest.raises(ConsolidationError, match="öppen i ett annat program"):
        export_tables(examples, out, csv_format="excel")  # type: ignore[arg-type]
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["tabeller"]
