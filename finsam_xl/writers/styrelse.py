"""The master's board pages: "Styrelse" (one A4 landscape page for the year) and "Styrelse per
insats" (one page per insats), printed to PDF by ``finsam-xl rapport --styrelse``.

Every figure is a formula referring to the board tables (Styrelse år / insatser / medlemmar,
finsam_xl.overview.styrelse) or Översikt, carrying the model's value as its cached result; kvar
att besluta om and the eget kapital share are recomputed here from their parts, so LibreOffice's
recalculation checks the model's arithmetic. Charts are native charts over these cells: the
year's money stacked kansli / insatser / kvar, förbrukat per insats, deltagit per kön, avslut
per utfall. The traffic lights are conditional formats on the report status of each insats.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from finsam_xl.overview.columns import EJ_REDOVISAT, MEASURES, UTFALL, YES_NO, Kind
from finsam_xl.overview.model import Overview, number
from finsam_xl.writers.printing import A4, LINE_PT, lines_needed, scale_for

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

BOARD_SHEET = "Styrelse"
PER_INSATS_SHEET = "Styrelse per insats"
LIGHTS = {"OK": "green", "Varningar": "amber", "Komplettering begärd": "red", "Saknas": "red"}
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
_WIDTHS = (30.0, 14.0, 14.0, 14.0, 14.0, 13.0, 13.0, 13.0, 20.0)
_CHART_W, _CHART_H = 500, 230
_ROW_PT, _HEADER_PT, _TITLE_PT = 15.0, 30.0, 24.0  # default, header and title row heights
# A4 landscape, 0.5" margins top and bottom: the points of rows one page holds at 100 %.
_PAGE_PT = (8.27 - 1.0) * 72
MIN_PCT = 80  # 10 pt text printed at ≥ 8 pt
_PAGE_WIDTHS = (24.0, 24.0, 14.0, 14.0, 12.0, 14.0, 14.0, 32.0)  # Styrelse per insats
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_COLOURS = ("#1F4E79", "#C55A11", "#7F7F7F")
_OUTCOME_COL = 12  # the exits table, right of the printed page


def board_year(view: Overview, year: int | None = None) -> int | None:
    """The year the board page shows: ``year``, else the latest with insats utfall or the
    förbund's contributions known."""
    sheet = view.sheets.get("styrelse_ar")
    if sheet is None or not sheet.rows:
        return year
    if year is not None:
        return year
    ar, ut, till = (sheet.ids.index(c) for c in ("ar", "utfall_insatser", "tilldelade_medel"))
    told = [int(r[ar]) for r in sheet.rows
            if number(r[ut]) is not None or number(r[till]) is not None]  # fmt: skip
    return max(told) if told else max(int(r[ar]) for r in sheet.rows)


def _ref(placed: PlacedTable, row: int, column: str) -> str:
    from finsam_xl.writers.master import quote_sheet

    cell = xl_rowcol_to_cell(placed.first_row + row, placed.columns[column], True, True)
    return f"{quote_sheet(placed.sheet)}!{cell}"


def _copy(placed: PlacedTable, row: int, column: str) -> str:
    """A formula showing a table cell; an empty cell stays empty (a bare reference shows 0)."""
    ref = _ref(placed, row, column)
    return f'=IF(ISBLANK({ref}),"",{ref})'


def _value(placed: PlacedTable, row: int, column: str) -> object:
    return placed.sheet_model.rows[row][placed.sheet_model.ids.index(column)]


def _put(ws: Any, row: int, col: int, formula: str, value: object, kind: Kind, fmts: Any) -> None:
    """A formula with the model's value cached; a text value (ej redovisat) right-aligned grey."""
    if value is None:
        value = ""
    elif isinstance(value, dt.date):  # a cached result is a number: the date's serial
        value = (value - _EXCEL_EPOCH).days
    fmt = fmts["masked"] if isinstance(value, str) and kind in MEASURES else fmts[kind]
    ws.write_formula(row, col, formula, fmt, value)


def _guarded(parts: list[str], expr: str) -> str:
    """``expr`` when every part is a number, else "ej redovisat" (missing is not zero)."""
    test = ",".join(f"ISNUMBER({p})" for p in parts)
    return f'=IF(AND({test}),{expr},"{EJ_REDOVISAT}")'


