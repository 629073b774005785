"""An issue's value as the submitter sees it in their workbook, for the Kontroll sheets."""

from __future__ import annotations

from typing import Any, Protocol

from finsam_xl.schema import CODE_LISTS, FIELD_BY_ID


class _HasValue(Protocol):
    @property
    def field(self) -> str | None: ...

    @property
    def value(self) -> Any: ...


def shown_value(issue: _HasValue) -> object:
    """The value as the submitter chose it: a code of the field's dropdown (``ej_bedomt``) by its
    label (``Ej bedömt``), as the copy's own cell shows it; anything else as it is."""
    value = issue.value
    f = FIELD_BY_ID.get(issue.field or "")
    if not isinstance(value, str) or f is None:
        return value
    lists = [f.code_list] if f.code_list else [c.code_list for c in f.columns if c.code_list]
    for list_id in lists:
        items = dict(CODE_LISTS[list_id].items) if list_id in CODE_LISTS else {}
        if value in items:
            return items[value]
    return value


__all__ = ["shown_value"]
