"""The lists Uppföljning Finsam (UF) chooses from that are not public: preciserad inriktning per
inriktning, and målgrupper. Settings, not contract: a förbund updates them in finsam-xl.toml
(``[uppfoljning_finsam]``) when UF changes its list, without a new finsam-xl.

The defaults below are a starting point, not UF's list: UF's value lists sit behind its login
(domain §2.2: "full value list not retrievable"). They follow the kinds of insats the förbund's own
reports describe. The templates take any text in these cells; the checks and the UF export compare
against the lists of the run's settings (finsam_xl.config.Config).
"""

from __future__ import annotations

from finsam_xl.schema import normalise_key

PRECISERAD_INDIVIDINRIKTAD: tuple[str, ...] = (
    "Förrehabilitering och aktivering",
    "Arbetslivsinriktad rehabilitering",
    "Kartläggning och bedömning av arbetsförmåga",
    "Stöd till arbete eller studier",
    "Samordnad individuell rehabilitering",
    "Annan individinriktad insats",
)
PRECISERAD_STRUKTUROVERGRIPANDE: tuple[str, ...] = (
    "Kompetensutveckling",
    "Samverkansstruktur och samverkansforum",
    "Metodutveckling",
    "Kartläggning och analys",
    "Information och kommunikation",
    "Annan strukturövergripande insats",
)
MALGRUPPER: tuple[str, ...] = (
    "Unga vuxna 16–29 år",
    "Personer med sjukpenning eller rehabiliteringspenning",
    "Personer med sjuk- eller aktivitetsersättning",
    "Personer med ekonomiskt bistånd",
    "Långtidsarbetslösa",
    "Personer med psykisk ohälsa",
    "Personer med neuropsykiatrisk funktionsnedsättning",
    "Personer med missbruk eller beroende",
    "Utrikes födda",
    "Personal hos parterna",
    "Annan målgrupp",
)


def in_list(value: str | None, values: tuple[str, ...]) -> bool:
    """Is ``value`` one of ``values``, case, diacritics and spacing aside?"""
    if not value:
        return False
    key = normalise_key(value)
    return any(normalise_key(v) == key for v in values)
