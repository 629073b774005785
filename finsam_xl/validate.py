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
import multiprocessing
import multiprocessing.connection
import os
import stat
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from finsam_xl.build import build
from finsam_xl.cellmap import CellMap
from finsam_xl.config import DEFAULT, Config
from finsam_xl.errors import ValidationFailed, WorkbookReadError
from finsam_xl.field_cells import field_cells
from finsam_xl.forbund.model import Forbundsar
from finsam_xl.gcpause import gc_paused
from finsam_xl.issues import Issue, Severity, cap_per_code, make_issue, publishable
from finsam_xl.models import Report
from finsam_xl.reader_findings import reader_findings
from finsam_xl.safe_text import display_name
from finsam_xl.schema import SCHEMA_VERSION
from finsam_xl.temporaries import is_own_temporary
from finsam_xl.wording import Note, antal

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
    # The path the file was read from, exactly (``file`` is its display form: see safe_text).
    path: str | None = field(default=None, repr=False)
    # A `forbund` workbook's model: the förbund's own year, never an insats report (``model``).
    forbundsar: Forbundsar | None = None

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
    """The reports of a run over many files, in path order, and notes on the files skipped.

    ``exit_code`` is what `finsam-xl validate` exits with; ``to_json()`` is the JSON of
    schema §8.
    """

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
    issues += reader_findings(cellmap, config, issues)
    if built.model is not None:
        issues += run_rules(RuleContext(built.model, built.locator, config, cellmap))
    # Last, so nothing a rule or the reader echoed escapes: masked, capped, named by file.
    source = display_name(cellmap.source)  # a Sheets title or Excel book name is submitted too
    issues = [publishable(replace(i, file=source)) for i in config.apply(issues)]
    return FileReport(
        file=source,
        malltyp=built.malltyp.value if built.malltyp else None,
        mallversion=built.mallversion,
        issues=cap_per_code(issues),
        model=None if isinstance(built.model, Forbundsar) else built.model,
        forbundsar=built.model if isinstance(built.model, Forbundsar) else None,
        properties=dict(cellmap.properties),
        cells=field_cells(cellmap),
    )


def unreadable(name: str, exc: Exception, *, sha256: str | None = None) -> FileReport:
    """The report of a file that could not be opened: one `olasbar` issue naming why."""
    sheet = getattr(exc, "sheet", None)
    reason_en = getattr(exc, "en", "") or (  # a reason written only in Swedish: the gist
        "it is no readable Excel workbook (.xlsx); open it in Excel and save it again as .xlsx"
    )
    issue = make_issue(
        "olasbar",
        sheet=sheet,
        detail=f"{name}: {exc}",
        detail_en=f"{name} cannot be read: {reason_en}",
    )
    return FileReport(name, None, None, [publishable(replace(issue, file=name))], sha256=sha256)


def _read_bounded(path: Path, config: Config) -> tuple[bytes, float]:
    """A regular file's bytes and mtime, never more than the size limit + 1 byte read.

    A name given on the command line may be anything: a link to /dev/zero (whose size says 0),
    a FIFO that would block, a folder. Only a regular file is opened.
    """
    limit = config.max_file_bytes
    too_big = (
        f"filen är större än gränsen {limit // 1_000_000} MB och läses inte; "
        "en rapport är normalt under 1 MB"
    )
    too_big_en = (
        f"the file is larger than the limit of {limit // 1_000_000} MB and is not read; "
        "a report is normally under 1 MB"
    )
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise WorkbookReadError(
                "inte en vanlig fil (en mapp, enhet eller kö?): ingen arbetsbok att läsa",
                path=path,
                en="not a regular file (a folder, device or pipe?): no workbook to read",
            )
        if info.st_size > limit:
            raise WorkbookReadError(too_big, path=path, en=too_big_en)
        with open(path, "rb") as fh:
            # The size it had, + 1 byte to see growth (reading limit + 1 at once would allocate
            # the whole limit for every small report); a file that grew is read on to the limit.
            data = fh.read(min(info.st_size, limit) + 1)
            if len(data) > info.st_size:
                data += fh.read(limit + 1 - len(data))
    except OSError as exc:
        raise WorkbookReadError(
            f"filen kan inte öppnas ({exc.strerror or type(exc).__name__}): finns den, får du "
            "läsa den, och är den stängd i andra program?",
            path=path,
            en=f"the file cannot be opened ({exc.strerror or type(exc).__name__}): does it "
            "exist, may you read it, and is it closed in other programs?",
        ) from exc
    if len(data) > limit:
        raise WorkbookReadError(too_big, path=path, en=too_big_en)
    return data, info.st_mtime


