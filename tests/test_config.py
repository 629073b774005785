"""finsam-xl.toml: thresholds, switched-off rules and severities reach validation and the CLI."""

from __future__ import annotations

import json
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
        "[regler]\nbudgetavvikelse_kr = 50000\navstangda = ['formel-i-text']\n"
        "[regler.allvarlighet]\nbudgetavvikelse = 'error'\n",
        encoding="utf-8",
    )
    cfg = load_config(path)
    assert cfg.budgetavvikelse_kr == 50000 and "formel-i-text" in cfg.disabled
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
    toml.write_text(
        "[regler]\navstangda = ['formel-i-text']\n[regler.allvarlighet]\nsaknas = 'warning'\n",
        encoding="utf-8",
    )
    plain = json.loads(
        CliRunner().invoke(cli, ["validate", str(report), "--format", "json"]).output
    )
    assert {"formel-i-text", "saknas"} <= {i["code"] for i in plain["files"][0]["issues"]}
    result = CliRunner().invoke(
        cli, ["validate", str(report), "--format", "json", "--config", str(toml)]
    )
    assert result.exit_code == 0  # the only error became a warning
    issues = json.loads(result.output)["files"][0]["issues"]
    assert "formel-i-text" not in {i["code"] for i in issues}
    assert {i["severity"] for i in issues if i["code"] == "saknas"} == {"warning"}
