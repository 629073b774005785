"""Files finsam-xl writes keep the permissions a colleague needs to read them.

mkstemp makes owner-only files (0600); the master, feedback copies and templates are moved into
place from such a file, and must end up as readable as the file they replace, or as any new
file here. POSIX permissions only: Windows keeps just a read-only flag.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from master_fixtures import make_consolidation

from finsam_xl.annotate import annotate_workbook
from finsam_xl.atomic import move_into_place, temp_beside
from finsam_xl.templates import write_template
from finsam_xl.validate import validate_workbook
from finsam_xl.writers.master import write_master

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture
def umask_027() -> Iterator[int]:
    old = os.umask(0o027)  # a typical shared-drive umask: group may read, others nothing
    yield 0o640
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_any_new_file_gets(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "ny" / "fil.txt"
    tmp = temp_beside(target)
    assert tmp.parent == target.parent and mode(tmp) == 0o600
    tmp.write_text("innehåll")
    move_into_place(tmp, target)
    assert target.read_text() == "innehåll" and mode(target) == umask_027
    assert list(target.parent.iterdir()) == [target]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_027: int) -> None:
    target = tmp_path / "fil.txt"
    target.write_text("gammal")
    target.chmod(0o664)
    tmp = temp_beside(target)
    tmp.write_text("ny")
    move_into_place(tmp, target)
    assert target.read_text() == "ny" and mode(target) == 0o664


Writer = Callable[[Path], object]


def _master(path: Path) -> object:
    return write_master(make_consolidation(), path)


def _template(path: Path) -> object:
    return write_template("rapport", path)


@pytest.mark.parametrize("write", [_master, _template], ids=["master", "template"])
def test_outputs_are_readable_by_the_group(tmp_path: Path, umask_027: int, write: Writer) -> None:
    out = tmp_path / "ut.xlsx"
    write(out)
    assert mode(out) == umask_027
    out.chmod(0o644)  # the officer opened it up to everyone: a rerun keeps that
    write(out)
    assert mode(out) == 0o644


def test_feedback_copy_is_readable_by_the_group(
    tmp_path: Path, umask_027: int, make_report: Callable[..., Path]
) -> None:
    src = make_report()
    out = tmp_path / "kontroll" / "kopia.xlsx"
    annotate_workbook(src, validate_workbook(src), out)
    assert mode(out) == umask_027
