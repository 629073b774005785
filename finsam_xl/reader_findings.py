"""What the reader noticed but no rule sees: content it could not read, names it could not follow.

A reader records these as ``CellMap.properties`` (see ``cellmap``); here they become issues, so a
file whose figures were not all read never passes as ok:

* ``avkortade_blad``: content past the row or column limit was dropped;
* ``avkortade_namn``: a list's name reaches past the row limit and was read up to it;
* ``trasiga_namn``: a field's defined name points nowhere (``#REF!`` after a deleted row, another
  workbook, a missing sheet). A required field is already a `fel-mall` error from ``build``;
  any other field is a warning naming it, since its figures are silently empty otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from finsam_xl.cellmap import CellMap
from finsam_xl.config import Config
from finsam_xl.issues import Issue, Severity, make_issue
from finsam_xl.schema import FIELD_BY_ID


def _rows(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def reader_findings(cellmap: CellMap, config: Config, issues: Sequence[Issue]) -> list[Issue]:
    """Issues for what the reader could not read; ``issues`` are those found so far."""
    props = cellmap.properties
    out: list[Issue] = []
    truncated = props.get("avkortade_blad")
    if truncated:
        # Not silent: whatever stood past the limits (a personnummer, say) was not checked.
        out.append(
            make_issue(
                "fel-mall",
                severity=Severity.WARNING,
                sheet=truncated.split(",")[0],
                detail=f"Bladet/bladen {truncated} har innehåll långt utanför mallens område "
                f"(efter rad {_rows(config.max_rows)} eller kolumn DX) som inte lästes eller "
                "kontrollerades. Ta bort det och skicka filen igen.",
                detail_en=f"Sheets {truncated} hold content past the reader's limits; not read.",
            )
        )
    for name in filter(None, props.get("avkortade_namn", "").split(",")):
        label = FIELD_BY_ID[name].label if name in FIELD_BY_ID else name
        out.append(
            make_issue(
                "fel-mall",
                severity=Severity.WARNING,
                field=name,
                detail=f"Listan {label} (namnet '{name}') når förbi rad "
                f"{_rows(config.max_rows)}; bara raderna dit lästes. Rader längre ner räknas "
                "inte: kontrollera namnets område (Formler > Namnhanteraren).",
                detail_en=f"The list '{name}' reaches past row {config.max_rows}; only the rows "
                "up to it were read.",
            )
        )
    already = " ".join(i.message for i in issues if i.code == "fel-mall")
    for name in filter(None, props.get("trasiga_namn", "").split(",")):
        if name not in FIELD_BY_ID or name in already:
            continue  # someone's own name, or a required field build already reported
        out.append(
            make_issue(
                "fel-mall",
                severity=Severity.WARNING,
                field=name,
                detail=f"Namnet '{name}' ({FIELD_BY_ID[name].label}) pekar inte på någon cell i "
                "arbetsboken (#REF!, en annan fil eller ett blad som saknas), så uppgiften kunde "
                "inte läsas och räknas som tom. Skapa en ny mall eller rätta namnet under "
                "Formler > Namnhanteraren.",
                detail_en=f"The defined name '{name}' points at no cell (#REF!?); the field "
                "could not be read and counts as empty.",
            )
        )
    return out
