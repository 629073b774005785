"""One language per run: click's framing in Swedish for officers, English with --english.

The list of English strings is read from the installed click itself (every text it marks for
gettext), so a new click release with new texts fails here until they are translated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import click.testing
import pytest
from click.testing import CliRunner

from finsam_xl.cli import COMMANDS, cli, i18n

CLICK_DIR = Path(click.__file__).parent
EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"


def click_msgids() -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for source in CLICK_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and texts and isinstance(texts[0], str):
                found.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                found.add((texts[0], texts[1]))
    return found


SAME_IN_SWEDISH = {"version", "Choice", "Argument"}  # "Val" for Choice: a programmer's repr


def english_fragments() -> list[str]:
    """The literal pieces of click's shown texts (placeholders cut out), five characters or more."""
    pieces: set[str] = set()
    for msgid in click_msgids():
        for text in msgid if isinstance(msgid, tuple) else (msgid,):
            if text in i18n.CLICK_MSGIDS_NOT_SHOWN:
                continue
            for piece in re.split(r"\{[^}]*\}|%\([^)]*\)s|\n\t", text):
                piece = piece.strip(" .:!?()'")
                if len(piece) >= 5 and piece not in SAME_IN_SWEDISH:
                    pieces.add(piece)
    metavars = ["[OPTIONS]", "COMMAND", "[ARGS]", "INTEGER", "PATH", "FILE", "DIRECTORY",
                "DATETIME", "RANGE", "FLOAT", "BOOLEAN"]  # fmt: skip
    return sorted(pieces) + metavars


def test_every_text_click_shows_has_a_swedish_translation() -> None:
    missing = [
        m
        for m in click_msgids()
        if (m not in i18n.SV_PLURAL if isinstance(m, tuple) else m not in i18n.SV)
        and m not in i18n.CLICK_MSGIDS_NOT_SHOWN
    ]
    assert missing == []


def test_the_fragment_list_catches_click_english() -> None:
    fragments = english_fragments()
    for word in ("Usage", "Options", "Show this message and exit", "does not match the format",
                 "Invalid value for", "required", "default", "Commands", "[OPTIONS]"):  # fmt: skip
        assert any(word in f or f in word for f in fragments), word


def run(args: list[str]) -> click.testing.Result:
    return CliRunner().invoke(cli, args, prog_name="finsam-xl")


def help_pages() -> list[list[str]]:
    pages = [["--help"]]
    for name in sorted(COMMANDS):
        pages.append([name, "--help"])
    for sub in ("push", "pull", "template"):
        pages.append(["sheets", sub, "--help"])
    return pages


USAGE_ERRORS = [
    ["validate", "--fromat", "x", str(EXAMPLES)],
    ["validate", "--format", "xml", str(EXAMPLES)],
    ["validate", "no-such-folder"],
    ["validate"],
    ["consolidate", str(EXAMPLES), "-o", "m.xlsx", "--as-of", "31/10/2024"],
    ["consolidate", str(EXAMPLES), "-o", "m.xlsx", "--mask-under", "1"],
    ["consolidate", str(EXAMPLES), "-o"],
    ["consolidate", str(EXAMPLES)],
    ["template", "kvartal"],
    ["template"],
    ["nosuchcommand"],
    ["sheets"],
    ["sheets", "push"],
    ["consolidate", str(EXAMPLES), "-o", "m.xlsx", "--workers", "many"],
]


@pytest.mark.parametrize("args", help_pages() + USAGE_ERRORS, ids=" ".join)
def test_swedish_mode_has_no_click_english(args: list[str]) -> None:
    result = run(args)
    assert result.exit_code in (0, 2), result.output
    text = result.output
    leaks = [f for f in english_fragments() if re.search(rf"(?<![\w\[]){re.escape(f)}(?!\w)", text)]
    assert leaks == [], text
    assert "Error" not in text


def test_english_mode_frames_in_english() -> None:
    result = run(["validate", "--english", "no-such-folder"])
    assert result.exit_code == 2
    assert "Usage: finsam-xl validate [OPTIONS] PATHS..." in result.output
    assert "Error: Invalid value for 'PATHS...'" in result.output
    assert "Användning" not in result.output and "finns inte" not in result.output
    # and the next run, without --english, is Swedish again
    again = run(["validate", "no-such-folder"])
    assert "Användning:" in again.output and "finns inte" in again.output


def test_english_help_uses_click_english_frame() -> None:
    result = run(["validate", "--english", "--help"])
    assert result.output.startswith("Usage: finsam-xl validate [OPTIONS] PATHS...")
    assert "Options:" in result.output and "Show this message and exit." in result.output


def test_english_interpretations_are_english_and_swedish_ones_swedish() -> None:
    english = run(["validate", "--english", str(EXAMPLES)]).output
    interpreted = [line for line in english.splitlines()
                   if "[tolkat-varde]" in line or "[tvetydigt-datum]" in line]  # fmt: skip
    assert len(interpreted) >= 3
    for line in interpreted:
        message = line.split("] ", 1)[1].split(": ", 1)[1]  # after the (workbook's) label
        for swedish in ("tolkat", "läses", "gissat", "århundradet", "dag före"):
            assert swedish not in message, line
    assert "'20220930' read as 2022-09-30" in english
    assert "Summary: 15 files:" in english and "1 error, 0 warnings" in english
    swedish = run(["validate", str(EXAMPLES)]).output
    assert "'20220930' tolkat som 2022-09-30" in swedish
