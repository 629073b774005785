"""The one reader of a register file, for `consolidate --register` and `template --prefill`.

A register is the förbund's list of insatser, one row per insats, as an .xlsx/.xlsm (the sheet
named "Register", else the first) or a .csv (UTF-8, comma or semicolon separated), header row =
column ids (case, spaces and å/ä/ö ignored: "Insats ID" is `insats_id`). Both commands read the
same rows from the same file here; each then takes the columns it needs
(finsam_xl.consolidation.register: the expected reports; finsam_xl.templates.prefill: the
identity fields), so they cannot disagree on what a register says.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from finsam_xl.errors import ConsolidationError, TemplateError
from finsam_xl.schema import normalise_key

# The register's own columns besides the schema's identity fields (docs/prefill.md).
REGISTER_ONLY = ("rapporttyp", "perioder")
# rapporttyp in a register is the cadence: words -> cadence key
CADENCE_WORDS = {
    "kvartal": "kvartal", "kvartalsrapport": "kvartal", "tertial": "tertial",
    "tertialrapport": "tertial", "halvar": "halvar", "halvarsrapport": "halvar",
    "delarsrapport": "halvar", "ar": "ar", "arsrapport": "ar", "arlig": "ar",
    "slut": "slut", "slutrapport": "slut",
}  # fmt: skip
CADENCE_RAPPORTTYP = {
    "kvartal": "kvartalsrapport",
    "tertial": "tertialrapport",
    "halvar": "delarsrapport",
    "ar": "arsrapport",
    "slut": "slutrapport",
}


def column_id(text: object) -> str:
    """A header as a column id: "Insats ID " -> insats_id, "Beviljad från" -> beviljad_fran."""
    return normalise_key(str(text)).replace(" ", "_") if text is not None else ""


def _grid(path: Path, error: type[ConsolidationError] | type[TemplateError]) -> list[list[Any]]:
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise error(f"{path}: registret kan inte läsas ({exc}).", path=path) from exc
        header = text.split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","  # Swedish Excel: ;
        return [list(r) for r in csv.reader(text.splitlines(), delimiter=delimiter)]
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise error(f"{path}: registret ska vara en .xlsx- eller .csv-fil.", path=path)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names: list[str] = book.sheet_names
        name = next((n for n in names if column_id(n) == "register"), names[0])
        grid: list[list[Any]] = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
    except Exception as exc:  # calamine raises its own types for every kind of broken file
        raise error(f"{path}: registret kan inte läsas ({exc}).", path=path) from exc
    return grid


def read_register_rows(
    path: str | Path, error: type[ConsolidationError] | type[TemplateError]
) -> list[dict[str, object]]:
    """Header-keyed rows of a register, keys as column ids, blank cells and lines left out.

    ``error`` is the caller's error type (each command reports in its own terms).
    """
    p = Path(path)
    if not p.exists():
        raise error(f"Registerfilen {p} finns inte.", path=p)
    grid = _grid(p, error)
    if not grid:
        return []
    header = [column_id(h) if h not in (None, "") else "" for h in grid[0]]
    rows = []
    for raw in grid[1:]:
        row = {
            h: v
            for h, v in zip(header, raw, strict=False)
            if h and v is not None and not (isinstance(v, str) and not v.strip())
        }
        rows.append(row)  # blank lines too: the row numbers stay the officer's
    return rows
