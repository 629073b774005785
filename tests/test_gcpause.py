"""gc_paused switches the collector off for a block and back on as it was, also on errors."""

from __future__ import annotations

import gc

import pytest

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
