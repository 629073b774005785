"""The user pages generated from the code: settings (finsam-xl.toml), prefill formats, library API.

Rendered by ``python -m finsam_xl.docgen`` beside the CLI reference; tests fail when the committed
pages differ. Defaults come from ``Config()``, field lists from the schema, signatures and texts
from the docstrings, so a page cannot say something the code does not do. ``SETTINGS`` describes
each key of finsam-xl.toml; a test checks that it names exactly the keys finsam_xl.config reads.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from finsam_xl.config import DEFAULT, load_config
from finsam_xl.schema import CODE_LISTS, FIELD_BY_ID, Kind, Malltyp


@dataclass(frozen=True)
class Setting:
    section: str  # TOML table: regler, regler.allvarlighet, granser
    key: str
    attribute: str  # the Config field it sets
    kind: str
    meaning: str  # Swedish first, English after " / "


SETTINGS: tuple[Setting, ...] = (
    Setting("regler", "budgetavvikelse_andel", "budgetavvikelse_andel", "tal (andel)",
            "Hur stor avvikelse från budget (andel, 0.10 = 10 %) som ger `budgetavvikelse`. / "
            "Share of budget a deviation must exceed to warn."),
    Setting("regler", "budgetavvikelse_kr", "budgetavvikelse_kr", "kronor",
            "…och minst så många kronor. / …and at least this many kronor."),
    Setting("regler", "summa_tolerans_kr", "summa_tolerans_kr", "kronor",
            "Hur mycket en summa får skilja från sina delar (avrundning). / "
            "Rounding tolerance for sums."),
    Setting("regler", "yymmdd_pivot", "yymmdd_pivot", "heltal",
            "Sexsiffriga datum ÅÅMMDD: år under detta tal blir 20xx, annars 19xx. / "
            "Pivot year for six-digit dates."),
    Setting("regler", "ack_tolerans_kr", "ack_tolerans_kr", "kronor",
            "Hur mycket utfall totalt sedan start får skilja från förra rapportens plus periodens "
            "(`ack-flode`). / Tolerance of the cumulative flow between reports."),
    Setting("regler", "rapportdatum_sent_manader", "rapportdatum_sent_manader", "heltal (månader)",
            "Rapportdatum mer än så många månader efter periodens slut ger `rapportdatum-sent`. / "
            "Months after the period end before a report date is questioned."),
    Setting("regler", "planerat_min_andel", "planerat_min_andel", "tal (andel)",
            "Slutrapport med färre deltagare än denna andel av det planerade ger "
            "`planerat-avviker`. / Lower bound of actual against planned participants."),
    Setting("regler", "planerat_max_andel", "planerat_max_andel", "tal (andel)",
            "…eller fler än denna andel. / Upper bound of actual against planned participants."),
    Setting("regler", "alder_min", "alder_min", "heltal (år)",
            "Deltagare yngre än så vid start ger `alder-utanfor`. / Youngest age at start."),
    Setting("regler", "alder_max", "alder_max", "heltal (år)",
            "…eller äldre än så. / Oldest age at start."),
    Setting("regler", "medlemsbidrag_tolerans_pp", "medlemsbidrag_tolerans_pp",
            "tal (procentenheter)",
            "Hur mycket medlemsbidragens andelar får avvika från 50/25/25 innan "
            "`medlemsbidrag-fordelning` varnar. / Tolerance of the 50/25/25 split, in percentage "
            "points."),
    Setting("regler", "eget_kapital_trappa", "eget_kapital_trappa",
            "lista av [från kr, andel]",
            "Nationella rådets rimliga nivå för eget kapital (rekommendation 2013-10-02) som "
            "trappa: från denna storlek på årets medlemsbidrag högst denna andel, annars "
            "`eget-kapital-hogt`. **Standardvärdet är inte kontrollerat**: rekommendationen gick "
            "inte att läsa, och stegen (20 % under 15 mkr, 15 % till 25 mkr, 10 % däröver) är ett "
            "antagande. Ange de publicerade stegen när ni har dem. / "
            "The staircase for equity; the default steps are an unverified assumption."),
    Setting("regler", "avstangda", "disabled", "lista med regelkoder",
            "Regler som inte körs alls ([koderna](issue-codes.md)); `personnummer` och "
            "`formel-i-text` kan inte stängas av. / Rule codes switched off (never the privacy "
            "and injection rules)."),
    Setting("regler.allvarlighet", "<kod>", "severities", '"error", "warning" eller "info"',
            "Ändrad allvarlighet per regelkod, t.ex. `budgetavvikelse = \"error\"`. / "
            "Severity override per rule code."),
    Setting("granser", "max_filstorlek_mb", "max_file_bytes", "heltal (MB)",
            "Större filer läses inte (`olasbar`). / Larger files are refused."),
    Setting("uppfoljning_finsam", "preciserad_inriktning_individinriktad",
            "uf_preciserad_individinriktad", "lista med texter",
            "Uppföljning Finsams preciserade inriktningar för individinriktade insatser "
            "([standardlistan](uppfoljning-finsam.md) är en utgångspunkt). / UF's list for "
            "individual insatser."),
    Setting("uppfoljning_finsam", "preciserad_inriktning_strukturovergripande",
            "uf_preciserad_strukturovergripande", "lista med texter",
            "…för strukturövergripande insatser. / …for structural insatser."),
    Setting("uppfoljning_finsam", "malgrupper", "uf_malgrupper", "lista med texter",
            "Uppföljning Finsams målgrupper. / UF's target groups."),
)  # fmt: skip


def _default(setting: Setting) -> str:
    value = getattr(DEFAULT, setting.attribute)
    if setting.attribute == "max_file_bytes":
        return f"`{value // (1024 * 1024)}`"
    if isinstance(value, frozenset):
        return "`[]`" if not value else "`" + repr(sorted(value)) + "`"
    if isinstance(value, dict):
        return "–"
    if isinstance(value, tuple):  # a list: the whole of it is on the page it links to
        return f"{len(value)} texter"
    if isinstance(value, Decimal):
        return f"`{value}`"
    if isinstance(value, tuple):  # the staircase: as it is written in finsam-xl.toml
        return "`[" + ", ".join(f"[{int(a)}, {b}]" for a, b in value) + "]`"
    return f"`{value!r}`"


def settings_md() -> str:
    lines = [
        "# Inställningar / settings (finsam-xl.toml)",
        "",
        "Generated by `python -m finsam_xl.docgen` from `finsam_xl/config.py` and",
        "`finsam_xl/docpages.py` (do not edit). Defaults are those of the code.",
        "",
        "## Var filen läses / where the file is read",
        "",
        inspect.cleandoc(load_config.__doc__ or ""),
        "",
        "## Nycklar / keys",
        "",
        "| tabell | nyckel | typ | standard | betydelse |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        lines.append(f"| `[{s.section}]` | `{s.key}` | {s.kind} | {_default(s)} | {s.meaning} |")
    lines += [
        "",
        "## Exempel / example",
        "",
        "```toml",
        "[regler]",
        f"budgetavvikelse_andel = {DEFAULT.budgetavvikelse_andel}",
        f"budgetavvikelse_kr = {DEFAULT.budgetavvikelse_kr}",
        'avstangda = ["budgetavvikelse"]',
        "",
        "[regler.allvarlighet]",
        'avvikelse-utan-kommentar = "error"',
        "",
        "[granser]",
        f"max_filstorlek_mb = {DEFAULT.max_file_bytes // (1024 * 1024)}",
        "```",
        "",
        "Check a settings file by validating with it: "
        "`finsam-xl validate --config finsam-xl.toml workbooks/examples`.",
        "",
    ]
    return "\n".join(lines)


def _prefill_groups() -> dict[Malltyp, list[str]]:
    from finsam_xl.templates.prefill import allowed_fields

    return {m: list(allowed_fields(m)) for m in Malltyp}


def _kind(field_id: str) -> str:
    f = FIELD_BY_ID[field_id]
    if f.kind is Kind.CODE and f.code_list:
        labels = " · ".join(f"`{code}`" for code, _label in CODE_LISTS[f.code_list].items)
        return f"kod: {labels} (koden eller etiketten)"
    if f.kind is Kind.DATE:
        return "datum `ÅÅÅÅ-MM-DD`"
    if f.kind is Kind.TABLE:
        return "lista med objekt: " + ", ".join(f"`{c.id}`" for c in f.columns)
    return f.kind.value


EXAMPLE_DATA = Path(__file__).resolve().parent.parent / "workbooks" / "examples" / "data"
EXAMPLE_FILE = "steget-vidare-kvartalsrapport-2024q1.json"
# Columns both readers take: template --prefill (field ids) and consolidate --register
REGISTER_COLUMNS = ("insats_id", "insats_namn", "forbund", "beviljad_fran", "beviljad_till",
                    "rapporttyp", "kontaktperson", "kontakt_epost")  # fmt: skip


def _example(malltyp: Malltyp) -> dict[str, Any]:
    """The prefillable fields of a shipped example report, as a förbund would keep them."""
    values = json.loads((EXAMPLE_DATA / EXAMPLE_FILE).read_text("utf-8"))["values"]
    allowed = _prefill_groups()[malltyp]
    return {k: v for k, v in values.items() if k in allowed}


def _register_example() -> list[str]:
    row = {**_example(Malltyp.RAPPORT), "rapporttyp": "Kvartalsrapport"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REGISTER_COLUMNS)
    writer.writerow([row.get(c, "") for c in REGISTER_COLUMNS])
    return out.getvalue().splitlines()


def prefill_md() -> str:
    from finsam_xl.templates.prefill import PREFILL_GROUPS

    groups = _prefill_groups()
    ids = list(dict.fromkeys(i for m in Malltyp for i in groups[m]))
    lines = [
        "# Förifyllning / prefill formats",
        "",
        "Generated by `python -m finsam_xl.docgen` from `finsam_xl/schema.py` and",
        "`finsam_xl/templates/prefill.py` (do not edit).",
        "",
        "A template can be written with what the förbund already knows about the insats, so the",
        "insats only reports its figures. Only the groups "
        + ", ".join(f"`{g}`" for g in PREFILL_GROUPS)
        + " can be prefilled; an unknown or other field is an error that lists the allowed ones.",
        "",
        "## JSON: en insats / one insats",
        "",
        "`finsam-xl template rapport -o rapport.xlsx --prefill insats.json` with a JSON object",
        "whose keys are field ids (the defined names of the template). Dates as `ÅÅÅÅ-MM-DD`,",
        'amounts as numbers or text (`"2 400 000 kr"`), codes as code or label.',
        "",
        "For example (`insats.json`, from the shipped example Steget vidare):",
        "",
        "```json",
        json.dumps(_example(Malltyp.RAPPORT), ensure_ascii=False, indent=2),
        "```",
        "",
        "## Register: många insatser / many insatser",
        "",
        "`finsam-xl template rapport -o mallar --prefill register.xlsx` (or `.csv`, comma or",
        "semicolon separated, UTF-8) writes one template per row into the folder `mallar`; the",
        "header row holds field ids, empty cells are left empty. The same register, with the",
        "columns [consolidation.md](consolidation.md) lists, tells `consolidate` which reports",
        "are missing. Both commands read it with one reader (`finsam_xl.register_file`): the",
        'sheet named "Register", else the first; headers in any case, with spaces and å/ä/ö',
        '("Insats ID" is `insats_id`). The register\'s own columns are no fields: `rapporttyp`',
        "holds the cadence (kvartal, tertial, halvår, år, slutrapport), which a `rapport`",
        "template gets as its rapporttyp and other templates leave out; `perioder`, huvudman's",
        "part type and kommun, Uppföljning Finsam's fields, the beslut and `belopp_ÅÅÅÅ` are",
        "the register's and prefill nothing. This writes a register as a workbook for the",
        "kansli to keep (sheets Register and Medlemmar, dropdowns, help per column):",
        "`finsam-xl template register -o kansliets-register.xlsx --prefill register.csv`.",
        "Check which reports are missing with",
        "`finsam-xl consolidate workbooks/examples -o oversikt.xlsx --register register.csv`.",
        "For example (`register.csv`):",
        "",
        "```csv",
        *_register_example(),
        "```",
        "",
        "## Fält / fields",
        "",
        "| fält | " + " | ".join(m.value for m in Malltyp) + " | typ | etikett |",
        "|---|" + "---|" * len(Malltyp) + "---|---|",
    ]
    for field_id in ids:
        marks = " | ".join("ja" if field_id in groups[m] else "–" for m in Malltyp)
        lines.append(
            f"| `{field_id}` | {marks} | {_kind(field_id)} | {FIELD_BY_ID[field_id].label} |"
        )
    lines.append("")
    return "\n".join(lines)


API_NAMES: tuple[str, ...] = (
    "finsam_xl.consolidation.export.export_tables",
    "finsam_xl.writers.csv_out.write_csv",
)


def _api_entry(qualified: str, obj: object) -> list[str]:
    kind = "class" if inspect.isclass(obj) else "function"
    try:
        # annotations are strings (postponed): their quotes go, an empty default keeps its ""
        signature = str(inspect.signature(obj)).replace("= ''", '= ""').replace("'", "")  # type: ignore[arg-type]
        signature = signature.replace(repr(DEFAULT), "DEFAULT")  # finsam_xl.config.DEFAULT
    except (TypeError, ValueError):
        signature = ""
    doc = inspect.cleandoc(obj.__doc__ or "")  # its own, not a base class's
    if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):  # a dataclass' generated doc
        doc = ""
    if inspect.isclass(obj) and issubclass(obj, Exception):
        base = obj.__mro__[1].__name__
        doc = f"{doc}\n\nA subclass of `{base}`.".strip()
    out = [f"### `{qualified}`", "", f"{kind} `{qualified.rsplit('.', 1)[1]}{signature}`", ""]
    if doc:
        out += [doc, ""]
    return out


def api_md() -> str:
    import importlib

    import finsam_xl

    lines = [
        "# Library API",
        "",
        "Generated by `python -m finsam_xl.docgen` from the docstrings (do not edit).",
        "",
        "Everything below `finsam_xl` is imported lazily: `import finsam_xl` is fast, and a name",
        "loads its module on first use. `finsam_xl.consolidate` is the function; the package that",
        "implements it is `finsam_xl.consolidation`.",
        "",
        "## `finsam_xl`",
        "",
    ]
    for name in finsam_xl.__all__:
        if name == "__version__":
            continue
        lines += _api_entry(f"finsam_xl.{name}", getattr(finsam_xl, name))
    lines += ["## Exports", ""]
    for qualified in API_NAMES:
        module, name = qualified.rsplit(".", 1)
        lines += _api_entry(qualified, getattr(importlib.import_module(module), name))
    return "\n".join(lines).rstrip("\n") + "\n"
