"""The names reports carry in the consolidated tables: never an absolute path.

The master, the exports and the Google sheet leave the officer's computer; a path such as
``C:\\Users\\anna.svensson\\Rapporter\\x.xlsx`` would publish a user name (issue 13). A report
found in a folder given as an absolute path is named from inside that folder (``x.xlsx``,
``kvartal1/x.xlsx``), one named directly by its file name, as the Excel button names the files
it lists; two alike get as much of their folders as tells them apart; a relative path, which reveals
nothing about the computer, is kept as given. The exact path stays on ``FileReport.path``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path, PurePath

from finsam_xl.safe_text import display_name
from finsam_xl.validate import FileReport


def _tail(path: PurePath, parts: int) -> str:
    return "/".join(path.parts[-parts:])


def published_names(
    inputs: Iterable[str | os.PathLike[str]], files: Sequence[str]
) -> dict[str, str]:
    """For each read path in ``files``, the name the tables show (see the module docstring)."""
    folders = sorted(
        (Path(os.path.abspath(p)) for p in inputs if Path(p).is_dir()),
        key=lambda p: len(p.parts),
        reverse=True,  # the innermost folder a file lies in names it
    )
    wanted: dict[str, int] = {}
    for file in files:
        path = Path(file)
        if not path.is_absolute():
            continue
        home = next((f for f in folders if path.is_relative_to(f)), None)
        wanted[file] = len(path.relative_to(home).parts) if home is not None else 1
    kept = {display_name(f) for f in files if f not in wanted}
    while True:  # alike names get more of their folders, all of them, until none is alike
        names = {f: display_name(_tail(Path(f), n)) for f, n in wanted.items()}
        seen: dict[str, int] = {}
        for name in [*kept, *names.values()]:
            seen[name] = seen.get(name, 0) + 1
        # never the whole path: the root would make it absolute again
        alike = [f for f, name in names.items()
                 if seen[name] > 1 and wanted[f] < len(Path(f).parts) - 1]  # fmt: skip
        if not alike:
            break
        for f in alike:
            wanted[f] += 1
    return names


def publish(
    reports: Sequence[FileReport], inputs: Iterable[str | os.PathLike[str]]
) -> list[FileReport]:
    """``reports`` with the names of ``published_names`` in ``file``, their issues' too."""
    names = published_names(inputs, [r.path or r.file for r in reports])
    out = []
    for report in reports:
        name = names.get(report.path or report.file)
        if name is None or name == report.file:
            out.append(report)
            continue
        issues = [replace(i, file=name) if i.file == report.file else i for i in report.issues]
        out.append(replace(report, file=name, issues=issues, path=report.path or report.file))
    return out
