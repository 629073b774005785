"""Live forms of the participant list's rules (``finsam_xl.rules.lista``): one check per row.

Each form gives one ``per_row`` check; the template writes it on every row of the list, naming
that row's cells (``{startdatum}``) and the report's own fields by field id. A row stays quiet
until the cells its rule reads are filled in, as the rules do: a date only counts when it is a
date (a date typed as text is the validator's `fel-typ`, not this), an outcome is missing only
when its cell is blank, and an åldersgrupp is out of range only when it is the dropdown's label
(or the code) of a group wholly outside the config's ``alder_min``–``alder_max``.
"""

from __future__ import annotations

from collections.abc import Callable

from finsam_xl.codes import ALDERSGRUPP_SPANN
from finsam_xl.config import DEFAULT
from finsam_xl.live_base import Fields, LiveCheck, have_all, iso_date, q
from finsam_xl.schema import CODE_LISTS, FIELD_BY_ID

TABLE = "deltagarlista"
GRANTED = "ISNUMBER(beviljad_fran),ISNUMBER(beviljad_till),beviljad_fran<=beviljad_till"


def _column(col: str) -> int:
    return [c.id for c in FIELD_BY_ID[TABLE].columns].index(col)


def _label(col: str) -> str:
    return next(c.label for c in FIELD_BY_ID[TABLE].columns if c.id == col)


def _row(code: str, col: str, condition: str, message: str) -> LiveCheck:
    return LiveCheck(code, TABLE, condition, message, column=_column(col), per_row=True)


def _ordning(fields: Fields) -> list[LiveCheck]:
    if TABLE not in fields:
        return []
    return [
        _row(
            "period-ordning",
            "startdatum",
            "AND(ISNUMBER({startdatum}),ISNUMBER({slutdatum}),{startdatum}>{slutdatum})",
            f"{q('Startdatum ')}&{iso_date('{startdatum}')}&{q(' är efter slutdatum ')}"
            f"&{iso_date('{slutdatum}')}",
        )
    ]


def _utanfor(fields: Fields) -> list[LiveCheck]:
    if not have_all(fields, [TABLE, "beviljad_fran", "beviljad_till"]):
        return []
    return [
        _row(
            "period-utanfor",
            col,
            f"AND({GRANTED},ISNUMBER({{{col}}}),"
            f"OR({{{col}}}<beviljad_fran,{{{col}}}>beviljad_till))",
            f"{q(_label(col) + ' ')}&{iso_date('{' + col + '}')}"
            f"&{q(' ligger utanför den beviljade perioden')}",
        )
        for col in ("startdatum", "slutdatum")
    ]


def _utfall_saknas(fields: Fields) -> list[LiveCheck]:
    if TABLE not in fields:
        return []
    return [
        _row(
            "saknas",
            "utfall",
            'AND(ISNUMBER({slutdatum}),TRIM({utfall}&"")="")',
            q(f"Slutdatum är ifyllt: välj {_label('utfall')}"),
        )
    ]


def _outside_groups() -> list[str]:
    """The åldersgrupp labels and codes wholly outside alder_min–alder_max (as the rule)."""
    low, high = DEFAULT.alder_min, DEFAULT.alder_max
    out = []
    for code, (first, last) in ALDERSGRUPP_SPANN.items():
        lo, hi = (first if first is not None else 0), (last if last is not None else 150)
        if hi < low or lo > high:
            out += [CODE_LISTS["aldersgrupp"].label(code), code]
    return out


def _alder(fields: Fields) -> list[LiveCheck]:
    if TABLE not in fields:
        return []
    cell = 'TRIM({aldersgrupp}&"")'
    span = f"{DEFAULT.alder_min}–{DEFAULT.alder_max} år"
    return [
        _row(
            "alder-utanfor",
            "aldersgrupp",
            f"OR({','.join(f'{cell}={q(g)}' for g in _outside_groups())})",
            f"{q('Åldersgrupp ')}&{cell}&{q(f' ligger utanför {span}: stämmer den?')}",
        )
    ]


Form = Callable[[Fields], list[LiveCheck]]

# rule code -> the list's per-row form of it (LIVE_FORMS takes them into its table)
ROW_FORMS: dict[str, Form] = {
    "saknas": _utfall_saknas,
    "period-ordning": _ordning,
    "period-utanfor": _utanfor,
    "alder-utanfor": _alder,
}
