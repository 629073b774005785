"""What the consolidation needs to know about one validated file, and which files it may use.

The consolidation depends on the validator's ``FileReport`` only through the read-only protocol
below, so it can be fed reports built straight from models (tests, the Excel add-in, Google
Sheets) as well as from files. ``role`` decides the one question every table asks: does this
file's content count in the figures, and if not, why not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from finsam_xl.issues import Issue
from finsam_xl.models import Budget, Deltagarlista, Rapport

Model = Rapport | Budget | Deltagarlista

# kallor.anvand: the file's figures are in the tables / it was superseded by a later file /
# it has errors (left out unless include_errors) / it could not be read or is no template.
USED, SUPERSEDED, EXCLUDED, UNREADABLE = "ja", "ersatt", "utesluten", "olasbar"


class SourceReport(Protocol):
    """The parts of ``finsam_xl.validate.FileReport`` the consolidation reads."""

    @property
    def file(self) -> str: ...
    @property
    def malltyp(self) -> str | None: ...
    @property
    def mallversion(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def issues(self) -> list[Issue]: ...
    @property
    def model(self) -> Model | None: ...
    @property
    def cells(self) -> dict[str, tuple[str, str]]: ...
    @property
    def sha256(self) -> str | None: ...
    @property
    def mtime(self) -> float | None: ...


def eligible(report: SourceReport, include_errors: bool) -> bool:
    """May the file's figures be used at all (before duplicates are resolved)?"""
    if report.model is None or report.status == "unreadable":
        return False
    return report.status != "errors" or include_errors


def key_of(report: SourceReport) -> str | None:
    return report.model.identitet.key if report.model is not None else None


def period_of(report: SourceReport) -> tuple[date | None, date | None]:
    model = report.model
    if isinstance(model, Rapport | Deltagarlista):
        return model.period_fran, model.period_till
    return None, None


def rapporttyp_of(report: SourceReport) -> str | None:
    return report.model.rapporttyp if isinstance(report.model, Rapport) else None


def rapporter(reports: Sequence[SourceReport]) -> list[tuple[SourceReport, Rapport]]:
    return [(r, r.model) for r in reports if isinstance(r.model, Rapport)]


def newest_first_key(report: SourceReport) -> tuple[date, float, str]:
    """Order of precedence between files for the same thing: rapportdatum, file time, name.

    The name comes last only so that the choice never depends on the order files were listed
    in; it carries no meaning.
    """
    model = report.model
    signed = model.rapportdatum if isinstance(model, Rapport) else None
    return (signed or date.min, report.mtime or 0.0, report.file)


def inputs_hash(reports: Sequence[SourceReport]) -> str:
    """One hash over the sorted file hashes: the same set of inputs gives the same value."""
    digest = hashlib.sha256()
    for sha in sorted(r.sha256 or f"nohash:{r.file}" for r in reports):
        digest.update(sha.encode("ascii", "replace"))
        digest.update(b"\n")
    return digest.hexdigest()
