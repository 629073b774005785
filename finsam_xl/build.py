"""From a CellMap to a typed model plus the field-level issues (pure: no spreadsheet library).

This step owns the codes that come from reading single values: `fel-mall`, `gammal-mall`,
`saknas`, `fel-typ`, `okand-kod`, `tolkat-varde`, `tvetydigt-datum`, `ogiltig-epost`. Every parsed
value is remembered in a Locator with its sheet and cell, so the rules after it can point at cells
without knowing the layout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from finsam_xl.cellmap import CellMap, RawCell, RawValue
from finsam_xl.codes import OLD_LABELS
from finsam_xl.config import DEFAULT, Config
from finsam_xl.forbund.model import Forbundsar
from finsam_xl.issues import Issue, make_issue
from finsam_xl.migration import columns_for, gammal_mall_detail, migrate_row
from finsam_xl.models import (
    ZERO,
    Budget,
    Deltagare,
    Deltagarlista,
    Deltagarrad,
    Identitet,
    Kostnadsrad,
    Locator,
    Mal,
    Medfinansiering,
    Part,
    Rapport,
    Report,
)
from finsam_xl.parse import (
    Parsed,
    parse_code,
    parse_count,
    parse_date,
    parse_email,
    parse_kronor,
    parse_number,
    parse_text,
    parse_year,
)
from finsam_xl.schema import (
    AVSLUTSORSAK,
    CODE_LISTS,
    DELTAGAR_RADER,
    FIELD_BY_ID,
    FORSORJNINGSKATEGORI,
    KOSTNADSSLAG,
    MALLVERSION,
    MEDFINANSIERING_LAGEN,
    MEDFINANSIERING_TYPER,
    SCHEMA_VERSION,
    SYSSELSATTNING,
    TEXTER,
    TID_FORSORJNING,
    UTFALL,
    YEARS,
    Column,
    Field,
    Kind,
    Malltyp,
    field_label,
    fields_for,
)
from finsam_xl.wording import Note

IDENTITY = (
    "forbund", "insats_namn", "insats_id", "huvudman", "inriktning", "kontaktperson",
    "kontakt_epost", "beviljad_fran", "beviljad_till", "beviljat_belopp", "huvudman_part_typ",
    "huvudman_kommun", "preciserad_inriktning", "uppfoljningsmetod", "esf_finansiering",
)  # fmt: skip


@dataclass
class Built:
    malltyp: Malltyp | None
    mallversion: str | None
    model: Report | Forbundsar | None  # Forbundsar for the förbund's own template
    locator: Locator
    issues: list[Issue] = field(default_factory=list)


@cache
def required_ids(malltyp: Malltyp) -> tuple[str, ...]:
    """The required fields of a template, in schema order (once per type, not per file)."""
    return tuple(f.id for f in fields_for(malltyp) if f.required(malltyp))


def _version_tuple(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in text.strip().split("."))
    except ValueError:
        return None


class _Reader:
    """Parses one CellMap field by field, collecting issues and positions."""

    def __init__(
        self, cellmap: CellMap, malltyp: Malltyp, config: Config, version: str | None = None
    ) -> None:
        self.cm = cellmap
        self.malltyp = malltyp
        self.version = version
        self.config = config
        self.locator = Locator()
        self.issues: list[Issue] = []
        # Which fields held a value, and which held something that could not be read: the
        # overview tells "ej redovisat" from 0 kr and "ej läsbart" from both.
        self.filled: set[str] = set()
        self.unreadable: set[str] = set()
        self._parsers: dict[tuple[Kind, str | None], Callable[[RawValue], Parsed[Any]]] = {}
        self._required = frozenset(required_ids(malltyp))

    def _parser(self, kind: Kind, code_list: str | None) -> Callable[[RawValue], Parsed[Any]]:
        key = (kind, code_list)
        parser = self._parsers.get(key)
        if parser is None:
            parser = self._parsers[key] = self._make_parser(kind, code_list)
        return parser

    def _make_parser(self, kind: Kind, code_list: str | None) -> Callable[[RawValue], Parsed[Any]]:
        simple: dict[Kind, Callable[[RawValue], Parsed[Any]]] = {
            Kind.KRONOR: parse_kronor,
            Kind.COUNT: parse_count,
            Kind.NUMBER: parse_number,
            Kind.YEAR: parse_year,
            Kind.EMAIL: parse_email,
        }
        if kind is Kind.CODE and code_list:
            items, old = CODE_LISTS[code_list].items, OLD_LABELS.get(code_list, ())
            return lambda raw: parse_code(raw, items, old)
        if kind is Kind.DATE:
            pivot = self.config.yymmdd_pivot
            return lambda raw: parse_date(raw, pivot=pivot)
        return simple.get(kind, parse_text)

    def _note(self, parsed: Parsed[Any], cell: RawCell, field_id: str, label: str) -> None:
        if parsed.code is not None:  # every parser code is a schema issue code
            self.issues.append(
                make_issue(
                    parsed.code,
                    sheet=cell.sheet,
                    cell=cell.cell,
                    field=field_id,
                    value=cell.value,
                    label=label,
                    detail=parsed.detail,
                    detail_en=parsed.detail_en,
                )
            )

    def scalar(self, field_id: str) -> Any:
        cell = self.cm.scalars.get(field_id)
        if cell is None:
            return None
        self.locator.add(cell.sheet, cell.cell, field_id)
        required = field_id in self._required
        if cell.value is None and not required:
            return None  # most cells of a 2.0 rapport are empty: no parser needed to say so
        f = FIELD_BY_ID[field_id]
        parsed = self._parser(f.kind, f.code_list)(cell.value)
        if f.formula:  # a template's own sum: a value there says nothing was reported
            pass
        elif parsed.value is not None:
            self.filled.add(field_id)
        elif not parsed.empty:
            self.unreadable.add(field_id)
        if parsed.code is not None:  # every parser code is a schema issue code
            self._note(parsed, cell, field_id, field_label(field_id))
        if parsed.empty and required:
            self.issues.append(
                make_issue(
                    "saknas",
                    sheet=cell.sheet,
                    cell=cell.cell,
                    field=field_id,
                    label=field_label(field_id),
                )
            )
        return parsed.value

    def amount(self, field_id: str) -> Decimal:
        value = self.scalar(field_id)
        return value if isinstance(value, Decimal) else ZERO

    def count(self, field_id: str) -> int:
        value = self.scalar(field_id)
        return value if isinstance(value, int) else 0

    def table(self, field_id: str, *, keep_empty: bool = False) -> list[tuple[int, dict[str, Any]]]:
        """Rows of a table field as (row index, {column id: parsed value}); blank rows skipped."""
        f = FIELD_BY_ID[field_id]
        rows = self.cm.tables.get(field_id, [])
        columns = columns_for(field_id, self.version)  # a 1.0 table's own column order
        parsers = [self._parser(c.kind, c.code_list) for c in columns]
        out: list[tuple[int, dict[str, Any]]] = []
        for index, cells in enumerate(rows):
            if cells:
                self.locator.add(cells[0].sheet, cells[0].cell, field_id, index)
            blank = all(c.is_empty for c in cells)
            for col, cell in zip(columns, cells, strict=False):
                self.locator.add(cell.sheet, cell.cell, field_id, index, col.id)
            if blank and not keep_empty:
                continue
            values: dict[str, Any] = {}
            for col, cell, parser in zip(columns, cells, parsers, strict=False):
                parsed = parser(cell.value)
                if parsed.code is not None:  # every parser code is a schema issue code
                    self._note(parsed, cell, field_id, self._row_label(f, index, col))
                values[col.id] = parsed.value
            out.append((index, migrate_row(field_id, values, self.version)))
        if not out and f.required(self.malltyp) and rows:
            first = rows[0][0]
            self.issues.append(
                make_issue("saknas", sheet=first.sheet, cell=first.cell, field=field_id,
                           label=f.label, detail=" Minst en rad behövs.",
                           detail_en=" At least one row is needed.")
            )  # fmt: skip
        return out

    @staticmethod
    def _row_label(f: Field, index: int, col: Column) -> str:
        return Note(
            f"{f.label}, rad {index + 1}: {col.label}", f"{f.label}, row {index + 1}: {col.label}"
        )

    def counts(self, prefix: str, codes: tuple[str, ...]) -> dict[str, int]:
        """A 2.0 count list: only the codes whose cell holds a count (empty = not reported)."""
        out: dict[str, int] = {}
        for code in codes:
            value = self.scalar(f"{prefix}_{code}")
            if isinstance(value, int):
                out[code] = value
        return out

    def identitet(self) -> Identitet:
        # a field this template no longer shows is still read where the file has it (1.0 lists)
        values = {
            fid: self.scalar(fid)
            for fid in IDENTITY
            if FIELD_BY_ID[fid].in_template(self.malltyp) or self.cm.has(fid)
        }
        parter = [Part(rad=i, **row) for i, row in self.table("samverkande_parter")]
        malgrupp = [row["malgrupp"] for _, row in self.table("malgrupp") if row.get("malgrupp")]
        return Identitet(**values, samverkande_parter=parter, malgrupp=malgrupp)


def _rapport(r: _Reader, version: str) -> Rapport:
    ident = r.identitet()
    kostnader = [
        Kostnadsrad(
            kostnadsslag=slag,
            budget=r.amount(f"budget_{slag}"),
            utfall=r.amount(f"utfall_{slag}"),
            utfall_ack=r.amount(f"utfall_ack_{slag}"),
            kommentar=r.scalar(f"kommentar_{slag}"),
            budgettyp=r.scalar(f"budgettyp_{slag}"),
        )
        for slag in KOSTNADSSLAG
    ]
    summor = {p: r.scalar(f"{p}_summa") for p in ("budget", "utfall", "utfall_ack")}
    deltagare = {
        rad: Deltagarrad(
            rad=rad,
            kvinnor=r.count(f"deltagare_{rad}_kvinnor"),
            man=r.count(f"deltagare_{rad}_man"),
            ej_angivet=r.count(f"deltagare_{rad}_ej_angivet"),
            under30=r.count(f"deltagare_{rad}_under30"),
            totalt_angivet=r.scalar(f"deltagare_{rad}_totalt"),
        )
        for rad in DELTAGAR_RADER
    }
    rapport = Rapport(
        mallversion=version,
        identitet=ident,
        rapporttyp=r.scalar("rapporttyp"),
        period_fran=r.scalar("period_fran"),
        period_till=r.scalar("period_till"),
        rapportdatum=r.scalar("rapportdatum"),
        uppgiftslamnare=r.scalar("uppgiftslamnare"),
        kostnader=kostnader,
        summor_angivna=summor,
        planerat_antal_deltagare=r.scalar("planerat_antal_deltagare"),
        deltagare=deltagare,
        avslut={u: r.count(f"avslut_{u}") for u in UTFALL},
        mal=[Mal(rad=i, **row) for i, row in r.table("mal")],
        texter={t: r.scalar(t) for t, _ in TEXTER if r.cm.has(t)},
        avslutsorsak=r.counts("avslutsorsak", AVSLUTSORSAK),
        forsorjning_start=r.counts("forsorjning_start", FORSORJNINGSKATEGORI),
        forsorjning_avslut=r.counts("forsorjning_avslut", FORSORJNINGSKATEGORI),
        sysselsattning_start=r.counts("sysselsattning_start", SYSSELSATTNING),
        tid_forsorjning=r.counts("tid_forsorjning", TID_FORSORJNING),
        medfinansiering={
            f"{lage}_{typ}": value
            for lage in MEDFINANSIERING_LAGEN
            for typ in MEDFINANSIERING_TYPER
            if (value := r.scalar(f"medfinansiering_{lage}_{typ}")) is not None
        },
        **{fid: r.scalar(fid) for fid in RAPPORT_EKONOMI_2},
    )
    # Which fields held a value is known only once every field was read (the keywords above).
    return rapport.model_copy(
        update={"ifyllda": frozenset(r.filled), "olasbara": frozenset(r.unreadable)}
    )


RAPPORT_EKONOMI_2 = (
    "budget_endast_summa", "prognos_ar", "prognos_insats", "rekvirerat_belopp",
    "utbetalt_belopp", "intakter", "arsarbetare", "overskridande_finansiering",
)  # fmt: skip


def _budget(r: _Reader, version: str) -> Budget:
    ident = r.identitet()
    year_rows = r.table("budgetar")
    years_row = year_rows[0][1] if year_rows else {}
    columns = [(i, years_row.get(f"ar{i + 1}")) for i in range(YEARS)]
    present = [(i, y) for i, y in columns if isinstance(y, int)]
    plan_rows = dict(r.table("budgetplan", keep_empty=True))
    comment_rows = dict(r.table("budgetplan_kommentar", keep_empty=True))
    type_rows = dict(r.table("budgetplan_typ", keep_empty=True))
    planned_rows = r.table("planerat_antal_deltagare_ar")
    planned = planned_rows[0][1] if planned_rows else {}
    plan: dict[str, list[Decimal]] = {}
    comments: dict[str, str | None] = {}
    types: dict[str, str | None] = {}
    for index, slag in enumerate(KOSTNADSSLAG):
        row = plan_rows.get(index, {})
        plan[slag] = [row.get(f"ar{i + 1}") or ZERO for i, _ in present]
        comments[slag] = comment_rows.get(index, {}).get("kommentar")
        types[slag] = type_rows.get(index, {}).get("budgettyp")
        for i in range(YEARS):
            if row.get(f"ar{i + 1}") and i not in {c for c, _ in present}:
                sheet, cell = r.locator.at("budgetar", 0, f"ar{i + 1}")
                r.issues.append(
                    make_issue("saknas", sheet=sheet, cell=cell, field="budgetar",
                               label=f"Budgetår {i + 1}",
                               detail=" Kolumnen har belopp men inget år.",
                               detail_en=" The column has amounts but no year.")
                )  # fmt: skip
    return Budget(
        mallversion=version,
        identitet=ident,
        budgetar=[y for _, y in present if y is not None],
        budgetar_kolumner=[i for i, _ in present],
        budgetplan=plan,
        budgetplan_kommentar=comments,
        budgetplan_typ=types,
        planerat_antal_deltagare_ar=[planned.get(f"ar{i + 1}") for i, _ in present],
        medfinansiering=[Medfinansiering(rad=i, **row) for i, row in r.table("medfinansiering")],
    )


def _deltagarlista(r: _Reader, version: str) -> Deltagarlista:
    return Deltagarlista(
        mallversion=version,
        identitet=r.identitet(),
        period_fran=r.scalar("period_fran"),
        period_till=r.scalar("period_till"),
        deltagare=[Deltagare(rad=i, **row) for i, row in r.table("deltagarlista")],
    )


def _forbundsar(r: _Reader, version: str) -> Forbundsar:
    from finsam_xl.forbund.read import read_forbundsar

    return read_forbundsar(r, version)


_BUILDERS: dict[Malltyp, Callable[[_Reader, str], Report | Forbundsar]] = {
    Malltyp.RAPPORT: _rapport,
    Malltyp.BUDGET: _budget,
    Malltyp.DELTAGARE: _deltagarlista,
    Malltyp.FORBUND: _forbundsar,
}


def _pos(cell: RawCell | None) -> tuple[str | None, str | None]:
    return (cell.sheet, cell.cell) if cell else (None, None)


def _version_issue(cm: CellMap, version: str | None, malltyp: Malltyp) -> Issue | None:
    """`fel-mall` for an unreadable or newer version, `gammal-mall` for an older one."""
    sheet, cell = _pos(cm.scalars.get("mallversion"))
    got, ours = _version_tuple(version or ""), _version_tuple(MALLVERSION)
    where: dict[str, Any] = {"sheet": sheet, "cell": cell, "field": "mallversion", "value": version}
    if got is None:
        return make_issue(
            "fel-mall",
            **where,
            detail=f"Mallversionen '{version or ''}' går inte att läsa.",
            detail_en="Unreadable template version.",
        )
    if got[0] > SCHEMA_VERSION:
        return make_issue(
            "fel-mall",
            **where,
            detail=f"Nyare mall än programmet: mallversion {version}, men den här finsam-xl "
            f"läser till och med {MALLVERSION}. Uppdatera finsam-xl.",
            detail_en=f"Template {version} is newer than this reader.",
        )
    if ours is not None and got < ours:
        return make_issue(
            "gammal-mall",
            **where,
            detail=gammal_mall_detail(version or "", malltyp.value, MALLVERSION),
            detail_en=f"Older template {version}, read through its migration to {MALLVERSION}; "
            "the fields new in it are empty.",
        )
    return None


def _template_check(cm: CellMap) -> tuple[Malltyp | None, str | None, list[Issue]]:
    """Which template is this, and can this reader read it? (`fel-mall`, `gammal-mall`)."""
    cell = cm.scalars.get("malltyp")
    raw = cell.value if cell else cm.properties.get("malltyp")
    version_raw = cm.value("mallversion") or cm.properties.get("mallversion")
    version = str(parse_text(version_raw).value or "") or None
    sheet, ref = _pos(cell)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        issue = make_issue(
            "fel-mall",
            field="malltyp",
            detail="Filen är inte en finsam-xl-mall (namnet 'malltyp' saknas). Skapa en ny mall "
            "med `finsam-xl template rapport` och för över uppgifterna.",
            detail_en="Not a finsam-xl template: the defined name 'malltyp' is missing.",
        )
        return None, version, [issue]
    parsed = parse_code(raw, CODE_LISTS["malltyp"].items)
    if parsed.value is None:
        issue = make_issue(
            "fel-mall",
            sheet=sheet,
            cell=ref,
            field="malltyp",
            value=raw,
            detail=f"Okänd malltyp '{raw}'. Tillåtna: budget, rapport, deltagare, forbund.",
            detail_en=f"Unknown template type '{raw}'.",
        )
        return None, version, [issue]
    malltyp = Malltyp(parsed.value)
    version_issue = _version_issue(cm, version, malltyp)
    issues = [version_issue] if version_issue else []
    missing = [
        fid
        for fid in required_ids(malltyp)
        if fid not in ("malltyp", "mallversion") and not cm.has(fid)
    ]
    if missing:
        broken = cm.properties.get("trasiga_namn", "")
        issues.append(
            make_issue(
                "fel-mall",
                field=missing[0],
                detail=f"Namngivna celler saknas: {', '.join(missing)}. Filen verkar inte vara "
                "skapad från mallen eller har ändrats. Skapa en ny mall med "
                f"`finsam-xl template {malltyp.value}`."
                + (f" Trasiga namn: {broken}." if broken else ""),
                detail_en=f"Defined names missing: {', '.join(missing)}.",
            )
        )
    return malltyp, version, issues


def build(cellmap: CellMap, config: Config = DEFAULT) -> Built:
    """Parse every field of the CellMap into its model; field-level issues on the way."""
    malltyp, version, issues = _template_check(cellmap)
    if malltyp is None or any(i.code == "fel-mall" and i.field == "mallversion" for i in issues):
        return Built(malltyp, version, None, Locator(), issues)
    reader = _Reader(cellmap, malltyp, config, version)
    model = _BUILDERS[malltyp](reader, version or "")
    return Built(malltyp, version, model, reader.locator, issues + reader.issues)
