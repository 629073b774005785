"""What validate and consolidate import: not openpyxl and the template builders (~0.15 s of
a 0.6 s `finsam-xl validate` of the examples); only a template or a feedback copy needs them."""

from __future__ import annotations

import subprocess
import sys

import pytest

import finsam_xl.templates as templates


def _loaded(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return set(out.split())


@pytest.mark.parametrize(
    "code",
    [
        "import finsam_xl.cli.validate_cmd, finsam_xl.validate, finsam_xl.render",
        "import finsam_xl.cli.consolidate_cmd, finsam_xl.consolidation, finsam_xl.writers.master",
    ],
)
def test_validate_and_consolidate_do_not_import_openpyxl(code: str) -> None:
    loaded = _loaded(code)
    assert "openpyxl" not in loaded
    assert not {"finsam_xl.templates.build", "finsam_xl.templates.fill"} & loaded


def test_the_lazy_names_still_resolve() -> None:
    from finsam_xl.templates import fill_workbook
    from finsam_xl.templates.fill import fill_workbook as real

    assert fill_workbook is real
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = templates.nothing
