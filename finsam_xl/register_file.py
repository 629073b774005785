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
import re
from datetime import date
from pathlib import Path
from typing import Any

from finsam_xl.cellmap import RawValue
from finsam_xl.codes import CODE_LISTS
from finsam_xl.errors import ConsolidationError, TemplateError
from finsam_xl.forbund.model import Medlem
from finsam_xl.parse import parse_code, parse_number, parse_text
from finsam_xl.schema import normalise_key

# The register's own columns besides the schema's identity fields (docs/prefill.md).
REGISTER_ONLY = (
    "rapporttyp", "perioder", "huvudman_part_typ", "huvudman_kommun", "preciserad_inriktning",
    "malgrupp", "uppfoljningsmetod", "esf_finansiering", "beslut_datum", "beslut_paragraf",
)  # fmt: skip
YEAR_AMOUNT = re.compile(r"belopp_\d{4}")  # belopp_2024: kronor granted for that year
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
            raise _unreadable(error, path, exc) from exc
        header = text.split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","  # Swedish Excel: ;
        return [list(r) for r in csv.reader(text.splitlines(), delimiter=delimiter)]
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise error(
            f"{path}: registret ska vara en .xlsx- eller .csv-fil.",
            path=path,
            en=f"{path}: the register must be an .xlsx or .csv file.",
        )
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names: list[str] = book.sheet_names
        name = next((n for n in names if column_id(n) == "register"), names[0])
        grid: list[list[Any]] = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
    except Exception as exc:  # calamine raises its own types for every kind of broken file
        raise _unreadable(error, path, exc) from exc
    return grid


def _unreadable(
    error: type[ConsolidationError] | type[TemplateError], path: Path, exc: Exception
) -> ConsolidationError | TemplateError:
    return error(
        f"{path}: registret kan inte läsas ({exc}).",
        path=path,
        en=f"{path}: the register cannot be read ({exc}).",
    )


def read_register_rows(
    path: str | Path, error: type[ConsolidationError] | type[TemplateError]
) -> list[dict[str, object]]:
    """Header-keyed rows of a register, keys as column ids, blank cells and lines left out.

    ``error`` is the caller's error type (each command reports in its own terms).
    """
    p = Path(path)
    if not p.exists():
        raise error(f"Registerfilen {p} finns inte.", path=p, en=f"The register {p} is missing.")
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


MEDLEMMAR = "medlemmar"  # the sheet of an .xlsx register that lists the förbund's members


def read_members(
    path: str | Path, error: type[ConsolidationError] | type[TemplateError]
) -> tuple[Medlem, ...]:
    """The förbund's members and their keys from an .xlsx register's sheet "Medlemmar" (columns
    namn, part_typ, kommunkod, nyckel: percent of the kommuner's quarter); none in a .csv."""
    p = Path(path)
    if p.suffix.lower() not in (".xlsx", ".xlsm"):
        return ()
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(p))
        name = next((n for n in book.sheet_names if column_id(n) == MEDLEMMAR), None)
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=True) if name else []
    except Exception as exc:  # calamine raises its own types for every kind of broken file
        raise _unreadable(error, p, exc) from exc
    if not grid:
        return ()
    header = [column_id(h) for h in grid[0]]
    members = []

    def cell(row: dict[str, Any], key: str) -> RawValue:
        value = row.get(key)
        return value if isinstance(value, str | int | float | date) else None

    for index, raw in enumerate(grid[1:]):
        row = dict(zip(header, raw, strict=False))
        where = f"{p.name}, bladet Medlemmar, rad {index + 2}"
        where_en = f"{p.name}, sheet Medlemmar, row {index + 2}"
        if not any(v not in (None, "") for v in row.values()):
            continue
        part = parse_code(cell(row, "part_typ"), CODE_LISTS["part_typ"].items)
        nyckel = parse_number(cell(row, "nyckel"))
        if part.code is not None or nyckel.code is not None:
            raise error(
                f"{where}: typ av part eller nyckel kan inte läsas.",
                path=p,
                en=f"{where_en}: the type of party or the key cannot be read.",
            )
        kommunkod = parse_text(cell(row, "kommunkod")).value
        members.append(
            Medlem(
                rad=index,
                namn=parse_text(cell(row, "namn")).value,
                part_typ=part.value,
                kommunkod=kommunkod.zfill(4) if kommunkod and kommunkod.isdigit() else kommunkod,
                nyckel=nyckel.value,
            )
        )
    return tuple(members)
