"""How a workbook of an older template version is read as schema 2.0 (the 1.0 → 2.0 migration).

Field ids of 1.0 keep their meaning in 2.0, so a 1.0 workbook's defined names are read as they
are. What differs is frozen here as data: the column order of the two tables whose columns 2.0
changed, and the values 2.0 keeps in a new form (a 1.0 list's födelseår becomes the åldersgrupp
at start; the födelseår itself stays in the model, nothing is dropped). Fields new in 2.0 are
simply absent from a 1.0 workbook: they stay empty, none is invented, and the one `gammal-mall`
info says what they would need.
"""

from __future__ import annotations

from typing import Any

from finsam_xl.codes import aldersgrupp_for
from finsam_xl.schema import FIELD_BY_ID, Column, Kind

# the tables whose columns 2.0 changed, as 1.0 had them (by column id, in sheet order)
_V1_COLUMNS: dict[str, tuple[str, ...]] = {
    "mal": ("mal", "malvarde", "utfall", "uppnatt", "kommentar"),
    "deltagarlista": (
        "lopnr", "kon", "fodelsear", "startdatum", "slutdatum", "utfall", "forsorjning_start",
        "remitterande_part",
    ),
}  # fmt: skip
# columns 1.0 had and 2.0 no longer shows (read from 1.0 workbooks only)
_V1_ONLY = {("deltagarlista", "fodelsear"): Column("fodelsear", Kind.YEAR, "Födelseår")}

# what each template of 2.0 asks for that 1.0 had no cell for (the gammal-mall info names it)
NEW_IN_2 = {
    "rapport": (
        "kön ej angivet, avslutsorsak, försörjning vid start och vid avslut, sysselsättning "
        "och tid i offentlig försörjning före insatsen, prognos, rekvirerat och utbetalt, "
        "intäkter, årsarbetare, medfinansiering, målens enhet och riktning samt "
        "slutrapportens avsnitt (implementering, samverkan, hinder, brukarmedverkan, "
        "styrgrupp, jämställdhet)"
    ),
    "budget": "",
    "deltagare": (
        "åldersgrupp vid start i stället för födelseår, avslutsorsak, en andra försörjning "
        "vid start, försörjning vid avslut och sysselsättning vid start"
    ),
}


def major(version: str | None) -> int:
    """The schema version a template version belongs to ("1.0" -> 1); unreadable -> current."""
    try:
        return int((version or "").strip().split(".")[0])
    except ValueError:
        return 2


def columns_for(field_id: str, version: str | None) -> tuple[Column, ...]:
    """A table's columns in the order a workbook of ``version`` has them."""
    f = FIELD_BY_ID[field_id]
    if major(version) >= 2 or field_id not in _V1_COLUMNS:
        return f.columns
    by_id = {c.id: c for c in f.columns}
    return tuple(by_id.get(c) or _V1_ONLY[(field_id, c)] for c in _V1_COLUMNS[field_id])


def migrate_row(field_id: str, values: dict[str, Any], version: str | None) -> dict[str, Any]:
    """A table row of ``version`` as 2.0 values (today: a 1.0 list's födelseår -> åldersgrupp)."""
    if major(version) >= 2 or field_id != "deltagarlista":
        return values
    born, start = values.get("fodelsear"), values.get("startdatum")
    if isinstance(born, int) and start is not None and values.get("aldersgrupp") is None:
        return {**values, "aldersgrupp": aldersgrupp_for(start.year - born)}
    return values


def gammal_mall_detail(version: str, malltyp: str, current: str) -> str:
    """The Swedish detail of the one `gammal-mall` info: the version and what the new mall adds."""
    head = f"Mallversion {version} läses om till {current}; alla ifyllda värden tas med. "
    new = NEW_IN_2.get(malltyp, "")
    if not new:
        return head + f"Mall {current} har tydligare ord men inga nya uppgifter här."
    return (
        head + f"Mall {current} frågar också efter {new}: de är tomma i den här filen. "
        f"Använd mall {current} nästa gång."
    )
