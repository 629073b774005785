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
    assert "Summary: 16 files:" in english and " error" in english
    swedish = run(["validate", str(EXAMPLES)]).output
    assert "'20220930' tolkat som 2022-09-30" in swedish


SWEDISH_WORDS = (" är ", "kan inte", "läsas", "tolkat", "skriv", "finns", "saknas", "inget",
                 "ingen", "dagar", "månad", "ange", "tecknet", "talet", "gissat", "blandar",
                 "mellanslag", "perioden", "Tillåtna", "belopp", "heltal", "årtal")  # fmt: skip


@pytest.mark.parametrize(
    ("parser", "raw"),
    [
        ("parse_kronor", "12,5.3 kr"), ("parse_kronor", "1.234.567"), ("parse_kronor", "7,"),
        ("parse_kronor", "1.234"), ("parse_kronor", "12 34"), ("parse_kronor", "abc"),
        ("parse_kronor", "kr"), ("parse_kronor", True), ("parse_kronor", "2 400 tkr"),
        ("parse_count", "3,5"), ("parse_count", "x st"), ("parse_count", 2.5),
        ("parse_count", "12 st"),
        ("parse_number", "7,5 %"), ("parse_number", "1,2,3"), ("parse_year", "tjugo"),
        ("parse_year", 1850), ("parse_year", "2024 "),
        ("parse_date", "2024-02-30"), ("parse_date", "2024-13-01"), ("parse_date", "2022123"),
        ("parse_date", "next week"), ("parse_date", True), ("parse_date", 1.5e9),
        ("parse_date", "220503"), ("parse_date", "20220930"), ("parse_date", "3/4/2024"),
        ("parse_date", 45000), ("parse_period", "kv 5 2024"), ("parse_period", "2024-03-01"),
        ("parse_period", "2024-06-30 - 2024-01-01"), ("parse_period", 12),
        ("parse_period", "x - y"), ("parse_period", "kv 1 2024 (prel)"),
        ("parse_email", "a@b@c.se"), ("parse_email", "nobody"), ("parse_email", "a b@c.se"),
        ("parse_email", "a@"), ("parse_email", 5), ("parse_email", "mailto:a@b.se"),
    ],
)  # fmt: skip
def test_every_parser_detail_has_an_english_twin(parser: str, raw: object) -> None:
    import finsam_xl.parse as parse

    read = getattr(parse, parser)(raw)
    assert read.code is not None, read
    assert read.detail_en, read.detail
    for word in SWEDISH_WORDS:
        assert word not in read.detail_en, (read.detail, read.detail_en)


def test_english_given_before_the_command_works_too() -> None:
    result = run(["--english", "validate", str(EXAMPLES / "resan-kvartalsrapport-2022q4.xlsx")])
    assert result.exit_code == 1
    assert "Summary: 1 file:" in result.output and "read as 2022-09-30" in result.output
    assert "Usage: finsam-xl [OPTIONS]" in run(["--english", "--help"]).output
