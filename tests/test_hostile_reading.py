"""Issue 14, a file must never stop the batch: one root cause at a time, each test failing
without its fix. (``test_hostile_corpus`` runs the real commands over every case; these pin
down the library behaviour behind each finding. Leaks and overwrites: ``test_hostile_output``.)
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
from finsam_xl.cli import cli
from finsam_xl.config import Config
from finsam_xl.errors import ConsolidationError
from finsam_xl.issues import shown
from finsam_xl.parse import parse_count, parse_kronor
from finsam_xl.readers.ooxml import drop_declared_counts
from finsam_xl.readers.sheetxml import MalformedSheet, scan_sheet
from finsam_xl.validate import (
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
