"""Issue 14, nothing submitted may become live or leak, nothing may be overwritten or lost:
one root cause at a time, each test failing without its fix (the batch side is in
``test_hostile_reading``; the real commands over every case in ``test_hostile_corpus``).
"""

from __future__ import annotations

import io
import os
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import _edit

import finsam_xl.validate as validate_module
from finsam_xl.annotate import MARKER, annotate_reports, annotate_workbook, written_by_us
from finsam_xl.errors import FinsamError
from finsam_xl.issues import Issue, Severity, cap_per_code, make_issue, publishable
from finsam_xl.parse import parse_text
from finsam_xl.personnummer import MASK, find_personnummer, flagged, mask
from finsam_xl.render import render_report
from finsam_xl.safe_text import display_name, safe_text, terminal_text
from finsam_xl.temporaries import is_own_temporary, remove_stale
from finsam_xl.validate import (
    ValidationReport,
    find_workbooks,
    validate_workbook,
)

PNR = "19121212-1212"


def _swap(data: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info).replace(old, new))
    return out.getvalue()


# --- nothing submitted may become live or leak --------------------------------------------------


@pytest.mark.parametrize("prefix", ["\t", "\r", " ", "\n", "_x0001_", "\u00a0"])
def test_formula_after_invisible_prefix_is_formel_i_text(prefix: str) -> None:
    # _x0001_ is how a workbook stores U+0001; calamine hands it over decoded
    data = _edit(insats_namn="PREFIX=1+2")
    report = validate_workbook(_swap(data, b"PREFIX", prefix.encode()))
    assert ("insats_namn", "formel-i-text") in {(i.field, i.code) for i in report.issues}


def test_plain_text_with_a_leading_tab_is_not_flagged() -> None:
    report = validate_workbook(_edit(insats_namn="\t- punkt ett"))
    assert "formel-i-text" not in {i.code for i in report.issues}


def test_terminal_escapes_and_newlines_are_shown_not_obeyed() -> None:
    assert terminal_text("a\x1b]0;PWNED\x07b\nc\u202ed") == "a\\x1b]0;PWNED\\x07b\\x0ac\\u202ed"
    issue = make_issue("fel-typ", label="Namn", detail="'\x1b[31mröd\x9b'")
    report = validate_module.FileReport("fil\nOK  falsk.xlsx", "rapport", "1.0", [issue])
    text = render_report(ValidationReport([report], notes=["not\x1b[2J"]))
    assert "\x1b" not in text and "\x9b" not in text
    assert not any(line.startswith("OK  falsk") for line in text.splitlines())


def test_safe_text_strips_what_xml_cannot_hold() -> None:
    assert safe_text("a\x00b\x1bc\x0bd\ufffee\tf\ng") == "abcde\tf\ng"
    assert safe_text("x\udce5y") == "x\ufffdy"
    text = "vanlig text"
    assert safe_text(text) is text
    assert parse_text("\x1b]0;PWNED\x07 namn").value == "]0;PWNED namn"


def test_file_names_are_carried_as_safe_text(tmp_path: Path) -> None:
    name = os.fsdecode(b"latin1-\xe5\xe4\xf6.xlsx")
    assert display_name(name) == "latin1-\ufffd\ufffd\ufffd.xlsx"
    assert display_name("a\nb.xlsx") == "a\\x0ab.xlsx"
    assert display_name(f"rapport-{PNR}.xlsx") == f"rapport-{MASK}.xlsx"
    if sys.platform.startswith("linux"):
        raw = os.fsencode(str(tmp_path)) + b"/latin1-\xe5.xlsx"
        Path(os.fsdecode(raw)).write_bytes(_edit())
        report = validate_workbook(Path(os.fsdecode(raw)))
        assert report.status == "ok" and report.file.endswith("latin1-\ufffd.xlsx")
        assert report.path == os.fsdecode(raw)
        report.file.encode("utf-8")  # pyarrow and the feedback XML need this to work


@pytest.mark.parametrize(
    "text",
    ["121212\u20131212", "121212\u00a01212", "121212\u20111212", "12 12 12-1212",
     "19 12 12 12-12 12", "121212 - 1212", "121212\u22121212"],
)  # fmt: skip
def test_personnummer_in_every_spelling(text: str) -> None:
    assert find_personnummer(f"Gäller {text}.") != []
    assert mask(f"Gäller {text}.") == f"Gäller {MASK}."


@pytest.mark.parametrize(
    "text", ["070 123 45 67", "070-123 45 67", "08-123 456 78", "0701 23 45 67", "+46 70 123 45 67"]
)
def test_phone_numbers_are_not_personnummer(text: str) -> None:
    assert find_personnummer(text) == []


