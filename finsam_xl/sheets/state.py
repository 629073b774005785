"""What finsam-xl remembers in a shared spreadsheet: which sheets it owns and what it last wrote.

The record lives in developer metadata, not in a hidden worksheet: people cannot see or edit it
in the Sheets UI, it survives renames, and an owned sheet is recognised by its sheet-level marker
rather than by its title (a person's own sheet called "Budget" is never mistaken for ours).

Change detection. Google has no conditional writes (no ETag). The record keeps a hash of the
values of every owned sheet as written; before overwriting, push reads the owned sheets back and
compares. Values are hashed as Google returns them unformatted (numbers normalised so 3 and 3.0
agree, trailing empty cells and rows dropped), so formatting a cell is not a change, typing is.
The Drive file ``version`` seen at that check is kept alongside for the message and the docs.
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