def _header(ws: Any, row: int, labels: list[str], fmts: Any) -> None:
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, fmts["header"])
    ws.set_row(row, _HEADER_PT)


def _key_table(ws: Any, top: int, ar: PlacedTable, rows: list[int], fmts: Any) -> int:
    """The year's money per förbund; kvar and the eget kapital share recomputed from parts."""
    _header(ws, top, [label for _, label in _KEY], fmts)
    cols = {c: i for i, (c, _) in enumerate(_KEY)}
    for i, r in enumerate(rows, start=top + 1):
        for c, (column, _) in enumerate(_KEY):
            _put(ws, i, c, _copy(ar, r, column), _value(ar, r, column),
                 ar.kinds[column], fmts)  # fmt: skip
        cell = {c: xl_rowcol_to_cell(i, n) for c, n in cols.items()}
        ovriga = _ref(ar, r, "ovriga_intakter")
        kvar = _guarded(
            [cell["tilldelade_medel"], cell["administrativa_kostnader_budget"],
             cell["beslutat_insatser"]],
            f"{cell['tilldelade_medel']}+N({ovriga})-{cell['administrativa_kostnader_budget']}"
            f"-{cell['beslutat_insatser']}",
        )  # fmt: skip
        _put(ws, i, cols["kvar_att_besluta"], kvar, _value(ar, r, "kvar_att_besluta"),
             Kind.KRONOR, fmts)  # fmt: skip
        ub = _ref(ar, r, "eget_kapital_ub")
        andel = _guarded([ub, cell["tilldelade_medel"]], f"{ub}/{cell['tilldelade_medel']}")
        _put(ws, i, cols["eget_kapital_andel"], andel, _value(ar, r, "eget_kapital_andel"),
             Kind.ANDEL, fmts)  # fmt: skip
    return top + max(len(rows), 1)


def _lights(view: Overview, key: str) -> str:
    """The report light of an insats: a report missing by the register, else Översikt's status."""
    saknade = view.sheets.get("saknade")
    if saknade is not None and any(
        r[saknade.ids.index("insats_id")] == key and r[saknade.ids.index("status")] == "Saknas"
        for r in saknade.rows
    ):
        return "Saknas"
    ins = view.sheets["insatser"]
    for r in ins.rows:
        if r[ins.ids.index("insats_id")] == key:
            status = str(r[ins.ids.index("status")] or "")
            return "Komplettering begärd" if status.startswith("Komplettering") else status
    return "Saknar rapport"


def _participants(view: Overview, key: str, year: int) -> tuple[object, object]:
    uf = view.sheets.get("uppfoljning_finsam")
    if uf is None:
        return None, None
    for r in uf.rows:
        if r[uf.ids.index("insats_id")] == key and r[uf.ids.index("ar")] == year:
            return r[uf.ids.index("deltagare_kvinnor")], r[uf.ids.index("deltagare_man")]
    return None, None


def _insats_table(
    ws: Any, top: int, view: Overview, placed: dict[str, PlacedTable], rows: list[int], year: int,
    fmts: Any,
) -> int:  # fmt: skip
    """This year's insatser: money, förbrukat, deltagit per kön, and the report light."""
    ins = placed["styrelse_insatser"]
    labels = [label for _, label in _INSATS] + ["Deltagit kvinnor", "Deltagit män", "Rapporter"]
    _header(ws, top, labels, fmts)
    n = len(_INSATS)
    for i, r in enumerate(rows, start=top + 1):
        for c, (column, _) in enumerate(_INSATS):
            _put(ws, i, c, _copy(ins, r, column), _value(ins, r, column),
                 ins.kinds[column], fmts)  # fmt: skip
        key = str(_value(ins, r, "insats_id"))
        for c, value in enumerate(_participants(view, key, year), start=n):
            ws.write(i, c, value if value is not None else EJ_REDOVISAT,
                     fmts[Kind.ANTAL] if value is not None else fmts["masked"])  # fmt: skip
        ws.write_string(i, n + 2, _lights(view, key), fmts[Kind.TEXT])
    last = top + max(len(rows), 1)
    light = xl_rowcol_to_cell(top + 1, n + 2, False, False)
    area = (top + 1, n + 2, last, n + 2)
    for text, colour in (("Saknas", "red"), ("Komplettering", "red"), ("Varningar", "amber"),
                         ("OK", "green"), ("Saknar rapport", "red")):  # fmt: skip
        ws.conditional_format(*area, {"type": "formula", "format": fmts[f"light_{colour}"],
                                      "criteria": f'=LEFT({light},{len(text)})="{text}"'})  # fmt: skip
    return last