def test_flagged_answers_for_text_and_numbers() -> None:
    assert flagged(PNR) and flagged(191212121212) and flagged(1212121212.0)
    assert not flagged("Steget vidare") and not flagged(2_000_000) and not flagged(True)


def test_a_personnummer_typed_as_a_number_into_a_text_field_is_found() -> None:
    report = validate_workbook(_edit(insats_namn=191212121212, huvudman=1212121212))
    fields = {i.field for i in report.issues if i.code == "personnummer"}
    assert {"insats_namn", "huvudman"} <= fields


def test_no_message_echoes_a_personnummer() -> None:
    report = validate_workbook(_edit(beviljat_belopp=f"{PNR} kr", period_fran=191212121212))
    codes = {i.code for i in report.issues}
    assert {"fel-typ", "personnummer"} <= codes
    for issue in report.issues:
        for text in (issue.message, issue.message_en, str(issue.value), issue.sheet or ""):
            assert find_personnummer(text) == [], issue


def test_publishable_masks_every_field_of_an_issue() -> None:
    issue = Issue("fel-typ", Severity.ERROR, f"Blad {PNR}", "C5", "f", f"'{PNR}'",
                  191212121212, f"'{PNR}'", f"rapport-{PNR}.xlsx")  # fmt: skip
    clean = publishable(issue)
    assert PNR not in repr(clean) and "191212121212" not in repr(clean)
    plain = make_issue("saknas", label="Namn")
    assert publishable(plain) is plain


def test_a_personnummer_in_a_sheet_name_is_an_error() -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_edit()))
    wb["Listor"].title = f"Blad {PNR}"
    wb[f"Blad {PNR}"]["A1"] = "text"
    buf = io.BytesIO()
    wb.save(buf)
    report = validate_workbook(buf.getvalue())
    assert "personnummer" in {i.code for i in report.issues}
    assert all(PNR not in (i.sheet or "") for i in report.issues)


# --- nothing may be overwritten or silently lost ------------------------------------------------


def _report(tmp_path: Path, name: str, **values: Any) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_edit(**values))
    return path


def test_annotate_never_replaces_a_file_it_did_not_write(tmp_path: Path) -> None:
    src = _report(tmp_path, "r.xlsx")
    theirs = _report(tmp_path, "anteckningar.xlsx")
    before = theirs.read_bytes()
    with pytest.raises(FinsamError, match="inte en återkoppling"):
        annotate_workbook(src, validate_workbook(src), theirs)
    assert theirs.read_bytes() == before
    ours = tmp_path / "ut.xlsx"
    annotate_workbook(src, validate_workbook(src), ours)
    assert written_by_us(ours) and not written_by_us(src)
    annotate_workbook(src, validate_workbook(src), ours)  # its own file: replaced freely
    assert MARKER == "finsam_xl_aterkoppling"


def test_annotate_into_the_inbox_keeps_every_input_and_names_are_unique(tmp_path: Path) -> None:
    inbox = tmp_path / "inkorg"
    for rel in ("r.xlsx", "r-kontroll.xlsx", "A/rapport.xlsx", "B/rapport.xlsx"):
        _report(inbox, rel)
    before = {p: p.read_bytes() for p in inbox.rglob("*.xlsx")}
    report = validate_module.validate_paths([inbox])
    lines = annotate_reports(report, inbox)
    assert all(p.read_bytes() == data for p, data in before.items())
    written = sorted(p.name for p in inbox.glob("*.xlsx") if p not in before)
    assert written == ["r-kontroll-2.xlsx", "r-kontroll-kontroll.xlsx", "rapport-kontroll-2.xlsx",
                       "rapport-kontroll.xlsx"]  # fmt: skip
    assert len(lines) == 4


def test_annotate_goes_on_past_a_file_it_cannot_copy(tmp_path: Path) -> None:
    broken = _report(tmp_path, "in/a-trasig.xlsx")
    data = broken.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":  # calamine reads it, openpyxl not
                dst.writestr(info, src.read(info))
    broken.write_bytes(out.getvalue())
    hel = _report(tmp_path, "in/b-hel.xlsx", insats_namn="Namn ESC")
    hel.write_bytes(_swap(hel.read_bytes(), b"ESC", b"_x001B_]0;PWNED_x0007_"))
    report = validate_module.validate_paths([tmp_path / "in"])
    lines = annotate_reports(report, tmp_path / "ut")
    assert "a-trasig.xlsx: kan inte öppnas för återkoppling" in lines[0]
    assert "b-hel.xlsx: återkoppling skriven" in lines[1]
    assert (tmp_path / "ut" / "b-hel-kontroll.xlsx").exists()


