"""The register of insatser: expected periods, received / late / missing, reminders, reading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from consolidate_helpers import D, fr, ident, rapport

from finsam_xl.consolidation import consolidate_reports, read_register
from finsam_xl.consolidation.missing import status_matrix
from finsam_xl.consolidation.register import Register, RegisterEntry, expected_reports
from finsam_xl.errors import ConsolidationError


def entry(insats_id: str = "SFT 24-1", kadens: str = "kvartal", **kw: object) -> RegisterEntry:
    base: dict[str, object] = {
        "insats_id": insats_id,
        "insats_namn": f"Insats {insats_id}",
        "forbund": "Samordningsförbundet Testbygd",
        "beviljad_fran": D(2024, 2, 15),
        "beviljad_till": D(2024, 12, 31),
        "kadens": kadens,
    }
    return RegisterEntry(**(base | kw))  # type: ignore[arg-type]


def spans(e: RegisterEntry) -> list[tuple[str, date, date]]:
    return [(x.rapporttyp, x.period_fran, x.period_till) for x in expected_reports(e)]


def test_quarters_clipped_to_the_grant_and_the_last_is_the_slutrapport() -> None:
    assert spans(entry()) == [
        ("kvartalsrapport", D(2024, 2, 15), D(2024, 3, 31)),
        ("kvartalsrapport", D(2024, 4, 1), D(2024, 6, 30)),
        ("kvartalsrapport", D(2024, 7, 1), D(2024, 9, 30)),
        ("slutrapport", D(2024, 2, 15), D(2024, 12, 31)),
    ]
    assert expected_reports(entry(), 30)[0].sista_dag == D(2024, 4, 30)


@pytest.mark.parametrize(
    ("kadens", "ends"),
    [
        ("tertial", [D(2024, 4, 30), D(2024, 8, 31)]),
        ("halvar", [D(2024, 6, 30)]),
        ("ar", []),
        ("slut", []),
    ],
)
def test_other_cadences(kadens: str, ends: list[date]) -> None:
    got = [x.period_till for x in expected_reports(entry(kadens=kadens))]
    assert got == [*ends, D(2024, 12, 31)]


def test_explicit_periods_replace_the_cadence() -> None:
    e = entry(perioder=((D(2024, 2, 15), D(2024, 8, 15)),))
    assert spans(e)[0] == ("periodisk", D(2024, 2, 15), D(2024, 8, 15))
    assert len(spans(e)) == 2


def test_matrix_received_late_missing_not_due_and_an_insats_without_reports() -> None:
    span = {"beviljad_fran": D(2024, 2, 15), "beviljad_till": D(2024, 12, 31)}
    reports = [
        fr(
            rapport(fran=D(2024, 2, 15), signed=D(2024, 4, 20), identitet=ident(**span)),
            "q1.xlsx",
        ),
        fr(
            rapport(
                fran=D(2024, 4, 1),
                till=D(2024, 6, 30),
                signed=D(2024, 8, 20),
                ack=20_000,  # Q1's 10 000 + this quarter's 10 000 (`ack-flode` otherwise)
                identitet=ident(**span),
            ),
            "q2.xlsx",
        ),
    ]
    register = Register((entry(), entry("SFT 24-9", kontaktperson="Alex Ansvarig")))
    c = consolidate_reports(reports, register=register, as_of=D(2024, 11, 5))
    saknade = c.tables["saknade"]
    first = saknade[saknade["insats_id"] == "SFT 24-1"]
    assert first["status"].tolist() == ["inkommen", "sen", "saknas", "ej-forfallen"]
    assert first["file"].tolist()[:2] == ["q1.xlsx", "q2.xlsx"]
    other = saknade[saknade["insats_id"] == "SFT 24-9"]
    assert other["status"].tolist() == ["saknas", "saknas", "saknas", "ej-forfallen"]
    statuses = c.tables["insatser"].set_index("insats_id")["status"].to_dict()
    assert statuses == {"SFT 24-1": "ok", "SFT 24-9": "saknar-rapport"}
    reminders = c.tables["paminnelser"].set_index("insats_id")
    assert list(reminders.index) == ["SFT 24-1", "SFT 24-9"]
    text = reminders.loc["SFT 24-9", "text"]
    assert text.startswith("Hej Alex Ansvarig!") and "2024-07-01–2024-09-30" in text
    assert (
        "rapportmall (bifogad)" in text and "finsam-xl" not in text
    )  # no command for a projektledare
    assert reminders.loc["SFT 24-1", "kontaktperson"] == "Kim Test"  # from the reports
    matrix = status_matrix(saknade)
    assert list(matrix.columns) == [
        "insats_id", "insats_namn", "2024-03-31", "2024-06-30", "2024-09-30",
        "2024-12-31 slutrapport",
    ]  # fmt: skip
    shown = c.sheets()["Saknade rapporter"]
    assert shown["Status"].tolist()[:4] == ["Inkommen", "Inkommen sent", "Saknas", "Ej förfallen"]


def test_receipt_counts_even_for_a_file_with_errors_and_as_of_is_injectable() -> None:
    from consolidate_helpers import error

    reports = [fr(rapport(fran=D(2024, 2, 15)), "q1.xlsx", issues=[error()])]
    early = consolidate_reports(reports, register=Register((entry(),)), as_of=D(2024, 4, 30))
    assert early.tables["saknade"]["status"].tolist() == ["inkommen", *["ej-forfallen"] * 3]
    assert early.tables["paminnelser"].empty


def test_read_register_csv_with_semicolons_and_swedish_words(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "Insats_id;Insats_namn;Förbund;Beviljad_fran;Beviljad_till;Rapporttyp;Kontaktperson\n"
        "SFT 24-1;Steget;Testbygd;2024-02-15;20241231;Kvartalsrapport;Kim\n"
        ";Utan id;Testbygd;1 jan 2024;2024-12-31;Halvår;\n"
        ";;;;;;\n",
        encoding="utf-8",
    )
    reg = read_register(path)
    assert [e.kadens for e in reg.entries] == ["kvartal", "halvar"]
    assert reg.entries[0].beviljad_till == D(2024, 12, 31)
    assert reg.entries[1].key == "utan id | testbygd"
    assert reg.entries[1].beviljad_fran == D(2024, 1, 1)


def test_read_register_xlsx_sheet_named_register(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active.title = "Annat"
    ws = wb.create_sheet("Register")
    ws.append(["insats_id", "beviljad_fran", "beviljad_till", "rapporttyp", "perioder"])
    ws.append(["SFT 1", D(2024, 1, 1), D(2024, 12, 31), "år", "2024-01-01–2024-06-30"])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    (only,) = read_register(path).entries
    assert only.perioder == ((D(2024, 1, 1), D(2024, 6, 30)),)
    assert only.beviljad_fran == D(2024, 1, 1)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("SFT 1,2024-01-01,,kvartal", "beviljad_till saknas"),
        ("SFT 1,2024-01-01,2024-12-31,varannan vecka", "okänd"),
        ("SFT 1,inte ett datum,2024-12-31,kvartal", "kan inte läsas som datum"),
    ],
)
def test_broken_register_says_which_row(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"insats_id,beviljad_fran,beviljad_till,rapporttyp\n{line}\n", "utf-8")
    with pytest.raises(ConsolidationError, match=message) as info:
        read_register(path)
    assert "rad 2" in str(info.value)
