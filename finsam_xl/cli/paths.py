"""Paths as the commands print them: relative to the folder the command ran in, when inside it.

One rule for every "Skrev …" and "Exporterade … till …" line, so output never mixes absolute and
relative paths; a path outside the working folder stays absolute (``..`` chains confuse more than
they help).
"""

from __future__ import annotations

import os
from pathlib import Path


def shown_path(path: str | os.PathLike[str], cwd: Path | None = None) -> str:
    """``path`` relative to ``cwd`` (default: the working folder) when it lies inside it."""
    here = (cwd or Path.cwd()).resolve()
    full = Path(os.path.abspath(path))
    try:
        return str(full.relative_to(here)) or "."
    except ValueError:
        return str(full)
