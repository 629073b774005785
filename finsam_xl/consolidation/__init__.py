"""Consolidation: many validated reports into the tables of the master funding overview (§9).

``consolidate(paths)`` reads and validates every workbook under the paths (through
finsam_xl.validate) and hands the reports to ``consolidate_reports``, the pure part: it never
sees a cell, only models and issues, so the Excel add-in and Google Sheets feed it the same way.

The steps, each in its own module: which files may count (sources), duplicates and the
deltagare-list check (crossfile), the per-report tables and the run's own (tables), the overview
(overview), the per-year national follow-up (yearly), what is missing by the register (register,
missing), publication masking (mask); Swedish headers (labels) and exports (export) at the edge.
Equal inputs give equal tables: every order is fixed, nothing depends on the order files were
listed in, and the run records its inputs' hashes and the tool version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from finsam_xl import __version__
from finsam_xl.config import DEFAULT, Config
from finsam_xl.gcpause import gc_paused
from finsam_xl.wording import antal

from .columns import TABLES
from .crossfile import check_deltagare, resolve_duplicates
from .labels import HEADERS, SHEET_TITLES, VALUE_LABELS
from .mask import mask_tables
from .missing import missing_tables, status_matrix
from .overview import insatser_table
from .register import Register, read_register
from .sources import EXCLUDED, SUPERSEDED, UNREADABLE, SourceReport, eligible, inputs_hash
from .tables import (
    Resolved,
    avslut_table,
    budget_table,
    deltagare_table,
    kallor_table,
    mal_table,
    problem_table,
    roles,
)
from .yearly import uppfoljning_table

__all__ = ["Consolidation", "Register", "consolidate", "consolidate_reports", "read_register"]


@dataclass
class Consolidation:
    """The consolidated tables (ids and columns of schema §9 and columns.SPECS) and their record."""

    tables: dict[str, pd.DataFrame]
    reports: list[SourceReport]
    generated_at: datetime
    tool_version: str
    inputs_sha256: str
    options: dict[str, object]
    notes: list[str] = field(default_factory=list)

    def files_with(self, anvand: str) -> list[str]:
        kallor = self.tables["kallor"]
        return [str(f) for f in kallor.loc[kallor["anvand"] == anvand, "file"]]

    def summary(self) -> str:
        """A short Swedish summary of the run for the terminal."""
        kallor, insatser = self.tables["kallor"], self.tables["insatser"]
        used = int((kallor["anvand"] == "ja").sum())
        parts = [
            f"{antal(len(kallor), 'fil')} lästa, {used} används i siffrorna",
            f"{antal(len(self.files_with(SUPERSEDED)), 'ersatt')} av senare rapporter",
            f"{antal(len(self.files_with(EXCLUDED)), 'utelämnad')} för fel",
            f"{antal(len(self.files_with(UNREADABLE)), 'oläst')}",
        ]
        lines = [", ".join(parts) + "."]
        lines.append(f"{antal(len(insatser), 'insats')}.")
        missing = self.tables["saknade"]
        if self.options.get("register"):
            overdue = int((missing["status"] == "saknas").sum())
            lines.append(f"{overdue} förväntade rapporter saknas enligt registret.")
        if self.options.get("include_errors"):
            lines.append("Filer med fel ingår i siffrorna (--include-errors).")
        if self.options.get("mask_under"):
            lines.append(f"Antal under {self.options['mask_under']} visas inte (maskerade).")
        return "\n".join(lines)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The tables with Swedish sheet titles, headers and code labels, in workbook order.

        The `saknade` sheet is the insats × period matrix; its cells are status labels.
        """
        out: dict[str, pd.DataFrame] = {}
        for name, df in self.tables.items():
            if name == "saknade":
                matrix = status_matrix(df).rename(columns=HEADERS["saknade"])
                out[SHEET_TITLES[name]] = matrix.apply(lambda col: col.map(_status_label))
                continue
            shown = df.copy()
            for col in shown.columns:
                mapping = VALUE_LABELS.get(col)
                if mapping is not None:
                    shown[col] = shown[col].map(
                        lambda v, m=mapping: m.get(v, v) if isinstance(v, str) else v
                    )
            out[SHEET_TITLES[name]] = shown.rename(columns=HEADERS[name])
        return out

    def record(self) -> dict[str, object]:
        """What the run was made from: tool version, options, the inputs and their hashes."""
        kallor = self.tables["kallor"]
        return {
            "tool": "finsam-xl",
            "tool_version": self.tool_version,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "inputs_sha256": self.inputs_sha256,
            "options": {
                k: (str(v) if isinstance(v, Path | date) else v) for k, v in self.options.items()
            },
            "files": [
                {"file": f, "sha256": s if isinstance(s, str) else None, "anvand": a}
                for f, s, a in zip(kallor["file"], kallor["sha256"], kallor["anvand"], strict=True)
            ],
            "notes": list(self.notes),
        }