def test_annotate_into_a_place_it_cannot_write_says_so_per_file(tmp_path: Path) -> None:
    src = _report(tmp_path, "r.xlsx")
    blocker = tmp_path / "fil"
    blocker.write_text("en fil, ingen mapp")
    lines = annotate_reports(validate_module.validate_paths([src]), blocker / "ut")
    assert len(lines) == 1 and "ingen återkoppling, kan inte skriva" in lines[0]


def test_feedback_workbook_for_a_macro_book_links_nowhere(tmp_path: Path) -> None:
    src = _report(tmp_path, "search-ms:query=x&crumb=location:\\\\evil@80\\s\\x.xlsm",
                  beviljat_belopp=None)  # fmt: skip
    done = annotate_workbook(src, validate_workbook(src), tmp_path / "ut.xlsx")
    assert done.kind == "aterkoppling"
    with zipfile.ZipFile(done.path) as z:
        assert not any(n.endswith(".rels") and b"evil" in z.read(n) for n in z.namelist())


def test_a_file_name_is_written_as_text_in_kontroll(tmp_path: Path) -> None:
    import openpyxl

    src = _report(tmp_path, '=HYPERLINK("http:evil","x").xlsx')
    report = validate_workbook(src, name=src.name)
    done = annotate_workbook(src, report, tmp_path / "ut.xlsx")
    ws = openpyxl.load_workbook(done.path)["Kontroll"]
    assert ws["B1"].data_type == "s" and ws["B1"].value.startswith("=HYPERLINK")


def test_issues_are_capped_per_file_and_code() -> None:
    issues = [make_issue("formel-i-text", sheet="S", cell=f"A{i}", shown="=1") for i in range(500)]
    issues.append(make_issue("saknas", label="Namn"))
    capped = cap_per_code(issues)
    assert len(capped) == 52
    summary = capped[-1]
    assert summary.code == "formel-i-text" and "450 till av samma slag" in summary.message
    assert summary.severity is Severity.WARNING


def test_a_file_full_of_formula_text_gets_a_capped_report_fast(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_edit()))
    for row in range(1, 3001):
        for col in range(1, 5):
            cell = wb["Listor"].cell(row=100 + row, column=col, value="=1")
            cell.data_type = "s"
    src = tmp_path / "manga.xlsx"
    wb.save(src)
    report = validate_workbook(src)
    assert len(report.issues) <= 60
    start = time.perf_counter()
    annotate_workbook(src, report, tmp_path / "ut.xlsx")
    assert time.perf_counter() - start < 10


def test_own_temporaries_are_skipped_and_stale_ones_removed(tmp_path: Path) -> None:
    _report(tmp_path, "r.xlsx")
    temp = tmp_path / ".finsam-xl-ab12cd34.xlsx"
    temp.write_bytes(b"debris")
    assert is_own_temporary(temp) and not is_own_temporary(tmp_path / "finsam-xl-rapport.xlsx")
    files, notes = find_workbooks([tmp_path])
    assert files == [tmp_path / "r.xlsx"] and any("tillfällig fil" in n for n in notes)
    assert remove_stale(tmp_path) == []  # fresh: may belong to a running write
    old = time.time() - 7200
    os.utime(temp, (old, old))
    assert remove_stale(tmp_path) == [temp] and not temp.exists()


def test_broken_names_on_optional_figures_are_warnings_naming_the_field() -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_edit()))
    for name in ("budget_lonekostnader", "deltagare_nya_kvinnor", "mal"):
        wb.defined_names[name].attr_text = "#REF!"
    buf = io.BytesIO()
    wb.save(buf)
    report = validate_workbook(buf.getvalue())
    warned = {i.field for i in report.issues if i.code == "fel-mall"}
    assert {"budget_lonekostnader", "deltagare_nya_kvinnor", "mal"} <= warned
    assert report.status == "warnings"


def test_a_list_reaching_past_the_row_limit_is_read_and_said() -> None:
    import openpyxl
    from hostile_corpus import DELTAGARE

    wb = openpyxl.load_workbook(DELTAGARE)
    wb.defined_names["deltagarlista"].attr_text = "Deltagarlista!$B$6:$I$20001"
    buf = io.BytesIO()
    wb.save(buf)
    report = validate_workbook(buf.getvalue())
    assert report.model is not None and len(report.model.deltagare) > 0  # type: ignore[union-attr]
    cut = [i for i in report.issues if i.field == "deltagarlista" and i.code == "fel-mall"]
    assert cut and "når förbi rad" in cut[0].message


def test_unreadable_sub_folders_are_counted_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 means nothing to root, so the listing itself is refused here.
    _report(tmp_path, "a/r.xlsx")
    locked = tmp_path / "undermapp"
    locked.mkdir()
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, notes = find_workbooks([tmp_path])
    assert files == [tmp_path / "a" / "r.xlsx"]
    assert any("1 mapp kunde inte läsas" in n and "undermapp" in n for n in notes)
