"""Push's checks before it writes anything: titles, sheets it must not touch, Google's size limit.

Pure functions over the spreadsheet's metadata (one ``spreadsheets.get``); each raises a
``SheetsSyncError`` in Swedish that says what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from finsam_xl.errors import SheetsSyncError

if TYPE_CHECKING:
    import pandas as pd

MAX_CELLS = 10_000_000  # Google's limit per spreadsheet


def check_titles(tables: Mapping[str, Any], spreadsheet_id: str) -> None:
    seen: set[str] = set()
    for title in tables:
        if not title.strip() or len(title) > 100:
            raise SheetsSyncError(
                f"Ogiltigt bladnamn {title!r}: 1–100 tecken.",
                spreadsheet_id=spreadsheet_id,
                en=f"Invalid sheet name {title!r}: 1–100 characters.",
            )
        if title.casefold() in seen:
            raise SheetsSyncError(
                f"Bladnamnet {title!r} förekommer två gånger.",
                spreadsheet_id=spreadsheet_id,
                en=f"The sheet name {title!r} occurs twice.",
            )
        seen.add(title.casefold())


def _cells(props: Mapping[str, Any]) -> int:
    """Cells a sheet takes from the 10 M limit (a chart sheet has no grid: none)."""
    grid = props.get("gridProperties", {})
    return int(grid.get("rowCount", 0)) * int(grid.get("columnCount", 0))


def check_foreign(
    all_props: list[dict[str, Any]],
    owned: Mapping[str, Mapping[str, Any]],
    leftovers: Mapping[str, Mapping[str, Any]],
    tables: Mapping[str, Any],
    spreadsheet_id: str,
) -> None:
    """A table's title held by a sheet we did not create (or by another of ours): refuse."""
    ours = {int(p["sheetId"]) for p in owned.values()}
    ours |= {int(p["sheetId"]) for p in leftovers.values()}
    by_title = {str(p["title"]).casefold(): p for p in all_props}
    for title in tables:
        holder = by_title.get(title.casefold())
        target = owned.get(title)
        if holder is None or (target is not None and holder["sheetId"] == target["sheetId"]):
            continue
        if int(holder["sheetId"]) in ours:
            raise SheetsSyncError(
                f"Bladet '{holder['title']}' skapades av finsam-xl för en annan tabell, men "
                f"tabellen '{title}' behöver namnet. Byt namn på det bladet eller ta bort det och "
                "kör push igen.",
                spreadsheet_id=spreadsheet_id,
                en=f"The sheet '{holder['title']}' was made by finsam-xl for another table, but "
                f"the table '{title}' needs the name. Rename that sheet or delete it and push "
                "again.",
            )
        raise SheetsSyncError(
            f"Bladet '{holder['title']}' finns redan men skapades inte av "
            "finsam-xl, så det skrivs aldrig över. Byt namn på det bladet (eller ta bort "
            "det) och kör push igen.",
            spreadsheet_id=spreadsheet_id,
            en=f"The sheet '{holder['title']}' exists but was not made by finsam-xl, so it is "
            "never overwritten. Rename that sheet (or delete it) and push again.",
        )


def check_size(
    all_props: list[dict[str, Any]],
    owned: Mapping[str, Mapping[str, Any]],
    leftovers: Mapping[str, Mapping[str, Any]],
    tables: Mapping[str, pd.DataFrame],
    spreadsheet_id: str,
) -> None:
    """Refuse before writing if the sheets would pass Google's 10 M cells at any step."""
    dropped = {int(p["sheetId"]) for p in leftovers.values()}
    targets = {int(p["sheetId"]) for p in owned.values()}
    now = sum(_cells(p) for p in all_props if int(p["sheetId"]) not in dropped)
    others = sum(_cells(p) for p in all_props if int(p["sheetId"]) not in dropped | targets)
    needed = sum((max(len(f.index), 1) + 1) * max(1, len(f.columns)) for f in tables.values())
    # While staging: everything there is now plus staging. In the final step: the other sheets,
    # staging and the owned sheets at their new size.
    if max(now + needed, others + 2 * needed) > MAX_CELLS:
        raise SheetsSyncError(
            f"Översikten behöver {needed:,} celler men kalkylarket rymmer "
            f"högst {MAX_CELLS:,} (de andra bladen tar {others:,}). Ta bort "
            "tomma rader och kolumner i andra blad eller använd ett nytt "
            "kalkylark.".replace(",", " "),
            spreadsheet_id=spreadsheet_id,
            en=f"The overview needs {needed:,} cells but the spreadsheet holds at most "
            f"{MAX_CELLS:,} (the other sheets take {others:,}). Delete empty rows and columns in "
            "other sheets or use a new spreadsheet.",
        )
