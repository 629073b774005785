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

import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from finsam_xl import __version__
from finsam_xl.config import DEFAULT, Config
from finsam_xl.errors import NoReportsError
from finsam_xl.forbund import Forbundsar
from finsam_xl.gcpause import gc_paused
from finsam_xl.rules.rapportserie import check_series

if TYPE_CHECKING:
    from finsam_xl.validate import FileReport
from finsam_xl.schema import FEEDBACK_MARKER, MASTER_MARKER
from finsam_xl.wording import Note, plural

from .columns import TABLES
from .crossfile import check_deltagare, resolve_duplicates
from .forbund_years import beslut_elsewhere, forbund_years
from .mask import mask_tables
from .missing import missing_tables
from .overview import insatser_table
from .privacy import blank_personnummer
from .register import Register, read_register
from .sources import (
    EXCLUDED,
    SUPERSEDED,
    UNREADABLE,
    SourceReport,
    eligible,
    inputs_hash,
)
from .tables import (
    Resolved,
    avslut_table,
    avslutsorsak_table,
    budget_table,
    deltagare_table,
    forsorjning_table,
    kallor_table,
    mal_table,
    problem_table,
    roles,
    sysselsattning_table,
    tid_forsorjning_table,
)
from .uf_forbund import uf_forbund_tables
from .uppfoljning import uf_insats_tables
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
    config: Config = DEFAULT  # the settings the run was made with; every door renders by them
    forbundsar: tuple[Forbundsar, ...] = ()  # the förbund's own economy, one per förbund and year

    def files_with(self, anvand: str) -> list[str]:
        kallor = self.tables["kallor"]
        return [str(f) for f in kallor.loc[kallor["anvand"] == anvand, "file"]]

    def summary(self, *, english: bool = False) -> str:
        """A short summary of the run for the terminal, Swedish (or English)."""
        kallor, insatser = self.tables["kallor"], self.tables["insatser"]
        used = int((kallor["anvand"] == "ja").sum())
        superseded = kallor["anvand"] == SUPERSEDED
        kept = set(kallor.loc[~superseded, "sha256"].dropna())
        copies = int(kallor.loc[superseded, "sha256"].isin(kept).sum())  # byte for byte
        replaced = int(superseded.sum()) - copies
        excluded = len(self.files_with(EXCLUDED))
        unread = len(self.files_with(UNREADABLE))
        asked = int((insatser["status"] == "fel").sum())
        if not self.options.get("include_errors"):
            asked = 0
        overdue = (
            int((self.tables["saknade"]["status"] == "saknas").sum())
            if self.options.get("register")
            else None
        )
        mask = self.options.get("mask_under")
        # Översikt folds "kön ej angivet" away: say why kvinnor + män may fall short of totalt.
        # Insatser, not people: a masked count ("<5", "..") is some, and stays unsaid.
        unsexed = sum(
            1
            for v in insatser.get("deltagare_totalt_ej_angivet", pd.Series(dtype=object))
            if isinstance(v, str) or (not pd.isna(v) and v > 0)
        )
        if english:
            parts = [
                f"{plural(len(kallor), 'file read', 'files read')}, {used} used in the figures",
                *([plural(copies, "identical copy", "identical copies")] if copies else []),
                f"{replaced} replaced by a later report",
                *([f"{excluded} left out for errors"] if excluded else []),
                f"{unread} unread",
            ]
            lines = [", ".join(parts) + ".", plural(len(insatser), "intervention", "interventions")
                     + "."]  # fmt: skip
            if asked:
                lines.append(
                    f"{plural(asked, 'intervention', 'interventions')} with errors in the latest "
                    'report included in the figures, marked "Komplettering begärd".'
                )
            if unsexed:
                lines.append(
                    f"In {plural(unsexed, 'intervention', 'interventions')}, participants whose "
                    'gender is not given count in "Deltagare totalt" but not among women or men '
                    '(column "Deltagare kön ej angivet", folded in Översikt).'
                )
            if overdue is not None:
                lines.append(f"{overdue} expected reports missing according to the register.")
            if mask:
                lines.append(f"Counts under {mask} are not shown (masked).")
            return "\n".join(lines)
        parts = [
            f"{plural(len(kallor), 'fil läst', 'filer lästa')}, {used} används i siffrorna",
            *([plural(copies, "identisk kopia", "identiska kopior")] if copies else []),
            plural(replaced, "ersatt av en senare rapport", "ersatta av senare rapporter"),
            *([plural(excluded, "utelämnad för fel", "utelämnade för fel")] if excluded else []),
            plural(unread, "oläst", "olästa"),
        ]
        lines = [", ".join(parts) + "."]
        lines.append(plural(len(insatser), "insats", "insatser") + ".")
        if asked:
            lines.append(
                f"{plural(asked, 'insats', 'insatser')} med fel i senaste rapporten ingår i "
                'siffrorna, markerade "Komplettering begärd".'
            )
        if unsexed:
            lines.append(
                f"I {plural(unsexed, 'insats', 'insatser')} ingår deltagare utan angivet kön i "
                '"Deltagare totalt" men inte i kvinnor eller män (kolumnen "Deltagare kön ej '
                'angivet", hopfälld i Översikt).'
            )
        if overdue is not None:
            lines.append(f"{overdue} förväntade rapporter saknas enligt registret.")
        if mask:
            lines.append(f"Antal under {mask} visas inte (maskerade).")
        return "\n".join(lines)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The overview's sheets as shown (Swedish titles, headers and labels), in workbook
        order: the same values every door writes (finsam_xl.overview.model)."""
        from finsam_xl.overview.model import frames, overview

        return frames(overview(self))

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


def _is_own_master(report: FileReport) -> bool:
    """Is this a master finsam-xl wrote (its marker in the document properties)? A master is no
    report, so it has no model: only then is the marker looked up in the zip, and only in a
    regular file (never a device or a pipe a submitter linked in)."""
    if MASTER_MARKER in report.properties:
        return True
    path = getattr(report, "path", None) or report.file
    if report.model is not None or not os.path.isfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:  # a real one is a few hundred bytes
                return False
            return MASTER_MARKER.encode() in zf.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def _dedupe(reports: Iterable[SourceReport]) -> list[SourceReport]:
    seen: dict[str, SourceReport] = {}
    for report in reports:
        seen.setdefault(report.file, report)
    return [seen[f] for f in sorted(seen)]


@gc_paused()  # millions of long-lived objects, no cycles: see finsam_xl.gcpause
def consolidate_reports(
    reports: Sequence[SourceReport],
    *,
    include_errors: bool = True,
    mask_under: int | None = None,
    register: Register | str | Path | None = None,
    config: Config = DEFAULT,
    as_of: date | None = None,
    now: datetime | None = None,
    notes: Sequence[str] = (),
    forbundsar: Sequence[Forbundsar] = (),
    ar: int | None = None,
) -> Consolidation:
    """The tables from already validated reports (the pure part of ``consolidate``).

    ``as_of`` is the day the register's deadlines are judged against (default today); ``now``
    the timestamp recorded (default now). Neither changes any figure. ``forbundsar``: the
    förbund's own economy per year (Uppföljning Finsam's *Förbundet*); ``ar``: the Uppföljning
    Finsam tables (``uf_*``) for that calendar year only (default every year).
    """
    files = _dedupe(reports)
    reg = read_register(register) if isinstance(register, str | Path) else register
    usable = {r.file: eligible(r, include_errors) for r in files}
    resolution = resolve_duplicates([r for r in files if usable[r.file]])
    extra = config.apply([*resolution.issues, *check_deltagare(resolution.winners)])
    extra += check_series(resolution.winners, config, skip_known=True)  # ack-flode, … (issue 11)
    res = Resolved(
        reports=files,
        used=resolution.winners,
        role=roles(files, usable, resolution.superseded_by),
        superseded_by=resolution.superseded_by,
        extra_issues=extra,
    )
    # a förbund's own workbook is read, and used, though it is no report
    own = forbund_years(files, include_errors)
    res.role.update(own.role)
    res.superseded_by.update(own.superseded_by)
    res.extra_issues.extend(config.apply(own.issues))
    years = (*forbundsar, *own.years)
    saknade, paminnelser = missing_tables(reg, files, as_of or date.today())
    insatser = insatser_table(res, reg)
    res.extra_issues.extend(config.apply(beslut_elsewhere(own, _insats_forbund(insatser))))
    built = {
        "insatser": insatser,
        "budget": budget_table(res),
        "deltagare": deltagare_table(res),
        "avslut": avslut_table(res),
        "avslutsorsak": avslutsorsak_table(res),
        "forsorjning": forsorjning_table(res),
        "sysselsattning": sysselsattning_table(res),
        "tid_forsorjning": tid_forsorjning_table(res),
        "mal": mal_table(res),
        "uppfoljning_finsam": uppfoljning_table(res),
        **uf_insats_tables(res, insatser, ar),
        **uf_forbund_tables(years, ar, res.money),
        "saknade": saknade,
        "paminnelser": paminnelser,
        "problem": problem_table(res),
        "kallor": kallor_table(res),
    }
    # The one fixed table order; then no personnummer may pass to any output, errors or not.
    tables = blank_personnummer({name: built[name] for name in TABLES})
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
            "ar": ar,
        },
        config=config,
        notes=[*notes, *dict.fromkeys(res.money.notes), *(reg.brister if reg else ())],
        forbundsar=years,
    )


def _insats_forbund(insatser: pd.DataFrame) -> dict[str, str]:
    """Insats id -> the förbund its reports give (for `beslut-annat-forbund`)."""
    if insatser.empty or not {"insats_id", "forbund"} <= set(insatser.columns):
        return {}
    pairs = zip(insatser["insats_id"], insatser["forbund"], strict=True)
    return {" ".join(i.split()): f for i, f in pairs if isinstance(i, str) and isinstance(f, str)}


def consolidate(
    paths: Iterable[str | Path],
    *,
    include_errors: bool = True,
    mask_under: int | None = None,
    register: str | Path | Register | None = None,
    config: Config = DEFAULT,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    as_of: date | None = None,
    exclude: Iterable[str | Path] = (),
    forbundsar: Sequence[Forbundsar] = (),
    ar: int | None = None,
) -> Consolidation:
    """Read and validate every workbook under ``paths`` and consolidate them.

    ``progress(done, total)`` is called as files are read. ``workers``: processes for reading
    (default: every core from ``validate.PARALLEL_FROM`` files on, else one). ``exclude``: files
    never read as reports (the output being written). A workbook finsam-xl wrote itself (its
    master, recognised by its marker) is never read as a report either. ``forbundsar`` and
    ``ar``: as for ``consolidate_reports``. A broken register
    file raises ConsolidationError, and no workbook at all NoReportsError, before anything is
    written.
    """
    from finsam_xl.validate import find_workbooks, validate_paths

    from .published import publish

    paths = list(paths)  # read more than once below
    reg = read_register(register) if isinstance(register, str | Path) else register
    found, skipped = find_workbooks([Path(p) for p in paths])
    outputs = {Path(p).resolve() for p in exclude}
    files = [f for f in found if f.resolve() not in outputs]
    skipped += [Note(f"{f}: hoppade över (det är utdata från denna körning).",
                     f"{f}: skipped (it is an output of this run).")
                for f in found if f.resolve() in outputs]  # fmt: skip
    if not files:
        raise NoReportsError(
            "Inga arbetsböcker (.xlsx) hittades i "
            + ", ".join(str(p) for p in paths)
            + ". Inget skrevs. Kontrollera mappen, eller spara rapporterna som .xlsx från mallen.",
            en="No workbooks (.xlsx) found in "
            + ", ".join(str(p) for p in paths)
            + ". Nothing was written. Check the folder, or save the reports as .xlsx from the "
            "template.",
        )
    with gc_paused():  # one pause over reading and tables, not a collection in between
        validated = validate_paths(files, config=config, progress=progress, workers=workers)
        own = [f for f in validated.files if _is_own_master(f)]
        skipped += [Note(f"{f.file}: hoppade över (en översikt som finsam-xl skrivit, ingen "
                         "rapport).",
                         f"{f.file}: skipped (an overview finsam-xl wrote, no report).")
                    for f in own]  # fmt: skip
        copies = [f for f in validated.files if FEEDBACK_MARKER in f.properties]
        skipped += [Note(f"{f.file}: hoppade över (en återkopplingskopia från finsam-xl, ingen "
                         "ny rapport).",
                         f"{f.file}: skipped (a feedback copy from finsam-xl, no new report).")
                    for f in copies]  # fmt: skip
        own += copies
        left_out = {id(f) for f in own}
        result = consolidate_reports(
            # named in the tables without the computer's folders (published.py)
            publish([f for f in validated.files if id(f) not in left_out], paths),
            include_errors=include_errors,
            mask_under=mask_under,
            register=reg,
            config=config,
            as_of=as_of,
            notes=skipped,
            forbundsar=forbundsar,
            ar=ar,
        )
    if isinstance(register, str | Path):
        result.options["register"] = str(register)
    return result
