"""The master's board pages: "Styrelse" (one A4 landscape page for the year, then the insats
money per huvudman) and "Styrelse per insats" (styrelse_insats: one page per insats), printed
to PDF by ``finsam-xl rapport --styrelse``.

Every figure is a formula referring to the board tables (Styrelse år / insatser / medlemmar,
finsam_xl.overview.styrelse) or Översikt, carrying the model's value as its cached result; kvar
att besluta om and the eget kapital share are recomputed here from their parts, so LibreOffice's
recalculation checks the model's arithmetic. Charts are native charts over these cells: the
year's money stacked kansli / insatser / kvar, förbrukat per insats, deltagit per kön, avslut
per utfall. The traffic lights are conditional formats on the report status of each insats.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.overview.board_charts import (
    MEMBERS,
    MONEY,
    PEOPLE,
    SPENT,
    BoardChart,
    chart_title,
    money_unit,
    stacked_total,
)
from finsam_xl.overview.board_charts import board_year as chart_year
from finsam_xl.overview.columns import EJ_REDOVISAT, UTFALL, YES_NO, Kind
from finsam_xl.overview.model import Overview, number
from finsam_xl.writers.board_cells import (
    CHART_H,
    CHART_W,
    COLOURS,
    bar_chart,
    copy_cells,
    guarded,
    header_row,
    put,
    ref,
    value_at,
)
from finsam_xl.writers.layout import FONT
from finsam_xl.writers.printing import A4, MIN_SCALE, scale_for
from finsam_xl.writers.styrelse_insats import PER_INSATS_SHEET, add_per_insats_sheet

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

BOARD_SHEET = "Styrelse"
_GREEN = {"bg_color": "#C6EFCE", "font_color": "#006100"}
_KEY = (  # the year's key figures: (styrelse_ar column, label)
    ("forbund", "Förbund"),
    ("tilldelade_medel", "Tilldelade medel"),
    ("administrativa_kostnader_budget", "Kansli (adm. kostnader)"),
    ("beslutat_insatser", "Beslutat till insatser"),
    ("kvar_att_besluta", "Kvar att besluta om"),
    ("utfall_insatser", "Insatsernas utfall"),
    ("prognos_insatser", "Insatsernas prognos"),
    ("eget_kapital_andel", "Eget kapital av tilldelade"),
)
_INSATS = (  # per insats this year: (styrelse_insatser column, label)
    ("insats_namn", "Insats"),
    ("medel_ar", "Beviljat för året"),
    ("utfall_ar", "Utfall"),
    ("prognos_ar", "Prognos"),
    ("forbrukat_andel", "Förbrukat"),
    ("bundet_kommande_ar", "Bundet kommande år"),
)
_WIDTHS = (30.0, 14.0, 14.0, 14.0, 14.0, 13.0, 13.0, 13.0, 13.0, 20.0)  # _INSATS, PEOPLE, light
_ROW_PT, HEADER_PT, _TITLE_PT = 15.0, 30.0, 24.0  # default, header and title row heights
# A4 landscape, 0.5" margins top and bottom: the points of rows one page holds at 100 %.
_PAGE_PT = (8.27 - 1.0) * 72
MIN_PCT = round(MIN_SCALE * 100)  # as every printed sheet: 10 pt text at ≥ 8.5 pt
_OUTCOME_COL = 12  # the exits table, right of the printed page


def board_year(view: Overview, year: int | None = None) -> int | None:
    """The year the board page shows: ``year``, else the latest with insats utfall or the
    förbund's contributions known (finsam_xl.overview.board_charts.board_year)."""
    sheet = view.sheets.get("styrelse_ar")
    if year is not None or sheet is None:
        return year
    return chart_year(sheet.ids, sheet.rows)


