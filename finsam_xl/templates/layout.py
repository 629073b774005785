"""Where every field of a template goes: sheets, rows, columns, labels and formulas, as plain data.

``plan(malltyp)`` turns the schema's fields into one ``SheetPlan`` per sheet without touching
openpyxl, so positions can be tested and reasoned about apart from styling. The schema's ``group``
of a field picks its sheet and its block shape; a field of a group the layout does not know lands
on the first data sheet as a labelled input (or a table): a new field needs no edit here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from finsam_xl.cellmap import a1, column_letter
from finsam_xl.errors import TemplateError
from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_KOL_LABEL,
    DELTAGAR_RAD_LABEL,
    FIELD_BY_ID,
    KOSTNADSSLAG,
    Field,
    Kind,
    Malltyp,
    fields_for,
)
from finsam_xl.templates import layout_forbund as forbund
from finsam_xl.templates.fit import fit_rows
from finsam_xl.templates.sheet_plan import (
    LABEL_COL,
    LONGTEXT_COLS,
    TITLE_IN,
    Role,
    SheetPlan,
)

INSTRUKTIONER = "Instruktioner"
LISTOR = "Listor"
INPUT_COL = 3  # column C: the input of a label/value row
LONGTEXT_HEIGHT = 160.0
# width of a form's input column by kind: room for a name or an e-mail, less for numbers
INPUT_WIDTHS = {Kind.DATE: 14.0, Kind.KRONOR: 18.0, Kind.COUNT: 14.0, Kind.YEAR: 10.0}

# malltyp -> (sheet name, groups on it) in order; the instruction sheet comes first in every book.
SHEETS: dict[Malltyp, tuple[tuple[str, tuple[str, ...]], ...]] = {
    Malltyp.BUDGET: (
        ("Uppgifter", ("identitet", "parter", "huvudman", "uppfoljning")),
        ("Budget", ("budget",)),
        ("Medfinansiering", ("medfinansiering",)),
    ),
    Malltyp.RAPPORT: (
        ("Uppgifter", ("identitet", "period", "parter", "huvudman", "uppfoljning")),
        ("Ekonomi", ("ekonomi", "ekonomi_ovrigt", "medfinansiering_rapport", "ekonomi_text")),
        (
            "Deltagare",
            (
                "deltagare",
                "avslut",
                "avslutsorsak",
                "forsorjning",
                "sysselsattning",
                "tid_forsorjning",
            ),
        ),
        ("Mål och text", ("mal", "text")),
    ),
    Malltyp.DELTAGARE: (
        ("Uppgifter", ("identitet", "period", "parter")),
        ("Deltagarlista", ("lista",)),
    ),
    Malltyp.FORBUND: forbund.SHEETS,
}


def _form(sheet: SheetPlan, fields: Sequence[Field]) -> None:
    """Label | input rows; long text gets a label row and a tall cell merged across columns."""
    for f in fields:
        if f.kind is Kind.TABLE:
            _table(sheet, f)
            continue
        if f.formula:
            raise TemplateError(
                f"fältet {f.id} är en formel men layouten vet inte hur den räknas",
                en=f"the field {f.id} is a formula but the layout does not know how to compute it",
            )
        span = LONGTEXT_COLS if f.kind is Kind.LONGTEXT else 1  # a question above its text box
        sheet.put(sheet.row, LABEL_COL, f.label_in(sheet.malltyp), Role.LABEL, span=span)
        if f.kind is Kind.LONGTEXT:
            sheet.row += 1
            sheet.scalar_input(f, sheet.row, LABEL_COL, span=LONGTEXT_COLS)
            sheet.heights[sheet.row] = LONGTEXT_HEIGHT
        else:
            sheet.width(LABEL_COL, 34)
            sheet.width(INPUT_COL, INPUT_WIDTHS.get(f.kind, 40))
            sheet.scalar_input(f, sheet.row, INPUT_COL)
        sheet.row += 1
    sheet.row += 1


def _table(sheet: SheetPlan, f: Field, *, own_section: bool = True) -> None:
    """Header row of column labels, then ``f.rows`` data rows; a Summa row under kronor columns."""
    if own_section:
        sheet.put(sheet.row, LABEL_COL, f.label, Role.SECTION)
        sheet.row += 1
    if f.help:
        sheet.put(sheet.row, LABEL_COL, f.help, Role.NOTE, span=LONGTEXT_COLS)
        sheet.row += 1
    header = sheet.row
    first, last = header + 1, header + f.rows
    for i, column in enumerate(f.columns):
        col = LABEL_COL + i
        sheet.put(header, col, column.label, Role.HEADER)
        sheet.width(col, column.width)
    sheet.table_inputs(f, first, LABEL_COL)
    sheet.row = last + 1
    kronor = [i for i, c in enumerate(f.columns) if c.kind is Kind.KRONOR]
    if kronor and f.rows > 1:
        sheet.put(sheet.row, LABEL_COL, "Summa", Role.LABEL)
        for i in kronor:
            letter = column_letter(LABEL_COL + i)
            text = f"=SUM({letter}{first}:{letter}{last})"
            sheet.put(sheet.row, LABEL_COL + i, text, Role.TOTAL, kind=Kind.KRONOR)
        sheet.row += 1
    if f.rows > 50:  # a long list: keep its header in view and on every printed page
        sheet.freeze = a1(first, LABEL_COL + 1)
        sheet.title_rows = f"{header}:{header}"
    sheet.row += 1


def _ekonomi(sheet: SheetPlan, fields: Sequence[Field]) -> list[Field]:
    """One row per kostnadsslag, one column per prefix (budget, utfall, ...), then the sums."""
    per_slag = [f for f in fields if f.key in KOSTNADSSLAG and not f.formula]
    prefixes: list[str] = []
    for f in per_slag:
        prefix = f.id[: -len(f.key) - 1]
        if prefix not in prefixes:
            prefixes.append(prefix)
    header, first = sheet.row, sheet.row + 1
    sheet.put(header, LABEL_COL, "Kostnadsslag", Role.HEADER)
    sheet.width(LABEL_COL, 26)
    col_of: dict[str, int] = {}
    for i, prefix in enumerate(prefixes):
        col = INPUT_COL + i
        col_of[prefix] = col
        sample = FIELD_BY_ID[f"{prefix}_{KOSTNADSSLAG[0]}"]
        sheet.put(header, col, sample.label, Role.HEADER)
        sheet.width(col, 48 if sample.kind is Kind.TEXT else 18)
    for r, slag in enumerate(KOSTNADSSLAG):
        sheet.put(first + r, LABEL_COL, CODE_LISTS["kostnadsslag"].label(slag), Role.LABEL)
    for f in per_slag:
        prefix = f.id[: -len(f.key) - 1]
        sheet.scalar_input(f, first + KOSTNADSSLAG.index(f.key), col_of[prefix])
    last = first + len(KOSTNADSSLAG) - 1
    total_row = last + 1
    sheet.put(total_row, LABEL_COL, "Summa", Role.LABEL)
    placed = list(per_slag)
    for f in fields:
        if f.formula and f.key in col_of:
            letter = column_letter(col_of[f.key])
            sheet.formula(f, total_row, col_of[f.key], f"=SUM({letter}{first}:{letter}{last})")
            placed.append(f)
    sheet.row = total_row + 2
    return placed


def _deltagare(sheet: SheetPlan, fields: Sequence[Field]) -> list[Field]:
    """Rows nya/avslutade/aktiva/totalt x columns kvinnor/män/under 30/totalt (= kvinnor + män)."""
    matrix = [f for f in fields if ":" in f.key]
    rader = list(dict.fromkeys(f.key.split(":")[0] for f in matrix))
    kolumner = list(dict.fromkeys(f.key.split(":")[1] for f in matrix))
    header, first = sheet.row, sheet.row + 1
    sheet.width(LABEL_COL, 40)
    for j, kol in enumerate(kolumner):
        sheet.put(header, INPUT_COL + j, DELTAGAR_KOL_LABEL.get(kol, kol), Role.HEADER)
        sheet.width(INPUT_COL + j, 14)
    for i, rad in enumerate(rader):
        sheet.put(first + i, LABEL_COL, DELTAGAR_RAD_LABEL.get(rad, rad), Role.LABEL)
    for f in matrix:
        rad, kol = f.key.split(":")
        row, col = first + rader.index(rad), INPUT_COL + kolumner.index(kol)
        if f.formula:
            parts = [
                a1(row, INPUT_COL + kolumner.index(k))
                for k in ("kvinnor", "man", "ej_angivet")
                if k in kolumner
            ]
            sheet.formula(f, row, col, "=" + "+".join(parts))
        else:
            sheet.scalar_input(f, row, col)
    sheet.row = first + len(rader) + 1
    rest = [f for f in fields if f not in matrix]
    _form(sheet, rest)
    return list(fields)


COUNT_HEADERS = {
    "avslut": "Gick vidare till",
    "avslutsorsak": "Avslutsorsak",
    "sysselsattning": "Sysselsättning",
    "tid_forsorjning": "Tid före insatsen",
}
MATRIX_HEADERS = {  # group -> (row header, {column key: header}, row code list)
    "forsorjning": ("Försörjning", {"start": "Vid start", "avslut": "Vid avslut"},
                    "forsorjningskategori"),
    "medfinansiering_rapport": ("Medfinansiering", {"planerat": "Planerat hela insatsen",
                                "utfall": "Utfall totalt sedan start"}, "medfinansieringstyp"),
    "forbund_ekonomi": forbund.MATRIX,  # rows: forbund.ROWS
}  # fmt: skip
_MEDFIN_ROWS = {"natura": "in_natura"}  # field key -> code of the medfinansieringstyp list


def _matrix(sheet: SheetPlan, fields: Sequence[Field]) -> list[Field]:
    """Fields keyed "row:column" as a grid: a code list's labels down, a few columns across."""
    group = fields[0].group
    row_header, col_headers, list_id = MATRIX_HEADERS[group]
    rader = list(dict.fromkeys(f.key.split(":")[0] for f in fields))
    kolumner = list(dict.fromkeys(f.key.split(":")[1] for f in fields))
    sheet.put(sheet.row, LABEL_COL, row_header, Role.HEADER)
    for j, kol in enumerate(kolumner):
        sheet.put(sheet.row, INPUT_COL + j, col_headers.get(kol, kol), Role.HEADER)
        sheet.width(INPUT_COL + j, 18)
    first = sheet.row + 1
    for i, rad in enumerate(rader):
        label = forbund.ROWS.get(rad) or CODE_LISTS[list_id].label(_MEDFIN_ROWS.get(rad, rad))
        sheet.put(first + i, LABEL_COL, label, Role.LABEL)
    for f in fields:
        rad, kol = f.key.split(":")
        sheet.scalar_input(f, first + rader.index(rad), INPUT_COL + kolumner.index(kol))
    sheet.row = first + len(rader) + 1
    return list(fields)


