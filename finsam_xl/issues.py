"""Findings are data: the Issue record and ``make_issue``, the factory everyone uses, so
severities and texts (the catalogue in finsam_xl.issue_catalogue) cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from finsam_xl.cellmap import RawValue

# The catalogue lives in its own module; re-exported here, where every caller looks for it.
from finsam_xl.issue_catalogue import CATALOGUE as CATALOGUE
from finsam_xl.issue_catalogue import SEVERITY_SV as SEVERITY_SV
from finsam_xl.issue_catalogue import IssueType as IssueType
from finsam_xl.issue_catalogue import Severity as Severity
from finsam_xl.wording import in_language


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``message`` is Swedish, ``message_en`` English; positions as in the workbook."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    field: str | None
    message: str
    value: RawValue | Decimal = None
    message_en: str = ""
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of schema §8, keys exactly as the contract gives them."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "message": self.message,
            "value": json_value(self.value),
        }


def json_value(value: object) -> Any:
    """A raw or parsed value as JSON: dates ISO, Decimals as int or float, the rest as is."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


class _Blank(dict[str, Any]):
    """Format mapping that leaves unknown placeholders empty instead of raising."""

    def __missing__(self, key: str) -> str:
        return ""


def shown(value: object) -> str:
    """A value as a Swedish reader expects to see it in a message."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        number = Decimal(value)
        if not number.is_finite():  # Infinity/NaN: no digits to group
            return str(value)
        text = f"{number:,.2f}" if number != number.to_integral_value() else f"{int(number):,}"
        return text.replace(",", "\u00a0").replace(".", ",")
    if isinstance(value, float):
        return shown(Decimal(repr(value))) if math.isfinite(value) else repr(value)
    j = json_value(value)
    return "" if j is None else str(j)


def make_issue(
    code: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    field: str | None = None,
    value: RawValue | Decimal = None,
    label: str = "",
    severity: Severity | None = None,
    **params: Any,
) -> Issue:
    """Build an Issue from the catalogue; ``params`` fill the message templates.

    Common params: ``detail`` / ``detail_en`` (free text, Swedish and English: a Swedish detail
    never stands in for the English one, so ``--english`` stays English), ``shown`` (the value
    as displayed, defaults to ``value``), ``expected``. A missing placeholder renders empty.
    """
    kind = CATALOGUE[code]
    fmt = _Blank(params)
    fmt["label"] = label or (field or "")
    fmt.setdefault("shown", shown(value))
    if "expected" in fmt:
        fmt["expected"] = shown(fmt["expected"])
    for key in ("detail", "detail_en"):
        text = str(fmt.get(key, "")).rstrip()
        if text and text[-1] not in ".!?":
            fmt[key] = text + "."  # details end a sentence; templates add what follows
    return Issue(
        code=code,
        severity=severity or kind.severity,
        sheet=sheet,
        cell=cell,
        field=field,
        message=kind.message.format_map(fmt).strip(),
        value=value,
        # a label a rule composed ("Mål, rad 3: Uppnått?") says "row" in English; the field and
        # column names in it stay the workbook's Swedish ones, which the reader sees on screen
        message_en=kind.message_en.format_map(
            _Blank({**fmt, "label": in_language(fmt["label"], english=True)})
        ).strip(),
    )


def _clean(text: str) -> str:
    from finsam_xl.personnummer import mask
    from finsam_xl.safe_text import safe_text

    return mask(safe_text(text))


def publishable(issue: Issue) -> Issue:
    """``issue`` safe to show and write anywhere: every personnummer in its texts, sheet, file
    and value masked (a `fel-typ` echo of '19121212-1212 kr' included), XML-illegal characters
    stripped. The same issue object when there was nothing to change."""
    value = issue.value
    if isinstance(value, str):
        value = _clean(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if _clean(text) != text:
            value = _clean(text)  # a personnummer typed as a number
    changes: dict[str, Any] = {
        key: cleaned
        for key, text in (
            ("message", issue.message),
            ("message_en", issue.message_en),
            ("sheet", issue.sheet),
            ("file", issue.file),
        )
        if text is not None and (cleaned := _clean(text)) != text
    }
    if value is not issue.value and value != issue.value:
        changes["value"] = value
    return replace(issue, **changes) if changes else issue


# Issues of one code shown per file; past it one line says how many more (a 20 000-row list of
# "=1" would otherwise give 150 000 warnings, megabytes of text and a feedback copy nobody reads).
ISSUES_PER_CODE = 50


def cap_per_code(issues: list[Issue], limit: int = ISSUES_PER_CODE) -> list[Issue]:
    """The first ``limit`` issues of each code, then one issue per code saying how many more."""
    seen: dict[str, int] = {}
    out: list[Issue] = []
    for issue in issues:
        n = seen[issue.code] = seen.get(issue.code, 0) + 1
        if n <= limit:
            out.append(issue)
    for code, n in seen.items():
        if n > limit:
            first = next(i for i in issues if i.code == code)
            more = n - limit
            out.append(
                Issue(
                    code=code,
                    severity=max(
                        (i.severity for i in issues if i.code == code),
                        key=_SEVERITY_RANK.__getitem__,
                    ),
                    sheet=None,
                    cell=None,
                    field=None,
                    message=f"{more} till av samma slag ({_title(code)}, {code}) visas "
                    "inte. Rätta de som visas och kontrollera filen igen.",
                    message_en=f"{more} more of the same kind ({code}) not shown.",
                    file=first.file,
                )
            )
    return out


def _title(code: str) -> str:
    kind = CATALOGUE.get(code)
    return kind.title.lower() if kind else code


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
