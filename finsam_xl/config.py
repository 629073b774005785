"""Rule thresholds and switches, with the schema's defaults, optionally read from finsam-xl.toml.

Where the settings come from (``find_config``): the file given with ``--config``; else a
``finsam-xl.toml`` beside the input folders (in the folder that holds them); else one in the
working folder. Never from inside an input folder: submitters could put one there. A key the
program does not know is an error naming it, and the privacy and injection rules
(``personnummer``, ``formel-i-text``) cannot be switched off or made milder by any file.

# finsam-xl.toml
[regler]
budgetavvikelse_andel = 0.10     # 10 %
budgetavvikelse_kr = 25000
summa_tolerans_kr = 1
yymmdd_pivot = 70                # YYMMDD below 70 -> 20xx
ack_tolerans_kr = 1              # ack = previous ack + period, across reports
rapportdatum_sent_manader = 6    # rapportdatum later than this after the period: warning
planerat_min_andel = 0.5         # slutrapport: participants under 50 % of planned: warning
planerat_max_andel = 2.0         # … or over 200 %
alder_min = 16                   # a participant's age at start outside 16–64: warning
alder_max = 64
medlemsbidrag_tolerans_pp = 0.5  # 50/25/25 split of medlemsbidrag: ± percentage points
# eget kapital: [from this size of the year's medlemsbidrag (kr), highest share] (UNVERIFIED steps)
eget_kapital_trappa = [[0, 0.20], [15000000, 0.15], [25000000, 0.10]]
avstangda = ["dubblett"]         # rule codes switched off (never personnummer, formel-i-text)
[regler.allvarlighet]            # severity overrides
budgetavvikelse = "error"
[granser]
max_filstorlek_mb = 50
[uppfoljning_finsam]             # UF's lists (finsam_xl.uppfoljning_listor has the defaults)
preciserad_inriktning_individinriktad = ["Förrehabilitering och aktivering", ...]
preciserad_inriktning_strukturovergripande = ["Kompetensutveckling", ...]
malgrupper = ["Unga vuxna 16–29 år", ...]
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from finsam_xl.errors import FinsamError
from finsam_xl.issues import CATALOGUE, Issue, Severity
from finsam_xl.uppfoljning_listor import (
    MALGRUPPER,
    PRECISERAD_INDIVIDINRIKTAD,
    PRECISERAD_STRUKTUROVERGRIPANDE,
)

CONFIG_FILE = "finsam-xl.toml"
# Rules that protect people and the förbund's own machines: no settings file may weaken them.
PROTECTED = frozenset({"personnummer", "formel-i-text"})
# [regler] keys read into Config fields of the same name (the type converts the TOML value), and
# [granser]: the keys the settings file may hold. One table, so the reader and the unknown-key
# check cannot drift apart.
RULE_SETTINGS: dict[str, type] = {
    "budgetavvikelse_andel": Decimal,
    "budgetavvikelse_kr": Decimal,
    "summa_tolerans_kr": Decimal,
    "yymmdd_pivot": int,
    "ack_tolerans_kr": Decimal,
    "rapportdatum_sent_manader": int,
    "planerat_min_andel": Decimal,
    "planerat_max_andel": Decimal,
    "alder_min": int,
    "alder_max": int,
    "medlemsbidrag_tolerans_pp": Decimal,
}
# [uppfoljning_finsam]: lists of texts, read into the Config field named
UF_LISTS: dict[str, str] = {
    "preciserad_inriktning_individinriktad": "uf_preciserad_individinriktad",
    "preciserad_inriktning_strukturovergripande": "uf_preciserad_strukturovergripande",
    "malgrupper": "uf_malgrupper",
}
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "regler": frozenset({*RULE_SETTINGS, "avstangda", "allvarlighet", "eget_kapital_trappa"}),
    "granser": frozenset({"max_filstorlek_mb"}),
    "uppfoljning_finsam": frozenset(UF_LISTS),
}


# The default staircase is an UNVERIFIED assumption: at most 20 % of the year's contributions
# below 15 mkr, 15 % from 15 to 25 mkr, 10 % above. Nationella rådet's recommendation itself
# (2013-10-02, referred to by Försäkringskassan's fördelningsmodell of 2015-01-22) could not be
# read. A förbund that knows the published steps sets [regler] eget_kapital_trappa.
EGET_KAPITAL_TRAPPA: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal(0), Decimal("0.20")),
    (Decimal(15_000_000), Decimal("0.15")),
    (Decimal(25_000_000), Decimal("0.10")),
)


def _trappa(raw: object, source: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """[[from kr, share], ...] -> sorted steps; a wrong shape is an error naming the setting."""
    wrong = FinsamError(
        f"{source}: eget_kapital_trappa ska vara en lista av [från belopp i kr, andel], t.ex. "
        "[[0, 0.20], [15000000, 0.15]], med andelar mellan 0 och 1.",
        en=f"{source}: eget_kapital_trappa must be a list of [from amount in kr, share], e.g. "
        "[[0, 0.20], [15000000, 0.15]], with shares between 0 and 1.",
    )
    if not isinstance(raw, list) or not raw:
        raise wrong
    steps = []
    for step in raw:
        if not isinstance(step, list) or len(step) != 2:
            raise wrong
        try:
            start, share = Decimal(str(step[0])), Decimal(str(step[1]))
        except ArithmeticError as exc:
            raise wrong from exc
        if start < 0 or not 0 <= share <= 1:
            raise wrong
        steps.append((start, share))
    return tuple(sorted(steps))


@dataclass(frozen=True)
class Config:
    """Rule thresholds, switched-off rules, severity overrides and reader limits (docs/settings.md).

    ``DEFAULT`` holds the schema's values; ``load_config`` reads finsam-xl.toml over them.
    """

    budgetavvikelse_andel: Decimal = Decimal("0.10")
    budgetavvikelse_kr: Decimal = Decimal(25000)
    summa_tolerans_kr: Decimal = Decimal(1)
    yymmdd_pivot: int = 70
    ack_tolerans_kr: Decimal = Decimal(1)
    rapportdatum_sent_manader: int = 6
    planerat_min_andel: Decimal = Decimal("0.5")
    planerat_max_andel: Decimal = Decimal(2)
    alder_min: int = 16
    alder_max: int = 64
    medlemsbidrag_tolerans_pp: Decimal = Decimal("0.5")
    # Nationella rådet's "rimlig nivå" for eget kapital (recommendation 2013-10-02) as steps
    # (from this size of the year's medlemsbidrag in kr, highest share of them). The published
    # steps could not be verified: see EGET_KAPITAL_TRAPPA and docs/settings.md.
    eget_kapital_trappa: tuple[tuple[Decimal, Decimal], ...] = EGET_KAPITAL_TRAPPA
    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    # Reader limits: a report is a few hundred kB; anything far beyond is refused as `olasbar`.
    max_file_bytes: int = 50 * 1024 * 1024
    max_member_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 200
    max_rows: int = 20_000
    # Uppföljning Finsam's lists (a starting point; see finsam_xl.uppfoljning_listor)
    uf_preciserad_individinriktad: tuple[str, ...] = PRECISERAD_INDIVIDINRIKTAD
    uf_preciserad_strukturovergripande: tuple[str, ...] = PRECISERAD_STRUKTUROVERGRIPANDE
    uf_malgrupper: tuple[str, ...] = MALGRUPPER
    source: str | None = None  # the settings file read, if any (shown in the run's record)

    def apply(self, issues: list[Issue]) -> list[Issue]:
        """Drop switched-off codes and apply severity overrides."""
        out = []
        for issue in issues:
            if issue.code in self.disabled:
                continue
            sev = self.severities.get(issue.code)
            out.append(issue if sev is None else replace(issue, severity=sev))
        return out

    def preciserad(self, inriktning: str | None) -> tuple[str, ...]:
        """The preciserad inriktning values UF offers for an inriktning code (none if unknown)."""
        return {
            "individinriktad": self.uf_preciserad_individinriktad,
            "strukturovergripande": self.uf_preciserad_strukturovergripande,
        }.get(inriktning or "", ())


DEFAULT = Config()


def find_config(inputs: Iterable[str | Path] = ()) -> Path | None:
    """The settings file for a run over ``inputs`` when none is named: beside the input folders
    (in the folder holding each), then the working folder; never inside an input folder."""
    folders = [Path(p) if Path(p).is_dir() else Path(p).parent for p in inputs]
    inside = {f.resolve() for f in folders}
    for candidate in [*(f.resolve().parent for f in folders), Path.cwd().resolve()]:
        if candidate in inside or any(candidate.is_relative_to(f) for f in inside):
            continue  # a folder of submitted files: what lies there is theirs, not ours
        if (candidate / CONFIG_FILE).is_file():
            return candidate / CONFIG_FILE
    return None


def load_config(path: str | Path | None = None, *, inputs: Iterable[str | Path] = ()) -> Config:
    """Read ``path``, else the file ``find_config(inputs)`` finds; defaults for the rest."""
    p = Path(path) if path is not None else find_config(inputs)
    if p is None:
        return DEFAULT
    if not p.exists():
        raise FinsamError(f"Inställningsfilen {p} finns inte.", en=f"Settings file {p} not found.")
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FinsamError(
            f"{p}: kan inte läsa inställningarna ({exc}).",
            en=f"{p}: cannot read the settings ({exc}).",
        ) from exc
    return config_from_dict(data, source=str(p))


def _check_keys(data: dict[str, Any], source: str) -> None:
    unknown = [f"[{k}]" for k in data if k not in KNOWN_KEYS]
    for section, keys in KNOWN_KEYS.items():
        body = data.get(section, {})
        if not isinstance(body, dict):
            raise FinsamError(
                f"{source}: [{section}] ska vara en tabell med inställningar.",
                en=f"{source}: [{section}] must be a table of settings.",
            )
        unknown += [f"{section}.{k}" for k in body if k not in keys]
    if unknown:
        known = ", ".join(f"{s}.{k}" for s, keys in KNOWN_KEYS.items() for k in sorted(keys))
        raise FinsamError(
            f"{source}: okänd inställning {', '.join(unknown)}. Kända inställningar: {known}.",
            en=f"{source}: unknown setting {', '.join(unknown)}. Known settings: {known}.",
        )


def config_from_dict(data: dict[str, Any], *, source: str = "inställningar") -> Config:
    _check_keys(data, source)
    rules = data.get("regler", {})
    limits = data.get("granser", {})
    unknown = [c for c in rules.get("avstangda", []) if c not in CATALOGUE]
    sev_raw: dict[str, str] = rules.get("allvarlighet", {})
    unknown += [c for c in sev_raw if c not in CATALOGUE]
    if unknown:
        raise FinsamError(
            f"{source}: okända regelkoder {', '.join(sorted(unknown))}.",
            en=f"{source}: unknown rule codes {', '.join(sorted(unknown))}.",
        )
    weakened = sorted(PROTECTED & (set(rules.get("avstangda", [])) | set(sev_raw)))
    if weakened:
        raise FinsamError(
            f"{source}: reglerna {', '.join(weakened)} skyddar personuppgifter och datorer och "
            "kan inte stängas av eller ändras i inställningarna.",
            en=f"{source}: the rules {', '.join(weakened)} protect personal data and computers "
            "and cannot be switched off or changed in the settings.",
        )
    try:
        severities = {code: Severity(v) for code, v in sev_raw.items()}
        values: dict[str, Any] = {
            key: kind(str(rules[key])) for key, kind in RULE_SETTINGS.items() if key in rules
        }
        uf = data.get("uppfoljning_finsam", {})
        for key, attribute in UF_LISTS.items():
            if key in uf:
                if not isinstance(uf[key], list) or not all(isinstance(v, str) for v in uf[key]):
                    raise ValueError(f"uppfoljning_finsam.{key} ska vara en lista med texter")
                values[attribute] = tuple(v.strip() for v in uf[key] if v.strip())
        if "eget_kapital_trappa" in rules:
            values["eget_kapital_trappa"] = _trappa(rules["eget_kapital_trappa"], source)
        cfg = Config(
            **values,
            disabled=frozenset(rules.get("avstangda", [])),
            severities=severities,
            max_file_bytes=int(limits.get("max_filstorlek_mb", 50)) * 1024 * 1024,
            source=source,
        )
    except (ValueError, ArithmeticError) as exc:
        raise FinsamError(
            f"{source}: ogiltigt värde ({exc}).", en=f"{source}: invalid value ({exc})."
        ) from exc
    return cfg
