"""The code lists of schema 2.0 (§6): every code with its Swedish label, in display order.

Cells carrying a code show the label in a dropdown; readers accept the label or the code
(finsam_xl.parse.parse_code). Part of the contract: a change here is a new schema version.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeList:
    id: str
    items: tuple[tuple[str, str], ...]  # (code, Swedish label), in display order

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.items)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in self.items)

    def label(self, code: str) -> str:
        return dict(self.items).get(code, code)


def _cl(list_id: str, *items: tuple[str, str]) -> CodeList:
    return CodeList(list_id, tuple(items))


CODE_LISTS: dict[str, CodeList] = {
    cl.id: cl
    for cl in (
        _cl(
            "malltyp",
            ("budget", "Budget"),
            ("rapport", "Rapport"),
            ("deltagare", "Deltagare"),
            ("forbund", "Förbund"),
        ),
        _cl(
            "rapporttyp",
            ("kvartalsrapport", "Kvartalsrapport"),
            ("tertialrapport", "Tertialrapport"),
            ("delarsrapport", "Delårsrapport"),
            ("arsrapport", "Årsrapport"),
            ("slutrapport", "Slutrapport"),
        ),
        _cl(
            "inriktning",
            ("individinriktad", "Individinriktad"),
            ("strukturovergripande", "Strukturövergripande"),
        ),
        _cl(
            "kostnadsslag",
            ("aktiviteter", "Aktiviteter"),
            ("externa_tjanster", "Externa tjänster"),
            ("lonekostnader", "Lönekostnader"),
            ("lokalkostnader", "Lokalkostnader"),
            ("material", "Material"),
            ("resekostnader", "Resekostnader"),
            ("ovriga_kostnader", "Övriga kostnader"),
        ),
        _cl(
            "utfall",
            ("arbete", "I arbete (även subventionerat)"),
            ("mot_arbete", "Mot arbete (ej anställd)"),
            ("praktik", "Praktik / arbetsträning"),
            ("studier", "Studier"),
            ("arbetssokande", "Arbetssökande"),
            ("annan_insats", "Annan insats / fortsatt rehabilitering"),
            ("ater_remittent", "Åter till remittent / handläggare"),
            ("sjukersattning", "Sjukersättning / aktivitetsersättning"),
            ("ohalsa", "Avbrott på grund av ohälsa"),
            ("annat", "Annat (flytt, eget val, okänt)"),
            ("ej_fordelat", "Ej fördelat (uppgift saknas)"),
        ),
        _cl(
            "avslutsorsak",
            ("planenligt", "Planenligt avslut"),
            ("avbrott", "Avbrott"),
            ("flytt", "Flytt"),
            ("felregistrering", "Felregistrering"),
            ("annat", "Annat"),
        ),
        _cl(
            "uppnatt",
            ("ja", "Ja"),
            ("delvis", "Delvis"),
            ("nej", "Nej"),
            ("ej_bedomt", "Ej bedömt"),
        ),
        _cl("kon", ("kvinna", "Kvinna"), ("man", "Man"), ("ej_angivet", "Ej angivet")),
        _cl(
            "part_typ",
            ("kommun", "Kommun"),
            ("region", "Region"),
            ("forsakringskassan", "Försäkringskassan"),
            ("arbetsformedlingen", "Arbetsförmedlingen"),
            ("samordningsforbund", "Samordningsförbund"),
            ("annan", "Annan"),
        ),
        _cl(
            "forsorjning",
            ("lon", "Lön / egen försörjning"),
            ("sjukpenning", "Sjukpenning / rehabiliteringspenning"),
            ("aktivitetsersattning", "Aktivitetsersättning"),
            ("sjukersattning", "Sjukersättning"),
            ("a_kassa", "A-kassa"),
            ("aktivitetsstod", "Aktivitetsstöd / utvecklingsersättning"),
            ("etableringsersattning", "Etableringsersättning"),
            ("ekonomiskt_bistand", "Ekonomiskt bistånd (försörjningsstöd)"),
            ("studiemedel", "Studiemedel"),
            ("sjukskriven_utan_ersattning", "Sjukskriven (läkarintyg) utan sjukpenning"),
            ("ingen", "Ingen offentlig försörjning"),
            ("okand", "Okänd"),
        ),
        _cl(
            "forsorjningskategori",
            ("sjukpenning", "Sjukpenning / rehabiliteringspenning"),
            ("sjuk_aktivitetsersattning", "Sjuk- eller aktivitetsersättning"),
            ("ekonomiskt_bistand", "Ekonomiskt bistånd (försörjningsstöd)"),
            ("aktivitetsstod", "Aktivitetsstöd / etableringsersättning"),
            ("a_kassa", "A-kassa"),
            ("lon_studiemedel", "Lön / studiemedel"),
            ("sjukskriven_utan_ersattning", "Sjukskriven (läkarintyg) utan sjukpenning"),
            ("ingen", "Ingen offentlig försörjning"),
            ("okand", "Okänt"),
        ),
        _cl(
            "sysselsattning",
            ("arbetslos", "Arbetslös / arbetssökande"),
            ("sjukskriven", "Sjukskriven"),
            ("arbete", "Arbete (även deltid)"),
            ("studier", "Studier"),
            ("ingen", "Ingen sysselsättning"),
            ("okand", "Okänd"),
        ),
        _cl(
            "tid_forsorjning",
            ("under_1", "Under 1 år"),
            ("ar_1_2", "1–2 år"),
            ("ar_3_5", "3–5 år"),
            ("over_5", "Mer än 5 år"),
            ("okand", "Okänd"),
        ),
        _cl(
            "aldersgrupp",
            ("under_16", "Under 16 år"),
            ("16_19", "16–19 år"),
            ("20_24", "20–24 år"),
            ("25_29", "25–29 år"),
            ("30_39", "30–39 år"),
            ("40_49", "40–49 år"),
            ("50_59", "50–59 år"),
            ("60_64", "60–64 år"),
            ("65_plus", "65 år eller äldre"),
        ),
        _cl(
            "malenhet",
            ("antal", "Antal"),
            ("procent", "Procent"),
            ("text", "Text (ej mätbart)"),
        ),
        _cl(
            "malriktning",
            ("minst", "Minst (målvärdet eller mer)"),
            ("hogst", "Högst (målvärdet eller mindre)"),
        ),
        _cl(
            "medfinansieringstyp",
            ("kontant", "Kontant"),
            ("in_natura", "In natura (t.ex. personal)"),
        ),
        # Uppföljning Finsam's fixed choices per insats (domain §2.2, §5; new optional in 2.0)
        _cl(
            "uppfoljningsmetod",
            ("personuppgifter_anonym", "Med personuppgifter / anonym"),
            ("endast_antal", "Endast antal (volyminsats)"),
        ),
        _cl("ja_nej", ("ja", "Ja"), ("nej", "Nej")),
        # the budget post type of every budget row, as Uppföljning Finsam's Insatsbudget has it
        _cl(
            "budgettyp",
            ("insatskostnad", "Insatskostnad"),
            ("esf_insatskostnad", "ESF Insatskostnad"),
        ),
    )
}

# labels an earlier template version showed in its dropdown, still read as their code
OLD_LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "utfall": (("arbete", "Arbete (även subventionerat)"),),
    "forsorjning": (("ekonomiskt_bistand", "Ekonomiskt bistånd"), ("ingen", "Ingen ersättning")),
}

# a list code of försörjning (deltagare template) -> its category in the rapport's counts
FORSORJNING_KATEGORI: dict[str, str] = {
    "lon": "lon_studiemedel",
    "studiemedel": "lon_studiemedel",
    "sjukpenning": "sjukpenning",
    "aktivitetsersattning": "sjuk_aktivitetsersattning",
    "sjukersattning": "sjuk_aktivitetsersattning",
    "a_kassa": "a_kassa",
    "aktivitetsstod": "aktivitetsstod",
    "etableringsersattning": "aktivitetsstod",
    "ekonomiskt_bistand": "ekonomiskt_bistand",
    "sjukskriven_utan_ersattning": "sjukskriven_utan_ersattning",
    "ingen": "ingen",
    "okand": "okand",
}

# åldersgrupp code -> (youngest, oldest) age at start; None = open end (rules check 16–64 on it)
ALDERSGRUPP_SPANN: dict[str, tuple[int | None, int | None]] = {
    "under_16": (None, 15),
    "16_19": (16, 19),
    "20_24": (20, 24),
    "25_29": (25, 29),
    "30_39": (30, 39),
    "40_49": (40, 49),
    "50_59": (50, 59),
    "60_64": (60, 64),
    "65_plus": (65, None),
}


def aldersgrupp_for(alder: int) -> str:
    """The åldersgrupp code of an age at start."""
    for code, (low, high) in ALDERSGRUPP_SPANN.items():
        if (low is None or alder >= low) and (high is None or alder <= high):
            return code
    raise ValueError(alder)  # unreachable: the groups cover every integer
