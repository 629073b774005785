"""The shipped example workbooks: fresh from their JSON, and validating to the flaws they keep.

The examples are what README's main command validates and consolidates: five real reports retyped
into the templates (their flaws kept on purpose) and an invented, clean insats. These tests pin the
committed .xlsx to the JSON in workbooks/examples/data/ and each example to the issues it is meant
to show, by (code, field) and cell, never by message text.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from finsam_xl.cellmap import parse_area
from finsam_xl.derive import derive_counts
from finsam_xl.models import Deltagarlista, Rapport
from finsam_xl.validate import FileReport, validate_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_examples", module)
    spec.loader.exec_module(module)
    return module


make_examples = _load_script()
EXAMPLE_LIST = make_examples.load_examples()
BY_NAME = {ex.name: ex for ex in EXAMPLE_LIST}
NAMES = sorted(BY_NAME)


@cache
def report(name: str) -> FileReport:
    return validate_workbook(EXAMPLES / f"{name}.xlsx")


def pairs(rep: FileReport, severity: str | None = None) -> set[tuple[str, str | None]]:
    return {
        (i.code, i.field) for i in rep.issues if severity is None or i.severity.value == severity
    }


def named_values(wb: Workbook) -> dict[str, list[list[Any]]]:
    """Every defined name's cell values, row by row."""
    out: dict[str, list[list[Any]]] = {}
    for name, defined in wb.defined_names.items():
        area = parse_area(defined.attr_text)
        ws = wb[area.sheet]
        out[name] = [
            [ws.cell(r, c).value for c in range(area.min_col, area.max_col + 1)]
            for r in range(area.min_row, area.max_row + 1)
        ]
    return out


def comments(wb: Workbook) -> dict[tuple[str, str], str]:
    return {
        (ws.title, cell.coordinate): cell.comment.text
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.comment is not None
    }


# --- the committed files are what the JSON generates ---------------------------------------


def test_every_json_has_its_workbook_and_no_stray_workbooks() -> None:
    committed = {p.stem for p in EXAMPLES.glob("*.xlsx")}
    assert committed == set(NAMES)
    assert len(NAMES) >= 15


@pytest.mark.parametrize("name", NAMES)
def test_committed_workbook_equals_fresh_generation(name: str) -> None:
    fresh = load_workbook(io.BytesIO(make_examples.example_bytes(BY_NAME[name])))
    committed = load_workbook(EXAMPLES / f"{name}.xlsx")
    fresh_values = named_values(fresh)
    assert fresh_values == named_values(committed), (
        f"{name}.xlsx is stale: run python scripts/make_examples.py"
    )
    assert comments(fresh) == comments(committed)
    assert fresh.properties.created == committed.properties.created


def test_generation_is_byte_reproducible() -> None:
    example = BY_NAME["timra-halsoprojektet-slutrapport"]
    assert make_examples.example_bytes(example) == make_examples.example_bytes(example)


def test_iso_dates_become_date_cells_and_broken_dates_stay_text() -> None:
    wb = load_workbook(EXAMPLES / "resan-kvartalsrapport-2022q4.xlsx")
    values = named_values(wb)
    assert values["period_fran"] == [["20220930"]]
    assert values["period_till"] == [["2022123"]]
    assert values["rapportdatum"][0][0].date() == date(2023, 1, 4)
    timra = named_values(load_workbook(EXAMPLES / "timra-halsoprojektet-slutrapport.xlsx"))
    assert timra["rapportdatum"] == [["220503"]]
    assert timra["beviljat_belopp"] == [[None]]


def test_assumptions_and_kept_flaws_are_cell_comments() -> None:
    wb = load_workbook(EXAMPLES / "timra-halsoprojektet-slutrapport.xlsx")
    ws, area = wb["Ekonomi"], parse_area(wb.defined_names["budget_endast_summa"].attr_text)
    note = ws.cell(area.min_row, area.min_col).comment
    assert note is not None and note.text.startswith(make_examples.NOTE_PREFIX)
    area = parse_area(wb.defined_names["beviljat_belopp"].attr_text)
    flaw = wb[area.sheet].cell(area.min_row, area.min_col).comment
    assert flaw is not None and flaw.text.startswith(make_examples.FLAW_PREFIX)


def test_notes_point_at_fields_of_their_template() -> None:
    for example in EXAMPLE_LIST:
        wb = make_examples.build_example(example)  # raises on a key the template lacks
        assert len(comments(wb)) == len(set(example.notes) | set(example.flaws)), example.name


