"""Replacing a file in one step: written beside it under a temporary name, then renamed over it.

A temporary file in the target's own folder is on the same file system, so ``os.replace`` is an
atomic rename: a reader sees the old file or the new one, never half of one. ``mkstemp`` makes
its file readable by its owner only (0600); a master or template on a förbund's shared drive
must stay as readable as the file it replaces, so the new file gets the old one's permissions,
or, when there was none, those any new file gets here (0666 less the umask).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["move_into_place", "temp_beside", "write_atomically"]


def write_atomically(
    target: Path, write: Callable[[Path], object], *, suffix: str = ".tmp"
) -> Path:
    """Let ``write(tmp)`` fill a temporary file beside ``target``, then move it into place; on
    any failure the temporary file is removed and ``target`` is as it was."""
    tmp = temp_beside(target, suffix=suffix)
    try:
        write(tmp)
        move_into_place(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def temp_beside(target: Path, *, prefix: str = ".finsam-", suffix: str = ".tmp") -> Path:
    """An empty temporary file in ``target``'s folder (made if missing); the caller removes it
    if it is not moved into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def move_into_place(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` over ``target`` with the permissions ``target`` had (or a new file's)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(tmp, mode)
    os.replace(tmp, target)


def _umask() -> int:
    # Linux shows the umask without changing it; elsewhere it is read by setting it and back
    # (process-wide for an instant, so /proc first).
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
