"""finsam-xl.toml: thresholds, switched-off rules and severities reach validation and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from finsam_xl.cli import cli
from finsam_xl.config import DEFAULT, load_config
from finsam_xl.errors import FinsamError
from finsam_xl.issues import Severity


def test_defaults_when_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config() is DEFAULT


def test_file_values_are_read(tmp_path: Path) -> None:
    path = tmp_path / "finsam-xl.toml"
    path.write_text(
        "[regler]\nbudgetavvikelse_kr = 50000\navstangda = ['dubblett']\n"
        "[regler.allvarlighet]\nbudgetavvikelse = 'error'\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.budgetavvikelse_kr == 50000 and "dubblett" in cfg.disabled
    assert cfg.severities == {"budgetavvikelse": Severity.ERROR}


@pytest.mark.parametrize(
    "text",
    ["[regler]\navstangda = ['finns-inte']\n", "[regler]\nbudgetavvikelse_kr = 'mycket'\n", "[[x"],
)
def test_bad_settings_are_one_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "finsam-xl.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FinsamError, match=str(path).replace("\\", "\\\\")):
        load_config(path)


def test_cli_applies_the_settings(tmp_path: Path, make_report) -> None:
    report = make_report(text_analys='=IMPORTXML("http://x","//a")', beviljat_belopp=None)
    toml = tmp_path / "regler.toml"
    toml.write_text("[regler.allvarlighet]\nsaknas = 'warning'\n", encoding="utf-8")
    plain = json.loads(
        CliRunner().invoke(cli, ["validate", str(report), "--format", "json"]).output
    )
    assert {"formel-i-text", "saknas"} <= {i["code"] for i in plain["files"][0]["issues"]}
    result = CliRunner().invoke(
        cli, ["validate", str(report), "--format", "json", "--config", str(toml)]
    )
    issues = json.loads(result.output)["files"][0]["issues"]
    assert "formel-i-text" in {i["code"] for i in issues}  # no file can switch it off
    assert {i["severity"] for i in issues if i["code"] == "saknas"} == {"warning"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[regler]\nbudgetavvikelse_procent = 0.5\n", "regler.budgetavvikelse_procent"),
        ("[regel]\nx = 1\n", "[regel]"),
        ("[granser]\nmax_rader = 5\n", "granser.max_rader"),
    ],
)
def test_an_unknown_key_is_an_error_naming_it(tmp_path: Path, text: str, named: str) -> None:
    path = tmp_path / "finsam-xl.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FinsamError, match=re.escape(named)):
        load_config(path)


@pytest.mark.parametrize(
    "text",
    [
        "[regler]\navstangda = ['personnummer']\n",
        "[regler]\navstangda = ['formel-i-text']\n",
        "[regler.allvarlighet]\npersonnummer = 'info'\n",
    ],
)
def test_privacy_and_injection_rules_cannot_be_weakened(tmp_path: Path, text: str) -> None:
    path = tmp_path / "finsam-xl.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FinsamError, match="kan inte stängas av"):
        load_config(path)


def test_settings_beside_the_inputs_count_and_inside_them_never(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inkomna"
    inbox.mkdir()
    elsewhere = tmp_path / "arbete"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    # A submitter's settings file among the reports is never read.
    (inbox / "finsam-xl.toml").write_text("[regler]\nbudgetavvikelse_kr = 1\n", "utf-8")
    assert load_config(inputs=[inbox]) is DEFAULT
    monkeypatch.chdir(inbox)  # not even when the officer runs the command from inside it
    assert load_config(inputs=[inbox]) is DEFAULT
    monkeypatch.chdir(elsewhere)
    (elsewhere / "finsam-xl.toml").write_text("[regler]\nbudgetavvikelse_kr = 2\n", "utf-8")
    assert load_config(inputs=[inbox]).budgetavvikelse_kr == 2  # the working folder
    (tmp_path / "finsam-xl.toml").write_text("[regler]\nbudgetavvikelse_kr = 3\n", "utf-8")
    assert load_config(inputs=[inbox]).budgetavvikelse_kr == 3  # beside the inputs first
    named = tmp_path / "annan.toml"
    named.write_text("[regler]\nbudgetavvikelse_kr = 4\n", "utf-8")
    assert load_config(named, inputs=[inbox]).budgetavvikelse_kr == 4  # --config wins
