"""Regenerate the committed blank templates in workbooks/templates/ from finsam_xl.schema.

Run after any change to the schema or the template layout; tests/test_templates.py fails while the
committed files differ from what this writes. Output is byte-reproducible, so an unchanged schema
leaves git with nothing to commit.

    python scripts/make_templates.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from finsam_xl.schema import Malltyp  # noqa: E402
from finsam_xl.templates import make_template, write_bytes_atomic  # noqa: E402
from finsam_xl.templates.build import workbook_bytes  # noqa: E402

OUT = ROOT / "workbooks" / "templates"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for malltyp in Malltyp:
        target = OUT / f"{malltyp.value}.xlsx"
        data = workbook_bytes(make_template(malltyp))
        if target.exists() and target.read_bytes() == data:
            continue
        stale.append(target)
        if not check:
            write_bytes_atomic(data, target)
            print(f"skrev {target}")
    if check and stale:
        print("inaktuella mallar: " + ", ".join(str(p) for p in stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