def _chart(wb: Any, ws: Any, title: str, categories: list[Any], series: list[tuple[str, list[Any], str]],
           *, stacked: bool, num_format: str) -> Any:  # fmt: skip
    chart = wb.add_chart({"type": "bar", **({"subtype": "stacked"} if stacked else {})})
    for name, values, colour in series:
        chart.add_series({
            "name": name, "categories": categories, "values": values,
            "fill": {"color": colour}, "gap": 60, **({"overlap": 100} if stacked else {}),
            "data_labels": {"value": True, "num_format": num_format, "font": {"size": 10},
                            **({} if stacked else {"position": "outside_end"})},
        })  # fmt: skip
    # 10 pt everywhere: the page is printed a little under 100 % and must stay ≥ 8 pt.
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": num_format, "major_gridlines": {"visible": True},
                      "num_font": {"size": 10}})  # fmt: skip
    chart.set_y_axis({"reverse": True, "crossing": "max", "interval_unit": 1,
                      "num_font": {"size": 10}})  # fmt: skip
    chart.set_legend({"position": "bottom", "font": {"size": 10}} if len(series) > 1
                     else {"none": True})  # fmt: skip
    chart.set_size({"width": _CHART_W, "height": _CHART_H})
    return chart


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
        counted = [number(n) for u, n, k in zip(utfall, antal, used, strict=True)
                   if u == label and k == yes]  # fmt: skip
        ws.write_string(i, col, label, fmts[Kind.TEXT])
        formula = (
            f"=SUMIFS({avslut.qualified('antal')},{avslut.qualified('utfall')},{criteria(label)},"
            f"{avslut.qualified('i_oversikten')},{criteria(yes)})"
        )
        ws.write_formula(i, col + 1, formula, fmts[Kind.ANTAL],
                         int(sum(n for n in counted if n is not None)))  # fmt: skip
    return top


def _members(
    wb: Any, ws: Any, med: PlacedTable | None, year: int, top: int, fmts: dict[str, Any]
) -> int:
    """The year's insats money per huvudman (part type and kommun) beside each member's share of
    the contributions, and its chart: the second printed page; returns the last row used."""
    if med is None:
        return top
    rows = [i for i, r in enumerate(med.sheet_model.rows)
            if r[med.sheet_model.ids.index("ar")] == year]  # fmt: skip
    ws.write_string(top, 0, f"Insatsmedel {year} per huvudmannens part och kommun", fmts["title"])
    ws.set_row(top, 24)
    cols = (("antal_insatser", "Insatser"),
            ("medel_ar", "Beviljat för året"), ("medel_andel", "Andel av insatsmedlen"),
            ("utfall_ar", "Utfall"), ("bidrag_andel", "Andel av medlemsbidragen"))  # fmt: skip
    _header(ws, top + 2, ["Huvudman (part – kommun)"] + [label for _, label in cols], fmts)
    several = len({_value(med, r, "forbund") for r in rows}) > 1
    for i, r in enumerate(rows, start=top + 3):
        label = " – ".join(dict.fromkeys(
            str(_value(med, r, c)) for c in ("huvudman_part_typ", "huvudman_kommun")))  # fmt: skip
        if several:  # the examples' master mixes förbund: say whose
            label = f"{_value(med, r, 'forbund')}: {label}"
        ws.write_string(i, 0, label, fmts[Kind.TEXT])
        for c, (column, _) in enumerate(cols, start=1):
            _put(ws, i, c, _copy(med, r, column), _value(med, r, column), med.kinds[column], fmts)
    last = top + 2 + max(len(rows), 1)
    name = ws.get_name()
    chart = _chart(wb, ws, f"Insatsmedel och medlemsbidrag {year} per part", [name, top + 3, 0, last, 0], [
        ("Andel av insatsmedlen", [name, top + 3, 3, last, 3], _COLOURS[0]),
        ("Andel av medlemsbidragen", [name, top + 3, 5, last, 5], _COLOURS[1]),
    ], stacked=False, num_format="0%")  # fmt: skip
    chart.set_size({"width": 2 * _CHART_W + 10, "height": max(_CHART_H, 110 + 50 * len(rows))})
    ws.insert_chart(last + 2, 0, chart, {"x_offset": 2})
    return last + 2 + math.ceil(max(_CHART_H, 110 + 50 * len(rows)) / 20)


