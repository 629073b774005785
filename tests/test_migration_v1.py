"""Schema 1.0 workbooks read through the 1.0 -> 2.0 migration.

tests/data/v1/ holds the example workbooks and blank templates exactly as finsam-xl 0.1.0 wrote
them (mall 1.0), and overview-figures.json the figures their consolidation gave under 0.1.0
(written once by tests/data/v1/README.md's command, before schema 2.0). Reading the same files now
must give every figure unchanged and one `gammal-mall` info per file, nothing more from the
migration itself.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from finsam_xl.build import build
from finsam_xl.codes import aldersgrupp_for
from finsam_xl.config import config_from_dict
from finsam_xl.consolidation import Consolidation, consolidate
from finsam_xl.models import Deltagarlista, Rapport
from finsam_xl.readers.xlsx import read_workbook as read_cellmap
from finsam_xl.schema import MALLVERSION
from finsam_xl.validate import validate_workbook

V1 = Path(__file__).parent / "data" / "v1"
EXAMPLE_DATA = Path(__file__).parent.parent / "workbooks" / "examples" / "data"
# the figure tables and the columns of them that 0.1.0 already had (issue counts left out: rules
# added since 0.1.0 may rightly find more in the same files)
FIGURE_TABLES = ("insatser", "budget", "deltagare", "avslut", "mal", "uppfoljning_finsam")
SKIP_COLUMNS = {"antal_fel", "antal_varningar", "status", "file"}


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, (date, pd.Timestamp)):
        return str(value)[:10]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def overview_figures(
    c: Consolidation, columns: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Every figure table as sorted rows of plain values (only the given columns, if given)."""
    out: dict[str, Any] = {}
    for table in FIGURE_TABLES:
        df = c.tables[table]
        cols = columns[table] if columns else [x for x in df.columns if x not in SKIP_COLUMNS]
        rows = [[_plain(v) for v in row] for row in df[cols].itertuples(index=False)]
        out[table] = {"columns": cols, "rows": sorted(rows, key=json.dumps)}
    return out


V1_EXAMPLES = sorted((V1 / "examples").glob("*.xlsx"))
V1_TEMPLATES = sorted((V1 / "templates").glob("*.xlsx"))
PARSE_CODES = {
    "fel-mall", "saknas", "fel-typ", "okand-kod", "tolkat-varde", "tvetydigt-datum",
    "ogiltig-epost",
}  # fmt: skip


def test_every_shipped_1_0_example_is_in_the_test_data() -> None:
    insats_examples = [  # 1.0 had no förbund template
        p for p in EXAMPLE_DATA.glob("*.json") if '"malltyp": "forbund"' not in p.read_text("utf-8")
    ]
    assert [p.name for p in V1_EXAMPLES] == sorted(
        p.with_suffix(".xlsx").name for p in insats_examples
    )


@pytest.mark.parametrize(
    "path", V1_EXAMPLES + V1_TEMPLATES, ids=lambda p: p.parent.name + "/" + p.stem
)
def test_one_gammal_mall_info_naming_version_and_new_fields(path: Path) -> None:
    report = validate_workbook(path)
    old = [i for i in report.issues if i.code == "gammal-mall"]
    assert len(old) == 1 and old[0].severity == "info"
    message = old[0].message
    assert "1.0" in message and MALLVERSION in message
    malltyp = report.malltyp or ""
    if malltyp != "budget":
        assert "försörjning" in message  # says what the new fields are
    assert not [i for i in report.issues if i.code == "fel-mall"]


@pytest.mark.parametrize("path", V1_EXAMPLES, ids=lambda p: p.stem)
def test_reading_level_issues_are_those_of_0_1_0(path: Path) -> None:
    """Migration adds no parse problem (a renamed dropdown label still reads as its code)."""
    expected = json.loads((V1 / "parse-issues.json").read_text(encoding="utf-8"))[path.name]
    report = validate_workbook(path)
    got = sorted([i.code, i.field, i.sheet, i.cell] for i in report.issues if i.code in PARSE_CODES)
    assert got == expected


@pytest.mark.parametrize("path", V1_EXAMPLES, ids=lambda p: p.stem)
def test_nothing_filled_in_is_left_unread(path: Path) -> None:
    """Every filled cell under a 1.0 defined name reaches the model's locator (so a value)."""
    cm = read_cellmap(path)
    built = build(cm)
    assert built.model is not None
    seen = {pos for pos in built.locator.positions.values()}
    meta = ("malltyp", "mallversion")  # read by the version check, not into the model
    filled = [c for fid, c in cm.scalars.items() if not c.is_empty and fid not in meta]
    filled += [c for rows in cm.tables.values() for row in rows for c in row if not c.is_empty]
    missed = [(c.sheet, c.cell) for c in filled if (c.sheet, c.cell) not in seen]
    assert missed == []


