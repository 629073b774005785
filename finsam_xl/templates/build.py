"""Draw a template workbook from the layout plan: cells, styles, names, dropdowns, protection.

Positions come from layout.py and looks from style.py; this module only puts them together with
openpyxl. Dropdowns refer to a hidden, protected "Listor" sheet because an inline list is limited
to 255 characters. Saving goes through ``workbook_bytes`` so the committed templates come out
byte-identical on every run: fixed document dates and fixed zip member timestamps.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from finsam_xl.cellmap import AreaRef, a1, column_letter, format_area
from finsam_xl.errors import TemplateError
from finsam_xl.schema import CODE_LISTS, FIELD_BY_ID, MALLVERSION, Kind, Malltyp, fields_for
from finsam_xl.templates import style
from finsam_xl.templates.layout import INPUT_COL, INSTRUKTIONER, LISTOR, plan
from finsam_xl.templates.live_checks import add_live_checks
from finsam_xl.templates.sheet_plan import LABEL_COL, Input, Role, SheetPlan

FIXED_TIME = datetime(2025, 1, 1, 0, 0, 0)  # document dates of every generated template
_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
CREATOR = "finsam-xl"
MALL_TITEL = {
    Malltyp.BUDGET: "Budgetmall",
    Malltyp.RAPPORT: "Rapportmall",
    Malltyp.DELTAGARE: "Deltagarlista",
    Malltyp.FORBUND: "Förbundsmall",
}


def _serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days


# kind -> (validation type, operator, formula1, formula2, error title, error text, default prompt)
_RULES: dict[Kind, tuple[str | None, str | None, str | None, str | None, str, str, str]] = {
    Kind.DATE: (
        "date",
        "between",
        str(_serial(date(1990, 1, 1))),
        str(_serial(date(2099, 12, 31))),
        "Ogiltigt datum",
        "Skriv ett datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-31.",
        "Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2024-03-31.",
    ),
    Kind.KRONOR: (
        "decimal",
        "between",
        "-999999999999",
        "999999999999",
        "Belopp i kronor",
        'Skriv beloppet som en siffra i hela kronor, utan "kr".',
        "Belopp i hela kronor, t.ex. 125000. Tusentalsavgränsning visas automatiskt.",
    ),
    # Any whole number, negatives too: the validator, not Excel, reports a negative count.
    Kind.COUNT: (
        "whole",
        "between",
        "-999999999",
        "999999999",
        "Antal",
        "Skriv antalet som ett heltal.",
        "Antal personer, ett heltal. Tomt betyder 0.",
    ),
    Kind.YEAR: (
        "whole",
        "between",
        "1900",
        "2100",
        "Årtal",
        "Skriv ett årtal med fyra siffror, t.ex. 2024.",
        "Årtal med fyra siffror.",
    ),
    Kind.NUMBER: (
        "decimal",
        "between",
        "-999999999999",
        "999999999999",
        "Siffra",
        "Skriv en siffra, eller lämna cellen tom.",
        "En siffra, eller tomt.",
    ),
    Kind.EMAIL: (None, None, None, None, "", "", "E-postadress, t.ex. namn@kommun.se."),
    Kind.CODE: (
        "list",
        None,
        None,
        None,
        "Välj i listan",
        "Värdet finns inte i listan. Välj ett alternativ med pilen i cellen.",
        "Välj i listan.",
    ),
}


def _instructions(mt: Malltyp, sheets: list[SheetPlan]) -> list[str]:
    lines = [
        "Så fyller du i mallen",
        "1. Fyll bara i de gula cellerna. Övriga celler är låsta; summor räknas ut automatiskt.",
        "2. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.",
        "3. Skriv belopp i hela kronor utan enhet, till exempel 125000 (visas som 125 000 kr).",
        "4. Celler med lista: klicka i cellen och välj med pilen. "
        + (
            "Ett tomt utfall betyder att bokslutet inte är klart."
            if mt is Malltyp.FORBUND
            else "Tomma antal och belopp räknas som 0."
        ),
        "5. Skriv aldrig personnummer eller namn på deltagare någonstans i mallen. Deltagare "
        "anges bara som antal"
        + (" eller med insatsens eget löpnummer." if mt is Malltyp.DELTAGARE else "."),
        "6. Byt inte namn på bladen och flytta inte celler: förbundet läser uppgifterna "
        "automatiskt.",
        "7. Spara filen som .xlsx"
        + (
            " och lägg den bland rapporterna när översikten ska tas fram."
            if mt is Malltyp.FORBUND
            else " och skicka den till samordningsförbundet."
        ),
    ]
    extra = {
        Malltyp.RAPPORT: "Ekonomi: budget för hela insatsen enligt beslut, utfall för denna "
        "rapportperiod och utfall totalt sedan start. Kommentera rader som avviker från budget. "
        "Finns budgeten bara som en summa skrivs den i raden för det.",
        Malltyp.BUDGET: "Budget: skriv budgetåren överst och fördela kostnaderna per kostnadsslag "
        "och år. Summan får inte överstiga sökt belopp.",
        Malltyp.DELTAGARE: "Deltagarlista: en rad per deltagare och inskrivning. Slutdatum och "
        "utfall fylls i när deltagaren avslutas.",
        Malltyp.FORBUND: "Förbundets år: medlemsbidrag per medlem, förbundets egna intäkter och "
        "kostnader, eget kapital och styrelsens beslut om insatser. Budgeten fylls i när "
        "verksamhetsplanen är beslutad, utfallet vid bokslutet. Arbetsboken stannar hos förbundet.",
    }
    lines += ["", extra[mt], "", "Bladen i mallen"]
    lines += [f"• {s.name}" for s in sheets]
    return lines


def _style_cell(ws: Worksheet, row: int, col: int, role: Role, kind: Kind | None) -> None:
    cell = ws.cell(row, col)
    if role is Role.TITLE:
        cell.font = style.TITLE_FONT
    elif role is Role.SECTION:
        cell.font = style.SECTION_FONT
    elif role is Role.NOTE:
        cell.font, cell.alignment = style.NOTE_FONT, style.NOTE_ALIGN
    elif role is Role.HEADER:
        cell.font, cell.fill, cell.border = style.HEADER_FONT, style.HEADER_FILL, style.BORDER
        cell.alignment = style.WRAP_CENTER
    elif role is Role.LABEL:
        cell.font, cell.alignment = style.LABEL_FONT, style.WRAP_CENTER
    elif role in (Role.FORMULA, Role.TOTAL):
        cell.font, cell.fill, cell.border = style.TOTAL_FONT, style.FORMULA_FILL, style.BORDER
        cell.number_format = style.number_format(kind)
    elif role is Role.META:
        cell.font, cell.fill, cell.border = style.BODY_FONT, style.META_FILL, style.BORDER


def _draw_input(ws: Worksheet, inp: Input) -> None:
    kind = inp.kind
    wrap = kind in (Kind.TEXT, Kind.LONGTEXT)
    fmt = style.number_format(kind)
    last_col = inp.area.max_col + inp.span - 1
    for row in range(inp.area.min_row, inp.area.max_row + 1):
        for col in range(inp.area.min_col, last_col + 1):
            cell = ws.cell(row, col)
            cell.fill, cell.border, cell.font = style.INPUT_FILL, style.BORDER, style.BODY_FONT
            cell.protection = style.UNLOCKED
            cell.number_format = fmt
            if wrap:
                cell.alignment = style.WRAP_TOP
    if inp.span > 1:
        r, c = inp.area.min_row, inp.area.min_col
        ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=last_col)


def _prompt(kind: Kind, help_text: str, default: str) -> str:
    """The field's own help, plus how to write a date or an amount when the help does not say."""
    if not help_text:
        text = default
    elif kind is Kind.DATE and "ÅÅÅÅ-MM-DD" not in help_text:
        text = f"{help_text} Skriv datum som ÅÅÅÅ-MM-DD."
    elif kind is Kind.KRONOR and "kronor" not in help_text:
        text = f"{help_text} Belopp i hela kronor."
    else:
        text = help_text
    return text[:255]  # Excel's limit for an input message


