"""The build step: CellMap -> model + field-level issues, positions taken from the CellMap."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finsam_xl.build import build
from finsam_xl.cellmap import CellMap, RawCell
from finsam_xl.config import Config
from finsam_xl.models import Budget, Deltagarlista, Rapport
from tests.cellmaps import flatten, make_cellmap

IDENT = {
    "forbund": "Samordningsförbundet Test",
    "insats_namn": "Steget vidare",
    "huvudman": "Testby kommun",
    "inriktning": "Individinriktad",
    "kontaktperson": "Kim Kontakt",
    "kontakt_epost": "kim@testby.se",
    "beviljad_fran": date(2024, 1, 1),
    "beviljad_till": date(2025, 12, 31),
    "beviljat_belopp": 2_000_000,
    "samverkande_parter": [{"organisation": "Region Test", "part_typ": "Region"}],
}


def codes(built: object) -> set[tuple[str | None, str]]:
    return {(i.field, i.code) for i in built.issues}  # type: ignore[attr-defined]


def test_rapport_values_are_typed() -> None:
    cm = make_cellmap(
        "rapport",
        {
            **IDENT,
            "rapporttyp": "kvartalsrapport",
            "period_fran": "2024-01-01",
            "period_till": date(2024, 3, 31),
            "rapportdatum": date(2024, 4, 10),
            "budget_lonekostnader": "1 200 000 kr",
            "utfall_ack_lonekostnader": 140000.0,
            "deltagare_nya_kvinnor": 3,
            "deltagare_nya_man": "2 st",
            "mal": [{"mal": "20 deltagare", "malvarde": 20, "utfall": 5, "uppnatt": "Nej"}],
        },
    )
    built = build(cm)
    model = built.model
    assert isinstance(model, Rapport)
    assert model.identitet.inriktning == "individinriktad"
    assert model.identitet.beviljat_belopp == Decimal(2_000_000)
    assert model.period_fran == date(2024, 1, 1)
    row = next(k for k in model.kostnader if k.kostnadsslag == "lonekostnader")
    assert row.budget == Decimal(1_200_000) and row.utfall_ack == Decimal(140_000)
    assert model.deltagare["nya"].totalt == 5
    assert model.mal[0].uppnatt == "nej" and model.mal[0].malvarde == Decimal(20)
    assert model.identitet.samverkande_parter[0].part_typ == "region"
    # text amounts and '2 st' are interpretations, nothing else is reported
    assert codes(built) == {
        ("budget_lonekostnader", "tolkat-varde"),
        ("deltagare_nya_man", "tolkat-varde"),
    }
    assert built.locator.at("mal", 0, "uppnatt") == ("T", "G1300")  # tests.cellmaps order


def test_missing_required_and_bad_values_point_at_their_cells() -> None:
    cm = make_cellmap(
        "rapport",
        {
            **IDENT,
            "beviljat_belopp": None,
            "kontakt_epost": "kim at testby",
            "inriktning": "blandad",
            "period_till": "2022123",
            "rapportdatum": "220503",
            "rapporttyp": "Slutrapport",
            "period_fran": "2022-09-30",
        },
    )
    built = build(cm)
    got = flatten(built.issues, ("field", "code"))
    assert ("beviljat_belopp", "saknas") in got
    assert ("kontakt_epost", "ogiltig-epost") in got
    assert ("inriktning", "okand-kod") in got
    assert ("period_till", "fel-typ") in got
    assert ("rapportdatum", "tvetydigt-datum") in got
    pos = {i.field: (i.sheet, i.cell) for i in built.issues}
    assert pos["beviljat_belopp"] == (
        cm.scalars["beviljat_belopp"].sheet,
        cm.scalars["beviljat_belopp"].cell,
    )
    assert isinstance(built.model, Rapport) and built.model.rapportdatum == date(2022, 5, 3)


def test_required_table_without_rows_is_saknas_at_its_first_cell() -> None:
    built = build(make_cellmap("rapport", {**IDENT, "samverkande_parter": []}))
    hits = [i for i in built.issues if i.field == "samverkande_parter"]
    assert [(i.code, i.sheet, i.cell) for i in hits] == [("saknas", "T", "B1100")]


def test_not_a_template_and_newer_version() -> None:
    built = build(CellMap(source="x.xlsx"))
    assert [i.code for i in built.issues] == ["fel-mall"] and built.model is None
    newer = build(make_cellmap("rapport", {**IDENT, "mallversion": "3.0"}))
    assert newer.model is None and ("mallversion", "fel-mall") in codes(newer)
    assert "Nyare mall än programmet" in newer.issues[0].message
    older = build(make_cellmap("rapport", {**IDENT, "mallversion": "0.9"}))
    assert older.model is not None and ("mallversion", "gammal-mall") in codes(older)
    odd = build(make_cellmap("rapport", {"malltyp": "offert"}))
    assert odd.model is None and ("malltyp", "fel-mall") in codes(odd)


def test_missing_defined_names_are_fel_mall() -> None:
    built = build(make_cellmap("rapport", IDENT, omit=("period_fran", "rapporttyp")))
    hit = [i for i in built.issues if i.code == "fel-mall"]
    assert len(hit) == 1 and "period_fran" in hit[0].message


def test_budget_years_align_with_plan_columns() -> None:
    plan = [[100_000, 200_000, None, None, None]] + [[0] * 5] * 6
    built = build(
        make_cellmap(
            "budget",
            {
                **IDENT,
                "budgetar": [[2024, 2025]],
                "budgetplan": plan,
                "planerat_antal_deltagare_ar": [[10, 12]],
            },
        )
    )
    model = built.model
    assert isinstance(model, Budget)
    assert model.budgetar == [2024, 2025]
    assert model.budgetplan["aktiviteter"] == [Decimal(100_000), Decimal(200_000)]
    assert model.total == Decimal(300_000)
    assert model.planerat_antal_deltagare_ar == [10, 12]


def test_budget_amount_in_a_column_without_year_is_reported() -> None:
    plan = [[1, 2, 3, None, None]] + [[None] * 5] * 6
    built = build(make_cellmap("budget", {**IDENT, "budgetar": [[2024, 2025]], "budgetplan": plan}))
    assert any(i.code == "saknas" and i.field == "budgetar" for i in built.issues)


def test_deltagarlista_rows_keep_their_index() -> None:
    rows = [
        {"lopnr": "R-1", "kon": "Kvinna", "aldersgrupp": "25–29 år", "startdatum": "2024-02-01"},
        {},
        {
            "lopnr": "R-3",
            "kon": "man",
            "aldersgrupp": "40-49",
            "startdatum": date(2024, 3, 1),
            "slutdatum": date(2024, 5, 1),
            "utfall": "Studier",
        },
    ]
    built = build(
        make_cellmap(
            "deltagare",
            {
                **IDENT,
                "period_fran": "2024-01-01",
                "period_till": "2024-06-30",
                "deltagarlista": rows,
            },
        )
    )
    model = built.model
    assert isinstance(model, Deltagarlista)
    assert [d.rad for d in model.deltagare] == [0, 2]
    assert model.deltagare[0].under30 and not model.deltagare[1].under30
    assert model.deltagare[1].utfall == "studier"


def test_yymmdd_pivot_is_configurable() -> None:
    cm = make_cellmap("rapport", {**IDENT, "rapportdatum": "690101"})
    assert build(cm).model.rapportdatum == date(2069, 1, 1)  # type: ignore[union-attr]
    later = build(cm, Config(yymmdd_pivot=50)).model
    assert later.rapportdatum == date(1969, 1, 1)  # type: ignore[union-attr]


def test_formula_cells_are_read_not_trusted() -> None:
    cm = make_cellmap("rapport", {**IDENT, "budget_aktiviteter": 10, "budget_summa": 999})
    model = build(cm).model
    assert isinstance(model, Rapport)
    assert model.summa("budget") == Decimal(10)
    assert model.summor_angivna["budget"] == Decimal(999)


def test_positions_come_from_the_cellmap() -> None:
    cm = make_cellmap("rapport", IDENT)
    cm.scalars["beviljat_belopp"] = RawCell("Uppgifter", "C14", None)
    built = build(cm)
    hit = next(i for i in built.issues if i.field == "beviljat_belopp")
    assert (hit.sheet, hit.cell) == ("Uppgifter", "C14")


def test_new_2_0_fields_reach_the_model_and_empty_stays_unreported() -> None:
    values = {
        **IDENT,
        "deltagare_nya_kvinnor": 3,
        "deltagare_nya_ej_angivet": 17,
        "forsorjning_start_sjukpenning": 4,
        "forsorjning_start_ekonomiskt_bistand": 3,  # the same people may count in both
        "avslutsorsak_avbrott": 2,
        "tid_forsorjning_over_5": 1,
        "budget_endast_summa": "1 130 000",
        "prognos_insats": 1_200_000,
        "arsarbetare": "1,5",
        "medfinansiering_utfall_natura": 50_000,
        "text_styrgrupp": "Styrgruppen bedömer ...",
        "mal": [{"mal": "Högst 10 sjukdagar", "malvarde": 10, "enhet": "Antal",
                 "riktning": "Högst", "utfall": 8}],
    }  # fmt: skip
    model = build(make_cellmap("rapport", values)).model
    assert isinstance(model, Rapport)
    assert model.deltagare["nya"].totalt == 20
    assert model.forsorjning_start == {"sjukpenning": 4, "ekonomiskt_bistand": 3}
    assert model.forsorjning_avslut == {} and model.sysselsattning_start == {}
    assert model.avslutsorsak == {"avbrott": 2} and model.tid_forsorjning == {"over_5": 1}
    assert model.budget_hela == Decimal(1_130_000) and model.summa("budget") == 0
    assert model.prognos_insats == Decimal(1_200_000) and model.arsarbetare == Decimal("1.5")
    assert model.medfinansiering == {"utfall_natura": Decimal(50_000)}
    assert model.texter["text_styrgrupp"] == "Styrgruppen bedömer ..."
    assert (model.mal[0].enhet, model.mal[0].riktning) == ("antal", "hogst")
