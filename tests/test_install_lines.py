"""The install lines the docs quote work from what the project ships.

docs/excel.md's commands are taken from its code blocks and run: the wheel is built with the
documented command (in a copy of the project, so the checkout stays clean), the install line is
resolved against that wheel by pip (``--dry-run``, no network), every ``xlwings`` command is one
the pinned xlwings knows. README and docs/google-sheets.md give the same lines, and nothing
anywhere still says ``pip install finsam-xl`` as if it were on a package index.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from finsam_xl.install import BUILD_COMMAND, WHEEL, install_command

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "excel.md"


def commands(path: Path) -> list[str]:
    """The lines of the document's indented code blocks (4 spaces or more under a list item)."""
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"^ {4,}\S", line)
    ]


def pip(command: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "pip"], command
    return subprocess.run(
        [sys.executable, "-m", "pip", *args[3:4], *extra, *args[4:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project copied as the maintainer has it, and the wheel built there as documented."""
    src = tmp_path_factory.mktemp("checkout")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "finsam_xl", src / "finsam_xl", ignore=shutil.ignore_patterns("__pycache__")
    )
    done = pip(BUILD_COMMAND, cwd=src)
    assert done.returncode == 0, done.stderr
    return src / "dist"


def test_excel_doc_quotes_the_build_and_install_lines():
    found = commands(DOC)
    assert BUILD_COMMAND in found
    assert install_command("excel") in found
    assert install_command("excel,sheets") in found
    assert not [c for c in found if re.search(r"pip install ['\"]?finsam-xl", c)]


def test_the_documented_build_makes_the_documented_pure_wheel(built):
    assert [p.name for p in built.iterdir()] == [WHEEL]
    with zipfile.ZipFile(built / WHEEL) as zf:
        info = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/WHEEL"))).decode()
        meta = zf.read(next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "Root-Is-Purelib: true" in info and "Tag: py3-none-any" in info
    assert "Provides-Extra: excel" in meta and "Provides-Extra: sheets" in meta
    assert re.search(r"Requires-Dist: xlwings==[\d.]+; extra == \"excel\"", meta), meta
    assert re.search(r"Requires-Dist: python-calamine.*sys_platform != \"emscripten\"", meta)


@pytest.mark.parametrize("extras", ["excel", "sheets", "excel,sheets"])
def test_the_documented_install_line_installs_that_wheel(built, extras):
    line = install_command(extras)
    assert line in commands(DOC) or extras == "sheets"
    # pip resolves the quoted line against the wheel in its folder; --dry-run installs nothing
    done = pip(line, "--dry-run", "--no-deps", "--no-index", cwd=built)
    assert done.returncode == 0, done.stderr
    assert f"Would install finsam-xl-{WHEEL.split('-')[1]}" in done.stdout, done.stdout


def test_every_xlwings_command_in_the_doc_is_one_xlwings_knows():
    quoted = [c for c in commands(DOC) if c.startswith("xlwings ")]
    assert "xlwings addin install" in quoted
    for command in quoted:
        args = shlex.split(command)[1:]
        argv = ["xlwings", *args, "--help"]
        probe = f"import sys; sys.argv = {argv!r}; from xlwings.cli import main; main()"
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert done.returncode == 0 and "usage: xlwings" in done.stdout, (command, done.stderr)


def test_readme_and_google_doc_give_the_wheel_lines():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert BUILD_COMMAND in readme and f"dist/{WHEEL}[excel]" in readme
    assert install_command("sheets") in commands(ROOT / "docs" / "google-sheets.md")
    for doc in (readme, DOC.read_text(encoding="utf-8")):
        assert not re.search(r"pip install ['\"]?finsam-xl\[", doc)


def test_the_lite_requirements_line_is_the_wheel():
    text = (ROOT / "macros" / "lite" / "requirements.txt").read_text(encoding="utf-8")
    assert BUILD_COMMAND in text and f"/{WHEEL}\n" in text
