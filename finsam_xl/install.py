"""How finsam-xl is installed from what the project ships: a wheel, not a package index.

finsam-xl is on no package index, so ``pip install finsam-xl`` finds nothing. Whoever maintains
the tool builds one wheel from a checkout (``BUILD_COMMAND``) and hands the file to the officers,
or (xlwings Lite) puts it on the förbund's web server. Every install hint the tool prints, the
master workbook's instructions and docs/excel.md are made from these lines, and a test builds the
wheel with ``BUILD_COMMAND`` and installs it by the lines quoted.
"""

from __future__ import annotations

from finsam_xl import __version__

BUILD_COMMAND = "python -m pip wheel --no-deps -w dist ."
WHEEL = f"finsam_xl-{__version__}-py3-none-any.whl"


def install_command(extra: str) -> str:
    """The command that installs the wheel (in the current folder) with one extra."""
    return f'python -m pip install "{WHEEL}[{extra}]"'
