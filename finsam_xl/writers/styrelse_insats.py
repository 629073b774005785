"""The master's "Styrelse per insats" sheet: one printed A4 landscape page per insats, with
Översikt's facts about it and its years from the Styrelse insatser table (beviljat, utfall,
prognos, förbrukat, bundet för kommande år, ej förbrukat att återföra), all formulas.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from finsam_xl.overview.columns import Kind
from finsam_xl.overview.model import Overview
from finsam_xl.writers.board_cells import copy_formula, header_row, put, value_at
from finsam_xl.writers.printing import A4, LINE_PT, lines_needed, scale_for

if TYPE_CHECKING:
    from finsam_xl.writers.master import PlacedTable

PER_INSATS_SHEET = "Styrelse per insats"
_PAGE_WIDTHS = (24.0, 24.0, 14.0, 14.0, 12.0, 14.0, 14.0, 32.0)


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
    facts = [
        ("forbund", "Förbund"),
        ("huvudman", "Huvudman"),
        ("beviljad_fran", "Beviljad fr.o.m."),
        ("beviljad_till", "Beviljad t.o.m."),
        ("beviljat_belopp", "Beviljat belopp"),
        ("utfall_ack_summa", "Utfall sedan start"),
        ("forbrukat_andel", "Förbrukat av beviljat"),
        ("deltagare_totalt_kvinnor", "Deltagare kvinnor"),
        ("deltagare_totalt_man", "Deltagare män"),
        ("deltagare_totalt_ej_angivet", "Deltagare kön ej angivet"),
        ("avslutade_totalt", "Avslutade deltagare"),
        ("avslutade_till_arbete_studier_andel", "Andel till arbete/studier"),
        ("mal_uppnadda", "Mål uppnådda"),
        ("status", "Senaste rapport"),
    ]
    cols = [
        ("ar", "År"),
        ("medel_ar", "Beviljat för året"),
        ("utfall_ar", "Utfall"),
        ("prognos_ar", "Prognos"),
        ("forbrukat_andel", "Förbrukat"),
        ("bundet_kommande_ar", "Bundet kommande år"),
        ("ej_forbrukat", "Ej förbrukat att återföra"),
        ("medel_kalla", "Beviljat enligt"),
    ]
    # each insats' first Översikt row and its rows of years, found in one pass (not per insats)
    at = ov.sheet_model.ids.index("insats_id")
    first_row: dict[object, int] = {}
    for i, line in enumerate(ov.sheet_model.rows):
        first_row.setdefault(line[at], i)
    at = model.ids.index("insats_id")
    year_rows: dict[object, list[int]] = {}
    for i, line in enumerate(model.rows):
        year_rows.setdefault(line[at], []).append(i)
    row, breaks = 0, []
    for key in keys:
        if row:
            breaks.append(row)
        o = first_row.get(key)
        years = year_rows[key]
        title = str(value_at(ins, years[0], "insats_namn") or key)
        ws.write_formula(row, 0, copy_formula(ins, years[0], "insats_namn"), fmts["title"], title)
        ws.set_row(row, 24)
        row += 2
        if o is not None:
            for column, label in facts:
                if column not in ov.columns:
                    continue
                ws.write_string(row, 0, label, fmts[Kind.TEXT])
                value = value_at(ov, o, column)
                put(ws, row, 1, copy_formula(ov, o, column), value, ov.kinds[column], fmts)
                if isinstance(value, str) and ov.kinds[column] is Kind.LANGTEXT:
                    lines = lines_needed(value, _PAGE_WIDTHS[1])
                    if lines > 1:
                        ws.set_row(row, LINE_PT * lines + 2)
                row += 1
            row += 1
        header_row(ws, row, [label for _, label in cols], fmts)
        for r in years:
            row += 1
            for c, (column, _) in enumerate(cols):
                put(
                    ws,
                    row,
                    c,
                    copy_formula(ins, r, column),
                    value_at(ins, r, column),
                    ins.kinds[column],
                    fmts,
                )
        row += 3
    ws.set_h_pagebreaks(breaks)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_print_scale(
        math.floor(min(1.0, scale_for(sum(w + 5 / 7 for w in _PAGE_WIDTHS), A4)) * 100)
    )
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    return breaks