def _key_table(ws: Any, top: int, ar: PlacedTable, rows: list[int], fmts: Any) -> int:
    """The year's money per förbund; kvar and the eget kapital share recomputed from parts."""
    header_row(ws, top, [label for _, label in _KEY], fmts)
    cols = {c: i for i, (c, _) in enumerate(_KEY)}
    for i, r in enumerate(rows, start=top + 1):
        copy_cells(ws, i, 0, ar, r, [column for column, _ in _KEY], fmts)
        cell = {c: xl_rowcol_to_cell(i, n) for c, n in cols.items()}
        ovriga = ref(ar, r, "ovriga_intakter")
        kvar = guarded(
            [
                cell["tilldelade_medel"],
                cell["administrativa_kostnader_budget"],
                cell["beslutat_insatser"],
            ],
            f"{cell['tilldelade_medel']}+N({ovriga})-{cell['administrativa_kostnader_budget']}"
            f"-{cell['beslutat_insatser']}",
        )
        put(
            ws,
            i,
            cols["kvar_att_besluta"],
            kvar,
            value_at(ar, r, "kvar_att_besluta"),
            Kind.KRONOR,
            fmts,
        )
        ub = ref(ar, r, "eget_kapital_ub")
        andel = guarded([ub, cell["tilldelade_medel"]], f"{ub}/{cell['tilldelade_medel']}")
        put(
            ws,
            i,
            cols["eget_kapital_andel"],
            andel,
            value_at(ar, r, "eget_kapital_andel"),
            Kind.ANDEL,
            fmts,
        )
    return top + max(len(rows), 1)


def _lights(view: Overview) -> Callable[[str], str]:
    """The report light of an insats, by its id: a report missing by the register, else the
    status of its first row in Översikt. Both tables are read once (per insats they would be
    read again: seconds for a few thousand insatser)."""
    saknade = view.sheets.get("saknade")
    missing: set[object] = set()
    if saknade is not None:
        at_key, at_status = saknade.ids.index("insats_id"), saknade.ids.index("status")
        missing = {r[at_key] for r in saknade.rows if r[at_status] == "Saknas"}
    ins = view.sheets["insatser"]
    at_key, at_status = ins.ids.index("insats_id"), ins.ids.index("status")
    first: dict[object, str] = {}
    for r in ins.rows:
        if r[at_key] not in first:
            status = str(r[at_status] or "")
            first[r[at_key]] = (
                "Komplettering begärd" if status.startswith("Komplettering") else status
            )

    def light(key: str) -> str:
        return "Saknas" if key in missing else first.get(key, "Saknar rapport")

    return light


def _participants(view: Overview, year: int) -> Callable[[str], list[object]]:
    """The insats' PEOPLE figures for ``year`` (kvinnor, män, kön ej angivet), by its id: from
    its first row of that year in Uppföljning Finsam (the table read once)."""
    none: list[object] = [None for _ in PEOPLE.series]
    uf = view.sheets.get("uppfoljning_finsam")
    first: dict[tuple[object, object], list[object]] = {}
    if uf is not None:
        at_key, at_year = uf.ids.index("insats_id"), uf.ids.index("ar")
        cols = [uf.ids.index(s.column) for s in PEOPLE.series]
        for r in uf.rows:
            if r[at_year] == year and (r[at_key], year) not in first:
                first[(r[at_key], year)] = [r[c] for c in cols]
    return lambda key: list(first.get((key, year), none))


def _insats_table(
    ws: Any,
    top: int,
    view: Overview,
    placed: dict[str, PlacedTable],
    rows: list[int],
    people: list[list[object]],
    fmts: Any,
) -> int:
    """This year's insatser: money, förbrukat, deltagit per kön (``people``, per row), and the
    report light."""
    ins = placed["styrelse_insatser"]
    deltagit = [f"Deltagit {s.label.lower()}" for s in PEOPLE.series]
    labels = [label for _, label in _INSATS] + deltagit + ["Rapporter"]
    header_row(ws, top, labels, fmts)
    n, light_col = len(_INSATS), len(_INSATS) + len(PEOPLE.series)
    light = _lights(view)
    for i, (r, counts) in enumerate(zip(rows, people, strict=True), start=top + 1):
        copy_cells(ws, i, 0, ins, r, [column for column, _ in _INSATS], fmts)
        key = str(value_at(ins, r, "insats_id"))
        for c, value in enumerate(counts, start=n):
            ws.write(
                i,
                c,
                value if value is not None else EJ_REDOVISAT,
                fmts[Kind.ANTAL] if isinstance(value, int | float) else fmts["masked"],
            )
        ws.write_string(i, light_col, light(key), fmts["light_text"])
    last = top + max(len(rows), 1)
    first_light = xl_rowcol_to_cell(top + 1, light_col, False, False)
    area = (top + 1, light_col, last, light_col)
    for text, colour in (
        ("Saknas", "red"),
        ("Komplettering", "red"),
        ("Varningar", "amber"),
        ("OK", "green"),
        ("Saknar rapport", "red"),
    ):
        ws.conditional_format(
            *area,
            {
                "type": "formula",
                "format": fmts[f"light_{colour}"],
                "criteria": f'=LEFT({first_light},{len(text)})="{text}"',
            },
        )
    return last


