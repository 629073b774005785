"""Feedback into the submitter's copy: problem cells coloured with a note, and a "Kontroll" sheet.

The original is never touched: the copy goes to another path through a temporary file. openpyxl
drops shapes, form controls, macros and extension lists when it re-saves a workbook, so for such a
file we write a separate feedback workbook (positions as text, no links) instead of a lossy copy,
and say why.

Submitted files are hostile until proven otherwise: every text written is data (never a
formula) with XML-illegal characters stripped, links go only to the copy's own sheets (a link
built from a file name could open ``search-ms:`` or a remote share), and a file that cannot get
a copy is named in the lines returned, never a reason to stop the others. Every feedback
workbook carries the custom property ``finsam_xl_aterkoppling``: an existing file without it,
or any file that was an input of the run, is never replaced.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from finsam_xl.atomic import write_atomically
from finsam_xl.cellmap import quote_sheet
from finsam_xl.errors import FinsamError
from finsam_xl.issue_catalogue import MARK_BORDERS, MARK_FILLS
from finsam_xl.issue_order import workbook_order
from finsam_xl.issue_value import shown_value
from finsam_xl.issues import SEVERITY_SV, Issue, Severity, json_value
from finsam_xl.personnummer import mask
from finsam_xl.render import counts_line
from finsam_xl.safe_text import display_name, safe_text
from finsam_xl.schema import FEEDBACK_MARKER
from finsam_xl.validate import FileReport, ValidationReport
from finsam_xl.wording import Note, in_language

KONTROLL = "Kontroll"
MARKER = FEEDBACK_MARKER  # custom document property of every feedback workbook
_PROPS_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
# Characters no feedback file name gets: separators, Windows' reserved ones, controls, surrogates.
_UNSAFE_IN_NAME = re.compile(
    r'[\x00-\x1f\x7f-\x9f<>:"/\\|?*\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]'
)
# Warnings are orange, not Excel's "neutral" yellow: the templates' input cells are light yellow
# (FFF2CC), and a warning must stand out from "fill in here". A border marks every flagged cell
# too, for readers who cannot tell the colours apart.
# (declared with the severities, so the templates' live checks mark cells in the same colours)
FILLS, BORDERS = MARK_FILLS, MARK_BORDERS

_LOSSY = {
    "har_makron": "makron (VBA)",
    "har_former": "former eller knappar",
    "har_extlst": "tillägg som openpyxl inte kan spara",
}


@dataclass(frozen=True)
class Annotated:
    path: Path
    kind: str  # "kopia" (annotated copy) or "aterkoppling" (separate feedback workbook)
    reason: str = ""


def _text(cell: Any, value: object) -> None:
    """Write a value as data: text that starts with '=' must never become a formula, and no
    character XML cannot carry (openpyxl would raise IllegalCharacterError) is written."""
    data = json_value(value) if not isinstance(value, str | int | float) else value
    if isinstance(data, str):
        cell.value = safe_text(data)
        cell.data_type = "s"
    else:
        cell.value = data


def _lossy_parts(report: FileReport, source: Path) -> list[str]:
    parts = [label for key, label in _LOSSY.items() if report.properties.get(key) == "ja"]
    if source.suffix.lower() == ".xlsm" and _LOSSY["har_makron"] not in parts:
        parts.append(_LOSSY["har_makron"])
    return parts


def _write_kontroll(ws: Any, report: FileReport, *, links: bool) -> None:
    """The Kontroll sheet; ``links``: cell positions link to the copy's own sheets."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    for row, (label, text) in enumerate(
        [("Kontroll av", report.file), ("Resultat", counts_line(report))], start=1
    ):
        _text(ws.cell(row=row, column=1), label)
        _text(ws.cell(row=row, column=2), text)
    font = _workbook_font(ws.parent)  # a Font without a name renders in a serif font
    for col, title in enumerate(("Allvarlighet", "Blad", "Cell", "Kod", "Meddelande", "Värde"), 1):
        ws.cell(row=4, column=col, value=title).font = Font(name=font, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    issues = workbook_order(report.issues, report.malltyp)
    for row, issue in enumerate(issues, start=5):  # a counter: ws.max_row rescans every cell
        values = [SEVERITY_SV[issue.severity], issue.sheet, issue.cell, issue.code, issue.message,
                  None if issue.code == "personnummer" else shown_value(issue)]  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            _text(cell, value)
            cell.alignment = wrap
        ws.cell(row=row, column=6).number_format = _number_format(ws.cell(row=row, column=6).value)
        ws.cell(row=row, column=1).fill = PatternFill("solid", fgColor=FILLS[issue.severity])
        if links and issue.sheet and issue.cell:
            link = ws.cell(row=row, column=3)
            # A location, not a target: a jump inside the copy, with no relationship at all.
            where = f"{quote_sheet(safe_text(issue.sheet))}!{issue.cell}"
            link.hyperlink = Hyperlink(ref=link.coordinate, location=where)
            link.style = "Hyperlink"
            link.alignment = wrap  # the named style resets it: keep the row's top alignment
        # Spreadsheet programs do not grow rows for wrapped text written by openpyxl: size them.
        ws.row_dimensions[row].height = 15 * max(1, -(-len(issue.message) // 75))
    for letter, width in zip("ABCDEF", (12, 16, 8, 22, 70, 18), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A5"
    # An officer prints this and goes through it with the insats: one page wide, landscape.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"


def _workbook_font(wb: Any) -> str:
    """The name of the workbook's default font (its first font), else the templates' font."""
    from finsam_xl.templates.style import FONT_NAME

    fonts = getattr(wb, "_fonts", None)
    name = fonts[0].name if fonts else None
    return str(name) if name else FONT_NAME


def _number_format(value: object) -> str:
    """Amounts as the messages show them: ``1 373 307``, ``99,50`` (Excel puts in the locale's
    separators); dates ISO; text as is."""
    if isinstance(value, bool) or not isinstance(value, int | float | date):
        return "General"
    if isinstance(value, date):
        return "yyyy-mm-dd"
    return "#,##0" if float(value).is_integer() else "#,##0.00"


def _drop_link_formulas(wb: Any) -> None:
    """No HYPERLINK formula survives into a copy: a submitted one may point anywhere, and the
    template's own live-check links are redone by the copy's Kontroll sheet (links to its cells).
    """
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):  # the cells that exist, however far out
            value = cell.value
            if cell.data_type == "f" and isinstance(value, str) and "HYPERLINK" in value.upper():
                cell.value = None


def _mark_cells(wb: Any, issues: Iterable[Issue]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Border, PatternFill, Side

    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet and issue.cell and issue.sheet in wb.sheetnames:
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        worst = min(found, key=lambda i: list(Severity).index(i.severity)).severity
        cell.fill = PatternFill("solid", fgColor=FILLS[worst])
        side = Side(style="medium", color=BORDERS[worst])
        cell.border = Border(left=side, right=side, top=side, bottom=side)
        text = "\n".join(f"{SEVERITY_SV[i.severity].upper()}: {i.message}" for i in found)
        cell.comment = Comment(safe_text(text[:2000]), "finsam-xl", width=320, height=140)


def _save(wb: Any, out: Path) -> None:
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    for prop in [p for p in props.props if p.name == MARKER]:
        props.props.remove(prop)
    props.append(StringProperty(name=MARKER, value="ja"))
    write_atomically(out, wb.save, suffix=".xlsx")


def written_by_us(path: Path) -> bool:
    """Does ``path`` carry the feedback marker? Reads only docProps/custom.xml, size-checked."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 1 << 20:
                return False
            root = ElementTree.fromstring(zf.read(info), forbid_dtd=True)
    except Exception:  # not a zip, no properties, hostile XML: not ours
        return False
    return any(p.get("name") == MARKER for p in root.iter(f"{_PROPS_NS}property"))


def _refuse_foreign(dst: Path, src: Path) -> None:
    if dst.exists() and dst.resolve() == src.resolve():
        raise FinsamError(
            f"{display_name(dst)}: återkopplingen får inte skriva över originalet. Välj en annan "
            "fil.",
            en=f"{display_name(dst)}: the feedback must not overwrite the original. Choose "
            "another file.",
        )
    if (dst.exists() or dst.is_symlink()) and not written_by_us(dst):
        raise FinsamError(
            f"{display_name(dst)} finns redan och är inte en återkoppling från finsam-xl: den "
            "skrivs inte över. Välj en annan fil eller mapp.",
            en=f"{display_name(dst)} exists and is no feedback from finsam-xl: it is not "
            "overwritten. Choose another file or folder.",
        )


def annotate_workbook(source: str | Path, report: FileReport, out: str | Path) -> Annotated:
    """Write feedback for one validated file to ``out``; the source is only read.

    Raises FinsamError when ``out`` is the source or an existing file finsam-xl did not write.
    """
    from openpyxl import Workbook, load_workbook

    src, dst = Path(source), Path(out)
    _refuse_foreign(dst, src)
    lossy = _lossy_parts(report, src)
    if lossy:
        wb = Workbook()
        sheet = wb.worksheets[0]
        sheet.title = KONTROLL
        _write_kontroll(sheet, report, links=False)
        _save(wb, dst)
        reason = Note(f"{display_name(src.name)} innehåller {', '.join(lossy)} som skulle gå "
                      "förlorade i en kopia; återkopplingen är en egen arbetsbok som anger blad "
                      "och cell för varje fynd.",
                      f"{display_name(src.name)} holds {', '.join(lossy)}, which a copy would "
                      "lose; the feedback is a workbook of its own naming sheet and cell for "
                      "each finding.")  # fmt: skip
        return Annotated(dst, "aterkoppling", reason)
    try:
        # From a file object: openpyxl refuses a path without an Excel suffix, but a file
        # named on the command line is read whatever its name. Its warnings (a date serial out
        # of range, say) are about the submitted file, which the report already judges.
        with open(src, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(fh, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FinsamError(
            f"{display_name(src)}: kan inte öppnas för återkoppling "
            f"({safe_text(type(exc).__name__)}): rapporten ovan gäller ändå.",
            en=f"{display_name(src)}: cannot be opened for feedback "
            f"({safe_text(type(exc).__name__)}): the report above stands all the same.",
        ) from exc
    if KONTROLL in wb.sheetnames:
        del wb[KONTROLL]
    _drop_link_formulas(wb)
    _mark_cells(wb, report.issues)
    ws = wb.create_sheet(KONTROLL, 0)
    _write_kontroll(ws, report, links=True)
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet.title == KONTROLL
    _save(wb, dst)
    return Annotated(dst, "kopia")


def _out_stem(path: Path) -> str:
    """A feedback file's name part from a submitted name: one line, no separators, masked."""
    return _UNSAFE_IN_NAME.sub("_", mask(path.stem)).strip(" .") or "rapport"


def _free_name(folder: Path, stem: str, taken: set[Path], inputs: set[Path]) -> Path:
    """``stem-kontroll.xlsx`` in ``folder``, or ``-2``, ``-3``…: not taken this run, no input,
    and not a file finsam-xl did not write."""
    n = 1
    while True:
        name = f"{stem}-kontroll{'' if n == 1 else f'-{n}'}.xlsx"
        out = folder / name
        key = out.absolute()
        if key not in taken and key not in inputs and (not out.exists() or written_by_us(out)):
            return out
        n += 1


def annotate_reports(report: ValidationReport, target: str | Path) -> list[str]:
    """Annotate every readable file: into ``target`` if it is one .xlsx and one file, else a folder.

    Returns one line per file (a Swedish ``Note`` with its English) saying what was written, or
    why nothing could be; one file that cannot get feedback never stops the others.
    """
    target = Path(target)
    lines: list[str] = [Note(f"{f.file}: oläsbar, ingen återkoppling skriven.",
                             f"{f.file}: unreadable, no feedback written.")
                        for f in report.files if f.status == "unreadable"]  # fmt: skip
    readable = [f for f in report.files if f.status != "unreadable"]
    inputs = {Path(f.path or f.file).absolute() for f in report.files}
    single = len(report.files) == 1 and target.suffix.lower() == ".xlsx"
    taken: set[Path] = set()
    for file_report in readable:
        src = Path(file_report.path or file_report.file)
        try:
            if single:
                out = target
                if out.absolute() in inputs and out.absolute() != src.absolute():
                    raise FinsamError(
                        f"{display_name(out)} är en av rapporterna: välj en annan fil.",
                        en=f"{display_name(out)} is one of the reports: choose another file.",
                    )
            else:
                out = _free_name(target, _out_stem(src), taken, inputs)
            taken.add(out.absolute())
            done = annotate_workbook(src, file_report, out)
        except FinsamError as exc:
            why, why_en = str(exc), exc.en or "the feedback could not be written."
            if why.startswith((file_report.file, display_name(out))):
                lines.append(Note(why, why_en))
            else:
                lines.append(Note(f"{file_report.file}: ingen återkoppling: {why}",
                                  f"{file_report.file}: no feedback: {why_en}"))  # fmt: skip
            continue
        except OSError as exc:  # a read-only or full folder: the others may still fit elsewhere
            cause = exc.strerror or type(exc).__name__
            lines.append(Note(
                f"{file_report.file}: ingen återkoppling, kan inte skriva {display_name(out)} "
                f"({cause}).",
                f"{file_report.file}: no feedback, cannot write {display_name(out)} ({cause}).",
            ))  # fmt: skip
            continue
        line = f"{file_report.file}: återkoppling skriven till {display_name(done.path)}"
        line_en = f"{file_report.file}: feedback written to {display_name(done.path)}"
        lines.append(Note(line + (f" ({done.reason})" if done.reason else ""),
                          line_en + (f" ({in_language(done.reason, english=True)})"
                                     if done.reason else "")))  # fmt: skip
    return lines
