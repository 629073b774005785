"""How commands report finsam-xl's own errors: one Swedish line, a traceback only with --debug."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from finsam_xl.errors import FinsamError


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a FinsamError into click's one-line error (exit 1) unless --debug was given."""
    try:
        yield
    except FinsamError as exc:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and ctx.find_root().obj and ctx.find_root().obj.get("debug"):
            raise
        raise click.ClickException(str(exc)) from exc
