"""The three report templates (budget, rapport, deltagare), generated from finsam_xl.schema.

Public: ``make_template`` builds a workbook in memory, ``write_template`` saves one (atomically,
byte-reproducibly), ``fill_workbook`` writes values by defined name, and
``write_prefilled_templates`` makes one prefilled template per row of a register. The CLI command
``finsam-xl template`` is a thin skin over these.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from finsam_xl.atomic import write_atomically
from finsam_xl.errors import TemplateError
from finsam_xl.schema import Malltyp

if TYPE_CHECKING:
    from openpyxl import Workbook

    from finsam_xl.templates.fill import fill_workbook

__all__ = [
    "fill_workbook",
    "make_template",
    "write_bytes_atomic",
    "write_prefilled_templates",
    "write_template",
]


def __getattr__(name: str) -> Any:
    # Lazy: validate and consolidate import templates.layout (the sheets' order, for the
    # issues' order) and must not pay for openpyxl and the builders (~0.15 s) to do it.
    if name == "fill_workbook":
        from finsam_xl.templates.fill import fill_workbook

        return fill_workbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _malltyp(malltyp: Malltyp | str) -> Malltyp:
    try:
        return Malltyp(malltyp)
    except ValueError as exc:
        known = ", ".join(m.value for m in Malltyp)
        raise TemplateError(
            f"okänd malltyp {malltyp!r}; välj en av {known}",
            en=f"unknown template type {malltyp!r}; choose one of {known}",
        ) from exc


def make_template(malltyp: Malltyp | str, *, prefill: Mapping[str, Any] | None = None) -> Workbook:
    """A template workbook of this type; ``prefill`` (identity and period fields) filled in."""
    from finsam_xl.templates.build import build_workbook
    from finsam_xl.templates.fill import fill_workbook
    from finsam_xl.templates.prefill import normalise_prefill

    mt = _malltyp(malltyp)
    wb = build_workbook(mt)
    if prefill:
        fill_workbook(wb, normalise_prefill(mt, prefill))
    return wb


def write_bytes_atomic(data: bytes, path: str | Path) -> Path:
    """Write through a temporary file in the same folder and rename: no half-written files."""
    return write_atomically(Path(path), lambda tmp: tmp.write_bytes(data))


def write_template(
    malltyp: Malltyp | str, path: str | Path, *, prefill: Mapping[str, Any] | None = None
) -> Path:
    """Save a (prefilled) template to ``path``; equal input gives byte-equal files."""
    from finsam_xl.templates.build import workbook_bytes

    wb = make_template(malltyp, prefill=prefill)
    try:
        return write_bytes_atomic(workbook_bytes(wb), path)
    except OSError as exc:
        why = exc.strerror or exc
        raise TemplateError(
            f"{path}: kan inte skriva mallen: {why}",
            path=path,
            en=f"{path}: cannot write the template: {why}",
        ) from exc


def write_prefilled_templates(
    malltyp: Malltyp | str,
    register: str | Path,
    out_dir: str | Path,
    *,
    overwrite: bool = False,
) -> list[Path]:
    """One prefilled template per register row, named from insats_id and insats_namn.

    Every row is checked before anything is written, so a bad row leaves no half-done folder.
    """
    from finsam_xl.templates.build import build_workbook, workbook_bytes
    from finsam_xl.templates.fill import fill_workbook
    from finsam_xl.templates.prefill import (
        normalise_prefill,
        read_register,
        register_prefill,
        safe_filename,
    )

    mt = _malltyp(malltyp)
    rows = read_register(register)
    if not rows:
        raise TemplateError(
            f"{register}: registret har inga rader med insatser",
            path=register,
            en=f"{register}: the register has no rows (one row per insats)",
        )
    out = Path(out_dir)
    planned: list[tuple[Path, dict[str, Any]]] = []
    taken: set[str] = set()
    for n, row in enumerate(rows, start=2):  # row 1 is the header, as the officer sees it
        try:
            values = normalise_prefill(mt, register_prefill(mt, row))
        except TemplateError as exc:
            raise TemplateError(
                f"registrets rad {n}: {exc}", path=register, en=f"register row {n}: {exc.en or exc}"
            ) from exc
        stem = f"{mt.value} {safe_filename(row, f'rad {n}')}"
        name, k = stem, 2
        while name.casefold() in taken:  # two insatser with the same name must not overwrite
            name, k = f"{stem} ({k})", k + 1
        taken.add(name.casefold())
        target = out / f"{name}.xlsx"
        if target.exists() and not overwrite:
            raise TemplateError(
                f"{target} finns redan; använd --force för att skriva över",
                path=target,
                en=f"{target} exists; use --force to overwrite it",
            )
        planned.append((target, values))
    written = []
    for target, values in planned:
        wb = build_workbook(mt)
        fill_workbook(wb, values)
        written.append(write_bytes_atomic(workbook_bytes(wb), target))
    return written
