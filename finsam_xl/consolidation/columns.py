"""Column ids and types of every consolidation table, and how rows become typed DataFrames.

One place fixes what each column holds, so the Excel writer, the exports and the tests agree:

* amounts: integer kronor (pandas ``Int64``; empty where unknown). The models hold exact Decimal
  kronor; an amount with öre is rounded half up to whole kronor and the rounding is listed in
  ``Consolidation.notes`` (board tables are in kronor, and a float would not be exact anyway);
* counts: ``Int64``; shares: ``float64`` fractions 0–1 (NaN where undefined, e.g. nothing granted);
* dates: ``datetime.date`` objects (object column; CSV writes ISO, Parquet ``date32``);
* text: pandas' string dtype; flags: ``boolean``.

After ``--mask-under`` the masked count columns of a table become object columns holding ints and
the markers of finsam_xl.consolidation.mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from finsam_xl.schema import DELTAGAR_KOLUMNER, DELTAGAR_RADER

DATE, TEXT, FLAG = "date", "str", "boolean"
KR, COUNT = "Int64", "Int64"
SHARE, NUMBER = "float64", "float64"

_PERIOD = {"insats_id": TEXT, "rapporttyp": TEXT, "period_fran": DATE, "period_till": DATE}
DELTAGAR_FALT = tuple(f"deltagare_{r}_{k}" for r in DELTAGAR_RADER for k in DELTAGAR_KOLUMNER)

SPECS: dict[str, dict[str, str]] = {
    "insatser": {
        "forbund": TEXT, "insats_id": TEXT, "insats_namn": TEXT, "huvudman": TEXT,
        "inriktning": TEXT, "beviljad_fran": DATE, "beviljad_till": DATE,
        "beviljat_belopp": KR, "budget_summa": KR, "utfall_ack_summa": KR,
        "forbrukat_andel": SHARE, "senaste_rapporttyp": TEXT, "senaste_period_till": DATE,
        "deltagare_totalt_kvinnor": COUNT, "deltagare_totalt_man": COUNT,
        "deltagare_totalt": COUNT, "avslutade_totalt": COUNT,
        "avslutade_till_arbete_studier": COUNT, "avslutade_till_arbete_studier_andel": SHARE,
        "mal_uppnadda": COUNT, "mal_totalt": COUNT, "status": TEXT,
        "planerat_antal_deltagare": COUNT, "budget_planerad": KR, "antal_rapporter": COUNT,
        "antal_fel": COUNT, "antal_varningar": COUNT,
    },
    "budget": {
        **_PERIOD, "kostnadsslag": TEXT, "budget": KR, "utfall": KR, "utfall_ack": KR,
        "budget_periodiserad": KR, "avvikelse_kr": KR, "avvikelse_andel": SHARE, "file": TEXT,
    },
    "deltagare": {**_PERIOD, **dict.fromkeys(DELTAGAR_FALT, COUNT), "file": TEXT},
    "avslut": {**_PERIOD, "utfall": TEXT, "antal": COUNT, "file": TEXT},
    "mal": {
        "insats_id": TEXT, "rapporttyp": TEXT, "period_till": DATE, "mal": TEXT,
        "malvarde": NUMBER, "utfall": NUMBER, "uppnatt": TEXT, "kommentar": TEXT, "file": TEXT,
    },
    "problem": {
        "file": TEXT, "sheet": TEXT, "cell": TEXT, "code": TEXT, "severity": TEXT,
        "message": TEXT, "field": TEXT, "insats_id": TEXT,
    },
    "kallor": {
        "file": TEXT, "sha256": TEXT, "malltyp": TEXT, "mallversion": TEXT, **_PERIOD,
        "rapportdatum": DATE, "status": TEXT, "anvand": TEXT, "ersatt_av": TEXT,
        "antal_fel": COUNT, "antal_varningar": COUNT,
    },
    "uppfoljning_finsam": {
        "insats_id": TEXT, "insats_namn": TEXT, "forbund": TEXT, "inriktning": TEXT,
        "ar": COUNT, "budget": KR, "budget_kalla": TEXT, "utfall": KR,
        "planerat_antal_deltagare": COUNT, "deltagare_kvinnor": COUNT, "deltagare_man": COUNT,
        "deltagare_totalt": COUNT, "uppskattat": FLAG,
    },
    "saknade": {
        "insats_id": TEXT, "insats_namn": TEXT, "forbund": TEXT, "rapporttyp": TEXT,
        "period_fran": DATE, "period_till": DATE, "sista_dag": DATE, "status": TEXT,
        "rapportdatum": DATE, "file": TEXT,
    },
    "paminnelser": {
        "insats_id": TEXT, "insats_namn": TEXT, "forbund": TEXT, "kontaktperson": TEXT,
        "kontakt_epost": TEXT, "saknade_perioder": TEXT, "text": TEXT,
    },
}  # fmt: skip

TABLES = tuple(SPECS)


def frame(table: str, rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """Rows (dicts keyed by column id) as a DataFrame with the table's columns and types."""
    spec = SPECS[table]
    records = [tuple(row.get(col) for col in spec) for row in rows]
    df = pd.DataFrame.from_records(records, columns=list(spec))
    for col, dtype in spec.items():
        if dtype == DATE:
            df[col] = df[col].astype(object).where(df[col].notna(), None)
        else:
            df[col] = df[col].astype(dtype)  # type: ignore[call-overload]
    return df.reset_index(drop=True)


@dataclass
class Money:
    """Decimal kronor to whole kronor, remembering where öre were rounded away."""

    notes: list[str] = field(default_factory=list)

    def __call__(self, value: Decimal | None, where: str = "") -> int | None:
        if value is None:
            return None
        whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if whole != value and where:
            self.notes.append(f"{where}: {value} kr avrundat till {whole} kr")
        return int(whole)


def share(part: Decimal | int | None, whole: Decimal | int | None) -> float | None:
    """part / whole as a float fraction, None when the whole is unknown or zero."""
    if part is None or whole is None or whole == 0:
        return None
    return float(Decimal(part) / Decimal(whole))
