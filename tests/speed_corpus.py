"""200 generated reports, the same bytes on every run: the corpus of the speed-equivalence test.

Issue 16 makes reading and validation faster by doing less; this corpus (beside the shipped
examples) pins that nothing a user sees changes. Every field of every template is filled at
random from a fixed seed, with a share of the values wrong on purpose (text amounts, odd dates,
unknown codes, formula-like text, a personnummer, negative counts), and insatser get several
reports each, so the per-file rules, the migration-free 2.0 path and the series rules across files
all run. The workbooks are written with fixed zip and document timestamps, so their sha256 (which
reaches ``kallor`` and ``korning.json``) is the same on every run and machine.

    python -m tests.speed_corpus DIR    # writes the corpus into DIR (to look at it)
    python -m tests.speed_corpus --golden  # rewrites tests/data/speed_golden/ from this code

The golden files are what the code gave before the speed work: regenerate them only when a change
is *meant* to alter what validate or consolidate say (a new field, a new rule, a new column).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from openpyxl import load_workbook

from finsam_xl.codes import CODE_LISTS
from finsam_xl.schema import Field, Kind, fields_for
from finsam_xl.templates import fill_workbook, make_template

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "speed_golden"
AS_OF = date(2025, 1, 1)
SEED = 16
COUNT = 200
FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_W3CDTF = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

ODD_TEXTS = (
    '=HYPERLINK("http://x")',
    "-A4-papper",
    "+46 70 123 45 67",
    "- punkt ett",
    "Deltagare 19121212-1212 ringde",  # Skatteverket's test personnummer
    "  ",
    "@SUM(A1)",
    "Möte med FK och AF, 12 st.",
)
ODD_NUMBERS = ("30 mkr", "1 200,50", "12 000 kr", "ca 40", "-5", "1e400", "", "3.5")
ODD_DATES = ("2024-13-01", "220503", "31/3 2024", "2024-03-31", "mars 2024", "44650")


def _date(rng: random.Random) -> Any:
    if rng.random() < 0.1:
        return rng.choice(ODD_DATES)
    return date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1100))


def _value(rng: random.Random, kind: Kind, code_list: str | None, i: int, odd_rate: float) -> Any:
    odd = rng.random() < odd_rate
    if kind in (Kind.TEXT, Kind.LONGTEXT):
        if odd:
            return rng.choice(ODD_TEXTS)
        words = rng.choice(("Arbetet", "Insatsen", "Gruppen", "Samverkan"))
        return f"{words} {i} fortsätter enligt plan." * (
            1 + rng.randrange(3) * (kind is Kind.LONGTEXT)
        )
    if kind is Kind.EMAIL:
        return "fel.adress@" if odd else f"person{i}@exempel.se"
    if kind is Kind.DATE:
        return _date(rng)
    if kind is Kind.KRONOR:
        return rng.choice(ODD_NUMBERS) if odd else rng.choice((0, rng.randrange(0, 2_000_000)))
    if kind in (Kind.COUNT, Kind.NUMBER):
        if odd:
            return rng.choice(ODD_NUMBERS)
        return rng.randrange(0, 60) if kind is Kind.COUNT else round(rng.uniform(0, 100), 2)
    if kind is Kind.YEAR:
        return "tjugo" if odd else rng.randrange(2022, 2028)
    if kind is Kind.CODE and code_list:
        items = CODE_LISTS[code_list].items
        if odd:
            return "Något annat"
        code, label = rng.choice(items)
        return code if rng.random() < 0.3 else label
    return None


def _field_value(rng: random.Random, f: Field, i: int, ids: dict[str, Any], odd_rate: float) -> Any:
    if f.id in ids:
        return ids[f.id]
    if f.kind is Kind.TABLE:
        n = rng.randrange(0, min(f.rows, 40) + 1)
        return [
            {
                c.id: _value(rng, c.kind, c.code_list, i, odd_rate)
                for c in f.columns
                if rng.random() < 0.85
            }
            for _ in range(n)
        ]
    return _value(rng, f.kind, f.code_list, i, odd_rate)


def _identity(rng: random.Random, i: int) -> dict[str, Any]:
    """Several reports per insats (so the series rules compare them), quarters in order."""
    insats, quarter = divmod(i, 4)
    q = quarter % 4
    fran = date(2024, 3 * q + 1, 1)
    till = date(2024 + (q == 3), (3 * q + 3) % 12 + 1, 1) - timedelta(days=1)
    out: dict[str, Any] = {
        "forbund": f"Samordningsförbundet Slump {insats % 3}",
        "insats_namn": f"Insats {insats}",
        "insats_id": f"SFS 24-{insats:03d}",
        "period_fran": fran,
        "period_till": till,
        "rapportdatum": till + timedelta(days=rng.randrange(-10, 240)),
        "beviljad_fran": date(2024, 1, 1),
        "beviljad_till": date(2025, 12, 31),
    }
    if rng.random() < 0.1:  # a header left empty or broken now and then
        out[rng.choice(list(out))] = rng.choice((None, "okänt"))
    return out


def _stable(data: bytes) -> bytes:
    """The workbook with fixed zip entry times and document timestamps."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _W3CDTF.sub(b"2024-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def make_corpus(folder: Path, count: int = COUNT, seed: int = SEED) -> list[Path]:
    """Write ``count`` reports into ``folder``; the same bytes for the same count and seed."""
    rng = random.Random(seed)
    blanks: dict[str, bytes] = {}
    paths: list[Path] = []
    for i in range(count):
        malltyp = rng.choices(("rapport", "budget", "deltagare"), (14, 3, 3))[0]
        if malltyp not in blanks:
            buf = io.BytesIO()
            make_template(malltyp).save(buf)
            blanks[malltyp] = buf.getvalue()
        wb = load_workbook(io.BytesIO(blanks[malltyp]))
        ids = _identity(rng, i)
        odd_rate = rng.choice((0.0, 0.0, 0.03, 0.1))  # a third of the reports hold no odd value
        values = {
            f.id: _field_value(rng, f, i, ids, odd_rate)
            for f in fields_for(malltyp)
            if not f.formula
            and f.id not in ("malltyp", "mallversion")
            and (f.id in ids or not odd_rate or rng.random() < 0.7)
        }
        fill_workbook(wb, values)
        buf = io.BytesIO()
        wb.save(buf)
        path = folder / f"slump-{i:03d}-{malltyp}.xlsx"
        path.write_bytes(_stable(buf.getvalue()))
        paths.append(path)
    return paths