TITLE_MAX = 32  # Excel shows (and stores) at most 32 characters of an input message's title


def prompt_title(inp: Input) -> str:
    """The input message's title: the label, a field's short form, or cut at a word with "…"."""
    text = inp.column.label if inp.column else (inp.field.short or inp.field.label)
    if len(text) <= TITLE_MAX:
        return text
    head = text[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" /:,–(")
    return head + "…"


def _validations(ws: Worksheet, inputs: Iterable[Input], list_refs: dict[str, str]) -> None:
    """One DataValidation per distinct rule and message, covering all its ranges."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for inp in inputs:
        rule = _RULES.get(inp.kind)
        help_text = (inp.column.help if inp.column else inp.field.help) or ""
        if rule is None and not help_text:
            continue
        vtype, op, f1, f2, etitle, etext, prompt = rule or (None, None, None, None, "", "", "")
        if vtype == "list":
            f1 = list_refs[inp.code_list or ""]
        title = prompt_title(inp)
        key = (vtype, op, f1, f2, etitle, etext, title, _prompt(inp.kind, help_text, prompt))
        a = inp.area
        ref = f"{a1(a.min_row, a.min_col)}:{a1(a.max_row, a.max_col)}"
        groups.setdefault(key, []).append(ref if not a.is_single else a1(a.min_row, a.min_col))
    for (vtype, op, f1, f2, etitle, etext, title, prompt), refs in groups.items():
        dv = DataValidation(
            type=vtype,
            operator=op,
            formula1=f1,
            formula2=f2,
            allow_blank=True,
            showErrorMessage=vtype is not None,
            # Amounts and dates only warn: "400 tkr" or "12 st" must get through to the reader,
            # which accepts and reports them (schema §7); a code outside its list stops.
            errorStyle="stop" if vtype == "list" else "warning",
            errorTitle=etitle or None,
            error=etext or None,
            showInputMessage=True,
            promptTitle=title,
            prompt=prompt,
        )
        for ref in refs:
            dv.add(ref)
        ws.add_data_validation(dv)


def _draw_sheet(ws: Worksheet, sheet: SheetPlan, list_refs: dict[str, str]) -> None:
    for cell in sheet.cells:
        ws.cell(cell.row, cell.col).value = cell.value
        _style_cell(ws, cell.row, cell.col, cell.role, cell.kind)
        if cell.span > 1:
            ws.merge_cells(
                start_row=cell.row,
                start_column=cell.col,
                end_row=cell.row,
                end_column=cell.col + cell.span - 1,
            )
            ws.row_dimensions[cell.row].height = 30
    for inp in sheet.inputs:
        _draw_input(ws, inp)
    _validations(ws, sheet.inputs, list_refs)
    for col, width in sorted(sheet.widths.items()):
        ws.column_dimensions[column_letter(col)].width = width
    for row, height in sorted(sheet.heights.items()):
        ws.row_dimensions[row].height = height
    ws.freeze_panes = sheet.freeze
    if sheet.title_rows:
        ws.print_title_rows = sheet.title_rows


def _draw_lists(ws: Worksheet, list_ids: list[str]) -> dict[str, str]:
    refs: dict[str, str] = {}
    for j, list_id in enumerate(list_ids, start=1):
        labels = CODE_LISTS[list_id].labels
        ws.cell(1, j).value = list_id
        ws.cell(1, j).font = style.HEADER_FONT
        for i, label in enumerate(labels, start=2):
            ws.cell(i, j).value = label
        ws.column_dimensions[column_letter(j)].width = 40
        refs[list_id] = format_area(AreaRef(LISTOR, 2, j, len(labels) + 1, j))
    ws.sheet_state = "hidden"
    return refs


def build_workbook(malltyp: Malltyp | str) -> Workbook:
    """A blank template of this type, fully styled, named, validated and protected."""
    mt = Malltyp(malltyp)
    sheets = plan(mt)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    title = f"FINSAM {MALL_TITEL[mt].lower()}"
    footer = f"finsam-xl mall {mt.value} {MALLVERSION}"
    names: dict[str, AreaRef] = {}

    intro = wb.create_sheet(INSTRUKTIONER)
    intro.column_dimensions["A"].width = style.MARGIN_WIDTH
    intro.column_dimensions["B"].width = 16
    intro.column_dimensions["C"].width = style.INSTRUCTION_WIDTH - 16
    intro.cell(1, LABEL_COL).value = (
        f"{MALL_TITEL[mt]}: samordningsförbundets budget och bokslut för ett år"
        if mt is Malltyp.FORBUND
        else f"{MALL_TITEL[mt]} för insatser finansierade av samordningsförbund"
    )
    intro.cell(1, LABEL_COL).font = style.TITLE_FONT
    for i, (fid, value) in enumerate((("malltyp", mt.value), ("mallversion", MALLVERSION))):
        row = 3 + i
        intro.cell(row, LABEL_COL).value = FIELD_BY_ID[fid].label
        intro.cell(row, INPUT_COL).value = value
        _style_cell(intro, row, INPUT_COL, Role.META, None)
        names[fid] = AreaRef(INSTRUKTIONER, row, INPUT_COL, row, INPUT_COL)
    for i, line in enumerate(_instructions(mt, sheets)):
        cell = intro.cell(6 + i, LABEL_COL, line)
        bold = line in ("Så fyller du i mallen", "Bladen i mallen")
        cell.font = style.SECTION_FONT if bold else style.BODY_FONT
        cell.alignment = style.WRAP_TOP
        intro.merge_cells(
            start_row=6 + i, start_column=LABEL_COL, end_row=6 + i, end_column=INPUT_COL
        )
        # Excel never fits a merged cell's height to its text: give long lines room up front
        lines = -(-len(line) // int(style.INSTRUCTION_WIDTH * 0.9))
        if lines > 1:
            intro.row_dimensions[6 + i].height = 15.0 * lines

    list_ids = list(dict.fromkeys(i.code_list for s in sheets for i in s.inputs if i.code_list))
    data_sheets = [wb.create_sheet(s.name) for s in sheets]
    list_refs = _draw_lists(wb.create_sheet(LISTOR), list_ids)
    for ws, sheet in zip(data_sheets, sheets, strict=True):
        _draw_sheet(ws, sheet, list_refs)
        names.update(sheet.names)
    add_live_checks(wb, sheets, intro)
    for ws in wb.worksheets:
        style.protect(ws)
        landscape = next((s.landscape for s in sheets if s.name == ws.title), False)
        style.page_setup(ws, landscape=landscape, title=title, footer=footer)

    for f in fields_for(mt):  # schema order, so the workbook's name list reads like the schema
        if f.id not in names:
            raise TemplateError(
                f"fältet {f.id} har ingen plats i mallen {mt.value}",
                en=f"the field {f.id} has no place in the template {mt.value}",
            )
        wb.defined_names[f.id] = DefinedName(f.id, attr_text=format_area(names[f.id]))

    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.created = props.modified = FIXED_TIME
    props.title = f"{MALL_TITEL[mt]} (finsam-xl {MALLVERSION})"
    custom = wb.custom_doc_props  # type: ignore[attr-defined]  # missing from types-openpyxl
    custom.append(StringProperty(name="malltyp", value=mt.value))
    custom.append(StringProperty(name="mallversion", value=MALLVERSION))
    wb.calculation.fullCalcOnLoad = True  # openpyxl stores no results: let Excel compute sums
    return wb


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every member with the same time, so equal content = equal bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=_ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as fh:
            self.writestr(str(arcname or filename), fh.read())


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx bytes of a workbook, without openpyxl stamping "now" into it."""
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # save_workbook() would overwrite properties.modified
    return buffer.getvalue()
