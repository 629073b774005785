"""Every command quoted in README.md and docs/*.md is run, as docs/cli.md is checked against --help.

Commands are collected from inline code and code blocks. Placeholders (``PATH...``, ``DIR``,
``MALLTYP``) get concrete values and optional parts (``[--export DIR]``) are included, so each
option a page mentions is exercised. The files the commands name (insats.json, register.csv,
finsam-xl.toml) are the examples the generated pages print. A command that cannot run here is in
``NOT_RUN`` with the reason; a newly documented command that is neither run nor listed fails.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import COMMANDS, cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
         ROOT / "workbooks" / "examples" / "README.md"]  # fmt: skip
STARTS = ("finsam-xl ", "python3 scripts/", "python scripts/", "py scripts\\", "python -m ",
          "python benchmarks/", "pip install ", "PYTHON=", "set PYTHON=", "$env:PYTHON=",
          "xlwings ", "npm ", "gcloud ")  # fmt: skip

# command as written -> why it is not run by this test
NOT_RUN = {
    "python3 scripts/test.py": "it runs this test suite (recursion); .ci/run runs it",
    "py scripts\\test.py": "Windows spelling of scripts/test.py",
    "python3 scripts/demo.py": (
        "tests/test_scripts_demo.py runs it twice, the second time offline and timed"
    ),
    "py scripts\\demo.py": "Windows spelling of scripts/demo.py, which is run",
    "PYTHON=python3.12 python3 scripts/demo.py": (
        "tests/test_scripts_demo.py runs the demo so, with PYTHON naming the tests' own Python "
        "(another version would rebuild .venv)"
    ),
    "set PYTHON=py -3.12": "Windows cmd; tests/test_scripts.py splits the value as Windows does",
    '$env:PYTHON="py -3.12"': "PowerShell; tests/test_scripts.py splits the value as Windows does",
    "xlwings addin install": "installs the add-in into desktop Excel (Windows or macOS)",
    "xlwings quickstart finsam_master --standalone": (
        "makes a new Excel project; scripts/build_xlsm.py builds the shipped one "
        "(tests/test_excel_xlsm.py)"
    ),
    "npm pack pyodide@0.29.5": "downloads from the npm registry",
    "gcloud auth application-default login": "signs a person in to Google in a browser",
    "python benchmarks/bench_consolidate.py": "minutes of generated input; a benchmark",
    "python benchmarks/bench_validate.py 1000": "minutes of generated input; a benchmark",
    "python benchmarks/bench_sheets.py": "a benchmark against the Sheets stand-in",
    "python scripts/build_xlsm.py": "rewrites the committed .xlsm; test_excel_xlsm builds it",
    "python scripts/render_overview_png.py": (
        "rewrites the committed pictures in docs/img; test_master_writer runs the script into a "
        "temporary file and test_master_print checks the pages it finds"
    ),
    "python scripts/make_examples.py": "rewrites the committed examples; run here with --check",
    "python3 scripts/check_versions.py lowest": (
        "installs a second environment from PyPI and runs this suite in it (~8 minutes); "
        "tests/test_scripts.py checks the versions it pins"
    ),
    "python3 scripts/check_versions.py pyodide": (
        "installs a second environment from PyPI and runs this suite in it (~8 minutes); "
        "tests/test_scripts.py checks the versions it pins"
    ),
    "python scripts/lite_packages.py package --pure xlwings==0.37.8": (
        "needs the pyodide npm package unpacked (npm pack); the list it writes is checked by "
        "tests/test_lite_requirements.py"
    ),
}
# pip lines that install the wheel: tests/test_install_lines.py builds the wheel with the
# documented command and installs exactly these lines (dry run) against it.
WHEEL_LINE = ".whl["
# Google Sheets needs an account and a spreadsheet: these are parsed (option names and values
# checked by click, as --help is given last) and run for real against the local stand-in by
# tests/test_sheets_cli.py.
PARSE_ONLY = ("finsam-xl sheets ", "finsam-xl template rapport --google")

PLACEHOLDERS = {
    "PATH...": "workbooks/examples",
    "PATH": "workbooks/examples",
    "RAPPORTMAPP": "workbooks/examples",
    "rapporter/": "workbooks/examples",
    "MALLTYP": "rapport",
    "FILE": "rapport.xlsx",
    "OUT": "kontroll",
    "DIR": "tabeller",
    "TABELLER": "tabeller",
    "ID": "SHEETID",
    "ID1": "SHEETID1",
    "ID2": "SHEETID2",
    "1AbC...xyz": "SHEETID",
    "MAPP-ID": "FOLDERID",
}


def _candidates(text: str) -> list[str]:
    found = re.findall(r"`([^`\n]+)`", text)
    found += [line.strip() for line in text.splitlines() if line.startswith("    ")]
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block:
            found.append(line.strip())
    return found


def documented_commands() -> dict[str, list[str]]:
    """command as written -> the pages quoting it."""
    out: dict[str, list[str]] = {}
    for page in PAGES:
        for raw in _candidates(page.read_text("utf-8")):
            command = raw.split("  #", 1)[0].strip()
            if not command.startswith(STARTS):
                continue
            if command.startswith("finsam-xl "):
                word = command.split()[1]
                if word not in COMMANDS and not word.startswith("-"):
                    continue  # prose: "finsam-xl i Excel", "finsam-xl did not make"
            out.setdefault(command, []).append(page.name)
    return out


def concrete(command: str) -> list[list[str]]:
    """The argument lists a documented command stands for (placeholders filled, options in)."""
    text = re.sub(r"\[([^\[\]]*)\]", r"\1", command)  # optional parts included
    variants = [text]
    if "push/pull" in text:
        variants = [text.replace("push/pull", "push"), text.replace("push/pull", "pull")]
    out = []
    for variant in variants:
        words = [PLACEHOLDERS.get(w, w) for w in shlex.split(variant)]
        out.append(words)
    return out


COMMANDS_FOUND = documented_commands()


def test_the_pages_quote_commands() -> None:
    assert "finsam-xl validate --config finsam-xl.toml workbooks/examples" in COMMANDS_FOUND
    assert "python3 scripts/demo.py" in COMMANDS_FOUND
    assert len(COMMANDS_FOUND) > 15


def test_every_exemption_is_still_quoted() -> None:
    assert set(NOT_RUN) <= set(COMMANDS_FOUND)


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with what the documented commands name, made from the generated pages."""
    from openpyxl import Workbook

    (tmp_path / "workbooks").symlink_to(ROOT / "workbooks", target_is_directory=True)
    prefill = (ROOT / "docs" / "prefill.md").read_text("utf-8")
    (tmp_path / "insats.json").write_text(_block(prefill, "json"), "utf-8")
    register = _block(prefill, "csv")
    (tmp_path / "register.csv").write_text(register, "utf-8")
    wb = Workbook()
    for row in register.splitlines():
        wb.active.append(next(iter(__import__("csv").reader([row]))))
    wb.save(tmp_path / "register.xlsx")
    settings = _block((ROOT / "docs" / "settings.md").read_text("utf-8"), "toml")
    tomllib.loads(settings)
    (tmp_path / "finsam-xl.toml").write_text(settings, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _block(text: str, language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", text, re.S)
    assert match, language
    return match.group(1)


@pytest.mark.parametrize("command", sorted(COMMANDS_FOUND))
def test_documented_command_runs(command: str, workdir: Path) -> None:
    if command in NOT_RUN:
        pytest.skip(NOT_RUN[command])
    if WHEEL_LINE in command:
        pytest.skip("a wheel install line: tests/test_install_lines.py runs it against the wheel")
    for args in concrete(command):
        if args[0] == "pip":
            _check_pip(args)
        elif args[0] == "finsam-xl":
            _run_finsam(command, args[1:])
        else:
            _run_python(args)


def _run_finsam(command: str, args: list[str]) -> None:
    parse_only = command.startswith(PARSE_ONLY)
    if parse_only or len(args) == 1:  # a bare "finsam-xl consolidate" in prose: it exists
        args = [*args, "--help"]
    result = CliRunner().invoke(cli, args, prog_name="finsam-xl")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    # validate exits 1 when a report has errors (the examples keep their flaws); others exit 0
    allowed = (0, 1) if args[0] == "validate" else (0,)
    assert result.exit_code in allowed, f"{args}: {result.output}"
    assert "Traceback" not in result.output


def _run_python(args: list[str]) -> None:
    if args[:2] == ["python", "scripts/make_examples.py"]:
        args = [*args, "--check"] if "--check" not in args else args
    if args[:3] == ["python", "-m", "finsam_xl.docgen"]:
        args = [*args, "--check"]
    done = subprocess.run([sys.executable, *args[1:]], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def _check_pip(args: list[str]) -> None:
    # Not run (it would need the package index): the extras it names must exist.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    for word in args[2:]:
        extras = re.findall(r"\[([^\]]+)\]", word)
        for extra in ",".join(extras).split(",") if extras else []:
            assert extra in project["optional-dependencies"], word


def test_docs_link_only_to_files_in_the_repository() -> None:
    for page in PAGES:
        text = page.read_text("utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)", text)
        targets += [t for t in re.findall(r"`([^`\s]+\.md)`", text) if "/" in t]
        for target in targets:
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            assert (page.parent / target).exists(), f"{page.name}: {target}"