def _outcome_table(ws: Any, avslut: PlacedTable, fmts: dict[str, Any]) -> int:
    """Exits per outcome over the reports in the overview's figures (as the Diagram sheet
    counts them), in columns M:N; returns the header row."""
    from finsam_xl.writers.totals import criteria

    top, col = 3, _OUTCOME_COL
    ws.set_column(col, col, 30)
    ws.write_string(top, col, "Avslut per utfall (diagrammets data)", fmts["header"])
    ws.write_string(top, col + 1, "Antal", fmts["header"])
    model = avslut.sheet_model
    need = ("utfall", "antal", "i_oversikten")
    utfall, antal, used = (model.column(c) if c in model.ids else [] for c in need)
    yes = YES_NO["ja"]
    for i, label in enumerate(UTFALL.values(), start=top + 1):
        counted = [
            number(n)
            for u, n, k in zip(utfall, antal, used, strict=True)
            if u == label and k == yes
        ]
        ws.write_string(i, col, label, fmts[Kind.TEXT])
        formula = (
            f"=SUMIFS({avslut.qualified('antal')},{avslut.qualified('utfall')},{criteria(label)},"
            f"{avslut.qualified('i_oversikten')},{criteria(yes)})"
        )
        ws.write_formula(
            i, col + 1, formula, fmts[Kind.ANTAL], int(sum(n for n in counted if n is not None))
        )
    return top


def _members(
    wb: Any, ws: Any, med: PlacedTable | None, year: int, top: int, fmts: dict[str, Any]
) -> int:
    """The year's insats money per huvudman (part type and kommun) beside each member's share of
    the contributions, and its chart: the second printed page; returns the last row used."""
    if med is None:
        return top
    rows = [
        i for i, r in enumerate(med.sheet_model.rows) if r[med.sheet_model.ids.index("ar")] == year
    ]
    ws.write_string(top, 0, f"Insatsmedel {year} per huvudmannens part och kommun", fmts["title"])
    ws.set_row(top, 24)
    cols = (
        ("antal_insatser", "Insatser"),
        ("medel_ar", "Beviljat för året"),
        ("medel_andel", "Andel av insatsmedlen"),
        ("utfall_ar", "Utfall"),
        ("bidrag_andel", "Andel av medlemsbidragen"),
    )
    header_row(ws, top + 2, ["Huvudman (part – kommun)"] + [label for _, label in cols], fmts)
    several = len({value_at(med, r, "forbund") for r in rows}) > 1
    for i, r in enumerate(rows, start=top + 3):
        label = " – ".join(
            dict.fromkeys(
                str(value_at(med, r, c)) for c in ("huvudman_part_typ", "huvudman_kommun")
            )
        )
        if several:  # the examples' master mixes förbund: say whose
            label = f"{value_at(med, r, 'forbund')}: {label}"
        ws.write_string(i, 0, label, fmts[Kind.TEXT])
        copy_cells(ws, i, 1, med, r, [column for column, _ in cols], fmts)
    last = top + 2 + max(len(rows), 1)
    member_cols = {MEMBERS.category[0]: 0} | {c: n for n, (c, _) in enumerate(cols, start=1)}
    chart = spec_chart(wb, ws, MEMBERS, year, (top + 3, last), member_cols)
    chart.set_size({"width": 2 * CHART_W + 10, "height": max(CHART_H, 110 + 50 * len(rows))})
    ws.insert_chart(last + 2, 0, chart, {"x_offset": 2})
    return last + 2 + math.ceil(max(CHART_H, 110 + 50 * len(rows)) / 20)


_FORMATS = {Kind.ANDEL: "0%", Kind.ANTAL: "#,##0"}


def chart_height(bars: int, legend: bool) -> int:
    """Pixels a bar chart needs to label every bar at 10 pt (LibreOffice skips every other
    label when they crowd): title and value axis, 15 px a bar, a legend; at least 200."""
    return max(200, 80 + 15 * bars + (24 if legend else 0))


def chart_rows(height: int) -> int:
    """Default rows (20 px) a chart of ``height`` takes, with at least 10 px below it."""
    return math.ceil((height + 10) / 20)