def validate_workbook(
    source: str | os.PathLike[str] | bytes | IO[bytes],
    *,
    config: Config = DEFAULT,
    name: str | None = None,
) -> FileReport:
    """Read and validate one workbook; unreadable input becomes an `olasbar` report, no raise.

    The report's ``file`` is the name as safe text (``display_name``); ``path`` is the exact
    path read, for whoever opens the file again (feedback copies).
    """
    from finsam_xl.readers.xlsx import read_workbook

    mtime: float | None = None
    path: str | None = None
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        name = display_name(name or path)
        try:
            data, mtime = _read_bounded(Path(source), config)
        except WorkbookReadError as exc:
            return replace(unreadable(name, exc), path=path)
    elif isinstance(source, bytes):
        data = source
    else:
        data = source.read(config.max_file_bytes + 1)
    name = display_name(name or "arbetsbok.xlsx")
    digest = hashlib.sha256(data).hexdigest()
    try:
        cellmap = read_workbook(data, name=name, config=config)
    except WorkbookReadError as exc:
        return replace(unreadable(name, exc, sha256=digest), path=path)
    except Exception as exc:  # a bug met by one file must not stop a batch of thousands
        return replace(unexpected(name, exc, sha256=digest), path=path)
    try:
        report = validate_cellmap(cellmap, config=config)
    except Exception as exc:
        return replace(unexpected(name, exc, sha256=digest), path=path)
    report.sha256, report.mtime, report.path = digest, mtime, path
    return report


DEBUG_ENV = "FINSAM_XL_DEBUG"  # set by `finsam-xl --debug`: traces go into the message


def unexpected(name: str, exc: Exception, *, sha256: str | None = None) -> FileReport:
    """An unexpected failure inside one file: `olasbar` for that file, the batch goes on."""
    detail = (
        f"{name}: finsam-xl kunde inte kontrollera filen ({type(exc).__name__}). Filen fick "
        "ingen bedömning; skicka den till den som förvaltar finsam-xl."
    )
    if os.environ.get(DEBUG_ENV):
        detail += "\n" + "".join(traceback.format_exception(exc))
    issue = make_issue("olasbar", detail=detail, detail_en=f"{name}: unexpected error ({exc!r})")
    return FileReport(name, None, None, [replace(issue, file=name)], sha256=sha256)


def _is_lock_file(path: Path) -> bool:
    return path.name.startswith("~$") or path.name.startswith(".~lock.")


def _walk(folder: Path, unreadable_dirs: list[Path]) -> list[Path]:
    """Every file under ``folder`` (links to files included, links to folders not followed);
    folders that cannot be listed are collected, not silently skipped."""
    found: list[Path] = []

    def failed(exc: OSError) -> None:
        unreadable_dirs.append(Path(exc.filename) if exc.filename else folder)

    for root, _dirs, names in os.walk(folder, onerror=failed):
        found += (Path(root) / n for n in names)
    return sorted(found)


