"""A terminal progress bar for long runs, fed by the library's ``progress(done, total)`` calls.

Drawn on stderr only when stderr is a terminal and there are enough files to wait for; piped or
redirected output gets nothing, so logs and JSON stay clean.
"""

from __future__ import annotations

import sys
from typing import Any

import click

PROGRESS_FROM = 20  # files; fewer are read before a bar would be worth drawing


class Progress:
    """A terminal progress bar fed by ``progress(done, total)`` callbacks; silent off a tty."""

    def __init__(self, label: str = "Läser rapporter") -> None:
        self._bar: Any = None
        self._done = 0
        self._label = label

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM or not sys.stderr.isatty():
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
