"""The plan of one template sheet as plain data: its cells, inputs, names and sizes.

layout.py fills these from the schema; build.py draws them with openpyxl; fit.py sizes rows. The
section titles and notes live here because a plan writes them when it opens a section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from finsam_xl.cellmap import AreaRef
from finsam_xl.schema import Column, Field, Kind, Malltyp
from finsam_xl.templates import layout_forbund as forbund

LABEL_COL = 2  # column B: labels; column A is a narrow margin so nothing sticks to the edge
LONGTEXT_COLS = 5  # a long text cell spans B..F

GROUP_TITLES = {
    "identitet": "Insatsen",
    "period": "Rapportperiod",
    "parter": "Samverkande parter",
    "huvudman": "Huvudmannens medlem i förbundet",
    "uppfoljning": "Uppföljning Finsam (kan inte ändras när insatsen är registrerad)",
    "ekonomi": "Ekonomi: budget och utfall (kr)",
    "ekonomi_ovrigt": "Prognos, rekvisition och intäkter (kr)",
    "medfinansiering_rapport": "Medfinansiering från medlemmarna (kr)",
    "ekonomi_text": "Överskridande",
    "deltagare": "Deltagare (antal personer)",
    "avslut": "Avslutade under perioden: vad gick deltagaren vidare till?",
    "avslutsorsak": "Avslutade under perioden: avslutsorsak",
    "forsorjning": "Försörjning (antal personer)",
    "sysselsattning": "Sysselsättning vid start (nya under perioden)",
    "tid_forsorjning": "Tid i offentlig försörjning före insatsen (nya under perioden)",
    "mal": "Mål",
    "text": "Beskrivning",
    "budget": "Budget per kostnadsslag och år (kr)",
    "medfinansiering": "Medfinansiering från medlemmarna",
    "lista": "Deltagarlista",
    **forbund.GROUP_TITLES,
}
TITLE_IN = {("period", Malltyp.DELTAGARE): "Period som listan avser", **forbund.TITLE_IN}

GROUP_NOTES = {
    "ekonomi": "Budget för hela insatsen enligt beslutet, utfall för denna rapportperiod och "
    "utfall totalt från start t.o.m. periodens slut. Kommentera varje rad som avviker från "
    "budget.",
    "ekonomi_ovrigt": "Fyll i det som är känt; tomt betyder att uppgiften inte lämnas.",
    "medfinansiering_rapport": "Medlemmarnas egna bidrag till insatsen, utöver FINSAM-medlen.",
    "deltagare": "Antal personer. Totalt räknas ut som kvinnor + män + kön ej angivet "
    "(t.ex. anonyma deltagare). Under 30 år är en del av totalt, ingen egen grupp.",
    "avslut": "Summan ska stämma med raden Avslutade under perioden ovan. Okänt: Ej fördelat.",
    "avslutsorsak": "Varför deltagarna avslutades; summan ska stämma med Avslutade under perioden.",
    "forsorjning": "Vid start: de som började under perioden. Vid avslut: de som avslutades. "
    "En person kan ha flera försörjningar och räknas då på flera rader.",
    "budget": "Skriv budgetåren på den gula raden överst, från vänster. Belopp i hela kronor.",
    **forbund.GROUP_NOTES,
}


class Role(StrEnum):
    """What a planned cell is, which decides its style."""

    TITLE = "title"
    SECTION = "section"
    NOTE = "note"
    LABEL = "label"
    HEADER = "header"
    FORMULA = "formula"
    TOTAL = "total"  # a formula that is no schema field (row and column totals)
    META = "meta"


@dataclass(frozen=True)
class Cell:
    """A fixed cell: text, a formula or a locked meta value."""

    row: int
    col: int
    value: str | int | float | None
    role: Role
    kind: Kind | None = None  # number format for formulas
    span: int = 1  # columns merged to the right (titles, notes)


@dataclass(frozen=True)
class Input:
    """One input column of a field: a scalar's cell or one column of a table's data rows."""

    field: Field
    column: Column | None
    area: AreaRef
    span: int = 1  # a long text cell merged across columns

    @property
    def kind(self) -> Kind:
        return self.column.kind if self.column else self.field.kind

    @property
    def code_list(self) -> str | None:
        return self.column.code_list if self.column else self.field.code_list


@dataclass
class SheetPlan:
    """Everything build.py needs to draw one sheet."""

    name: str
    title: str
    cells: list[Cell] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    names: dict[str, AreaRef] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    title_rows: str | None = None
    landscape: bool = False
    row: int = 3  # next free row while planning
    malltyp: Malltyp | None = None  # a field's label may differ per template (Field.label_in)

    def width(self, col: int, width: float) -> None:
        self.widths[col] = max(self.widths.get(col, 0.0), width)

    def put(self, row: int, col: int, value: str | float | None, role: Role, **kw: object) -> None:
        self.cells.append(Cell(row, col, value, role, **kw))  # type: ignore[arg-type]

    def area(self, min_row: int, min_col: int, max_row: int, max_col: int) -> AreaRef:
        return AreaRef(self.name, min_row, min_col, max_row, max_col)

    def scalar_input(self, f: Field, row: int, col: int, span: int = 1) -> None:
        area = self.area(row, col, row, col)
        self.inputs.append(Input(f, None, area, span))
        self.names[f.id] = area

    def table_inputs(self, f: Field, row: int, col: int) -> None:
        """A table's data block at (row, col): an input per column, the name over all of it."""
        last = row + f.rows - 1
        for j, column in enumerate(f.columns):
            self.inputs.append(Input(f, column, self.area(row, col + j, last, col + j)))
        self.names[f.id] = self.area(row, col, last, col + len(f.columns) - 1)

    def formula(self, f: Field, row: int, col: int, text: str) -> None:
        self.put(row, col, text, Role.FORMULA, kind=f.kind)
        self.names[f.id] = self.area(row, col, row, col)

    def section(
        self, group: str, title: str | None = None, col: int = LABEL_COL, span: int = LONGTEXT_COLS
    ) -> None:
        self.put(self.row, col, title or GROUP_TITLES.get(group, group), Role.SECTION)
        self.row += 1
        if group in GROUP_NOTES:
            self.put(self.row, col, GROUP_NOTES[group], Role.NOTE, span=span)
            self.row += 1