_DIGIT_PX = 7  # a 10 pt digit or letter, in the chart's pixels


def spec_chart(
    wb: Any,
    ws: Any,
    spec: BoardChart,
    year: int,
    rows: tuple[int, int],
    cols: dict[str, int],
    values: list[list[object]] | None = None,
    names: list[str] | None = None,
) -> Any:
    """``spec``'s chart over this page's rows ``rows`` (first, last) whose columns ``cols`` maps
    by column id. Amounts (``values``: the model's, per row and series) in tkr or mkr on an axis
    of at most five steps, with no data label wider than its part of a bar (``names``: the bars'
    labels, which narrow the plot)."""
    name, (first, last) = ws.get_name(), rows
    cat = cols[spec.category[0]]
    series = [
        (s.label, [name, first, cols[s.column], last, cols[s.column]], s.colour)
        for s in spec.series
    ]
    title = spec.title_for(year) if values is None else chart_title(spec, year, values)
    drawn = (wb, ws, title, [name, first, cat, last, cat], series)
    if spec.kind is not Kind.KRONOR or values is None:
        return bar_chart(*drawn, stacked=spec.stacked, num_format=_FORMATS[spec.kind])
    amounts = [[v if isinstance(v, int | float) else None for v in row] for row in values]
    largest = (
        stacked_total(amounts)
        if spec.stacked
        else max((v or 0 for row in amounts for v in row), default=0)
    )
    unit = money_unit(largest)
    top = max(unit.major, math.ceil(largest / unit.major) * unit.major)
    plot_px = CHART_W - 40 - _DIGIT_PX * max((len(n) for n in names or []), default=0)
    hidden: list[set[int]] = [set() for _ in spec.series]
    for i, row in enumerate(amounts):
        for n, v in enumerate(row):
            text = f"{(v or 0) / unit.divisor:,.{1 if unit.name == 'mkr' else 0}f}"
            if v is not None and v / top * plot_px < _DIGIT_PX * len(text) + 8:
                hidden[n].add(i)
    axis = {
        "min": 0,
        "max": int(top) if top == int(top) else top,
        "major_unit": int(unit.major) if unit.major == int(unit.major) else unit.major,
        "num_format": unit.axis_format,
        "name": unit.axis_title,
    }
    return bar_chart(
        *drawn,
        num_format=unit.label_format,
        axis=axis,
        hidden_labels=hidden,
        stacked=spec.stacked,
    )