def test_1_0_list_birth_year_becomes_age_group_and_is_kept() -> None:
    cm = read_cellmap(V1 / "examples" / "steget-vidare-deltagare-2024q1.xlsx")
    model = build(cm).model
    assert isinstance(model, Deltagarlista) and model.deltagare
    for d in model.deltagare:
        assert d.fodelsear is not None and d.startdatum is not None
        assert d.aldersgrupp == aldersgrupp_for(d.startdatum.year - d.fodelsear)
    # the example's note: 11 new, 4 of them under 30, as the Q1 rapport says
    assert sum(1 for d in model.deltagare if d.under30) == 4
    mal_v1 = build(read_cellmap(V1 / "examples" / "torsby-prosa-slutrapport.xlsx")).model
    assert isinstance(mal_v1, Rapport)
    assert [m.uppnatt for m in mal_v1.mal][:1] == ["ja"] and mal_v1.mal[0].enhet is None


def _figures(table: dict[str, Any]) -> list[list[Any]]:
    return [list(r) for r in table["rows"]]


def _as_0_1_0(table: str, columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows as 0.1.0 could tell them apart: it wrote 0 for a figure nobody reported (issue 9
    made that empty), and spread a report's missing budget as 0 kr (now the grant, marked
    `beviljat`). Everything else must be equal."""
    reported = {"budget": ("budget", "utfall", "utfall_ack"), "avslut": ("antal",),
                "deltagare": tuple(c for c in columns if c.startswith("deltagare_"))}  # fmt: skip
    out = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        if table == "uppfoljning_finsam":
            if values.get("budget_kalla") == "beviljat":
                values["budget"], values["budget_kalla"] = None, "periodiserad"
            # People per year now come only from reports that gave participant counts (a
            # report without them was a point of zeros in 0.1.0): the money is compared.
            for c in ("deltagare_kvinnor", "deltagare_man", "deltagare_totalt", "uppskattat"):
                values[c] = None
        values = {k: None if v == 0 else v for k, v in values.items()}
        if table in reported and all(values[c] is None for c in reported[table]):
            continue  # a row of zeros in 0.1.0 is no row now: nothing was reported there
        out.append(list(values.values()))
    return sorted(out, key=json.dumps)


def test_1_0_examples_give_the_0_1_0_overview_figures() -> None:
    before = json.loads((V1 / "overview-figures.json").read_text(encoding="utf-8"))
    # 0.1.0 left files with errors out, and knew none of issue 11's checks: compare the same
    # files, judged by the same rules
    new_checks = ["ekonomi-saknas", "deltagare-saknas", "aktiva-i-slutrapport", "period-over-ack",
                  "ack-som-period", "ack-flode", "deltagare-flode", "period-lucka",
                  "rapportdatum-fore-slut", "rapportdatum-sent", "planerat-avviker",
                  "alder-utanfor"]  # fmt: skip
    checks_of_0_1_0 = config_from_dict({"regler": {"avstangda": new_checks}})
    c = consolidate(
        [V1 / "examples"], as_of=date(2025, 1, 1), include_errors=False, config=checks_of_0_1_0
    )
    now = overview_figures(c, {t: before[t]["columns"] for t in FIGURE_TABLES})
    for table in FIGURE_TABLES:
        columns = before[table]["columns"]
        old_rows = _as_0_1_0(table, columns, _figures(before[table]))
        new_rows = _as_0_1_0(table, columns, _figures(now[table]))
        extra = [r for r in new_rows if r not in old_rows]
        # rows for codes new in 2.0 (avslut to "praktik") may appear, only as 0: none invented
        assert all(r[-1] in (0, None) for r in extra), (table, extra)
        assert [r for r in new_rows if r not in extra] == old_rows, table


def test_1_0_examples_invent_none_of_the_2_0_tables() -> None:
    """1.0 had no cell for the breakdowns, the medfinansiering utfall or a total-only budget:
    migrated, they give no breakdown row, no medfinansiering utfall and no "ej fördelat" row."""
    c = consolidate([V1 / "examples"], as_of=date(2025, 1, 1))
    for table in ("avslutsorsak", "forsorjning", "sysselsattning", "tid_forsorjning"):
        assert c.tables[table].empty, table
    ins = c.tables["insatser"]
    for column in ("medfinansiering_utfall_kontant", "medfinansiering_utfall_natura"):
        assert ins[column].isna().all(), column
    assert "ej_fordelat" not in set(c.tables["budget"]["kostnadsslag"])
