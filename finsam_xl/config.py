"""Rule thresholds and switches, with the schema's defaults, optionally read from finsam-xl.toml.

# finsam-xl.toml (in the working folder, or given with --config)
[regler]
budgetavvikelse_andel = 0.10     # 10 %
budgetavvikelse_kr = 25000
summa_tolerans_kr = 1
yymmdd_pivot = 70                # YYMMDD below 70 -> 20xx
avstangda = ["formel-i-text"]    # rule codes switched off
[regler.allvarlighet]            # severity overrides
budgetavvikelse = "error"
[granser]
max_filstorlek_mb = 50
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from finsam_xl.errors import FinsamError
from finsam_xl.issues import CATALOGUE, Issue, Severity

CONFIG_FILE = "finsam-xl.toml"


@dataclass(frozen=True)
class Config:
    """Rule thresholds, switched-off rules, severity overrides and reader limits (docs/settings.md).

    ``DEFAULT`` holds the schema's values; ``load_config`` reads finsam-xl.toml over them.
    """

    budgetavvikelse_andel: Decimal = Decimal("0.10")
    budgetavvikelse_kr: Decimal = Decimal(25000)
    summa_tolerans_kr: Decimal = Decimal(1)
    yymmdd_pivot: int = 70
    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    # Reader limits: a report is a few hundred kB; anything far beyond is refused as `olasbar`.
    max_file_bytes: int = 50 * 1024 * 1024
    max_member_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    max_rows: int = 20_000

    def apply(self, issues: list[Issue]) -> list[Issue]:
        """Drop switched-off codes and apply severity overrides."""
        out = []
        for issue in issues:
            if issue.code in self.disabled:
                continue
            sev = self.severities.get(issue.code)
            out.append(issue if sev is None else replace(issue, severity=sev))
        return out


DEFAULT = Config()


def load_config(path: str | Path | None = None) -> Config:
    """Read ``path`` (or ./finsam-xl.toml when present); defaults for everything not given."""
    p = Path(path) if path is not None else Path(CONFIG_FILE)
    if not p.exists():
        if path is not None:
            raise FinsamError(f"Inställningsfilen {p} finns inte.")
        return DEFAULT
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FinsamError(f"{p}: kan inte läsa inställningarna ({exc}).") from exc
    return config_from_dict(data, source=str(p))


def config_from_dict(data: dict[str, Any], *, source: str = "inställningar") -> Config:
    rules = data.get("regler", {})
    limits = data.get("granser", {})
    unknown = [c for c in rules.get("avstangda", []) if c not in CATALOGUE]
    sev_raw: dict[str, str] = rules.get("allvarlighet", {})
    unknown += [c for c in sev_raw if c not in CATALOGUE]
    if unknown:
        raise FinsamError(f"{source}: okända regelkoder {', '.join(sorted(unknown))}.")
    try:
        severities = {code: Severity(v) for code, v in sev_raw.items()}
        cfg = Config(
            budgetavvikelse_andel=Decimal(str(rules.get("budgetavvikelse_andel", "0.10"))),
            budgetavvikelse_kr=Decimal(str(rules.get("budgetavvikelse_kr", 25000))),
            summa_tolerans_kr=Decimal(str(rules.get("summa_tolerans_kr", 1))),
            yymmdd_pivot=int(rules.get("yymmdd_pivot", 70)),
            disabled=frozenset(rules.get("avstangda", [])),
            severities=severities,
            max_file_bytes=int(limits.get("max_filstorlek_mb", 50)) * 1024 * 1024,
        )
    except (ValueError, ArithmeticError) as exc:
        raise FinsamError(f"{source}: ogiltigt värde ({exc}).") from exc
    return cfg
