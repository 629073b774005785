"""The generated user pages say what the code does: settings keys, prefill example, API names."""

from __future__ import annotations

import json

import pytest

import finsam_xl
from finsam_xl import config, docpages
from finsam_xl.config import DEFAULT, config_from_dict
from finsam_xl.docgen import DOCS
from finsam_xl.templates.prefill import normalise_prefill


def keys_config_reads() -> set[str]:
    """Every key and table name the settings reader accepts (it refuses any other)."""
    keys = {k for section in config.KNOWN_KEYS.values() for k in section}
    return keys | {s.split(".")[-1] for s in config.KNOWN_KEYS}


def test_the_settings_page_names_exactly_the_keys_config_reads() -> None:
    documented = {s.key for s in docpages.SETTINGS} - {"<kod>"}
    sections = {s.section.split(".")[-1] for s in docpages.SETTINGS}
    assert keys_config_reads() == documented | sections


EXAMPLE_VALUES = {
    "budgetavvikelse_andel": "0.2",
    "budgetavvikelse_kr": 1000,
    "summa_tolerans_kr": 5,
    "yymmdd_pivot": 50,
    "avstangda": ["budgetavvikelse"],
    "max_filstorlek_mb": 5,
    "ack_tolerans_kr": 10,
    "rapportdatum_sent_manader": 3,
    "planerat_min_andel": "0.3",
    "planerat_max_andel": 3,
    "alder_min": 18,
    "alder_max": 66,
    "preciserad_inriktning_individinriktad": ["Arbetsträning"],
    "preciserad_inriktning_strukturovergripande": ["Forum"],
    "malgrupper": ["Unga"],
    "medlemsbidrag_tolerans_pp": 1,
    "eget_kapital_trappa": [[0, 0.3]],
}


@pytest.mark.parametrize("setting", [s for s in docpages.SETTINGS if s.key != "<kod>"],
                         ids=lambda s: s.key)  # fmt: skip
def test_each_documented_key_sets_its_attribute(setting: docpages.Setting) -> None:
    section = setting.section.split(".")[0]
    data = {section: {setting.key: EXAMPLE_VALUES[setting.key]}}
    changed = config_from_dict(data)
    assert getattr(changed, setting.attribute) != getattr(DEFAULT, setting.attribute)


def test_severity_overrides_as_documented() -> None:
    changed = config_from_dict({"regler": {"allvarlighet": {"budgetavvikelse": "error"}}})
    assert changed.severities["budgetavvikelse"].value == "error"


def test_prefill_example_is_accepted_by_the_reader() -> None:
    text = (DOCS / "prefill.md").read_text("utf-8")
    example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    assert normalise_prefill("rapport", example)["insats_id"] == "SBY 2023-14"


def test_api_page_has_consolidate_as_a_function_and_every_public_name() -> None:
    text = (DOCS / "api.md").read_text("utf-8")
    assert "### `finsam_xl.consolidate`\n\nfunction `consolidate(paths" in text
    assert "finsam_xl.consolidate." not in text  # the package is finsam_xl.consolidation
    for name in finsam_xl.__all__:
        if name != "__version__":
            assert f"### `finsam_xl.{name}`" in text
    assert callable(finsam_xl.consolidate)