def _parquet_text(path: Path) -> str:
    """A Parquet file as text: its Arrow schema, the pandas dtypes it restores, every row."""
    table = pq.read_table(path)
    pandas = table.schema.pandas_metadata or {}
    dtypes = [
        (c.get("name"), c.get("pandas_type"), c.get("numpy_type"))
        for c in pandas.get("columns", [])
    ]
    restored = list(table.to_pandas().dtypes.astype(str))
    if int(pd.__version__.split(".")[0]) < 3:
        # pandas 2 restores a "str" column as object (its "str" is numpy's); the golden files
        # were made under pandas 3, which restores it as "str": the file says the same to both
        restored = [
            "str" if meta[2] == "str" and got == "object" else got
            for meta, got in zip(dtypes, restored, strict=False)
        ]
    lines = [str(table.schema.remove_metadata()), repr(dtypes), repr(restored)]
    lines += [repr(row) for row in table.to_pylist()]
    return "\n".join(lines)


def snapshot(root: Path, target: str, workers: int, scratch: Path) -> dict[str, str]:
    """What a user sees of ``target`` (a folder under ``root``, named relative to it, so paths in
    the output do not depend on where the test runs): the JSON of validate, and the export of
    consolidate in both CSV dialects (written under ``scratch``) with its Parquet files as text;
    timestamps removed."""
    from finsam_xl.consolidation import consolidate
    from finsam_xl.consolidation.export import RECORD, export_tables
    from finsam_xl.validate import validate_paths

    cwd = os.getcwd()
    os.chdir(root)
    try:
        out = {"validate.json": validate_paths([target], workers=1).to_json()}
        c = consolidate([target], workers=workers, as_of=AS_OF)
        for fmt in ("standard", "excel"):
            folder = scratch / f"export-{fmt}"
            export_tables(c, folder, csv_format=fmt)
            for path in sorted(folder.iterdir()):  # Parquet does not depend on the dialect
                key = f"{fmt}/{path.name}"
                if path.suffix == ".csv":
                    out[key] = path.read_bytes().decode("utf-8")
                elif path.suffix == ".parquet" and fmt == "standard":  # the same in both
                    out[key] = _parquet_text(path)
                elif path.name == RECORD:
                    record = json.loads(path.read_text(encoding="utf-8"))
                    record.pop("generated_at")
                    out[key] = json.dumps(record, ensure_ascii=False, indent=1)
    finally:
        os.chdir(cwd)
    return out


def golden(name: str) -> dict[str, str]:
    data: dict[str, str] = json.loads(gzip.decompress((GOLDEN / f"{name}.json.gz").read_bytes()))
    return data


def write_golden(name: str, data: dict[str, str]) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True).encode()
    (GOLDEN / f"{name}.json.gz").write_bytes(gzip.compress(text, mtime=0))


def _main(argv: list[str]) -> None:
    import tempfile

    if argv[:1] != ["--golden"]:
        target = Path(argv[0])
        target.mkdir(parents=True, exist_ok=True)
        print(len(make_corpus(target)), "reports in", target)
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp, "slump")
        corpus.mkdir()
        make_corpus(corpus)
        write_golden("generated", snapshot(Path(tmp), "slump", 2, Path(tmp, "out1")))
        write_golden("examples", snapshot(ROOT, "workbooks/examples", 1, Path(tmp, "out2")))


if __name__ == "__main__":
    _main(sys.argv[1:])
