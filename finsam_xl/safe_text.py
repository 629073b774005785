"""Submitted text made safe for where it is written: XML parts, terminals, file names.

Anything a submitter controls (cell text, sheet names, file names) may hold characters that
break or abuse an output:

* XML 1.0 forbids most C0 control characters, lone UTF-16 surrogates and U+FFFE/U+FFFF; one of
  them in a sheet part makes the workbook "need repair" in Excel (or unreadable to openpyxl).
  :func:`safe_text` strips them (a surrogate, which is how Python carries a file name's
  undecodable bytes, becomes U+FFFD so the reader still sees something was there).
* A terminal obeys ESC sequences and BEL, and a newline in a file name prints a fake result
  line: :func:`terminal_text` shows every control character as a visible escape instead.
* A file name is shown, written to tables and used for feedback file names:
  :func:`display_name` gives it as plain one-line text, personnummer masked.

Pure functions over str; each is linear and returns its input unchanged (the same object) in
the common case of nothing to do.
"""

from __future__ import annotations

import os
import re

from finsam_xl.personnummer import mask

__all__ = ["display_name", "safe_text", "terminal_text", "xml_illegal"]

# Not allowed anywhere in an XML 1.0 document (tab, LF and CR are).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EITHER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # one pass
# What a terminal acts on or a reader cannot see: C0, DEL, C1, and the bidirectional overrides
# that make a name read backwards ("rapport\u202exslx.exe").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REPLACEMENT = "\ufffd"


def xml_illegal(text: str) -> bool:
    """True when ``text`` holds a character XML 1.0 cannot carry."""
    return _EITHER.search(text) is not None


def safe_text(text: str) -> str:
    """``text`` without XML-illegal characters; lone surrogates become U+FFFD."""
    if not xml_illegal(text):
        return text
    return _SURROGATE.sub(REPLACEMENT, _XML_ILLEGAL.sub("", text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b``-style escapes, one line always."""
    text = _SURROGATE.sub(REPLACEMENT, text)
    return _CONTROL.sub(_escape, text)


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name or path as one line of plain text: undecodable bytes as U+FFFD, control
    characters as visible escapes, personnummer masked. Safe in XML, CSV, Parquet and terminals.
    """
    return mask(terminal_text(os.fspath(path)))