def test_a_note_on_an_unknown_field_is_refused() -> None:
    bad = make_examples.Example(
        "x", BY_NAME["steget-vidare-budget"].malltyp, {}, notes={"period_till": "?"}
    )
    with pytest.raises(Exception, match="period_till"):
        make_examples.build_example(bad)


# --- what each example shows when validated -----------------------------------------------

SEED_FLAWS: dict[str, set[tuple[str, str]]] = {
    "timra-halsoprojektet-slutrapport": {
        ("saknas", "beviljat_belopp"),
        ("budgetavvikelse", "utfall_ack_summa"),
        ("tvetydigt-datum", "rapportdatum"),
        ("rapportdatum-sent", "rapportdatum"),  # signed 27 months after the period
        ("avslut-summa", "avslut_arbete"),
        ("slutrapport-ej-bedomd", "mal"),
    },
    "tidaholm-fordjupad-samverkan-slutrapport": {
        ("period-typ", "period_till"),  # the header's period wins over the text (issue 11)
        ("ekonomi-saknas", "utfall_aktiviteter"),  # the report has no economy section
    },
    "torsby-prosa-slutrapport": {
        ("slutrapport-ej-bedomd", "mal"),
        ("ekonomi-saknas", "utfall_aktiviteter"),  # no amounts anywhere in the report
        ("aktiva-i-slutrapport", "deltagare_aktiva_kvinnor"),
    },
    "resan-kvartalsrapport-2022q4": {
        ("fel-typ", "period_till"),
        ("tolkat-varde", "period_fran"),
        ("ekonomi-saknas", "utfall_aktiviteter"),  # a warning in a kvartalsrapport
        ("deltagare-saknas", "deltagare_nya_kvinnor"),
    },
    "aktivitetscenter-malmo-slutrapport": {
        ("tolkat-varde", "beviljat_belopp"),
        ("mal-oforenligt", "mal"),
        ("aktiva-i-slutrapport", "deltagare_aktiva_kvinnor"),  # 107 still active
    },
}
# The only errors a seed example may have: its kept flaws, nothing introduced by retyping.
SEED_ERRORS: dict[str, set[tuple[str, str]]] = {
    "timra-halsoprojektet-slutrapport": {("saknas", "beviljat_belopp")},
    "resan-kvartalsrapport-2022q4": {("fel-typ", "period_till")},
    "tidaholm-fordjupad-samverkan-slutrapport": {("ekonomi-saknas", "utfall_aktiviteter")},
    "torsby-prosa-slutrapport": {("ekonomi-saknas", "utfall_aktiviteter")},
}
CLEAN = [n for n in NAMES if n not in SEED_FLAWS]


@pytest.mark.parametrize("name", sorted(SEED_FLAWS))
def test_seed_example_shows_its_flaws(name: str) -> None:
    rep = report(name)
    missing = SEED_FLAWS[name] - pairs(rep)
    assert not missing, f"{name}: expected issues not reported: {sorted(missing)}"
    assert pairs(rep, "error") == SEED_ERRORS.get(name, set())


def test_seed_flaws_sit_in_the_cells_that_hold_them() -> None:
    timra = {(i.code, i.field): (i.sheet, i.cell) for i in report(EXAMPLE_TIMRA).issues}
    assert timra[("saknas", "beviljat_belopp")] == ("Uppgifter", "C13")
    assert timra[("tvetydigt-datum", "rapportdatum")] == ("Uppgifter", "C19")
    assert timra[("budgetavvikelse", "utfall_ack_summa")] == ("Ekonomi", "E13")
    assert timra[("rapportdatum-sent", "rapportdatum")] == ("Uppgifter", "C19")
    resan = {(i.code, i.field): (i.sheet, i.cell) for i in report(EXAMPLE_RESAN).issues}
    assert resan[("fel-typ", "period_till")] == ("Uppgifter", "C18")
    assert resan[("ekonomi-saknas", "utfall_aktiviteter")] == ("Ekonomi", "D6")
    assert resan[("deltagare-saknas", "deltagare_nya_kvinnor")] == ("Deltagare", "C6")
    # the goal rows: Timrå's unjudged main goal is the first row, Malmö's 99,5 % goal the sixth
    mal = parse_area(
        load_workbook(EXAMPLES / f"{EXAMPLE_TIMRA}.xlsx").defined_names["mal"].attr_text
    )
    uppnatt_col = "G"  # mal, malvarde, enhet, riktning, utfall, uppnatt, kommentar from column B
    assert timra[("slutrapport-ej-bedomd", "mal")] == (
        "Mål och text",
        f"{uppnatt_col}{mal.min_row}",
    )
    malmo = {(i.code, i.field): i.cell for i in report("aktivitetscenter-malmo-slutrapport").issues}
    assert malmo[("mal-oforenligt", "mal")] == f"{uppnatt_col}{mal.min_row + 5}"


