"""The `forbund` template's layout as data for finsam_xl.templates.layout: its sheets, group
titles and notes, and the budget/utfall grid of its Ekonomi sheet."""

from __future__ import annotations

from finsam_xl.schema_base import Malltyp
from finsam_xl.schema_forbund import EKONOMI_KOLUMNER, EKONOMI_RADER

SHEETS = (
    ("Förbundet", ("identitet", "medlemmar")),
    ("Ekonomi", ("forbund_ekonomi", "eget_kapital")),
    ("Beslut", ("beslut",)),
)
GROUP_TITLES = {
    "forbund_ekonomi": "Intäkter och kostnader (kr)",
    "eget_kapital": "Eget kapital (kr)",
}
# a group's title in this template where GROUP_TITLES' (the insats templates') would mislead
TITLE_IN = {("identitet", Malltyp.FORBUND): "Förbundet och året"}
GROUP_NOTES = {
    "forbund_ekonomi": "Budget enligt verksamhetsplanen, utfall enligt bokslutet. Tomt utfall "
    "betyder att bokslutet inte är klart. Medlemsbidragen skrivs på bladet Förbundet.",
    "eget_kapital": "Nationella rådet rekommenderar en rimlig nivå på eget kapital i förhållande "
    "till medlemsbidragen; finsam-xl varnar över den.",
}
# the Ekonomi grid: row header, column headers; its rows are labelled by ROWS, not a code list
MATRIX = ("Post", EKONOMI_KOLUMNER, "")
ROWS = EKONOMI_RADER
