"""Generated docs match the code; regenerate with: python -m finsam_xl.docgen."""

from __future__ import annotations

import pytest

from finsam_xl import docgen
from finsam_xl.issues import CATALOGUE


@pytest.mark.parametrize("name", sorted(docgen.GENERATED))
def test_generated_doc_is_current(name: str) -> None:
    committed = (docgen.DOCS / name).read_text(encoding="utf-8")
    assert committed == docgen.GENERATED[name](), f"run `python -m finsam_xl.docgen` ({name})"


def test_every_schema_rule_code_is_in_the_catalogue() -> None:
    # the rule codes of schema §8, copied into docs/report-schema.md
    text = (docgen.DOCS / "report-schema.md").read_text(encoding="utf-8")
    section = text.split("Rule codes", 1)[1].split("## 9.", 1)[0]
    codes = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert codes == set(CATALOGUE)


def test_fields_doc_and_report_schema_name_the_current_schema_version() -> None:
    from finsam_xl.schema import MALLVERSION

    fields = (docgen.DOCS / "fields.md").read_text(encoding="utf-8")
    assert f"Mallversion {MALLVERSION}:" in fields
    schema = (docgen.DOCS / "report-schema.md").read_text(encoding="utf-8")
    major = MALLVERSION.split(".")[0]
    assert schema.startswith(f"# finsam-xl report schema, version {major}\n")
    assert f"`{MALLVERSION}`" in schema.split("## 2.", 1)[0]  # §1 names the template version
