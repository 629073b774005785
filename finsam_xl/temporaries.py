"""finsam-xl's own temporary files: recognised wherever they are, and cleaned up when stale.

Every file finsam-xl replaces is first written beside it under a temporary name
(``atomic.temp_beside``: a ``.finsam-`` or ``.finsam-xl-`` prefix, mkstemp's eight random
characters, the target's suffix) and renamed into place. A run killed mid-write leaves that file
behind; it is no report, so the folder walk skips it, and the next write into the folder removes
any left there long enough that no running write can still own it.
"""

from __future__ import annotations

import re
import time
from contextlib import suppress
from pathlib import Path

_OWN_TEMPORARY = re.compile(r"\.finsam-(?:xl-)?[a-z0-9_]{8}\.(?:xlsx|xlsm|tmp)", re.IGNORECASE)
STALE_AFTER_S = 3600.0  # far longer than any write takes (a 2 000-report master: ~6 s)


def is_own_temporary(path: Path) -> bool:
    """A temporary file finsam-xl writes beside a target before renaming it into place."""
    return _OWN_TEMPORARY.fullmatch(path.name) is not None


def remove_stale(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove finsam-xl's temporaries in ``folder`` untouched for ``older_than_s``; the removed.

    Best effort: a file another process removes first, or that cannot be removed, is left.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    with suppress(OSError):
        for path in folder.iterdir():
            if not is_own_temporary(path):
                continue
            with suppress(OSError):
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
    return removed
