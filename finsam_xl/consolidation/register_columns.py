"""The register's columns beyond the expected reports: huvudman, beslut, Uppföljning Finsam.

Read from the same rows as the rest of the register (finsam_xl.register_file), one row per insats:

| column | meaning |
|---|---|
| huvudman | the responsible organisation, as in the reports |
| huvudman_part_typ | code list `part_typ` (Kommun, Region, Försäkringskassan, …) |
| huvudman_kommun | the kommun whose area the insats serves: name or SCB's four-digit kommunkod |
| inriktning | code list `inriktning` |
| preciserad_inriktning, malgrupp, | Uppföljning Finsam's four fixed fields (UF cannot change them |
| uppfoljningsmetod, esf_finansiering | later); `malgrupp` several values, `;` between; ESF ja/nej |
| beslut_datum, beslut_paragraf | the styrelse's decision (date, protocol §) |
| belopp_ÅÅÅÅ | kronor granted for calendar year ÅÅÅÅ, a column per year (belopp_2024, …) |

A value that cannot be read stops the register with an error naming file, row and column, as the
report columns do (`huvudman_part_typ` and `inriktning` against their code lists). The four
Uppföljning Finsam fields are required in the register, but a row without them, or with a value
outside their code list (checked once finsam-xl has one: a setting that follows UF), still tells
which reports are missing: each such gap is a note of the run (``brister``), not an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from finsam_xl.codes import CODE_LISTS
from finsam_xl.errors import ConsolidationError
from finsam_xl.parse import parse_code, parse_date, parse_kronor, parse_text
from finsam_xl.wording import Note, in_language

UF_FIELDS = ("preciserad_inriktning", "malgrupp", "uppfoljningsmetod", "esf_finansiering")
CODED = {"huvudman_part_typ": "part_typ", "inriktning": "inriktning"}
YEAR_COLUMN = re.compile(r"belopp_(\d{4})")
_JA = {"ja", "j", "yes", "true", "sant", "1", "x"}
_NEJ = {"nej", "n", "no", "false", "falskt", "0"}


@dataclass(frozen=True)
class Insatsuppgifter:
    """What the register says about one insats besides its expected reports."""

    huvudman: str | None = None
    huvudman_part_typ: str | None = None
    huvudman_kommun: str | None = None
    inriktning: str | None = None
    preciserad_inriktning: str | None = None
    malgrupp: tuple[str, ...] = ()
    uppfoljningsmetod: str | None = None
    esf_finansiering: bool | None = None
    beslut_datum: date | None = None
    beslut_paragraf: str | None = None
    belopp_per_ar: tuple[tuple[int, Decimal], ...] = ()  # (year, kronor), by year


def _text(value: object) -> str | None:
    return parse_text(value if isinstance(value, str | int | float | date) else None).value


def _fail(where: str, column: str, value: object, why: str, why_en: str) -> ConsolidationError:
    """``where`` is a Note ("register.csv, rad 3" / "…, row 3") or a name in both languages."""
    where_en = in_language(where, english=True)
    return ConsolidationError(
        f"{where}, kolumn {column}: '{value}' {why}.",
        en=f"{where_en}, column {column}: '{value}' {why_en}.",
    )


def _code(value: object, list_id: str, where: str, column: str) -> str | None:
    text = _text(value)
    code_list = CODE_LISTS.get(list_id)
    if text is None or code_list is None:
        return text  # no list (yet): kept as written
    parsed = parse_code(text, code_list.items)
    if parsed.value is None:
        allowed = ", ".join(code_list.labels)
        raise _fail(where, column, value, f"finns inte i listan. Tillåtna: {allowed}",
                    f"is not in the list. Allowed: {allowed}")  # fmt: skip
    return parsed.value


def _uf_code(value: object, list_id: str) -> str | None:
    """An Uppföljning Finsam value: its code when the list (a setting) knows it, else as
    written; ``brister`` notes a value outside the list, the register is still read."""
    text = _text(value)
    code_list = CODE_LISTS.get(list_id)
    if text is None or code_list is None:
        return text
    return parse_code(text, code_list.items).value or text


def _bool(value: object, where: str, column: str) -> bool | None:
    text = _text(value)
    if text is None:
        return None
    if text.casefold() in _JA | _NEJ:
        return text.casefold() in _JA
    raise _fail(where, column, value, "ska vara ja eller nej", "must be ja (yes) or nej (no)")


def insatsuppgifter(row: dict[str, object], where: str) -> Insatsuppgifter:
    """The extra columns of one register row (``where``: "register.csv, rad 3")."""
    coded = {c: _code(row.get(c), list_id, where, c) for c, list_id in CODED.items()}
    uf = {c: _uf_code(row.get(c), c) for c in ("preciserad_inriktning", "uppfoljningsmetod")}
    malgrupp_text = _text(row.get("malgrupp")) or ""
    malgrupp = tuple(
        _uf_code(part, "malgrupp") or "" for part in malgrupp_text.split(";") if part.strip()
    )
    datum = row.get("beslut_datum")
    parsed_date = parse_date(datum if isinstance(datum, str | int | float | date) else None)
    if datum not in (None, "") and parsed_date.value is None:
        raise _fail(where, "beslut_datum", datum, "kan inte läsas som datum (skriv ÅÅÅÅ-MM-DD)",
                    "cannot be read as a date (write YYYY-MM-DD)")  # fmt: skip
    years = []
    for column, value in row.items():
        match = YEAR_COLUMN.fullmatch(column)
        if match is None or value in (None, ""):
            continue
        amount = parse_kronor(value if isinstance(value, str | int | float) else None).value
        if amount is None:
            raise _fail(where, column, value, "är inget belopp i kronor",
                        "is not an amount in kronor")  # fmt: skip
        years.append((int(match[1]), amount))
    return Insatsuppgifter(
        huvudman=_text(row.get("huvudman")),
        huvudman_kommun=_text(row.get("huvudman_kommun")),
        malgrupp=malgrupp,
        esf_finansiering=_bool(row.get("esf_finansiering"), where, "esf_finansiering"),
        beslut_datum=parsed_date.value,
        beslut_paragraf=_text(row.get("beslut_paragraf")),
        belopp_per_ar=tuple(sorted(years)),
        **coded,
        **uf,
    )


def brister(uppgifter: Insatsuppgifter, where: str) -> list[Note]:
    """The Uppföljning Finsam fields a row lacks or gives outside their lists, as run notes."""
    out: list[Note] = []
    missing = [c for c in UF_FIELDS if getattr(uppgifter, c) in (None, ())]
    if missing:
        out.append(
            Note(
                f"{where}: {', '.join(missing)} saknas; Uppföljning Finsam frågar efter dem och "
                "de kan inte ändras där när insatsen är registrerad.",
                f"{where}: {', '.join(missing)} missing; the national follow-up (UF) asks for "
                "them and they cannot be changed there once the insats is registered.",
            )
        )
    values = [("preciserad_inriktning", uppgifter.preciserad_inriktning),
              ("uppfoljningsmetod", uppgifter.uppfoljningsmetod),
              *(("malgrupp", m) for m in uppgifter.malgrupp)]  # fmt: skip
    for list_id, value in values:
        code_list = CODE_LISTS.get(list_id)
        if value is not None and code_list is not None and value not in code_list.codes:
            allowed = ", ".join(code_list.labels)
            out.append(
                Note(
                    f"{where}: {list_id} '{value}' finns inte i listan ({allowed}).",
                    f"{where}: {list_id} '{value}' is not in the list ({allowed}).",
                )
            )
    return out
