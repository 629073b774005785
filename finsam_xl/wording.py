"""Swedish counts with the right number: "1 fil", "2 filer", "1 varning", "0 varningar".

Every message that states how many of something there are goes through ``antal``, so a run that
finds one problem says "1 varning", not "1 varningar" (issue 11: each slip is a phone call).
"""

from __future__ import annotations

# singular -> plural of the nouns finsam-xl counts
PLURAL = {
    "fil": "filer",
    "annan fil": "andra filer",
    "varning": "varningar",
    "insats": "insatser",
    "rapport": "rapporter",
    "upplysning": "upplysningar",
    "ersatt": "ersatta",
    "utelämnad": "utelämnade",
    "oläst": "olästa",
    "oläsbar": "oläsbara",
    "fel": "fel",
    "info": "info",
    "deltagare": "deltagare",
}


def antal(n: int, singular: str) -> str:
    """``n`` and the noun (or participle) in the number Swedish wants: 1 → singular, else plural."""
    return f"{n} {singular if n == 1 else PLURAL.get(singular, singular)}"


def plural(n: int, one: str, many: str) -> str:
    """``n`` with a phrase given in both numbers ("1 fil läst", "2 filer lästa")."""
    return f"{n} {one if n == 1 else many}"


class Note(str):
    """A line for people, in Swedish (the string itself) with its English in ``en``.

    Notes travel as plain strings (lists, JSON, de-duplication); ``in_language`` picks the
    English for ``--english``. A plain ``str`` has only its Swedish, and stays Swedish.
    """

    en: str

    def __new__(cls, sv: str, en: str) -> Note:
        made = super().__new__(cls, sv)
        made.en = en
        return made

    def __reduce__(self) -> tuple[type[Note], tuple[str, str]]:  # worker processes pickle notes
        return (Note, (str(self), self.en))


def in_language(text: str, *, english: bool) -> str:
    """``text`` in English when asked and known (a ``Note``), else as it is."""
    return text.en if english and isinstance(text, Note) else str(text)
