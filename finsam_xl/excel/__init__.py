"""finsam-xl inside Excel, through xlwings (the ``[excel]`` extra).

The classic buttons call ``validera()``, ``konsolidera()`` and ``synka()`` (RunPython); xlwings
Lite and the tests call the Book functions. xlwings itself is imported only when one of them runs.
"""

from finsam_xl.excel.book_reader import read_book
from finsam_xl.excel.entry import (
    check_book,
    consolidate_into_book,
    konsolidera,
    sync_book,
    synka,
    validate_book,
    validera,
)

__all__ = [
    "check_book",
    "consolidate_into_book",
    "konsolidera",
    "read_book",
    "sync_book",
    "synka",
    "validate_book",
    "validera",
]
