"""The sheet scan (finsam_xl/readers/sheetxml.py): row by row, with each row's findings kept, it
must give what one scan of the whole sheet gives."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from finsam_xl.readers import sheetxml


def _sheets_of_the_project() -> list[bytes]:
    """Every worksheet XML in the shipped templates and examples and the test workbooks."""
    root = Path(__file__).resolve().parent.parent
    found: list[bytes] = []
    for path in sorted([*root.glob("workbooks/**/*.xlsx"), *root.glob("tests/data/**/*.xlsx")]):
        try:
            with zipfile.ZipFile(path) as z:
                found += [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        except zipfile.BadZipFile:
            continue
    return found


def test_the_row_by_row_scan_gives_what_the_whole_scan_gives() -> None:
    """scan_sheet scans a sheet row by row and keeps each row's findings and what stands around
    the cells (speed, issue 16): on every sheet we have, and on thousands of hostile edits of
    them, it must give exactly what one scan of all the bytes gives (the same XML, formula
    cells, clipping and engine XML, or the same MalformedSheet)."""

    def both(xml: bytes, max_rows: int, max_cols: int) -> tuple[object, object]:
        def run(scan: Callable[[], object]) -> object:
            try:
                return scan()
            except sheetxml.MalformedSheet as exc:
                return ("malformed", str(exc))

        def seen(scan: sheetxml.SheetScan) -> object:  # and what the engine is given
            return (scan.xml, scan.formulas, scan.clipped, scan.for_engine())

        # the reference: every regex over all the bytes, no memo, no cells' area
        return (
            run(lambda: seen(sheetxml.scan_sheet(xml, max_rows=max_rows, max_cols=max_cols))),
            run(lambda: seen(sheetxml._scan_whole(xml, 0, len(xml), max_rows, max_cols))),
        )

    # A cell tag open up to a row's end, a formula right after it: the whole scan's formula
    # pattern reads across the row's end, so this sheet must not be settled row by row.
    crafted = (b'<worksheet><sheetPr/><sheetData><row r="1"><c r="A1" </row><f>1</f><row r="2">'
               b'<c r="A2"/></row></sheetData></worksheet>')  # fmt: skip
    new, old = both(crafted, 10_000, 128)
    assert new == old and isinstance(new, tuple) and new[1] == ["A1"]

    sheets = _sheets_of_the_project()
    assert len(sheets) > 50
    edits = [b"</row>", b"<![CDATA[", b"<f>2</f>", b'<c r="A1" ', b'<c r="B2">', b"<f>1+1</f>",
             b"/>", b'<row r="7">', b"</c>", b"<x:c ", b"<c>", b'<c r="XFD1048576"/>',
             b'<c r="B3"><f>A1</f></c>',
             b"<row/>", b'<c r="C4" t="s"', b"<!-- </row> -->", b">", b"<"]  # fmt: skip
    rng = random.Random(16)
    fast = 0
    for xml in sheets:
        assert both(xml, 10_000, 128)[0] == both(xml, 10_000, 128)[1]
        for _ in range(15):
            edited = bytearray(xml)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(edited) + 1)
                if rng.random() < 0.3:  # cut a piece out
                    del edited[at : at + rng.randint(1, 40)]
                else:
                    edited[at:at] = rng.choice(edits)
            limits = rng.choice([(10_000, 128), (20, 8), (0, 0), (-1, 5)])
            new, old = both(bytes(edited), *limits)
            assert new == old, (bytes(edited), limits)
            fast += sheetxml._rows_scan(bytes(edited), 0, len(edited), 10_000, 128) is not None
    assert fast > 100  # the fast path was taken on edited sheets too, not only refused
