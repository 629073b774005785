"""The code lists of schema v1 (§6): every code with its Swedish label, in display order.

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
        _cl("malltyp", ("budget", "Budget"), ("rapport", "Rapport"), ("deltagare", "Deltagare")),
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
            ("arbete", "Arbete (även subventionerat)"),
            ("studier", "Studier"),
            ("arbetssokande", "Arbetssökande"),
            ("annan_insats", "Annan insats / fortsatt rehabilitering"),
            ("sjukersattning", "Sjukersättning / aktivitetsersättning"),
            ("ohalsa", "Avbrott på grund av ohälsa"),
            ("annat", "Annat (flytt, eget val, okänt)"),
        ),
        _cl(
            "uppnatt",
            ("ja", "Ja"),
            ("delvis", "Delvis"),
            ("nej", "Nej"),
            ("ej_bedomt", "Ej bedömt"),
        ),
        _cl("kon", ("kvinna", "Kvinna"), ("man", "Man")),
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
            ("ekonomiskt_bistand", "Ekonomiskt bistånd"),
            ("studiemedel", "Studiemedel"),
            ("ingen", "Ingen ersättning"),
            ("okand", "Okänd"),
        ),
        _cl(
            "medfinansieringstyp",
            ("kontant", "Kontant"),
            ("in_natura", "In natura (t.ex. personal)"),
        ),
    )
}
