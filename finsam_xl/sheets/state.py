"""What finsam-xl remembers in a shared spreadsheet: which sheets it owns and what it last wrote.

The record lives in developer metadata, not in a hidden worksheet: people cannot see or edit it
in the Sheets UI. An owned sheet is recognised by its sheet-level marker, never by its title (a
person's own sheet called "Budget" is never mistaken for ours), and found again by its sheetId,
which the record keeps per table and which survives a rename (:func:`match_owned`).

Change detection. Google has no conditional writes (no ETag). The record keeps a hash of every
owned sheet as written; before overwriting, push reads the owned sheets back in the FORMULA
rendering (a formula shows as its text, any other cell as its unformatted value) and compares.
Numbers are normalised so 3 and 3.0 agree and trailing empty cells and rows are dropped: typing a
value or a formula is a change, even a formula giving the same value. Formatting is compared
where it is cheap: a print of the cell formats and notes of each sheet's first ``FORMAT_ROWS``
rows, as Google returns them (:func:`format_print`); formatting further down is not seen.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

RECORD_KEY = "finsam-xl:last-push"
OWNED_KEY = "finsam-xl:owned"
STAGING_KEY = "finsam-xl:staging"
PROPERTY_PREFIX = "finsam-xl:property:"  # custom document properties of a Google template


@dataclass
class PushRecord:
    """The state a push leaves behind (serialised into one developer-metadata value)."""

    push_id: str
    hashes: dict[str, str] = field(default_factory=dict)  # owned title -> values hash
    kinds: dict[str, list[str]] = field(default_factory=dict)  # title -> column kinds (pull)
    drive_version: int = 0  # the version seen at the conflict check just before writing
    pushed_at: str = ""
    sheet_ids: dict[str, int] = field(default_factory=dict)  # table title -> owned sheetId
    formats: dict[str, str] = field(default_factory=dict)  # title -> format print (top rows)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PushRecord | None:
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (ValueError, TypeError, KeyError):
            return None  # a damaged record counts as none: push then refuses without --force


def _norm(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "" if value is None else value
    if isinstance(value, int | float):
        f = float(value)
        if math.isnan(f):
            return ""
        if f.is_integer() and abs(f) < 2**53:
            return int(f)
        return float(f"{f:.15g}")  # doubles survive Google's JSON to 15 significant digits
    return str(value)


def normalise_rows(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows as Google would hand them back: trailing empties trimmed, numbers canonical."""
    out: list[list[Any]] = []
    for row in rows:
        cells = [_norm(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def values_hash(rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of one sheet's values, normalised (see the module docstring)."""
    text = json.dumps(normalise_rows(rows), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


FORMAT_ROWS = 100


def format_print(grid_data: Iterable[Mapping[str, Any]]) -> str:
    """SHA-256 of the formats and notes in a sheet's GridData (trailing empties dropped)."""
    rows: list[list[Any]] = []
    for block in grid_data:
        for row in block.get("rowData", []) or []:
            cells = [
                [c.get("userEnteredFormat", {}), c.get("note", "")]
                for c in (row.get("values", []) or [])
            ]
            while cells and cells[-1] == [{}, ""]:
                cells.pop()
            rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_metadata(items: Iterable[Mapping[str, Any]], key: str) -> Mapping[str, Any] | None:
    """The first developer-metadata entry with ``key``, or None."""
    for item in items:
        if item.get("metadataKey") == key:
            return item
    return None


def record_of(spreadsheet: Mapping[str, Any]) -> PushRecord | None:
    meta = find_metadata(spreadsheet.get("developerMetadata", []), RECORD_KEY)
    return None if meta is None else PushRecord.from_json(str(meta.get("metadataValue", "")))


def sheets_marked(spreadsheet: Mapping[str, Any], key: str) -> dict[str, dict[str, Any]]:
    """Title -> sheet properties of every sheet carrying the marker ``key``."""
    return {
        s["properties"]["title"]: s["properties"]
        for s in spreadsheet.get("sheets", [])
        if find_metadata(s.get("developerMetadata", []), key) is not None
    }


def match_owned(
    spreadsheet: Mapping[str, Any], record: PushRecord | None, titles: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """Table title -> properties of the owned sheet that holds it, whatever it is called now.

    By the sheetId the last push recorded; else by the title stored in the sheet's marker; else
    (sheets made before either existed) by the current title, ignoring case as Google does.
    """
    owned: list[tuple[int, dict[str, Any], str]] = []  # (sheetId, properties, marker value)
    for sheet in spreadsheet.get("sheets", []):
        mark = find_metadata(sheet.get("developerMetadata", []), OWNED_KEY)
        if mark is not None:
            props = sheet["properties"]
            owned.append((int(props.get("sheetId", 0)), props, str(mark.get("metadataValue", ""))))
    recorded = record.sheet_ids if record else {}
    found: dict[str, dict[str, Any]] = {}
    wanted = list(titles)
    for rule in ("id", "marker", "title"):
        for title in wanted:
            for entry in owned:
                sid, props, value = entry
                if title not in found and (
                    (rule == "id" and recorded.get(title) == sid)
                    or (rule == "marker" and value == title)
                    or (
                        rule == "title"
                        and str(props.get("title", "")).casefold() == title.casefold()
                    )
                ):
                    found[title] = props
                    owned.remove(entry)
                    break
    return found


def marker(key: str, *, sheet_id: int | None = None, value: str = "1") -> dict[str, Any]:
    """A createDeveloperMetadata request on a sheet, or on the spreadsheet when no sheet_id."""
    location: dict[str, Any] = {"spreadsheet": True} if sheet_id is None else {"sheetId": sheet_id}
    return {
        "createDeveloperMetadata": {
            "developerMetadata": {
                "metadataKey": key,
                "metadataValue": value,
                "location": location,
                "visibility": "DOCUMENT",
            }
        }
    }


def delete_metadata(metadata_id: int) -> dict[str, Any]:
    """Delete one developer-metadata entry by id (a lookup by key alone could hit others')."""
    return {
        "deleteDeveloperMetadata": {
            "dataFilter": {"developerMetadataLookup": {"metadataId": metadata_id}}
        }
    }