def _avslut(sheet: SheetPlan, fields: Sequence[Field], off: int = 0) -> list[Field]:
    """Code label | antal, and a total to compare with the exited row (``off`` columns right)."""
    label_col, input_col = LABEL_COL + off, INPUT_COL + off
    if off:
        sheet.width(label_col, 30)
    sheet.put(sheet.row, label_col, COUNT_HEADERS.get(fields[0].group, ""), Role.HEADER)
    sheet.put(sheet.row, input_col, "Antal", Role.HEADER)
    sheet.row += 1
    first = sheet.row
    for f in fields:
        sheet.put(sheet.row, label_col, f.label, Role.LABEL)
        sheet.scalar_input(f, sheet.row, input_col)
        sheet.row += 1
    sheet.put(sheet.row, label_col, "Summa", Role.LABEL)
    letter = column_letter(input_col)
    text = f"=SUM({letter}{first}:{letter}{sheet.row - 1})"
    sheet.put(sheet.row, input_col, text, Role.TOTAL, kind=Kind.COUNT)
    sheet.row += 2
    return list(fields)


# a short count list drawn beside the one before it (fewer rows: every report reads less)
BESIDE = {"avslutsorsak": "avslut", "tid_forsorjning": "sysselsattning"}
BESIDE_OFFSET = 3  # columns right of the block it sits beside


