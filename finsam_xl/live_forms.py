"""The live form of a rule: the same check as a spreadsheet formula, for the templates themselves.

``LIVE_FORMS`` is keyed by rule code like the catalogue (``finsam_xl.issue_catalogue``): a code
listed here has a live form, and its function gives the template's checks from the field ids the
template has. Each ``LiveCheck`` is one condition at one cell, the cell the Python rule puts its
issue on, with a short Swedish text to show beside the block. Formulas name cells only by their
field id, which is a workbook-scoped defined name (a named range in Google Sheets), so they stay
right wherever the layout moves a field.

Every formula must mean the same in Excel, LibreOffice and Google Sheets: only the functions in
``data/live_functions.txt`` (no dynamic arrays, no LET/LAMBDA), ``N()`` around a typed cell
so a text never compares as "greater than any number" (Excel's rule), and no TEXT() with a format
code (its codes depend on the program's language); FIXED() gives the locale's thousands separator.
A check stays quiet until the cells it reads hold something: an empty template shows no alarm.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources

from finsam_xl.config import DEFAULT
from finsam_xl.live_base import Fields, LiveCheck
from finsam_xl.live_base import have_all as _all
from finsam_xl.live_base import iso_date as _date
from finsam_xl.live_base import kr as _kr
from finsam_xl.live_base import n as _n
from finsam_xl.live_base import q as _q
from finsam_xl.live_base import tol as _tol
from finsam_xl.live_rows import ROW_FORMS
from finsam_xl.schema import (
    CODE_LISTS,
    DELTAGAR_RAD_LABEL,
    DELTAGAR_RADER,
    FIELD_BY_ID,
    KOSTNADSSLAG,
    UTFALL,
    YEARS,
    Kind,
    field_label,
)

__all__ = [
    "FORMULA_GUARDS",
    "LIVE_FORMS",
    "Fields",
    "LiveCheck",
    "allowed_functions",
    "functions_in",
    "live_checks",
]


def _summa_fel(fields: Fields) -> list[LiveCheck]:
    checks = []
    for prefix in ("budget", "utfall", "utfall_ack"):
        parts = [f"{prefix}_{slag}" for slag in KOSTNADSSLAG]
        total = f"{prefix}_summa"
        if not _all(fields, [*parts, total]):
            continue
        parts_sum = f"SUM({','.join(parts)})"
        column = field_label(total).split(",")[0]
        checks.append(
            LiveCheck(
                "summa-fel",
                total,
                f"ABS({_n(total)}-{parts_sum})>{_tol(DEFAULT.summa_tolerans_kr)}",
                f"{_q(column + ': summan stämmer inte, ')}&FIXED({_n(total)},0)"
                f"&{_q(' mot ')}&FIXED({parts_sum},0)",
            )
        )
    return checks


def _row_sum(rad: str) -> str:
    return "+".join(_n(f"deltagare_{rad}_{kol}") for kol in ("kvinnor", "man", "ej_angivet"))


def _row_fields(rad: str) -> list[str]:
    return [f"deltagare_{rad}_{kol}" for kol in ("kvinnor", "man", "ej_angivet", "totalt")]


def _kon_summa(fields: Fields) -> list[LiveCheck]:
    checks = []
    for rad in DELTAGAR_RADER:
        if not _all(fields, _row_fields(rad)):
            continue
        totalt = f"deltagare_{rad}_totalt"
        checks.append(
            LiveCheck(
                "kon-summa",
                totalt,
                f'AND({totalt}<>"",{_n(totalt)}<>{_row_sum(rad)})',
                f"{_q(DELTAGAR_RAD_LABEL[rad] + ': totalt är ')}&{_n(totalt)}"
                f"&{_q(' men kvinnor + män + ej angivet är ')}&({_row_sum(rad)})",
            )
        )
    return checks


def _under30(fields: Fields) -> list[LiveCheck]:
    checks = []
    for rad in DELTAGAR_RADER:
        under30 = f"deltagare_{rad}_under30"
        if not _all(fields, [*_row_fields(rad), under30]):
            continue
        checks.append(
            LiveCheck(
                "under30-for-stor",
                under30,
                f"{_n(under30)}>{_row_sum(rad)}",
                f"{_q(DELTAGAR_RAD_LABEL[rad] + ': ')}&{_n(under30)}"
                f"&{_q(' under 30 år men bara ')}&({_row_sum(rad)})&{_q(' totalt')}",
            )
        )
    return checks


def _avslut_summa(fields: Fields) -> list[LiveCheck]:
    outcomes = [f"avslut_{u}" for u in UTFALL]
    if not _all(fields, [*outcomes, *_row_fields("avslutade")]):
        return []
    total = f"SUM({','.join(outcomes)})"
    exited = _row_sum("avslutade")
    return [
        LiveCheck(
            "avslut-summa",
            outcomes[0],
            f"{total}<>{exited}",
            f"{_q('Avslut per utfall blir ')}&{total}&{_q(' men ')}&({exited})"
            f"&{_q(' avslutades under perioden')}",
        )
    ]


def _over_beviljat(fields: Fields) -> list[LiveCheck]:
    parts = [f"utfall_ack_{slag}" for slag in KOSTNADSSLAG]
    if not _all(fields, [*parts, "utfall_ack_summa", "beviljat_belopp"]):
        return []
    total = f"SUM({','.join(parts)})"
    return [
        LiveCheck(
            "over-beviljat",
            "utfall_ack_summa",
            f"AND(ISNUMBER(beviljat_belopp),{total}>beviljat_belopp)",
            f"{_q('Utfall totalt sedan start ')}&{_kr(total)}"
            f"&{_q(' är mer än beviljat belopp ')}&{_kr('beviljat_belopp')}",
        )
    ]


def _dates(fran: str, till: str) -> str:
    return f"ISNUMBER({fran}),ISNUMBER({till})"


def _period_ordning(fields: Fields) -> list[LiveCheck]:
    checks = []
    for prefix, what in (("beviljad", "Beviljad period"), ("period", "Perioden")):
        fran, till = f"{prefix}_fran", f"{prefix}_till"
        if _all(fields, [fran, till]):
            checks.append(
                LiveCheck(
                    "period-ordning",
                    fran,
                    f"AND({_dates(fran, till)},{fran}>{till})",
                    f"{_q(what + ' börjar ')}&{_date(fran)}&{_q(' men slutar ')}&{_date(till)}"
                    f"&{_q(', före starten')}",
                )
            )
    return checks


def _period_utanfor(fields: Fields) -> list[LiveCheck]:
    ids = ["beviljad_fran", "beviljad_till", "period_fran", "period_till"]
    if not _all(fields, ids):
        return []
    granted = f"{_dates('beviljad_fran', 'beviljad_till')},beviljad_fran<=beviljad_till"
    return [
        LiveCheck(
            "period-utanfor",
            "period_fran",
            f"AND({granted},ISNUMBER(period_fran),period_fran<beviljad_fran)",
            f"{_q('Perioden börjar ')}&{_date('period_fran')}"
            f"&{_q(', före den beviljade perioden')}",
        ),
        LiveCheck(
            "period-utanfor",
            "period_till",
            f"AND({granted},ISNUMBER(period_till),period_till>beviljad_till)",
            f"{_q('Perioden slutar ')}&{_date('period_till')}"
            f"&{_q(', efter den beviljade perioden')}",
        ),
    ]


EMPTY_ACK = "Utfall totalt sedan start är tom, men periodens utfall är ifyllt"


def _period_over_ack(fields: Fields) -> list[LiveCheck]:
    """Per kostnadsslag: cumulative below the period's figure; or cumulative empty everywhere.

    As the rule: when the whole cumulative column is empty (0) while the period column has an
    amount, one finding on the first row with a period amount, and no per-row ones.
    """
    utfall = [f"utfall_{s}" for s in KOSTNADSSLAG]
    ack = [f"utfall_ack_{s}" for s in KOSTNADSSLAG]
    if not _all(fields, [*utfall, *ack]):
        return []
    positive = [f"({_n(u)}>0)" for u in utfall]
    empty = f"AND({'+'.join(f'({_n(a)}<>0)' for a in ack)}=0,{'+'.join(positive)}>0)"
    tol = _tol(DEFAULT.ack_tolerans_kr)
    checks = []
    for i, slag in enumerate(KOSTNADSSLAG):
        u, a = _n(utfall[i]), _n(ack[i])
        first = "AND(" + ",".join([f"{u}>0", *(f"{p}=0" for p in positive[:i])]) + ")"
        label = CODE_LISTS["kostnadsslag"].label(slag)
        checks.append(
            LiveCheck(
                "period-over-ack",
                ack[i],
                f"IF({empty},{first},AND({u}>0,{u}>{a}+{tol}))",
                f"IF({empty},{_q(EMPTY_ACK)},"
                f"{_q(label + ': totalt sedan start ')}&{_kr(a)}"
                f"&{_q(' är mindre än periodens utfall ')}&{_kr(u)})",
            )
        )
    return checks


def _avvikelse_utan_kommentar(fields: Fields) -> list[LiveCheck]:
    """A kostnadsslag whose cumulative utfall is off the time-proportional budget, uncommented.

    As ``rules.ekonomi.avvikelser``: expected = budget × the elapsed share of the granted period
    (the whole budget in a slutrapport); off by more than max(10 %, 25 000 kr) by default; rows
    whose cumulative figure another rule already calls wrong are not measured (a row under its
    period figure; every row when the cumulative column is empty or a copy of the period's), nor
    any row when the budget was decided only as a total.
    """
    slag = list(KOSTNADSSLAG)
    ids = [f"{p}_{s}" for s in slag for p in ("budget", "utfall", "utfall_ack", "kommentar")]
    dates = ["beviljad_fran", "beviljad_till", "period_fran", "period_till", "rapporttyp"]
    if not _all(fields, [*ids, *dates, "budget_endast_summa"]):
        return []
    cfg, tol = DEFAULT, _tol(DEFAULT.ack_tolerans_kr)
    slut = f"rapporttyp={_q(CODE_LISTS['rapporttyp'].label('slutrapport'))}"
    known = (
        f"OR({slut},AND(ISNUMBER(beviljad_fran),ISNUMBER(beviljad_till),"
        "ISNUMBER(period_till),beviljad_fran<=beviljad_till))"
    )
    share = (
        f"IF({slut},1,MAX(0,MIN(1,(period_till-beviljad_fran+1)/(beviljad_till-beviljad_fran+1))))"
    )
    u = [_n(f"utfall_{s}") for s in slag]
    a = [_n(f"utfall_ack_{s}") for s in slag]
    any_period = "+".join(f"({x}>0)" for x in u) + ">0"
    copied = "+".join(f"(ABS({y}-{x})>{tol})" for x, y in zip(u, a, strict=True)) + "=0"
    as_period = (
        f"AND(ISNUMBER(beviljad_fran),ISNUMBER(period_fran),period_fran>beviljad_fran,"
        f"{any_period},{copied})"
    )
    empty = "+".join(f"({y}<>0)" for y in a) + f"=0,{any_period}"
    only_total = (
        f"AND(ISNUMBER(budget_endast_summa),SUM({','.join(f'budget_{s}' for s in slag)})=0)"
    )
    whole = f"OR({as_period},AND({empty}),{only_total})"
    andel, kr = _tol(cfg.budgetavvikelse_andel), _tol(cfg.budgetavvikelse_kr)
    checks = []
    for i, s in enumerate(slag):
        expected = f"{_n(f'budget_{s}')}*{share}"
        over_ack = f"AND({u[i]}>0,{u[i]}>{a[i]}+{tol})"
        comment = f"kommentar_{s}"
        condition = (
            f'AND(TRIM({comment}&"")="",{known},NOT({whole}),NOT({over_ack}),'
            f"ABS({a[i]}-{expected})>MAX({andel}*{expected},{kr}))"
        )
        label = CODE_LISTS["kostnadsslag"].label(s)
        message = (
            f"{_q(label + ': totalt sedan start ')}&{_kr(a[i])}&{_q(' mot väntat ')}"
            f"&{_kr(f'ROUND({expected},0)')}&{_q(', förklara i Kommentar')}"
        )
        checks.append(LiveCheck("avvikelse-utan-kommentar", comment, condition, message))
    return checks


def _year(j: int) -> str:
    """The j-th (1-based) cell of the budget's year row, found through the table's name."""
    return f"INDEX(budgetar,1,{j})"


def _budget_years(fields: Fields) -> list[LiveCheck]:
    """Budget years (budget template): each after the filled one before it (period-ordning),
    each inside the granted period's years (period-utanfor), a year above every column with
    amounts (saknas), and the plan's total within beviljat belopp (over-beviljat)."""
    ids = ["budgetar", "budgetplan", "beviljad_fran", "beviljad_till", "beviljat_belopp"]
    if not _all(fields, ids):
        return []
    checks = []
    granted = "ISNUMBER(beviljad_fran),ISNUMBER(beviljad_till),beviljad_fran<=beviljad_till"
    for j in range(1, YEARS + 1):
        y = _year(j)
        # the nearest filled year to the left, as the rule compares consecutive filled years
        prev = "0"
        for k in range(1, j):
            prev = f"IF(ISNUMBER({_year(k)}),{_year(k)},{prev})"
        if j > 1:
            checks.append(
                LiveCheck(
                    "period-ordning",
                    "budgetar",
                    f"AND(ISNUMBER({y}),{prev}>0,{y}<={prev})",
                    f"{_q('Budgetåret ')}&{y}&{_q(' står efter ')}&{prev}"
                    f"&{_q(': skriv åren i ordning från vänster')}",
                    column=j - 1,
                )
            )
        checks.append(
            LiveCheck(
                "period-utanfor",
                "budgetar",
                f"AND({granted},ISNUMBER({y}),OR({y}<YEAR(beviljad_fran),{y}>YEAR(beviljad_till)))",
                f"{_q('Budgetåret ')}&{y}&{_q(' ligger utanför den beviljade perioden')}",
                column=j - 1,
            )
        )
        amounts = f"INDEX(budgetplan,0,{j})"
        checks.append(
            LiveCheck(
                "saknas",
                "budgetar",
                f'AND(NOT(ISNUMBER({y})),COUNTIF({amounts},">0")+COUNTIF({amounts},"<0")>0)',
                _q(f"Budgetår {j} saknas: kolumnen har belopp men inget år"),
                column=j - 1,
            )
        )
    total = "+".join(
        f"IF(ISNUMBER({_year(j)}),SUM(INDEX(budgetplan,0,{j})),0)" for j in range(1, YEARS + 1)
    )
    checks.append(
        LiveCheck(
            "over-beviljat",
            "beviljat_belopp",
            f"AND(ISNUMBER(beviljat_belopp),{total}>beviljat_belopp)",
            f"{_q('Budgeten för alla år blir ')}&{_kr(total)}"
            f"&{_q(', mer än beviljat belopp ')}&{_kr('beviljat_belopp')}",
        )
    )
    return checks


def _saknas(fields: Fields) -> list[LiveCheck]:
    """A required field left empty, once anything else on its sheet is filled in.

    An empty template, or a sheet not yet started, shows nothing; a scalar is empty when it holds
    only spaces, a required table when none of its cells holds anything (at its first cell).
    """
    checks = []
    for field_id, sheet in fields.sheet_of.items():
        f = FIELD_BY_ID.get(field_id)
        if f is None or f.group == "meta" or not f.required(fields.malltyp):
            continue
        others = [
            o
            for o, s in fields.sheet_of.items()
            if s == sheet and o != field_id and o in FIELD_BY_ID and not FIELD_BY_ID[o].formula
        ]
        if not others:
            continue
        woken = f"COUNTA({','.join(others)})>0"
        empty = f"COUNTA({field_id})=0" if f.kind is Kind.TABLE else f'TRIM({field_id}&"")=""'
        what = f.label + (": minst en rad behövs" if f.kind is Kind.TABLE else " saknas")
        checks.append(LiveCheck("saknas", field_id, f"AND({empty},{woken})", _q(what)))
    return checks


Form = Callable[[Fields], list[LiveCheck]]


def _budget(code: str) -> Form:
    """The budget template's live form of ``code`` (its year row and plan total)."""
    return lambda fields: [c for c in _budget_years(fields) if c.code == code]


# rule code -> its live forms (one per kind of template that has the rule's fields)
LIVE_FORMS: dict[str, tuple[Form, ...]] = {
    "saknas": (_saknas, _budget("saknas"), ROW_FORMS["saknas"]),
    "summa-fel": (_summa_fel,),
    "kon-summa": (_kon_summa,),
    "under30-for-stor": (_under30,),
    "avslut-summa": (_avslut_summa,),
    "over-beviljat": (_over_beviljat, _budget("over-beviljat")),
    "period-ordning": (_period_ordning, _budget("period-ordning"), ROW_FORMS["period-ordning"]),
    "period-utanfor": (_period_utanfor, _budget("period-utanfor"), ROW_FORMS["period-utanfor"]),
    "period-over-ack": (_period_over_ack,),
    # last: on a row it never fires together with period-over-ack, which takes the first column
    "avvikelse-utan-kommentar": (_avvikelse_utan_kommentar,),
    # the participant list's rows (finsam_xl.live_rows)
    "alder-utanfor": (ROW_FORMS["alder-utanfor"],),
}


_STRING = re.compile(r'"(?:[^"]|"")*"')
_CALL = re.compile(r"([A-Za-z][A-Za-z0-9._]*)\(")


def functions_in(formula: str) -> set[str]:
    """The functions a formula calls (names before "(" outside string literals), upper case."""
    return {name.upper() for name in _CALL.findall(_STRING.sub('""', formula))}


def allowed_functions() -> frozenset[str]:
    """The functions all three programs have (``data/live_functions.txt``)."""
    text = resources.files("finsam_xl").joinpath("data/live_functions.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


# Checks of the template's own formulas (a sum, totalt): they fire only when someone has typed
# over the formula, which the sheet protection prevents, so they give way to the others.
FORMULA_GUARDS = frozenset({"summa-fel", "kon-summa"})


def live_checks(fields: Fields) -> list[LiveCheck]:
    """Every live check a template with these field ids gets, in catalogue order."""
    return [check for forms in LIVE_FORMS.values() for form in forms for check in form(fields)]