def _status_label(value: object) -> object:
    return VALUE_LABELS["status"].get(value, value) if isinstance(value, str) else value


def _dedupe(reports: Iterable[SourceReport]) -> list[SourceReport]:
    seen: dict[str, SourceReport] = {}
    for report in reports:
        seen.setdefault(report.file, report)
    return [seen[f] for f in sorted(seen)]


@gc_paused()  # millions of long-lived objects, no cycles: see finsam_xl.gcpause
def consolidate_reports(
    reports: Sequence[SourceReport],
    *,
    include_errors: bool = False,
    mask_under: int | None = None,
    register: Register | str | Path | None = None,
    config: Config = DEFAULT,
    as_of: date | None = None,
    now: datetime | None = None,
    notes: Sequence[str] = (),
) -> Consolidation:
    """The tables from already validated reports (the pure part of ``consolidate``).

    ``as_of`` is the day the register's deadlines are judged against (default today); ``now``
    the timestamp recorded (default now). Neither changes any figure.
    """
    files = _dedupe(reports)
    reg = read_register(register) if isinstance(register, str | Path) else register
    usable = {r.file: eligible(r, include_errors) for r in files}
    resolution = resolve_duplicates([r for r in files if usable[r.file]])
    extra = config.apply([*resolution.issues, *check_deltagare(resolution.winners)])
    res = Resolved(
        reports=files,
        used=resolution.winners,
        role=roles(files, usable, resolution.superseded_by),
        superseded_by=resolution.superseded_by,
        extra_issues=extra,
    )
    saknade, paminnelser = missing_tables(reg, files, as_of or date.today())
    built = {
        "insatser": insatser_table(res, reg),
        "budget": budget_table(res),
        "deltagare": deltagare_table(res),
        "avslut": avslut_table(res),
        "mal": mal_table(res),
        "uppfoljning_finsam": uppfoljning_table(res),
        "saknade": saknade,
        "paminnelser": paminnelser,
        "problem": problem_table(res),
        "kallor": kallor_table(res),
    }
    tables = {name: built[name] for name in TABLES}  # the one fixed table order
    if mask_under:
        tables = mask_tables(tables, mask_under)
    return Consolidation(
        tables=tables,
        reports=files,
        generated_at=now or datetime.now().astimezone(),
        tool_version=__version__,
        inputs_sha256=inputs_hash(files),
        options={
            "include_errors": include_errors,
            "mask_under": mask_under,
            "register": str(register) if isinstance(register, str | Path) else bool(reg),
            "as_of": (as_of or date.today()).isoformat(),
        },
        notes=[*notes, *dict.fromkeys(res.money.notes)],
    )


def consolidate(
    paths: Iterable[str | Path],
    *,
    include_errors: bool = False,
    mask_under: int | None = None,
    register: str | Path | Register | None = None,
    config: Config = DEFAULT,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    as_of: date | None = None,
) -> Consolidation:
    """Read and validate every workbook under ``paths`` and consolidate them.

    ``progress(done, total)`` is called as files are read. ``workers``: processes for reading
    (default: every core from ``validate.PARALLEL_FROM`` files on, else one). A broken register
    file raises ConsolidationError before any workbook is read.
    """
    from finsam_xl.validate import find_workbooks, validate_paths

    reg = read_register(register) if isinstance(register, str | Path) else register
    files, skipped = find_workbooks([Path(p) for p in paths])
    with gc_paused():  # one pause over reading and tables, not a collection in between
        validated = validate_paths(files, config=config, progress=progress, workers=workers)
        result = consolidate_reports(
            validated.files,
            include_errors=include_errors,
            mask_under=mask_under,
            register=reg,
            config=config,
            as_of=as_of,
            notes=skipped,
        )
    if isinstance(register, str | Path):
        result.options["register"] = str(register)
    return result