def _budget(sheet: SheetPlan, fields: Sequence[Field]) -> list[Field]:
    """Years across, kostnadsslag down, row and column totals, comments beside, planned counts."""
    ids = {f.id for f in fields}
    needed = ("budgetar", "budgetplan", "budgetplan_kommentar", "planerat_antal_deltagare_ar")
    if not all(i in ids for i in needed):
        return []
    years, grid, comment, counts = (FIELD_BY_ID[i] for i in needed)
    n = len(years.columns)
    header = sheet.row
    total_col, comment_col = INPUT_COL + n, INPUT_COL + n + 1
    sheet.put(header, LABEL_COL, "Kostnadsslag", Role.HEADER)
    sheet.width(LABEL_COL, 28)
    for j, column in enumerate(years.columns):
        sheet.put(header, INPUT_COL + j, column.label, Role.HEADER)
        sheet.width(INPUT_COL + j, 15)
    sheet.put(header, total_col, "Summa", Role.HEADER)
    sheet.width(total_col, 16)
    sheet.put(header, comment_col, comment.label, Role.HEADER)
    sheet.width(comment_col, comment.columns[0].width)
    year_row = header + 1
    sheet.put(year_row, LABEL_COL, f"{years.label} (ÅÅÅÅ)", Role.LABEL)
    sheet.table_inputs(years, year_row, INPUT_COL)
    first, last = year_row + 1, year_row + grid.rows
    for r in range(grid.rows):
        label = CODE_LISTS["kostnadsslag"].label(KOSTNADSSLAG[r]) if r < len(KOSTNADSSLAG) else ""
        sheet.put(first + r, LABEL_COL, label, Role.LABEL)
        span = f"{a1(first + r, INPUT_COL)}:{a1(first + r, INPUT_COL + n - 1)}"
        sheet.put(first + r, total_col, f"=SUM({span})", Role.TOTAL, kind=Kind.KRONOR)
    sheet.table_inputs(grid, first, INPUT_COL)
    sheet.table_inputs(comment, first, comment_col)
    kinds = [f for f in fields if f.id == "budgetplan_typ"]  # beside the comment, when present
    for kind in kinds:
        sheet.put(header, comment_col + 1, kind.label, Role.HEADER)
        sheet.width(comment_col + 1, kind.columns[0].width)
        sheet.table_inputs(kind, first, comment_col + 1)
    sum_row = last + 1
    sheet.put(sum_row, LABEL_COL, "Summa", Role.LABEL)
    for col in range(INPUT_COL, total_col + 1):
        span = f"{a1(first, col)}:{a1(last, col)}"
        sheet.put(sum_row, col, f"=SUM({span})", Role.TOTAL, kind=Kind.KRONOR)
    count_row = sum_row + 2
    sheet.put(count_row, LABEL_COL, counts.label, Role.LABEL)
    sheet.table_inputs(counts, count_row, INPUT_COL)
    span = f"{a1(count_row, INPUT_COL)}:{a1(count_row, INPUT_COL + n - 1)}"
    sheet.put(count_row, total_col, f"=SUM({span})", Role.TOTAL, kind=Kind.COUNT)
    sheet.freeze = a1(year_row + 1, INPUT_COL)
    sheet.landscape = True
    sheet.row = count_row + 2
    return [years, grid, comment, counts, *kinds]


