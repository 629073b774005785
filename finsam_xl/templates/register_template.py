"""The register as a workbook the kansli keeps: `finsam-xl template register -o register.xlsx`.

Sheet "Register", one row per insats, headers that are Swedish words and the column ids at once
("Beviljad från" is read as `beviljad_fran`, see finsam_xl.register_file), with dropdowns and an
input message per column; sheet "Medlemmar" for the förbund's members and their keys. With
``--prefill register.csv`` (or .xlsx) the rows of an existing register are written into it, read by
the same reader `consolidate --register` uses. The sheets are not protected: the register is the
kansli's own list, which grows by rows and by a column per new year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from finsam_xl.cellmap import column_letter
from finsam_xl.codes import CODE_LISTS
from finsam_xl.errors import TemplateError
from finsam_xl.forbund.model import Medlem
from finsam_xl.parse import parse_kronor
from finsam_xl.register_file import YEAR_AMOUNT, column_id, read_members, read_register_rows
from finsam_xl.templates import style
from finsam_xl.templates.build import FIXED_TIME, workbook_bytes

ROWS = 200  # rows with dropdowns and messages; more can be added below
CADENCES = ("Kvartal", "Tertial", "Halvår", "År", "Slutrapport")
# header (read as the column id), input message, dropdown values (None: free)
COLUMNS: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    ("Insats id", "Diarienummer, som i insatsens rapporter, t.ex. SBY 2023-14.", None),
    ("Insats namn", "Insatsens namn. Nyckel när diarienummer saknas.", None),
    ("Förbund", "Samordningsförbundets namn.", None),
    ("Huvudman", "Organisationen som ansvarar för insatsen.", None),
    ("Huvudman part typ", "Huvudmannens typ av part.", CODE_LISTS["part_typ"].labels),
    ("Huvudman kommun", "Kommunen vars område insatsen gäller: namn eller kommunkod.", None),
    ("Inriktning", "Individinriktad eller strukturövergripande.", CODE_LISTS["inriktning"].labels),
    ("Preciserad inriktning", "Uppföljning Finsams preciserade inriktning.", None),
    ("Målgrupp", "En eller flera målgrupper, med ; mellan.", None),
    ("Uppföljningsmetod", "Uppföljning Finsams uppföljningsmetod.", None),
    ("ESF finansiering", "Finansieras insatsen av ESF? Ja eller Nej.", ("Ja", "Nej")),
    ("Beviljad från", "Första dagen i beviljad period, ÅÅÅÅ-MM-DD.", None),
    ("Beviljad till", "Sista dagen i beviljad period, ÅÅÅÅ-MM-DD.", None),
    ("Beslut datum", "Styrelsens beslut, ÅÅÅÅ-MM-DD.", None),
    ("Beslut paragraf", "Protokollets paragraf, t.ex. § 12.", None),
    ("Rapporttyp", "Hur ofta insatsen rapporterar.", CADENCES),
    ("Perioder", "Bara om perioderna inte följer kalendern: FRÅN–TILL; FRÅN–TILL.", None),
    ("Kontaktperson", "Vem som får påminnelser.", None),
    ("Kontakt epost", "Kontaktpersonens e-post.", None),
)
MEMBER_COLUMNS = (
    ("Namn", "Medlemmens namn.", None),
    ("Part typ", "Typ av part.", CODE_LISTS["part_typ"].labels),
    ("Kommunkod", "SCB:s fyrsiffriga kommunkod, bara för kommuner.", None),
    ("Nyckel", "Kommunens andel av kommunernas fjärdedel, i procent (t.ex. 37,5).", None),
)


def _header(ws: Worksheet, columns: Sequence[tuple[str, str, tuple[str, ...] | None]]) -> None:
    for j, (title, message, choices) in enumerate(columns, start=1):
        cell = ws.cell(1, j, title)
        cell.font, cell.fill, cell.border = style.HEADER_FONT, style.HEADER_FILL, style.BORDER
        ws.column_dimensions[column_letter(j)].width = max(14, len(title) + 4)
        letter = column_letter(j)
        dv = DataValidation(
            type="list" if choices else None,
            formula1=f'"{",".join(choices)}"' if choices else None,
            allow_blank=True,
            showErrorMessage=bool(choices),
            errorStyle="warning",
            showInputMessage=True,
            promptTitle=title[:32],
            prompt=message[:255],
        )
        dv.add(f"{letter}2:{letter}{ROWS + 1}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "C2"


DATES = ("beviljad_fran", "beviljad_till", "beslut_datum")
LABELLED = {"huvudman_part_typ": "part_typ", "inriktning": "inriktning"}


def _cell(key: str, value: object) -> Any:
    """A register value as the kansli should see it: ISO dates as dates, codes as labels."""
    if not isinstance(value, str | int | float | date):
        return None
    if key in DATES and isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return value  # written as it was; the reader reports it
    if YEAR_AMOUNT.fullmatch(key) and isinstance(value, str):
        amount = parse_kronor(value).value
        return value if amount is None else int(amount) if amount == int(amount) else float(amount)
    if key in LABELLED and isinstance(value, str):
        code_list = CODE_LISTS[LABELLED[key]]
        return next((label for code, label in code_list.items if code == value.strip()), value)
    return value


def build_register_workbook(
    rows: Sequence[dict[str, object]] = (),
    members: Sequence[Medlem] = (),
    years: Sequence[int] = (),
) -> Workbook:
    """A register workbook with ``rows`` (column id -> value) and a belopp column per year."""
    known_years = {int(k[-4:]) for r in rows for k in r if YEAR_AMOUNT.fullmatch(k)}
    all_years = sorted(known_years | set(years))
    columns = list(COLUMNS) + [
        (f"Belopp {y}", f"Beviljat för {y}, i hela kronor.", None) for y in all_years
    ]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Register"
    _header(ws, columns)
    ids = [column_id(title) for title, _m, _c in columns]
    for i, row in enumerate(rows, start=2):
        for j, key in enumerate(ids, start=1):
            value = _cell(key, row.get(key))
            if value is not None:
                ws.cell(i, j, value)
                if isinstance(value, date):
                    ws.cell(i, j).number_format = "yyyy-mm-dd"
    sheet = wb.create_sheet("Medlemmar")
    _header(sheet, MEMBER_COLUMNS)
    part = CODE_LISTS["part_typ"]
    for i, m in enumerate(members, start=2):
        values = (m.namn, part.label(m.part_typ) if m.part_typ else None, m.kommunkod, m.nyckel)
        for j, value in enumerate(values, start=1):
            sheet.cell(i, j, float(value) if value is not None and j == 4 else value)
    props = wb.properties
    props.creator = props.lastModifiedBy = "finsam-xl"
    props.created = props.modified = FIXED_TIME
    props.title = "Register över insatser (finsam-xl)"
    return wb


def register_bytes(source: str | Path | None = None, years: Sequence[int] = ()) -> bytes:
    """The register workbook's bytes, blank or with the rows and members of ``source``."""
    rows = [r for r in read_register_rows(source, TemplateError) if r] if source else []
    members = read_members(source, TemplateError) if source else ()
    return workbook_bytes(build_register_workbook(rows, members, years))


def write_register_template(
    path: str | Path, *, source: str | Path | None = None, overwrite: bool = False
) -> Path:
    """Write the register workbook to ``path`` (from ``source`` when given), never over a file
    unless ``overwrite``."""
    from finsam_xl.templates import write_bytes_atomic

    target = Path(path)
    if target.exists() and not overwrite:
        raise TemplateError(
            f"{target} finns redan; använd --force för att skriva över",
            path=target,
            en=f"{target} exists; use --force to overwrite it",
        )
    this_year = date.today().year
    data = register_bytes(source, () if source else (this_year, this_year + 1, this_year + 2))
    return write_bytes_atomic(data, target)
