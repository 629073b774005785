"""The reader's per-template caches: keyed on content, bounded, never shared across contents."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from finsam_xl.errors import WorkbookReadError
from finsam_xl.readers import read_workbook
from finsam_xl.readers.cache import BoundedCache


def _workbook(ref: str, value: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppgifter"
    ws["B2"], ws["C3"] = value, f"annat {value}"
    wb.defined_names["insats_namn"] = DefinedName("insats_namn", attr_text=ref)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_workbooks_with_other_names_never_share_a_plan() -> None:
    # Read alternately, so each lookup follows one for the other workbook.xml.
    for _ in range(3):
        a = read_workbook(_workbook("Uppgifter!$B$2", "Ett"), name="a.xlsx")
        b = read_workbook(_workbook("Uppgifter!$C$3", "Två"), name="b.xlsx")
        assert (a.scalars["insats_namn"].cell, a.value("insats_namn")) == ("B2", "Ett")
        assert (b.scalars["insats_namn"].cell, b.value("insats_namn")) == ("C3", "annat Två")


def test_an_unreadable_part_fails_for_every_file_naming_that_file() -> None:
    good = _workbook("Uppgifter!$B$2", "Ett")
    read_workbook(good, name="good.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:-20] if info.filename == "xl/workbook.xml" else data)
    for label in ("first.xlsx", "second.xlsx"):
        with pytest.raises(WorkbookReadError, match=label):
            read_workbook(out.getvalue(), name=label)


def test_bounded_cache_keeps_at_most_its_size_oldest_out_first() -> None:
    cache: BoundedCache[bytes, int] = BoundedCache(3)
    for i in range(10):
        cache.put(bytes([i]), i)
        assert len(cache) <= 3
    assert cache.get(bytes([9])) == 9
    assert cache.get(bytes([0])) is None
