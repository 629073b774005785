"""Prefill templates with what the förbund knows already: identity and period, JSON or register.

The förbund keeps its insatser in a JSON object (one insats) or a register (.xlsx or .csv, one row
per insats, headers = field ids). Only identity and period fields may be prefilled: the numbers
are the insats' to report. Text from JSON/CSV is turned into real dates and numbers here, so the
prefilled cells hold what a person would have typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from finsam_xl.errors import TemplateError
from finsam_xl.register_file import (
    CADENCE_RAPPORTTYP,
    CADENCE_WORDS,
    REGISTER_ONLY,
    YEAR_AMOUNT,
    column_id,
    read_register_rows,
)
from finsam_xl.schema import CODE_LISTS, FIELD_BY_ID, Field, Kind, Malltyp, fields_for

PREFILL_GROUPS = (
    "identitet",
    "parter",
    "period",
    "huvudman",
    "uppfoljning",
)  # the förbund knows them


def allowed_fields(malltyp: Malltyp | str) -> dict[str, Field]:
    """The fields a prefill may set in this template: identity, co-applicants and period."""
    return {f.id: f for f in fields_for(malltyp) if f.group in PREFILL_GROUPS}


def _convert(kind: Kind, code_list_id: str | None, value: Any, where: str) -> Any:
    """JSON/CSV text -> the value a cell should hold (date, int, label) for one field/column."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind is Kind.DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError as exc:
            raise TemplateError(
                f"{where}: {value!r} är inget datum ÅÅÅÅ-MM-DD",
                en=f"{where}: {value!r} is no date YYYY-MM-DD",
            ) from exc
    if kind in (Kind.KRONOR, Kind.COUNT, Kind.YEAR, Kind.NUMBER) and isinstance(value, str):
        text = re.sub(r"[\s\u00a0]|kr$", "", value.strip()).replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise TemplateError(
                f"{where}: {value!r} är inget tal", en=f"{where}: {value!r} is not a number"
            ) from exc
        return int(number) if number == number.to_integral_value() else float(number)
    if kind is Kind.CODE:
        code_list = CODE_LISTS[code_list_id or ""]
        text = str(value).strip()
        # a code is shown as its label, as the dropdown would have written it
        for code, label in code_list.items:
            if text.casefold() in (code.casefold(), label.casefold()):
                return label
        raise TemplateError(
            f"{where}: {value!r} finns inte i listan {code_list.id}",
            en=f"{where}: {value!r} is not in the list {code_list.id}",
        )
    return value


def normalise_prefill(malltyp: Malltyp | str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check keys against the schema and convert values; TemplateError names the bad key."""
    allowed = allowed_fields(malltyp)
    out: dict[str, Any] = {}
    for key, value in data.items():
        f = allowed.get(key)
        if f is None:
            unknown = key not in FIELD_BY_ID
            why = "finns inte i schemat" if unknown else "kan inte förifyllas"
            why_en = "is not in the schema" if unknown else "cannot be prefilled"
            names = ", ".join(allowed)
            raise TemplateError(
                f"förifyllning: fältet {key!r} {why}; tillåtna fält: {names}",
                en=f"prefill: the field {key!r} {why_en}; allowed fields: {names}",
            )
        if f.kind is not Kind.TABLE:
            out[key] = _convert(f.kind, f.code_list, value, key)
            continue
        if not isinstance(value, list):
            raise TemplateError(
                f"förifyllning: {key!r} ska vara en lista med objekt",
                en=f"prefill: {key!r} must be a list of objects",
            )
        rows = []
        for i, row in enumerate(value):
            if not isinstance(row, Mapping):
                raise TemplateError(
                    f"förifyllning: {key}[{i}] ska vara ett objekt",
                    en=f"prefill: {key}[{i}] must be an object",
                )
            columns = {c.id: c for c in f.columns}
            for col_id in row:
                if col_id not in columns:
                    raise TemplateError(
                        f"förifyllning: {key}[{i}] har okänd kolumn {col_id!r} "
                        f"(kolumnerna är {', '.join(columns)})",
                        en=f"prefill: {key}[{i}] has an unknown column {col_id!r} "
                        f"(the columns are {', '.join(columns)})",
                    )
            rows.append(
                {
                    c.id: _convert(c.kind, c.code_list, row.get(c.id), f"{key}[{i}].{c.id}")
                    for c in f.columns
                }
            )
        out[key] = rows
    return out


def load_json(path: str | Path) -> dict[str, Any]:
    """One insats as a JSON object."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TemplateError(
            f"{path}: kan inte läsa förifyllningen: {exc}",
            path=path,
            en=f"{path}: cannot read the prefill: {exc}",
        ) from exc
    if not isinstance(data, dict):
        raise TemplateError(
            f'{path}: förifyllningen ska vara ett JSON-objekt {{"fält": värde}}',
            path=path,
            en=f'{path}: the prefill must be a JSON object {{"field": value}}',
        )
    return data


def read_register(path: str | Path) -> list[dict[str, Any]]:
    """A register of insatser: a dict per non-empty row, read as `consolidate --register` reads
    it (finsam_xl.register_file: the same sheet, headers and cells)."""
    return [row for row in read_register_rows(path, TemplateError) if row]


def register_prefill(malltyp: Malltyp | str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A register row as prefill values: the register's own columns become what they mean in
    this template (its cadence a rapporttyp, where the template has one) or are left out."""
    out = {k: v for k, v in row.items() if k not in REGISTER_ONLY and not YEAR_AMOUNT.fullmatch(k)}
    cadence = CADENCE_WORDS.get(column_id(row.get("rapporttyp", "")))
    if cadence is not None and "rapporttyp" in allowed_fields(malltyp):
        out["rapporttyp"] = CADENCE_RAPPORTTYP[cadence]
    elif row.get("rapporttyp") is not None and "rapporttyp" in allowed_fields(malltyp):
        out["rapporttyp"] = row["rapporttyp"]  # not a cadence: normalise_prefill names it
    return out


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(row: Mapping[str, Any], fallback: str) -> str:
    """ "SFG 22-8.4 Steget vidare" style name without characters no file system accepts."""
    parts = [str(row[k]).strip() for k in ("insats_id", "insats_namn") if row.get(k)]
    name = _UNSAFE.sub("-", " ".join(parts))
    name = " ".join(name.split()).strip(" .-")
    return (name or fallback)[:120]
