"""xl/workbook.xml as calamine is given it: without the defined names it parses and never uses.

calamine reads every defined name when it opens a workbook: a shipped report has ~100, half the
cost of opening it. The reader takes the names from its own parse of the part (ooxml.py), and no
grid depends on them, so the block is left out of the engine's copy. Only when calamine could not
have failed on it where that parse (which took the whole part) succeeded: nothing but definedName
elements of plain text, in valid UTF-8, in a part declared UTF-8. Made once per workbook.xml.
"""

from __future__ import annotations

import re

from finsam_xl.readers.cache import BoundedCache
from finsam_xl.readers.sheet_key import declared_utf8

_BLOCK = re.compile(
    rb"<definedNames>(?:<definedName\b[^<>]*>[^<]*</definedName>|<definedName\b[^<>]*/>)*"
    rb"</definedNames>"
)
_SLIM: BoundedCache[bytes, bytes] = BoundedCache(32)
_CACHED_BYTES = 1 << 18  # a larger part is slimmed for its file alone, never kept


def engine_workbook(xml: bytes) -> bytes:
    """``xml`` without its defined names when that is safe (see above), else ``xml`` itself."""
    hit = _SLIM.get(xml)
    if hit is not None:
        return hit
    slim = _slim(xml)
    if len(xml) <= _CACHED_BYTES:
        _SLIM.put(xml, slim)
    return slim


def _slim(xml: bytes) -> bytes:
    start = xml.find(b"<definedNames>")
    found = _BLOCK.match(xml, start) if start >= 0 else None
    if found is None or b"definedNames" in xml[found.end() :] or not declared_utf8(xml):
        return xml
    try:
        found.group(0).decode("utf-8")
    except UnicodeDecodeError:
        return xml
    return xml[:start] + xml[found.end() :]
