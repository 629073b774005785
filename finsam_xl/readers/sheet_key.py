"""A worksheet's XML as the sheet cache's key (xlsx._SHEETS): its print header's texts left out.

The print header and footer (Excel writes them after the cells) are text no engine puts in a
grid, and a filled form puts the insats' name there (templates/fill.py), so with them in the key
every insats would read its instructions and code lists afresh. Their texts are left out only
when every engine takes them whatever they say: plain text (no markup, no entity but &amp;, no
':', no control character), valid UTF-8 in a sheet declared UTF-8. Their tags stay, so every scan
regex (sheetxml.py) sees the same in a file and in the key.
"""

from __future__ import annotations

import re

_PRINT_PART = rb"(?:oddHeader|oddFooter|evenHeader|evenFooter|firstHeader|firstFooter)"
_PRINT_HEADER = re.compile(
    rb"<headerFooter(?:\s[^<>/]*)?>(?:<" + _PRINT_PART + rb"\s*/>|<(" + _PRINT_PART
    + rb")>(?:[^<>&:\x00-\x08\x0b\x0c\x0e-\x1f]|&amp;)*</\1>)*</headerFooter>"
)  # fmt: skip
_PRINT_TEXT = re.compile(rb">[^<]+<")
_XML_DECL = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml\b[^>]*>")
_UTF8_DECL = re.compile(rb"""\bencoding\s*=\s*["']utf-?8["']""", re.IGNORECASE)


def _plain_text(block: bytes) -> bool:
    """Text every engine reads without complaint: UTF-8 (calamine) of XML characters (expat)."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\ufffe" not in text and "\uffff" not in text


def _print_header(xml: bytes, pos: int) -> re.Match[bytes] | None:
    """``_PRINT_HEADER.search(xml, pos)``: tried only where its literal start stands, found by
    ``bytes.find`` (half the instructions of the regex engine's own scan of a form's tail)."""
    while (pos := xml.find(b"<headerFooter", pos)) >= 0:
        found = _PRINT_HEADER.match(xml, pos)
        if found is not None:
            return found
        pos += 1
    return None


def sheet_key_xml(xml: bytes) -> bytes:
    """The sheet's XML as its cache key: a plain print header's texts left out."""
    end = xml.find(b"</sheetData>")
    found = _print_header(xml, end) if end >= 0 else None
    if found is None or not _plain_text(found.group(0)):
        return xml
    if not declared_utf8(xml):
        return xml  # another encoding: its bytes might not decode as they do in UTF-8
    block = _PRINT_TEXT.sub(b"><", found.group(0))
    return xml[: found.start()] + block + xml[found.end() :]


def declared_utf8(xml: bytes) -> bool:
    """The part declares no encoding, or UTF-8."""
    decl = _XML_DECL.match(xml)
    return (
        decl is None or b"encoding" not in decl.group(0) or bool(_UTF8_DECL.search(decl.group(0)))
    )
