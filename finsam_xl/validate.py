"""Validation: one file or many in, a report out. Never raises on bad data (schema §8).

``validate_workbook`` reads a file, builds its model, runs the rules and folds anything unreadable
into an `olasbar` issue, so one broken file never stops a batch. ``validate_paths`` walks folders,
skips lock files and non-workbooks with a note, and reads in parallel when there are many files.
``raise_for_issues()`` is there for callers who prefer an exception.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from finsam_xl.build import build
from finsam_xl.cellmap import CellMap
from finsam_xl.config import DEFAULT, Config
from finsam_xl.errors import ValidationFailed, WorkbookReadError
from finsam_xl.gcpause import gc_paused
from finsam_xl.issues import Issue, Severity, make_issue
from finsam_xl.models import Report
from finsam_xl.schema import SCHEMA_VERSION
from finsam_xl.wording import antal

Status = Literal["ok", "warnings", "errors", "unreadable"]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEETS = (
    ".xls",
    ".xlsb",
    ".ods",
    ".csv",
    ".numbers",
)  # an officer may expect these read
PARALLEL_FROM = 200  # below this, process start-up and pickling cost more than they save


@dataclass
class FileReport:
    """Everything validation learnt about one file."""

    file: str
    malltyp: str | None
    mallversion: str | None
    issues: list[Issue]
    model: Report | None = None
    sha256: str | None = None
    mtime: float | None = None
    properties: dict[str, str] = field(default_factory=dict, repr=False)
    # Scalar field id -> (sheet, cell): enough for cross-file rules to point at a cell, and
    # light enough to send back from a worker process (the full Locator is not).
    cells: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)

    @property
    def status(self) -> Status:
        if any(i.code == "olasbar" for i in self.issues):
            return "unreadable"
        if any(i.severity is Severity.ERROR for i in self.issues):
            return "errors"
        if any(i.severity is Severity.WARNING for i in self.issues):
            return "warnings"
        return "ok"

    def count(self, severity: Severity) -> int:
        return sum(1 for i in self.issues if i.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "malltyp": self.malltyp,
            "mallversion": self.mallversion,
            "status": self.status,
            "issues": [i.to_dict() for i in self.issues],
        }


@dataclass
class ValidationReport:
    files: list[FileReport]
    notes: list[str] = field(default_factory=list)  # skipped files and why

    @property
    def has_errors(self) -> bool:
        return any(f.status in ("errors", "unreadable") for f in self.files)

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_VERSION, "files": [f.to_dict() for f in self.files]}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def raise_for_issues(self) -> None:
        """Raise ValidationFailed when any file has errors or could not be read."""
        bad = [f for f in self.files if f.status in ("errors", "unreadable")]
        if bad:
            errors = sum(f.count(Severity.ERROR) for f in bad)
            names = ", ".join(f.file for f in bad[:5]) + (" …" if len(bad) > 5 else "")
            raise ValidationFailed(
                f"{errors} fel i {antal(len(bad), 'fil')}: {names}", errors=errors
            )


def validate_cellmap(cellmap: CellMap, *, config: Config = DEFAULT) -> FileReport:
    """Build and check one CellMap, whichever reader made it (file, live Excel, Google Sheet)."""
    from finsam_xl.rules import RuleContext, run_rules

    built = build(cellmap, config)
    issues = list(built.issues)
    truncated = cellmap.properties.get("avkortade_blad")
    if truncated:
        rows = f"{config.max_rows:,}".replace(",", "\u00a0")
        # Not silent: whatever stood past the limits (a personnummer, say) was not checked.
        issues.append(
            make_issue(
                "fel-mall",
                severity=Severity.WARNING,
                sheet=truncated.split(",")[0],
                detail=f"Bladet/bladen {truncated} har innehåll långt utanför mallens område "
                f"(efter rad {rows} eller kolumn DX) som inte lästes eller kontrollerades. "
                "Ta bort det och skicka filen igen.",
                detail_en=f"Sheets {truncated} hold content past the reader's limits; not read.",
            )
        )
    if built.model is not None:
        issues += run_rules(RuleContext(built.model, built.locator, config, cellmap))
    issues = [replace(issue, file=cellmap.source) for issue in issues]
    return FileReport(
        file=cellmap.source,
        malltyp=built.malltyp.value if built.malltyp else None,
        mallversion=built.mallversion,
        issues=config.apply(issues),
        model=built.model,
        properties=dict(cellmap.properties),
        cells={fid: (c.sheet, c.cell) for fid, c in cellmap.scalars.items()},
    )


def unreadable(name: str, exc: Exception, *, sha256: str | None = None) -> FileReport:
    """The report of a file that could not be opened: one `olasbar` issue naming why."""
    sheet = getattr(exc, "sheet", None)
    issue = make_issue(
        "olasbar",
        sheet=sheet,
        detail=f"{name}: {exc}",
        detail_en=f"{name} cannot be read: {exc}",
    )
    return FileReport(name, None, None, [replace(issue, file=name)], sha256=sha256)


def validate_workbook(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    config: Config = DEFAULT,
    name: str | None = None,
) -> FileReport:
    """Read and validate one workbook; unreadable input becomes an `olasbar` report, no raise."""
    from finsam_xl.readers.xlsx import read_workbook

    mtime: float | None = None
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        name = name or str(source)
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime
            if size > config.max_file_bytes:
                raise WorkbookReadError(
                    f"filen är {size // 1_000_000} MB, större än gränsen "
                    f"{config.max_file_bytes // 1_000_000} MB",
                    path=path,
                )
            data = path.read_bytes()
        except (OSError, WorkbookReadError) as exc:
            return unreadable(name, exc)
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read()
    name = name or "arbetsbok.xlsx"
    digest = hashlib.sha256(data).hexdigest()
    try:
        cellmap = read_workbook(data, name=name, config=config)
    except WorkbookReadError as exc:
        return unreadable(name, exc, sha256=digest)
    report = validate_cellmap(cellmap, config=config)
    report.sha256, report.mtime = digest, mtime
    return report


def _is_lock_file(path: Path) -> bool:
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


def find_workbooks(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files to read under the paths (sorted, deduplicated) and notes on what was skipped."""
    found: dict[Path, None] = {}
    notes: list[str] = []
    others: list[Path] = []

    def consider(p: Path, explicit: bool) -> None:
        if _is_lock_file(p):
            notes.append(f"{p}: hoppade över Excels låsfil (~$).")
        elif p.suffix.lower() in WORKBOOK_SUFFIXES:
            found.setdefault(p, None)
        elif explicit:
            # Named on the command line: read it anyway, so a mislabelled file gets `olasbar`.
            found.setdefault(p, None)
        elif p.suffix.lower() in OTHER_SPREADSHEETS:
            notes.append(f"{p}: hoppade över ({p.suffix}); spara den som .xlsx från mallen.")
        elif not p.name.startswith("."):
            others.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file():
                    consider(child, explicit=False)
        elif p.exists():
            consider(p, explicit=True)
        else:
            notes.append(f"{p}: finns inte.")
    if others:
        notes.append(f"{antal(len(others), 'annan fil')} (inte arbetsböcker) hoppades över.")
    return sorted(found), notes


