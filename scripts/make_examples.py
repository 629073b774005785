"""Generate the example workbooks in workbooks/examples/ from workbooks/examples/data/*.json.

Each JSON file is one filled template: ``{"malltyp": ..., "values": {field_id: value}, "notes":
{key: why}, "flaws": {key: why}}``. Values are what a person would type: numbers, code labels,
text. A ``YYYY-MM-DD`` string in a date field or date column becomes a real date cell; any other
text (``220503``, ``2022123``) is written as the text it is, so the validator meets the seed's
flaws. ``notes`` (assumed values) and ``flaws`` (seed flaws kept on purpose) become Excel cell
comments, so an officer sees which figures are not from the report. A key is a field id, or
``table[row].column`` (row counted from 0) for one table cell.

Output is byte-reproducible (fixed document dates and zip timestamps), so unchanged data leaves
git with nothing to commit; tests/test_examples.py fails while the committed files are stale.

    python scripts/make_examples.py [--check]
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from openpyxl import Workbook  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402

from finsam_xl.codes import CODE_LISTS  # noqa: E402
from finsam_xl.errors import TemplateError  # noqa: E402
from finsam_xl.schema import FIELD_BY_ID, Kind, Malltyp  # noqa: E402
from finsam_xl.templates import fill_workbook, make_template, write_bytes_atomic  # noqa: E402
from finsam_xl.templates.build import workbook_bytes  # noqa: E402
from finsam_xl.templates.fill import resolve_names  # noqa: E402

EXAMPLES = ROOT / "workbooks" / "examples"
DATA = EXAMPLES / "data"
AUTHOR = "finsam-xl exempel"
NOTE_PREFIX = "Antaget värde: "
FLAW_PREFIX = "Avsiktligt kvar från underlaget: "
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEY = re.compile(r"(?P<field>\w+)(?:\[(?P<row>\d+)\]\.(?P<col>\w+))?")


@dataclass(frozen=True)
class Example:
    """One example workbook as data."""

    name: str  # file stem, e.g. timra-halsoprojektet-slutrapport
    malltyp: Malltyp
    values: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)
    flaws: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.xlsx"


def load_example(path: Path) -> Example:
    """Read one JSON file; a wrong shape raises ValueError naming the file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        raise ValueError(f"{path.name}: expected an object with 'malltyp' and 'values'")
    extra = set(data) - {"malltyp", "values", "notes", "flaws"}
    if extra:
        raise ValueError(f"{path.name}: unknown keys {sorted(extra)}")
    return Example(
        name=path.stem,
        malltyp=Malltyp(data["malltyp"]),
        values=data["values"],
        notes=dict(data.get("notes", {})),
        flaws=dict(data.get("flaws", {})),
    )


def load_examples(folder: Path = DATA) -> list[Example]:
    """Every example, in file-name order."""
    return [load_example(p) for p in sorted(folder.glob("*.json"))]


def _cell_value(kind: Kind, value: Any) -> Any:
    """An ISO date string in a date cell becomes a date; everything else is written as typed."""
    if kind is Kind.DATE and isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    return value


def cell_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON values as cell values for ``fill_workbook`` (dates converted, tables row-wise)."""
    out: dict[str, Any] = {}
    for field_id, value in values.items():
        f = FIELD_BY_ID.get(field_id)
        if f is None:
            raise TemplateError(f"okänt fält {field_id!r}")
        if f.kind is not Kind.TABLE:
            out[field_id] = _cell_value(f.kind, value)
            continue
        kinds = {c.id: c.kind for c in f.columns}
        out[field_id] = [
            {col: _cell_value(kinds.get(col, Kind.TEXT), v) for col, v in row.items()}
            for row in value
        ]
    return out


def _comment_cell(wb: Workbook, key: str) -> Any:
    """The cell a note key points at: a field's (first) cell or one table cell."""
    m = _KEY.fullmatch(key)
    if m is None:
        raise TemplateError(f"ogiltig nyckel för kommentar: {key!r}")
    field_id = m["field"]
    ws, area = resolve_names(wb, [field_id])[field_id]
    if m["row"] is None:
        return ws.cell(area.min_row, area.min_col)
    columns = [c.id for c in FIELD_BY_ID[field_id].columns]
    if m["col"] not in columns:
        raise TemplateError(f"{key!r}: {field_id} har ingen kolumn {m['col']!r}")
    row = int(m["row"])
    if area.min_row + row > area.max_row:
        raise TemplateError(f"{key!r}: tabellen {field_id} har inte så många rader")
    return ws.cell(area.min_row + row, area.min_col + columns.index(m["col"]))


def build_example(example: Example) -> Workbook:
    """The filled template with a comment on every assumed value and every kept flaw."""
    wb = make_template(example.malltyp)
    fill_workbook(wb, cell_values(example.values))
    comments: dict[str, list[str]] = {}
    for prefix, source in ((FLAW_PREFIX, example.flaws), (NOTE_PREFIX, example.notes)):
        for key, text in source.items():
            comments.setdefault(key, []).append(prefix + text)
    for key, parts in comments.items():
        cell = _comment_cell(wb, key)
        cell.comment = Comment("\n\n".join(parts), AUTHOR, height=160, width=360)
    return wb


def example_bytes(example: Example) -> bytes:
    return workbook_bytes(build_example(example))


REGISTERS = ROOT / "workbooks" / "register"  # not under examples: no register is a report


def register_outputs() -> list[tuple[Path, bytes]]:
    """Each register/<name>.csv as <name>.xlsx, the workbook the kansli keeps, with the members
    and keys of the förbund example of the same name (<förbund>-forbund-*.json)."""
    from finsam_xl.forbund.model import Medlem
    from finsam_xl.register_file import read_register_rows
    from finsam_xl.templates.register_template import build_register_workbook

    out = []
    for source in sorted(REGISTERS.glob("*.csv")):
        prefix = source.stem.removesuffix("-register")
        members: list[Medlem] = []
        for example in load_examples():
            if example.malltyp is Malltyp.FORBUND and example.name.startswith(prefix):
                codes = {label: code for code, label in CODE_LISTS["part_typ"].items}
                keep = ("namn", "kommunkod", "nyckel")
                members = [
                    Medlem(rad=i, **{k: row[k] for k in keep if k in row},
                           part_typ=codes.get(row["part_typ"]))
                    for i, row in enumerate(example.values.get("medlemmar", []))
                ]  # fmt: skip
        rows = [r for r in read_register_rows(source, TemplateError) if r]
        wb = build_register_workbook(rows, members)
        out.append((source.with_suffix(".xlsx"), workbook_bytes(wb)))
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale: list[Path] = []
    outputs = [(EXAMPLES / e.filename, example_bytes(e)) for e in load_examples()]
    for target, data in [*outputs, *register_outputs()]:
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(target)
        if not check:
            write_bytes_atomic(data, target)
            print(f"skrev {target.relative_to(ROOT)}")
    if check and stale:
        print("inaktuella exempel: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