def add_board_sheet(
    wb: Any, ws: Any, view: Overview, placed: dict[str, PlacedTable], fmts: dict[str, Any],
    year: int | None = None,
) -> int | None:  # fmt: skip
    """Fill the Styrelse sheet for ``year`` (default: ``board_year``); returns the year shown."""
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
    ws.write_string(1, 0, "Belopp i kronor. Förbundets ekonomi enligt förbundets arbetsbok, "
                    "insatsernas enligt deras rapporter; se bladen Styrelse år och Styrelse "
                    "insatser för vad varje summa täcker.", fmts["note"])  # fmt: skip
    ar_rows = [i for i, r in enumerate(ar.sheet_model.rows)
               if r[ar.sheet_model.ids.index("ar")] == shown]  # fmt: skip
    ws.write_string(3, 0, f"Årets pengar {shown}", fmts["section"])
    key_last = _key_table(ws, 4, ar, ar_rows, fmts)
    chart_top = key_last + 2
    ins_rows = [i for i, r in enumerate(ins.sheet_model.rows)
                if r[ins.sheet_model.ids.index("ar")] == shown]  # fmt: skip
    ins_top = chart_top + 2 * math.ceil(_CHART_H / 20) + 2
    ws.write_string(ins_top - 1, 0, f"Insatserna {shown}", fmts["section"])
    ins_last = _insats_table(ws, ins_top, view, placed, ins_rows, shown, fmts)
    name = ws.get_name()
    k0, k1 = 5, key_last
    money = _chart(wb, ws, f"Årets pengar {shown}", [name, k0, 0, k1, 0], [
        ("Kansli", [name, k0, 2, k1, 2], _COLOURS[2]),
        ("Insatser", [name, k0, 3, k1, 3], _COLOURS[0]),
        ("Kvar att besluta om", [name, k0, 4, k1, 4], "#70AD47"),
    ], stacked=True, num_format='#,##0 "kr"')  # fmt: skip
    ws.insert_chart(chart_top, 0, money, {"x_offset": 2})
    i0, i1 = ins_top + 1, ins_last
    spent = _chart(wb, ws, "Förbrukat av årets medel per insats", [name, i0, 0, i1, 0],
                   [("Förbrukat", [name, i0, 4, i1, 4], _COLOURS[0])],
                   stacked=False, num_format="0%")  # fmt: skip
    ws.insert_chart(chart_top, 0, spent, {"x_offset": _CHART_W + 12})
    people = _chart(wb, ws, f"Deltagit under {shown} per kön", [name, i0, 0, i1, 0], [
        ("Kvinnor", [name, i0, 6, i1, 6], _COLOURS[0]),
        ("Män", [name, i0, 7, i1, 7], _COLOURS[1]),
    ], stacked=True, num_format="#,##0")  # fmt: skip
    ws.insert_chart(chart_top + math.ceil(_CHART_H / 20) + 1, 0, people, {"x_offset": 2})
    if "avslut" in placed:  # its table beside the printed page, its chart on it
        top = _outcome_table(ws, placed["avslut"], fmts)
        last = top + len(UTFALL)
        chart = _chart(wb, ws, "Avslut per utfall (alla insatser, senaste rapporter)",
                       [name, top + 1, _OUTCOME_COL, last, _OUTCOME_COL],
                       [("Avslutade", [name, top + 1, _OUTCOME_COL + 1, last, _OUTCOME_COL + 1],
                         _COLOURS[0])], stacked=False, num_format="#,##0")  # fmt: skip
        row = chart_top + math.ceil(_CHART_H / 20) + 1
        ws.insert_chart(row, 0, chart, {"x_offset": _CHART_W + 12})
    members_top = ins_last + 2
    ws.set_h_pagebreaks([members_top])
    members_last = _members(wb, ws, placed.get("styrelse_medlemmar"), shown, members_top, fmts)
    ws.print_area(0, 0, max(ins_last, members_last), len(_INSATS) + 2)
    ws.set_landscape()
    ws.set_paper(A4)
    # The first page whole at the largest scale that keeps text ≥ 8 pt; beyond that (a long list
    # of insatser) it continues on the next page rather than shrink.
    headers = {0, 4, ins_top}
    tall = sum(_TITLE_PT if r == 0 else _HEADER_PT if r in headers else _ROW_PT
               for r in range(ins_last + 1))  # fmt: skip
    width = sum(w + 5 / 7 for w in _WIDTHS)
    fit = min(scale_for(width, A4), _PAGE_PT / tall)
    ws.set_print_scale(max(MIN_PCT, math.floor(fit * 100)))
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    return shown