def find_workbooks(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Files to read under the paths (sorted, deduplicated) and notes on what was skipped."""
    found: dict[Path, None] = {}
    notes: list[str] = []
    others: list[Path] = []
    unreadable_dirs: list[Path] = []

    def consider(p: Path, explicit: bool) -> None:
        if _is_lock_file(p):
            notes.append(
                Note(
                    f"{display_name(p)}: hoppade över Excels låsfil (~$).",
                    f"{display_name(p)}: skipped Excel's lock file (~$).",
                )
            )
        elif is_own_temporary(p):
            notes.append(
                Note(
                    f"{display_name(p)}: hoppade över en tillfällig fil från finsam-xl.",
                    f"{display_name(p)}: skipped a temporary file of finsam-xl.",
                )
            )
        elif p.suffix.lower() in WORKBOOK_SUFFIXES:
            found.setdefault(p, None)
        elif p.suffix.lower() in OTHER_SPREADSHEETS:  # named or found: the same advice
            notes.append(
                Note(
                    f"{display_name(p)}: hoppade över ({display_name(p.suffix)}); "
                    "spara den som .xlsx från mallen.",
                    f"{display_name(p)}: skipped ({display_name(p.suffix)}); "
                    "save it as .xlsx from the template.",
                )
            )
        elif explicit:
            # Named on the command line: read it anyway, so a mislabelled file gets `olasbar`.
            found.setdefault(p, None)
        elif not p.name.startswith("."):
            others.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in _walk(p, unreadable_dirs):
                if child.is_file():
                    consider(child, explicit=False)
        elif p.exists() or p.is_symlink():
            consider(p, explicit=True)
        else:
            notes.append(Note(f"{display_name(p)}: finns inte.", f"{display_name(p)}: not found."))
    others = list(dict.fromkeys(others))  # a folder given twice: each file counted once
    if others:
        notes.append(
            Note(
                f"{antal(len(others), 'annan fil')} (inte arbetsböcker) hoppades över.",
                f"{len(others)} other {'file' if len(others) == 1 else 'files'} (not workbooks) "
                "skipped.",
            )
        )
    if unreadable_dirs:
        shown = ", ".join(display_name(d) for d in unreadable_dirs[:10])
        n, extra = len(unreadable_dirs), len(unreadable_dirs) - 10
        more, more_en = (f" och {extra} till", f" and {extra} more") if extra > 0 else ("", "")
        notes.append(
            Note(
                f"{n} {'mapp' if n == 1 else 'mappar'} kunde inte läsas och kontrollerades inte: "
                f"{shown}{more}. Rapporter där fick ingen bedömning.",
                f"{n} {'folder' if n == 1 else 'folders'} could not be read and were not checked: "
                f"{shown}{more_en}. "
                "Reports there got no verdict.",
            )
        )
    return sorted(found), list(dict.fromkeys(notes))


def _validate_one(args: tuple[str, Config]) -> FileReport:
    return validate_workbook(args[0], config=args[1])


def _validate_chunk(args: tuple[list[str], Config]) -> list[FileReport]:
    # The collector paused over one chunk (at most 64 files): it would rescan the chunk's reports
    # again and again finding nothing (~6 % of a worker's time); after it, it runs as usual.
    with gc_paused():
        return [validate_workbook(f, config=args[1]) for f in args[0]]


def _worker_start() -> None:
    """In each pool worker: the GC on (see iter_validate), and exit when the parent is gone.

    A parent killed with SIGKILL cannot stop its workers; they would wait on the call queue
    for ever (152 MB each). The parent's sentinel becomes ready when it dies.
    """
    gc.enable()
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="finsam-xl-parent-watch", daemon=True).start()


def _one_by_one(files: list[str], config: Config) -> Iterator[FileReport]:
    """Files whose worker died, each in a process of its own: the one that kills it again is
    `olasbar`, the others get their verdicts."""
    for file in files:
        with ProcessPoolExecutor(max_workers=1, initializer=_worker_start) as pool:
            try:
                yield pool.submit(_validate_one, (file, config)).result()
            except BrokenProcessPool:
                crash = WorkbookReadError(
                    "filen fick läsaren att krascha (skadad eller manipulerad fil?): spara om "
                    "den som .xlsx i Excel",
                    path=file,
                    en="the file made the reader crash (damaged or tampered with?): save it "
                    "again as .xlsx in Excel",
                )
                yield replace(unreadable(display_name(file), crash), path=file)


def iter_validate(
    files: list[Path], *, config: Config = DEFAULT, workers: int | None = None
) -> Iterator[FileReport]:
    """Validate files in order; in worker processes when there are many and workers allow.

    A worker that dies (the engine can abort the whole process on a crafted file) costs only
    the files it had: those are read again one by one, and the culprit becomes `olasbar`.
    """
    n = workers if workers is not None else (os.cpu_count() or 1)
    names = [str(f) for f in files]
    if n <= 1 or len(files) < PARALLEL_FROM:
        yield from (validate_workbook(f, config=config) for f in names)
        return
    # Chunks of at most 64 files (~0.15 s of work): few enough to cost nothing in pickling,
    # small enough that no worker idles long at the end of a batch waiting for another's last.
    size = max(1, min(64, len(names) // (n * 8)))
    chunks = [names[i : i + size] for i in range(0, len(names), size)]
    # A worker forked while the caller paused the GC (validate_paths does) would inherit the pause;
    # the workers' heaps are small and their collector cheap, so it runs there as usual.
    with ProcessPoolExecutor(max_workers=n, initializer=_worker_start) as pool:
        futures = [pool.submit(_validate_chunk, (chunk, config)) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                yield from future.result()
            except BrokenProcessPool:
                yield from _one_by_one(chunk, config)


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
    if len(reports) > 1:  # across the reports of one insats: finsam_xl.rules.rapportserie
        from finsam_xl.rules.rapportserie import check_series

        by_file = {r.file: r for r in reports}
        for issue in check_series(reports, config):
            by_file[str(issue.file)].issues.append(issue)
    return ValidationReport(reports, notes)
