"""Publication safety (`--mask-under N`, domain §7.2 G2): small participant counts are hidden in
tables that leave the förbund.

* **Primary**: a participant count from 1 to N−1 becomes ``"<N"``. Zero stays: it reveals nobody.
* **Secondary**: in a group whose cells add up (kvinnor + män = totalt; the exits of one report
  by outcome or by avslutsorsak; those enrolled in one report by sysselsättning or by time in
  försörjning), a single hidden cell could be worked out from the others, so one more cell is
  hidden: the smallest non-zero one left. It holds N or more, so writing ``"<N"`` there would
  state a falsehood; it gets ``".."`` (SCB's sign for a figure that is not shown).
* **Shares** computed from counts (``avslutade_till_arbete_studier_andel``) are hidden (``".."``)
  when the part or the rest is hidden, since share × whole gives the count back.

Limits, stated so nobody relies on more: the flows between rows (aktiva = totalt − exits so
far) and between successive reports are not protected; under30 has no complement shown and is
masked as a primary cell only, and so is försörjning (multi-valued: one person may count under
two kategorier, so its cells add up to nothing). Amounts, goals and the internal tables
(problem, kallor) are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from finsam_xl.schema import DELTAGAR_RADER

SECONDARY = ".."

# table -> groups of columns that add up (the last is the total when there is one)
GROUPS: dict[str, list[tuple[str, ...]]] = {
    "deltagare": [
        (
            f"deltagare_{r}_kvinnor",
            f"deltagare_{r}_man",
            f"deltagare_{r}_ej_angivet",
            f"deltagare_{r}_totalt",
        )
        for r in DELTAGAR_RADER
    ],
    "insatser": [
        (
            "deltagare_totalt_kvinnor",
            "deltagare_totalt_man",
            "deltagare_totalt_ej_angivet",
            "deltagare_totalt",
        ),
        ("avslutade_till_arbete_studier", "avslutade_totalt"),  # part, whole
    ],
    "uppfoljning_finsam": [
        ("deltagare_kvinnor", "deltagare_man", "deltagare_ej_angivet", "deltagare_totalt")
    ],
    "uf_deltagare": [("kvinnor", "man", "totalt")],
}
# primary-only columns (no complement shown)
SINGLES: dict[str, tuple[str, ...]] = {
    "deltagare": tuple(f"deltagare_{r}_under30" for r in DELTAGAR_RADER),
    "forsorjning": ("vid_start", "vid_avslut"),
    "uf_deltagare": ("kon_ej_angivet", "antal"),
}
# tables of one count per report and code, the codes of a report adding up to its people
BY_REPORT = ("avslut", "avslutsorsak", "sysselsattning", "tid_forsorjning")


def primary_marker(n: int) -> str:
    return f"<{n}"


def _small(value: object, n: int) -> bool:
    return isinstance(value, int) and 0 < value < n


def _hide_one_more(cells: list[object], hidden: list[bool]) -> None:
    """If exactly one cell of an adding-up group is hidden, hide the smallest non-zero other."""
    if hidden.count(True) != 1:
        return
    candidates = [
        (int(v), i) for i, v in enumerate(cells) if not hidden[i] and isinstance(v, int) and v > 0
    ]
    if candidates:
        hidden[min(candidates)[1]] = True


def _apply(
    df: pd.DataFrame, n: int, groups: Sequence[tuple[str, ...]], singles: Sequence[str]
) -> pd.DataFrame:
    out = df.copy()
    touched = [c for g in groups for c in g] + list(singles)
    values = {c: [None if pd.isna(v) else int(v) for v in df[c]] for c in touched}
    masked = {c: [primary_marker(n) if _small(v, n) else v for v in values[c]] for c in touched}
    for group in groups:
        for row in range(len(df)):
            cells: list[object] = [values[c][row] for c in group]
            hidden = [_small(v, n) for v in cells]
            if len(group) > 2:
                _hide_one_more(cells, hidden)
            elif not hidden[0]:
                # (part, whole): the rest, whole − part, is not shown but can be computed.
                part, whole = cells
                if isinstance(part, int) and isinstance(whole, int) and _small(whole - part, n):
                    hidden[0] = True
            for c, hide, v in zip(group, hidden, cells, strict=True):
                if hide and not _small(v, n):
                    masked[c][row] = SECONDARY
    for c in touched:
        out[c] = pd.Series(masked[c], index=df.index, dtype=object)
    return out


def _mask_by_report(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """One report's counts by code add up to its exits (or its new participants): secondary
    suppression per report."""
    out = _apply(df, n, [], ["antal"])
    marks = list(out["antal"])
    raw = [None if pd.isna(v) else int(v) for v in df["antal"]]
    keys = list(zip(df["insats_id"], df["period_fran"], df["period_till"], df["file"], strict=True))
    rows_of: dict[object, list[int]] = {}
    for i, key in enumerate(keys):
        rows_of.setdefault(key, []).append(i)
    for rows in rows_of.values():
        cells: list[object] = [raw[i] for i in rows]
        hidden = [_small(v, n) for v in cells]
        _hide_one_more(cells, hidden)
        for i, hide, v in zip(rows, hidden, cells, strict=True):
            if hide and not _small(v, n):
                marks[i] = SECONDARY
    out["antal"] = pd.Series(marks, index=df.index, dtype=object)
    return out


def _mask_share(df: pd.DataFrame) -> pd.DataFrame:
    part, whole = df["avslutade_till_arbete_studier"], df["avslutade_totalt"]
    shares = list(df["avslutade_till_arbete_studier_andel"])
    for i, (p, w) in enumerate(zip(part, whole, strict=True)):
        # A hidden part, or a hidden whole: share × whole would give the part back.
        if isinstance(p, str) or isinstance(w, str):
            shares[i] = SECONDARY
    out = df.copy()
    out["avslutade_till_arbete_studier_andel"] = pd.Series(shares, index=df.index, dtype=object)
    return out


def mask_tables(tables: dict[str, pd.DataFrame], n: int) -> dict[str, pd.DataFrame]:
    """A copy of the tables with small participant counts hidden (see the module docstring)."""
    if n < 2:
        return dict(tables)  # "<1" would hide nothing: counts are whole numbers
    out = dict(tables)
    for name in dict.fromkeys([*GROUPS, *SINGLES]):
        if name in out:
            out[name] = _apply(out[name], n, GROUPS.get(name, []), SINGLES.get(name, ()))
    for name in BY_REPORT:
        if name in out:
            out[name] = _mask_by_report(out[name], n)
    if "insatser" in out:
        out["insatser"] = _mask_share(out["insatser"])
    return out
