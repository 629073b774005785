"""The rules run in one fixed order, whatever imported a rule module first.

Issue order within one cell (and so the JSON of `validate`) followed the order rules registered in,
which was the import order of their modules: a process that had imported `finsam_xl.rules.mal` on
its own (a test, a tool) ran the goal rules first. Each order is taken in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_ORDER = (
    "import json, sys\n"
    "{first}\n"
    "from finsam_xl.rules import registered\n"
    "print(json.dumps([code for code, _ in registered()]))\n"
)


def _order(first: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _ORDER.format(first=first)],
        capture_output=True,
        text=True,
        check=True,
    )
    codes: list[str] = json.loads(done.stdout)
    return codes


@pytest.mark.parametrize("module", ["mal", "forbund", "deltagare"])
def test_rule_order_does_not_depend_on_which_module_was_imported_first(module: str) -> None:
    natural = _order("")
    assert len(natural) > 20
    assert _order(f"import finsam_xl.rules.{module}") == natural