def _readme_row(name: str) -> list[str]:
    """The cells of README's seed-table row for ``name`` (file, source, triggered, not caught,
    assumed)."""
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith(f"| `{name}.xlsx`"))
    return [cell.strip() for cell in row.strip("|").split(" | ")]


@pytest.mark.parametrize("name", sorted(SEED_FLAWS))
def test_readme_lists_each_seed_flaw_with_the_check_it_triggers(name: str) -> None:
    """The examples README says which check each kept flaw triggers: every code the example
    shows is in its row's "triggers" column, and none of them is listed as not caught."""
    cells = _readme_row(name)
    assert len(cells) == 5, cells
    triggered, not_caught = cells[2], cells[3]
    for code, _field in sorted(SEED_FLAWS[name]):
        assert f"`{code}`" in triggered, f"{name}: README does not say {code} is triggered"
        assert f"`{code}`" not in not_caught, f"{name}: README says {code} catches nothing yet"


EXAMPLE_TIMRA = "timra-halsoprojektet-slutrapport"
EXAMPLE_RESAN = "resan-kvartalsrapport-2022q4"


@pytest.mark.parametrize("name", CLEAN)
def test_clean_example_validates_ok(name: str) -> None:
    rep = report(name)
    assert rep.status == "ok", [(i.code, i.field, i.cell) for i in rep.issues]


def test_clean_examples_cover_every_template_and_a_resubmission() -> None:
    kinds = {BY_NAME[n].malltyp.value for n in CLEAN}
    assert kinds == {"budget", "rapport", "deltagare", "forbund"}
    q2 = [n for n in CLEAN if n.startswith("steget-vidare-kvartalsrapport-2024q2")]
    assert len(q2) == 2
    first, second = (report(n).model for n in sorted(q2))
    assert isinstance(first, Rapport) and isinstance(second, Rapport)
    # the same insats, rapporttyp and period: a dubblett, the later rapportdatum wins
    assert first.identitet.key == second.identitet.key
    assert (first.rapporttyp, first.period_fran, first.period_till) == (
        second.rapporttyp,
        second.period_fran,
        second.period_till,
    )
    assert first.rapportdatum is not None and second.rapportdatum is not None
    assert first.rapportdatum != second.rapportdatum


# --- figures the golden tests and the consolidation rely on --------------------------------


def rapport(name: str) -> Rapport:
    model = report(name).model
    assert isinstance(model, Rapport), name
    return model


@pytest.mark.parametrize(
    ("year", "kvinnor", "man", "anonyma", "avslutade", "till_atgarder"),
    [(2018, 342, 207, 8, 491, 465), (2019, 366, 215, 9, 532, 510), (2020, 253, 144, 0, 397, 372)],
)
def test_aktivitetscenter_arsrapport_carries_the_seed_figures(
    year: int, kvinnor: int, man: int, anonyma: int, avslutade: int, till_atgarder: int
) -> None:
    m = rapport(f"aktivitetscenter-malmo-arsrapport-{year}")
    assert m.rapporttyp == "arsrapport"
    assert (m.period_fran, m.period_till) == (date(year, 1, 1), date(year, 12, 31))
    nya = m.deltagare["nya"]
    assert (nya.kvinnor, nya.man, nya.ej_angivet) == (kvinnor, man, anonyma)
    assert nya.totalt == kvinnor + man + anonyma  # the seed's "Totalt 557 / 590 / 397"
    assert m.deltagare["avslutade"].totalt == avslutade
    assert m.avslut_summa == avslutade
    # only the seed's own outcome row; the rest is "ej fördelat", nothing to arbete/studier
    assert m.avslut["annan_insats"] == till_atgarder
    assert m.avslut["ej_fordelat"] == avslutade - till_atgarder
    assert m.avslut["arbete"] == m.avslut["studier"] == 0


