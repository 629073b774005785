"""A realistic consolidation for the master writer's tests and the docs' picture.

Built with the consolidation's own ``columns.frame`` so the DataFrames carry the real column ids
and dtypes (Int64 with NA, string, ``datetime.date`` objects), not a look-alike. The figures are
those of an invented förbund with four insatser: one on track, one over its grant (red), one
structural insats with warnings, and one that has not reported yet.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from finsam_xl.consolidation.columns import SPECS, frame
from finsam_xl.schema import KOSTNADSSLAG

DELTAGAR_FALT = tuple(c for c in SPECS["deltagare"] if c.startswith("deltagare_"))

FORBUND = "Samordningsförbundet Exempelbygd"
D = dt.date
HOSTILE = '=HYPERLINK("http://example.invalid","klicka")'

INSATSER = [
    # id, namn, huvudman, inriktning, från, till, beviljat, utfall_ack, (kvinnor, män),
    # mål (uppnådda, totalt), status
    ("SFE 23-1.1", "Steget vidare", "Exempelbygds kommun", "individinriktad",
     D(2023, 1, 1), D(2025, 12, 31), 1_800_000, 1_352_400, (28, 19), (3, 4), "ok"),
    ("SFE 23-2.4", "Hälsokraft & arbete", "Region Exempel", "individinriktad",
     D(2023, 7, 1), D(2024, 12, 31), 950_000, 1_012_500, (11, 6), (1, 3), "fel"),
    ("SFE 24-0.7", "Samverkan i praktiken", "Arbetsförmedlingen", "strukturovergripande",
     D(2024, 1, 1), D(2025, 6, 30), 600_000, 210_000, (0, 0), (2, 2), "varningar"),
    ("SFE 24-1.2", "Unga in", "Exempelbygds kommun", "individinriktad",
     D(2024, 9, 1), D(2026, 8, 31), 1_200_000, None, None, None, "saknar-rapport"),
]  # fmt: skip
AVSLUT = {"SFE 23-1.1": {"arbete": 9, "studier": 4, "annan_insats": 3, "ohalsa": 2, "annat": 1},
          "SFE 23-2.4": {"arbete": 2, "arbetssokande": 3, "sjukersattning": 1}}  # fmt: skip


@dataclass
class FakeConsolidation:
    """The shape of ``finsam_xl.consolidation.Consolidation`` the writer reads."""

    tables: dict[str, pd.DataFrame]
    generated_at: dt.datetime = dt.datetime(2025, 2, 14, 9, 30)
    tool_version: str = "0.1.0"
    inputs_sha256: str = hashlib.sha256(b"fixture inputs").hexdigest()
    options: Mapping[str, object] = field(default_factory=dict)
    reports: list[object] = field(default_factory=list)

    def summary(self) -> str:
        return "6 filer lästa, 5 används; 1 fil med fel, 2 med varningar."


def _insatser() -> pd.DataFrame:
    rows = []
    for iid, namn, huvudman, inr, fran, till, bev, ack, kon, mal, status in INSATSER:
        reported = ack is not None
        kvinnor, man = kon if kon else (None, None)
        exits = sum(AVSLUT.get(iid, {}).values())
        work = sum(AVSLUT.get(iid, {}).get(u, 0) for u in ("arbete", "studier"))
        rows.append({
            "forbund": FORBUND, "insats_id": iid, "insats_namn": namn, "huvudman": huvudman,
            "inriktning": inr, "beviljad_fran": fran, "beviljad_till": till,
            "beviljat_belopp": bev, "budget_summa": bev if reported else None,
            "utfall_ack_summa": ack, "forbrukat_andel": ack / bev if reported else None,
            "senaste_rapporttyp": "arsrapport" if reported else None,
            "senaste_period_till": D(2024, 12, 31) if reported else None,
            "deltagare_totalt_kvinnor": kvinnor, "deltagare_totalt_man": man,
            "deltagare_totalt": (kvinnor + man) if kon else None,
            "avslutade_totalt": exits if reported else None,
            "avslutade_till_arbete_studier": work if reported else None,
            "avslutade_till_arbete_studier_andel": work / exits if exits else None,
            "mal_uppnadda": mal[0] if mal else None, "mal_totalt": mal[1] if mal else None,
            "status": status, "antal_rapporter": 2 if reported else 0,
        })  # fmt: skip
    return frame("insatser", rows)


def _per_report(table: str, make: object) -> pd.DataFrame:
    rows: list[dict[str, object]] = []
    for iid, *_rest in INSATSER[:3]:
        for typ, fran, till in (("delarsrapport", D(2024, 1, 1), D(2024, 6, 30)),
                                ("arsrapport", D(2024, 1, 1), D(2024, 12, 31))):  # fmt: skip
            base = {"insats_id": iid, "rapporttyp": typ, "period_fran": fran, "period_till": till,
                    "i_oversikten": typ == "arsrapport",  # the årsrapport covers the half year
                    "file": f"{iid.replace(' ', '_')}_{typ}.xlsx"}  # fmt: skip
            rows += make(base)  # type: ignore[operator]
    return frame(table, rows)


def _budget_rows(base: dict[str, object]) -> list[dict[str, object]]:
    half = base["rapporttyp"] == "delarsrapport"
    out = []
    for i, slag in enumerate(KOSTNADSSLAG):
        budget = [120_000, 80_000, 900_000, 60_000, 15_000, 25_000, 10_000][i]
        periodiserad = budget // (4 if half else 2)
        ack = int(periodiserad * (1.35 if slag == "externa_tjanster" else 0.97))
        out.append({**base, "kostnadsslag": slag, "budget": budget, "utfall": ack // 2,
                    "utfall_ack": ack, "budget_periodiserad": periodiserad,
                    "avvikelse_kr": ack - periodiserad,
                    "avvikelse_andel": (ack - periodiserad) / periodiserad})  # fmt: skip
    return out


def _deltagare_rows(base: dict[str, object]) -> list[dict[str, object]]:
    values = dict.fromkeys(DELTAGAR_FALT, 0)
    values |= {"deltagare_totalt_kvinnor": 14, "deltagare_totalt_man": 9,
               "deltagare_totalt_totalt": 23, "deltagare_nya_kvinnor": 3}  # fmt: skip
    return [{**base, **values}]


def _avslut_rows(base: dict[str, object]) -> list[dict[str, object]]:
    if base["rapporttyp"] != "arsrapport":
        return []
    return [
        {**base, "utfall": u, "antal": n} for u, n in AVSLUT.get(str(base["insats_id"]), {}).items()
    ]


def make_consolidation(
    *, masked: bool = False, register: bool = True, second_forbund: str | None = None
) -> FakeConsolidation:
    """The fixture consolidation; ``masked`` turns small participant counts into ``"<5"``;
    ``second_forbund`` moves the last two insatser to another förbund of that name."""
    tables = {
        "insatser": _insatser(),
        "budget": _per_report("budget", _budget_rows),
        "deltagare": _per_report("deltagare", _deltagare_rows),
        "avslut": _per_report("avslut", _avslut_rows),
        "mal": frame("mal", [
            {"insats_id": "SFE 23-1.1", "rapporttyp": "arsrapport", "period_till": D(2024, 12, 31),
             "mal": "Minst 40 % till arbete eller studier", "malvarde": 40.0, "utfall": 68.4,
             "uppnatt": "ja", "kommentar": "", "file": "SFE_23-1.1_arsrapport.xlsx"},
            {"insats_id": "SFE 23-2.4", "rapporttyp": "arsrapport", "period_till": D(2024, 12, 31),
             "mal": "30 deltagare inskrivna", "malvarde": 30.0, "utfall": 17.0, "uppnatt": "nej",
             "kommentar": "Sen start", "file": "SFE_23-2.4_arsrapport.xlsx"},
        ]),
        "problem": frame("problem", [
            {"file": "SFE_23-2.4_arsrapport.xlsx", "sheet": "Budget", "cell": "D14",
             "code": "over-beviljat", "severity": "error",
             "message": "Ackumulerat utfall 1 012 500 kr överstiger beviljat belopp 950 000 kr.",
             "field": "utfall_ack_summa", "insats_id": "SFE 23-2.4"},
            {"file": "SFE_24-0.7_arsrapport.xlsx", "sheet": "Rapport", "cell": "C40",
             "code": "formel-i-text", "severity": "warning", "message": HOSTILE,
             "field": "text_analys", "insats_id": "SFE 24-0.7"},
        ]),
        "kallor": frame("kallor", [
            {"file": f"{iid.replace(' ', '_')}_{typ}.xlsx",
             "sha256": hashlib.sha256(f"{iid}{typ}".encode()).hexdigest(), "malltyp": "rapport",
             "mallversion": "1.0", "insats_id": iid, "rapporttyp": typ,
             "period_fran": D(2024, 1, 1), "period_till": till, "rapportdatum": till,
             "status": st, "anvand": anv, "antal_fel": int(st == "errors"), "antal_varningar": 0}
            for iid, typ, till, st, anv in (
                ("SFE 23-1.1", "arsrapport", D(2024, 12, 31), "ok", "ja"),
                ("SFE 23-1.1", "delarsrapport", D(2024, 6, 30), "ok", "ersatt"),
                ("SFE 23-2.4", "arsrapport", D(2024, 12, 31), "errors", "utesluten"),
                ("SFE 24-0.7", "arsrapport", D(2024, 12, 31), "warnings", "ja"),
            )
        ]),
    }  # fmt: skip
    if register:
        tables["saknade"] = frame("saknade", [
            {"insats_id": "SFE 24-1.2", "insats_namn": "Unga in", "forbund": FORBUND,
             "rapporttyp": "tertialrapport", "period_fran": D(2024, 9, 1),
             "period_till": D(2024, 12, 31), "sista_dag": D(2025, 1, 30), "status": "saknas"},
        ])  # fmt: skip
        tables["paminnelser"] = frame("paminnelser", [
            {"insats_id": "SFE 24-1.2", "insats_namn": "Unga in", "forbund": FORBUND,
             "kontaktperson": "Kim Exempel", "kontakt_epost": "kim@example.invalid",
             "saknade_perioder": "2024-09-01–2024-12-31",
             "text": "Hej Kim! Vi saknar tertialrapporten för Unga in (2024-09-01–2024-12-31)."},
        ])  # fmt: skip
    if second_forbund is not None:
        tables["insatser"].loc[2:, "forbund"] = second_forbund
    if masked:
        ins = tables["insatser"]
        for col in ("deltagare_totalt_kvinnor", "deltagare_totalt_man", "deltagare_totalt"):
            ins[col] = [("<5" if isinstance(v, int) and 0 < v < 5 else v)
                        for v in ins[col].astype(object).tolist()]  # fmt: skip
        ins.loc[1, "deltagare_totalt_man"] = "<5"
    return FakeConsolidation(tables=tables)
