"""Issue 14, one root cause at a time: each test fails without its fix.

The corpus test (``test_hostile_corpus``) runs the real commands over every case; these pin
down the library behaviour behind each finding, faster and with a precise failure.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hostile_corpus import _edit, _huge_counts

import finsam_xl.validate as validate_module
from finsam_xl.annotate import MARKER, annotate_reports, annotate_workbook, written_by_us
from finsam_xl.cli import cli
from finsam_xl.config import Config
from finsam_xl.errors import ConsolidationError, FinsamError
from finsam_xl.issues import Issue, Severity, cap_per_code, make_issue, publishable, shown
from finsam_xl.parse import parse_count, parse_kronor, parse_text
from finsam_xl.personnummer import MASK, find_personnummer, flagged, mask
from finsam_xl.readers.ooxml import drop_declared_counts
from finsam_xl.readers.sheetxml import MalformedSheet, scan_sheet
from finsam_xl.render import render_report
from finsam_xl.safe_text import display_name, safe_text, terminal_text
from finsam_xl.temporaries import is_own_temporary, remove_stale
from finsam_xl.validate import (
    ValidationReport,
    find_workbooks,
    iter_validate,
    validate_workbook,
)
from finsam_xl.writers.safe_write import atomic_write

PNR = "19121212-1212"


# --- a file must never stop the batch -----------------------------------------------------------


def test_declared_shared_string_counts_are_dropped() -> None:
    sst = b'<?xml version="1.0"?><sst xmlns="x" count="4294967295" uniqueCount=\'7\'><si/></sst>'
    assert drop_declared_counts(sst) == b'<?xml version="1.0"?><sst xmlns="x"><si/></sst>'


def test_a_huge_declared_count_no_longer_aborts_the_process(tmp_path: Path) -> None:
    # calamine reserved ~100 GB for uniqueCount="4294967295" and Rust aborted (exit 134): run in
    # a process of its own, so without the fix this test fails instead of killing pytest.
    path = tmp_path / "sst.xlsx"
    path.write_bytes(_huge_counts(_edit()))
    code = (
        f"from finsam_xl import validate_workbook; print(validate_workbook({str(path)!r}).status)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "ok"


def _unclosed(n: int, tag: bytes) -> bytes:
    opening = b"<row r='1'><c r='A1' t='inlineStr'><is><t>x</t></is></c>"
    body = opening + (b"</row>" + b"<row>" * n if tag == b"row" else b"<c>" * n + b"</row>")
    return b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>"


@pytest.mark.parametrize("tag", [b"row", b"c"])
def test_unclosed_rows_or_cells_are_malformed_and_found_in_linear_time(tag: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(MalformedSheet):
        scan_sheet(_unclosed(20_000, tag), max_rows=20_000)
    assert time.perf_counter() - start < 1.0  # was ~26 s: a rescan to </sheetData> per tag


def test_a_clipped_sheet_that_nests_is_still_read() -> None:
    xml = (b"<worksheet><sheetData><row r='2'><c r='B2' t='inlineStr'><is><t>ja</t></is></c>"
           b"<c r='XFD2'><v>1</v></c></row></sheetData></worksheet>")  # fmt: skip
    scan = scan_sheet(xml, max_rows=100)
    assert scan.clipped and b'<c r="B2"' in scan.xml and b"XFD2" not in scan.xml


def test_a_canonical_sheet_with_an_unclosed_row_is_not_passed_to_the_engine() -> None:
    xml = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><row r="2"></sheetData>'
    with pytest.raises(MalformedSheet):
        scan_sheet(xml, max_rows=100)


def test_non_finite_and_absurd_numbers_are_fel_typ() -> None:
    for raw in ("nan", "inf", "-inf"):  # how the reader hands over <v>NaN</v>, INF, 1e400
        assert parse_count(raw).code == "fel-typ"
        assert parse_kronor(raw).code == "fel-typ"
    assert parse_count(10**18).code == "fel-typ"
    assert parse_count(1e300).code == "fel-typ"
    assert parse_count(1000).value == 1000
    assert parse_kronor(1e308).code == "fel-typ"
    assert shown(float("inf")) == "inf" and shown(10**400) != ""  # was OverflowError


def test_nan_and_inf_cells_reach_the_parsers_as_text(tmp_path: Path) -> None:
    data = _edit(deltagare_nya_kvinnor=987_654_000)
    data = _swap(data, b"<v>987654000</v>", b"<v>NaN</v>")
    report = validate_workbook(data)
    assert ("deltagare_nya_kvinnor", "fel-typ") in {(i.field, i.code) for i in report.issues}


def _swap(data: bytes, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info).replace(old, new))
    return out.getvalue()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_named_link_to_a_device_is_olasbar_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "x.xlsx"
    link.symlink_to("/dev/zero")
    report = validate_workbook(link)
    assert report.status == "unreadable" and "inte en vanlig fil" in report.issues[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFO")
def test_a_named_fifo_is_olasbar_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "ror.xlsx"
    os.mkfifo(fifo)
    assert validate_workbook(fifo).status == "unreadable"


def test_a_named_file_is_read_no_further_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "stor.xlsx"
    path.write_bytes(b"PK" + b"\0" * 5000)
    asked: list[int] = []
    real_open = open

    def spy(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        fh = real_open(file, mode, *args, **kw)
        read = fh.read

        def bounded(n: int = -1) -> bytes:
            asked.append(n)
            return read(n)

        fh.read = bounded
        return fh

    monkeypatch.setattr(validate_module, "open", spy, raising=False)
    report = validate_workbook(path, config=Config(max_file_bytes=1000))
    assert report.status == "unreadable" and asked == []  # refused by its size, unread
    monkeypatch.setattr(os, "stat", _lying_stat(os.stat, path))
    report = validate_workbook(path, config=Config(max_file_bytes=1000))
    assert report.status == "unreadable" and sum(asked) == 1001  # grew after the stat: capped


def _lying_stat(real: Callable[..., Any], path: Path) -> Callable[..., Any]:
    def stat(p: Any, *args: Any, **kw: Any) -> Any:
        result = real(p, *args, **kw)
        if os.fspath(p) == os.fspath(path):
            values = list(result)
            values[6] = 0  # st_size, as /dev/zero or a growing file shows it
            return os.stat_result(values)
        return result

    return stat


def test_an_unreadable_named_file_is_olasbar_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # chmod 000 cannot be tested as root (the kernel ignores it), so open() is refused instead.
    locked = tmp_path / "last.xlsx"
    locked.write_bytes(_edit())
    ok = tmp_path / "ok.xlsx"
    ok.write_bytes(_edit())
    real_open = open

    def refuse(file: Any, *args: Any, **kw: Any) -> Any:
        if os.fspath(file) == os.fspath(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kw)

    monkeypatch.setattr(validate_module, "open", refuse, raising=False)
    result = CliRunner().invoke(cli, ["validate", str(locked), str(ok)])
    assert result.exit_code == 1, result.output
    assert "OLÄSBAR" in result.output and "Permission denied" in result.output
    assert "Sammanfattning: 2 filer: 1 ok" in result.output


def test_the_commands_leave_readability_to_the_reader() -> None:
    ctx = click.Context(cli)
    for name in ("validate", "consolidate"):
        command = cli.get_command(ctx, name)
        assert command is not None
        paths = next(p for p in command.params if p.name == "paths")
        assert paths.type.readable is False  # type: ignore[attr-defined]


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the patch reaches forked workers only"
)
def test_a_worker_killed_by_one_file_costs_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for i in range(6):
        path = tmp_path / (f"{i}-krasch.xlsx" if i == 3 else f"{i}.xlsx")
        path.write_bytes(_edit())
        files.append(path)
    real = validate_module.validate_workbook

    def crash_on_one(source: Any, **kw: Any) -> Any:
        if "krasch" in os.fspath(source):
            os.kill(os.getpid(), signal.SIGKILL)  # dies as calamine's abort killed it
        return real(source, **kw)

    monkeypatch.setattr(validate_module, "validate_workbook", crash_on_one)  # forked workers
    monkeypatch.setattr(validate_module, "PARALLEL_FROM", 2)
    reports = list(iter_validate(files, workers=2))
    assert [Path(r.path or "").name for r in reports] == [f.name for f in files]
    assert [r.status for r in reports] == ["ok"] * 3 + ["unreadable"] + ["ok"] * 2
    assert "krascha" in reports[3].issues[0].message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        import finsam_xl.validate as v
        v.validate_workbook = lambda f, **kw: time.sleep(60)
        v.PARALLEL_FROM = 2
        files = [Path({str(tmp_path)!r}) / f"{{i}}.xlsx" for i in range(4)]
        it = v.iter_validate(files, workers=2)
        import threading
        threading.Thread(target=lambda: list(it), daemon=True).start()
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 20
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            workers = _children(parent.pid)
        assert len(workers) >= 2, "the pool never started"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [p for p in workers if _alive(p)]
    for pid in alive:  # end only what this test started, by id, before failing
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_failed_master_write_leaves_no_zip_to_complain_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complaints: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)

    class Full(io.BytesIO):
        def write(self, b: Any) -> int:
            raise OSError(28, "No space left on device")

    def write(tmp: Path) -> None:
        zf = zipfile.ZipFile(tmp, "w")
        zf.writestr("a.xml", "x")
        zf.fp = Full()  # the disk fills up: every later write, the end record too, fails
        zf.writestr("b.xml", "y" * 10)

    with pytest.raises(ConsolidationError, match="No space left"):
        atomic_write(tmp_path / "m.xlsx", write)
    gc.collect()
    assert complaints == []
    assert list(tmp_path.iterdir()) == []


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
    assert any("1 mapp(ar) kunde inte läsas" in n and "undermapp" in n for n in notes)