def test_aktivitetscenter_slutrapport_sums_the_years() -> None:
    slut = rapport("aktivitetscenter-malmo-slutrapport")
    years = [rapport(f"aktivitetscenter-malmo-arsrapport-{y}") for y in (2018, 2019, 2020)]
    assert slut.deltagare["nya"].totalt == sum(y.deltagare["nya"].totalt for y in years) == 1544
    assert slut.deltagare["nya"].ej_angivet == 17  # the seed's anonymous participants
    assert slut.summa("utfall_ack") == years[-1].summa("utfall_ack")
    assert slut.identitet.beviljat_belopp == 30_000_000
    assert slut.identitet.key == years[0].identitet.key


def lista(name: str) -> Deltagarlista:
    model = report(name).model
    assert isinstance(model, Deltagarlista), name
    return model


def test_deltagarlista_agrees_with_q1_and_disagrees_with_q2() -> None:
    q1 = derive_counts(lista("steget-vidare-deltagare-2024q1")).rapportfalt
    r1 = rapport("steget-vidare-kvartalsrapport-2024q1")
    assert {f: count_of(r1, f) for f in q1} == q1

    q2 = derive_counts(lista("steget-vidare-deltagare-2024q2")).rapportfalt
    for name in (
        "steget-vidare-kvartalsrapport-2024q2",
        "steget-vidare-kvartalsrapport-2024q2-komplettering",
    ):
        r2 = rapport(name)
        differing = {f for f in q2 if count_of(r2, f) != q2[f]}
        assert differing == {
            "deltagare_avslutade_man",
            "deltagare_avslutade_totalt",
            "deltagare_aktiva_man",
            "deltagare_aktiva_totalt",
            "avslut_annat",
        }, name


def count_of(m: Rapport, field_id: str) -> int:
    """A participant or avslut count of a rapport by field id."""
    if field_id.startswith("avslut_"):
        return m.avslut.get(field_id.removeprefix("avslut_"), 0)
    _, rad, kol = field_id.split("_")
    row = m.deltagare[rad]
    return row.totalt if kol == "totalt" else int(getattr(row, kol))


def test_no_example_holds_a_personnummer_or_participant_name() -> None:
    for name in NAMES:
        assert "personnummer" not in {i.code for i in report(name).issues}, name
    for name in ("steget-vidare-deltagare-2024q1", "steget-vidare-deltagare-2024q2"):
        for d in lista(name).deltagare:
            assert d.lopnr is not None and d.lopnr.startswith("SV-")


def test_consolidation_shows_the_resubmission_and_the_list_mismatch() -> None:
    from finsam_xl.consolidation import consolidate

    problem = consolidate([EXAMPLES]).tables["problem"]
    found = {
        (Path(str(f)).stem, str(c)) for f, c in zip(problem["file"], problem["code"], strict=True)
    }
    assert ("steget-vidare-kvartalsrapport-2024q2", "dubblett") in found
    assert ("steget-vidare-kvartalsrapport-2024q2-komplettering", "deltagare-avviker") in found
    # the Q1 list agrees with the Q1 rapport, and nothing else crosses files
    cross = {(f, c) for f, c in found if c in ("dubblett", "deltagare-avviker")}
    assert cross == {
        ("steget-vidare-kvartalsrapport-2024q2", "dubblett"),
        ("steget-vidare-kvartalsrapport-2024q2-komplettering", "deltagare-avviker"),
    }


def test_seed_examples_carry_only_what_the_seeds_say() -> None:
    """Issue 11's corrections: each figure below is the seed's, not an assumption."""
    torsby = rapport("torsby-prosa-slutrapport")
    assert torsby.deltagare["aktiva"].totalt == 5  # "samtliga 5 aktiva"; NAVET is in the autumn
    assert torsby.deltagare["avslutade"].totalt == 1 and torsby.avslut["studier"] == 1
    tidaholm = rapport("tidaholm-fordjupad-samverkan-slutrapport")
    assert tidaholm.period_till == date(2021, 12, 31)  # the header, not the text's 2021-01-31
    assert {m.uppnatt for m in tidaholm.mal} == {"ej_bedomt"}  # the report judges no goal
    assert torsby.mal[0].uppnatt == "ej_bedomt"  # the verktygslåda is never said to be done
    timra = rapport("timra-halsoprojektet-slutrapport")
    assert timra.summa("budget") == 0 and timra.budget_hela == 1_130_000  # total only
    assert timra.avslut["arbete"] == 0 and timra.avslut["mot_arbete"] == 5  # "gått mot jobb"