def add_per_insats_sheet(
    ws: Any, view: Overview, placed: dict[str, PlacedTable], fmts: dict[str, Any]
) -> list[int]:
    """One printed page per insats: Översikt's facts and its years; returns the page breaks."""
    ins, ov = placed.get("styrelse_insatser"), placed.get("insatser")
    for c, w in enumerate(_PAGE_WIDTHS):
        ws.set_column(c, c, w)
    if ins is None or ov is None:
        return []
    model = ins.sheet_model
    keys = list(dict.fromkeys(str(r[model.ids.index("insats_id")]) for r in model.rows))
    facts = [("forbund", "Förbund"), ("huvudman", "Huvudman"), ("beviljad_fran", "Beviljad fr.o.m."),
             ("beviljad_till", "Beviljad t.o.m."), ("beviljat_belopp", "Beviljat belopp"),
             ("utfall_ack_summa", "Utfall sedan start"), ("forbrukat_andel", "Förbrukat av beviljat"),
             ("deltagare_totalt_kvinnor", "Deltagare kvinnor"), ("deltagare_totalt_man", "Deltagare män"),
             ("avslutade_totalt", "Avslutade deltagare"),
             ("avslutade_till_arbete_studier_andel", "Andel till arbete/studier"),
             ("mal_uppnadda", "Mål uppnådda"), ("status", "Senaste rapport")]  # fmt: skip
    cols = [("ar", "År"), ("medel_ar", "Beviljat för året"), ("utfall_ar", "Utfall"),
            ("prognos_ar", "Prognos"), ("forbrukat_andel", "Förbrukat"),
            ("bundet_kommande_ar", "Bundet kommande år"),
            ("ej_forbrukat", "Ej förbrukat att återföra"), ("medel_kalla", "Beviljat enligt")]  # fmt: skip
    ov_ids = ov.sheet_model.ids
    row, breaks = 0, []
    for key in keys:
        if row:
            breaks.append(row)
        o = next((i for i, r in enumerate(ov.sheet_model.rows)
                  if r[ov_ids.index("insats_id")] == key), None)  # fmt: skip
        years = [i for i, r in enumerate(model.rows) if r[model.ids.index("insats_id")] == key]
        title = str(_value(ins, years[0], "insats_namn") or key)
        ws.write_formula(row, 0, _copy(ins, years[0], "insats_namn"), fmts["title"], title)
        ws.set_row(row, 24)
        row += 2
        if o is not None:
            for column, label in facts:
                if column not in ov.columns:
                    continue
                ws.write_string(row, 0, label, fmts[Kind.TEXT])
                value = _value(ov, o, column)
                _put(ws, row, 1, _copy(ov, o, column), value, ov.kinds[column], fmts)
                if isinstance(value, str) and ov.kinds[column] is Kind.LANGTEXT:
                    lines = lines_needed(value, _PAGE_WIDTHS[1])
                    if lines > 1:
                        ws.set_row(row, LINE_PT * lines + 2)
                row += 1
            row += 1
        _header(ws, row, [label for _, label in cols], fmts)
        for r in years:
            row += 1
            for c, (column, _) in enumerate(cols):
                _put(ws, row, c, _copy(ins, r, column), _value(ins, r, column),
                     ins.kinds[column], fmts)  # fmt: skip
        row += 3
    ws.set_h_pagebreaks(breaks)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_print_scale(math.floor(min(1.0, scale_for(sum(w + 5 / 7 for w in _PAGE_WIDTHS), A4)) * 100))
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    return breaks