def add_board_sheet(
    wb: Any,
    ws: Any,
    view: Overview,
    placed: dict[str, PlacedTable],
    fmts: dict[str, Any],
    year: int | None = None,
) -> int | None:
    """Fill the Styrelse sheet for ``year`` (default: ``board_year``); returns the year shown."""
    # the light's text set off from the figure before it (right-aligned "ej redovisat")
    fmts.setdefault("light_text", wb.add_format(FONT | {"align": "left", "indent": 1}))
    for name, colour in (("green", _GREEN), ("amber", None), ("red", None)):
        fmts.setdefault(f"light_{name}", wb.add_format(colour or {}) if colour else fmts[name])
    for c, w in enumerate(_WIDTHS):
        ws.set_column(c, c, w)
    shown = board_year(view, year)
    ar, ins = placed.get("styrelse_ar"), placed.get("styrelse_insatser")
    ws.write_string(0, 0, f"Styrelsens översikt {shown or ''}".strip(), fmts["title"])
    ws.set_row(0, 24)
    if shown is None or ar is None or ins is None:
        ws.write_string(2, 0, "Inga insatser eller förbundsår att visa ännu.", fmts["subtitle"])
        return shown
    ws.write_string(
        1,
        0,
        "Belopp i kronor. Förbundets ekonomi enligt förbundets arbetsbok, "
        "insatsernas enligt deras rapporter; se bladen Styrelse år och Styrelse "
        "insatser för vad varje summa täcker.",
        fmts["note"],
    )
    ar_rows = [
        i for i, r in enumerate(ar.sheet_model.rows) if r[ar.sheet_model.ids.index("ar")] == shown
    ]
    ws.write_string(3, 0, f"Årets pengar {shown}", fmts["section"])
    key_last = _key_table(ws, 4, ar, ar_rows, fmts)
    chart_top = key_last + 2
    ins_rows = [
        i for i, r in enumerate(ins.sheet_model.rows) if r[ins.sheet_model.ids.index("ar")] == shown
    ]
    # Two rows of charts, each as tall as its bars need (a label per bar, none skipped).
    outcomes = len(UTFALL) if "avslut" in placed else 0
    high = (chart_height(len(ar_rows), True), chart_height(len(ins_rows), False))
    low = (chart_height(len(ins_rows), True), chart_height(outcomes, False))
    h1, h2 = max(high), max(low)
    second = chart_top + chart_rows(h1)
    ins_top = second + chart_rows(h2) + 1
    ws.write_string(ins_top - 1, 0, f"Insatserna {shown}", fmts["section"])
    # deltagit per kön, per row: shown in the table and charted (Uppföljning Finsam's figures)
    of_insats = _participants(view, shown)
    people = [of_insats(str(value_at(ins, r, "insats_id"))) for r in ins_rows]
    ins_last = _insats_table(ws, ins_top, view, placed, ins_rows, people, fmts)
    name = ws.get_name()
    key_cols = {c: n for n, (c, _) in enumerate(_KEY)}
    money = spec_chart(
        wb,
        ws,
        MONEY,
        shown,
        (5, key_last),
        key_cols,
        [[value_at(ar, r, s.column) for s in MONEY.series] for r in ar_rows],
        [str(value_at(ar, r, "forbund")) for r in ar_rows],
    )
    money.set_size({"width": CHART_W, "height": h1})
    ws.insert_chart(chart_top, 0, money, {"x_offset": 2})
    # the insats table: _INSATS, then deltagit per kön (Uppföljning Finsam's, per insats)
    ins_cols = {c: n for n, (c, _) in enumerate(_INSATS)}
    ins_cols |= {s.column: len(_INSATS) + n for n, s in enumerate(PEOPLE.series)}
    rows = (ins_top + 1, ins_last)
    spent = spec_chart(
        wb,
        ws,
        SPENT,
        shown,
        rows,
        ins_cols,
        [[value_at(ins, r, "forbrukat_andel")] for r in ins_rows],
    )
    spent.set_size({"width": CHART_W, "height": h1})
    ws.insert_chart(chart_top, 0, spent, {"x_offset": CHART_W + 12})
    deltagit = spec_chart(wb, ws, PEOPLE, shown, rows, ins_cols, people)
    deltagit.set_size({"width": CHART_W, "height": h2})
    ws.insert_chart(second, 0, deltagit, {"x_offset": 2})
    if "avslut" in placed:  # its table beside the printed page, its chart on it
        top = _outcome_table(ws, placed["avslut"], fmts)
        last = top + len(UTFALL)
        chart = bar_chart(
            wb,
            ws,
            "Avslut per utfall (alla insatser, senaste rapporter)",
            [name, top + 1, _OUTCOME_COL, last, _OUTCOME_COL],
            [("Avslutade", [name, top + 1, _OUTCOME_COL + 1, last, _OUTCOME_COL + 1], COLOURS[0])],
            stacked=False,
            num_format="#,##0",
        )
        chart.set_size({"width": CHART_W, "height": h2})
        ws.insert_chart(second, 0, chart, {"x_offset": CHART_W + 12})
    members_top = ins_last + 2
    ws.set_h_pagebreaks([members_top])
    members_last = _members(wb, ws, placed.get("styrelse_medlemmar"), shown, members_top, fmts)
    ws.print_area(0, 0, max(ins_last, members_last), len(_INSATS) + len(PEOPLE.series))
    ws.set_landscape()
    ws.set_paper(A4)
    # The first page whole at the largest scale that keeps text ≥ 8 pt; beyond that (a long list
    # of insatser) it continues on the next page rather than shrink.
    headers = {0, 4, ins_top}
    tall = sum(
        _TITLE_PT if r == 0 else HEADER_PT if r in headers else _ROW_PT for r in range(ins_last + 1)
    )
    width = sum(w + 5 / 7 for w in _WIDTHS)
    fit = min(scale_for(width, A4), _PAGE_PT / tall)
    ws.set_print_scale(max(MIN_PCT, math.floor(fit * 100)))
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return shown


__all__ = [
    "BOARD_SHEET",
    "PER_INSATS_SHEET",
    "add_board_sheet",
    "add_per_insats_sheet",
    "board_year",
]
