"""What the report model says of its own fields: which were given, which were unreadable."""

from __future__ import annotations

from finsam_xl.models import Rapport


def test_redovisat_tells_given_fields_by_exact_id_or_prefix() -> None:
    rapport = Rapport(ifyllda=frozenset({"budget_lonekostnader", "deltagare_nya_kvinnor"}))
    assert rapport.redovisat("budget_lonekostnader")  # exact
    assert rapport.redovisat("budget_")  # a prefix
    assert rapport.redovisat("deltagare_nya_")
    assert rapport.redovisat("avslut_", "deltagare_")  # any of several
    assert not rapport.redovisat("avslut_")
    assert not rapport.redovisat("deltagare_totalt_", "utfall_")
    assert not rapport.redovisat("budget_lonekostnader_x")  # longer than any id
    assert not Rapport(ifyllda=frozenset()).redovisat("budget_")
    assert Rapport().redovisat("budget_")  # not known (a model built in code): all counts


def test_olasbart_tells_unreadable_fields_by_prefix() -> None:
    rapport = Rapport(olasbara=frozenset({"utfall_ack_lokalkostnader"}))
    assert rapport.olasbart("utfall_ack_")
    assert rapport.olasbart("budget_", "utfall_")
    assert not rapport.olasbart("utfall_lokal")
    assert not Rapport().olasbart("utfall_")


def test_names_become_keys_and_only_short_names_are_kept() -> None:
    from finsam_xl import schema

    assert schema.normalise_key("  Samordningsförbundet  Östra\tSkåne ") == (
        "samordningsforbundet ostra skane"
    )
    long_name = "Å" * 5_000 + "  x"
    schema._short_key.cache_clear()
    before = schema._short_key.cache_info().currsize
    assert schema.normalise_key(long_name) == "a" * 5_000 + " x"
    assert schema._short_key.cache_info().currsize == before  # a cell's worth of text: not kept
    schema.normalise_key("Ett nytt förbund")
    assert schema._short_key.cache_info().currsize == before + 1
