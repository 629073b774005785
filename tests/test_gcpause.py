"""gc_paused switches the collector off for a block and back on as it was, also on errors."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli, main
from finsam_xl.consolidation import consolidate_reports
from finsam_xl.gcpause import gc_paused


def test_paused_inside_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pause_leaves_it_to_the_outermost() -> None:
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block must not switch it back on early
    assert gc.isenabled()


def test_a_caller_who_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        consolidate_reports([])  # decorated: pauses, then restores what it found
        assert not gc.isenabled()
    finally:
        gc.enable()
    consolidate_reports([])
    assert gc.isenabled()


def test_freeze_hides_what_the_block_made_and_switches_the_collector_on() -> None:
    assert gc.get_freeze_count() == 0
    try:
        with gc_paused(freeze=True):
            made = [[i] for i in range(1000)]  # tracked containers, made while paused
            assert not gc.isenabled()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made)
    finally:
        gc.unfreeze()


EXAMPLES = Path(__file__).resolve().parent.parent / "workbooks" / "examples"
AT_EXIT = (
    "import atexit, gc, sys; "
    "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, gc.isenabled())); "
    "from finsam_xl.cli import main; main()"
)


@pytest.mark.parametrize("command", ["consolidate", "validate"])
def test_a_run_freezes_what_it_made_only_when_its_process_ends_with_it(
    command: str, tmp_path: Path
) -> None:
    """From the console entry point (its own process) what the run made is frozen when its
    pause ends: switched on over it, the collector would first scan it all, just before the
    exit. Called in-process (a test, a script), nothing is frozen and the collector is on."""

    def args(name: str) -> list[str]:
        return [command, str(EXAMPLES), *(["-o", str(tmp_path / name)] * (command != "validate"))]

    code = 1 if command == "validate" else 0  # the examples hold errors on purpose
    out = subprocess.run(
        [sys.executable, "-c", AT_EXIT, *args("a.xlsx")], capture_output=True, text=True
    )
    assert out.returncode == code, out.stderr
    assert "frozen at exit: True True" in out.stdout
    result = CliRunner().invoke(cli, args("b.xlsx"))
    assert result.exit_code == code, result.output
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(SystemExit) as done:  # main() given argv: code that goes on after it
        main(args("c.xlsx"))
    assert done.value.code == code
    assert gc.isenabled() and gc.get_freeze_count() == 0