def _tables_only(sheet: SheetPlan, fields: Sequence[Field]) -> list[Field]:
    """A group that is one table: the section title is the table's own label."""
    for f in fields:
        if f.kind is Kind.TABLE:
            _table(sheet, f, own_section=False)
    return [f for f in fields if f.kind is Kind.TABLE]


# group -> special block; anything it does not place is drawn as a plain form below it
BLOCKS: dict[str, Callable[[SheetPlan, Sequence[Field]], list[Field]]] = {
    "ekonomi": _ekonomi,
    "deltagare": _deltagare,
    "avslut": _avslut,
    "avslutsorsak": _avslut,
    "sysselsattning": _avslut,
    "tid_forsorjning": _avslut,
    "forsorjning": _matrix,
    "medfinansiering_rapport": _matrix,
    "budget": _budget,
    "parter": _tables_only,
    "mal": _tables_only,
    "medfinansiering": _tables_only,
    "lista": _tables_only,
    **dict.fromkeys(("medlemmar", "beslut"), _tables_only),
    "forbund_ekonomi": _matrix,
}


def plan(malltyp: Malltyp | str) -> list[SheetPlan]:
    """The data sheets of a template (the instruction and list sheets are drawn by build.py)."""
    mt = Malltyp(malltyp)
    fields = [f for f in fields_for(mt) if f.group != "meta"]
    layout = SHEETS[mt]
    known = {g for _, groups in layout for g in groups}
    sheets: list[SheetPlan] = []
    for index, (name, groups) in enumerate(layout):
        sheet = SheetPlan(name, name, malltyp=mt)
        sheet.put(1, LABEL_COL, name, Role.TITLE)
        sheet.width(1, 2.5)
        if index == 0:  # groups the layout does not know yet go on the first data sheet
            groups = groups + tuple(dict.fromkeys(f.group for f in fields if f.group not in known))
        started: dict[str, int] = {}
        for group in groups:
            members = [f for f in fields if f.group == group]
            if not members:
                continue
            if BESIDE.get(group) in started:
                below = sheet.row
                sheet.row = started[BESIDE[group]]
                sheet.section(group, col=LABEL_COL + BESIDE_OFFSET, span=2)
                _avslut(sheet, members, BESIDE_OFFSET)
                sheet.row = max(below, sheet.row)
                continue
            started[group] = sheet.row
            title = TITLE_IN.get((group, mt))
            # a block with another beside it keeps its note to its own two columns
            span = 2 if group in BESIDE.values() else LONGTEXT_COLS
            sheet.section(group, title, span=span)
            block = BLOCKS.get(group)
            placed = block(sheet, members) if block else []
            rest = [f for f in members if f not in placed]
            if rest:
                _form(sheet, rest)
        sheet.landscape = sheet.landscape or sum(sheet.widths.values()) > 140
        fit_rows(sheet)
        sheets.append(sheet)
    return sheets