def _validate_one(args: tuple[str, Config]) -> FileReport:
    return validate_workbook(args[0], config=args[1])


def iter_validate(
    files: list[Path], *, config: Config = DEFAULT, workers: int | None = None
) -> Iterator[FileReport]:
    """Validate files in order; in worker processes when there are many and workers allow."""
    n = workers if workers is not None else (os.cpu_count() or 1)
    jobs = [(str(f), config) for f in files]
    if n <= 1 or len(files) < PARALLEL_FROM:
        yield from map(_validate_one, jobs)
        return
    # Chunks of at most 64 files (~0.15 s of work): few enough to cost nothing in pickling,
    # small enough that no worker idles long at the end of a batch waiting for another's last.
    chunksize = max(1, min(64, len(jobs) // (n * 8)))
    # A worker forked while the caller paused the GC (validate_paths does) would inherit the pause;
    # the workers' heaps are small and their collector cheap, so it runs there as usual.
    with ProcessPoolExecutor(max_workers=n, initializer=gc.enable) as pool:
        yield from pool.map(_validate_one, jobs, chunksize=chunksize)


def validate_paths(
    paths: Iterable[str | os.PathLike[str]],
    *,
    config: Config = DEFAULT,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ValidationReport:
    """Validate every workbook under the paths; the report lists them in path order."""
    files, notes = find_workbooks(paths)
    reports: list[FileReport] = []
    with gc_paused():  # thousands of reports unpickled here: see finsam_xl.gcpause
        for report in iter_validate(files, config=config, workers=workers):
            reports.append(report)
            if progress is not None:
                progress(len(reports), len(files))
    return ValidationReport(reports, notes)
