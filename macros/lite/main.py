"""finsam-xl in xlwings Lite: paste this into Lite's main.py and requirements.txt beside it.

No local Python is needed: Lite runs Python in Excel itself (Windows, macOS, Excel on the web).
The scripts call the same functions as the classic buttons and the CLI. Reports to consolidate
are dragged into Lite's file area and read from /data; the settings come from the sheet
"Inställningar" of the open master, as on the desktop.
"""

from pathlib import Path

import xlwings as xw

from finsam_xl.excel import consolidate_into_book, sync_book, validate_book
from finsam_xl.excel.entry import check_book, guarded
from finsam_xl.excel.settings import LITE_DATA_DIR
from finsam_xl.excel.udf import report_issues, report_status

DATA = Path(LITE_DATA_DIR)  # relative paths in a formula are read from Lite's file area


async def _formulas(book: xw.Book) -> dict:
    """Each sheet's formulas (one request a sheet): Lite cannot read them synchronously, and
    validation needs them to tell a typed-over sum from the template's own formula."""
    found = {}
    for sheet in book.sheets:
        try:
            found[sheet.name] = await sheet.used_range.options(ndim=2).get_formula()
        except Exception:  # an engine without get_formula: the check for formulas is skipped
            continue
    return found


@xw.script
async def validera(book: xw.Book):
    """Kontrollera den öppna rapporten: bladet Kontroll, färgade celler och ett meddelande."""
    formulas = await _formulas(book)
    report = guarded(book, lambda: check_book(book, formulas=formulas))
    if report is None:
        return
    # Lite cannot read a fill synchronously; fetch the originals of the cells about to be marked
    # so that the next run can put them back.
    originals = {}
    for issue in report.issues:
        if issue.sheet and issue.cell and (issue.sheet, issue.cell) not in originals:
            try:
                rng = book.sheets[issue.sheet].range(issue.cell)
                originals[(issue.sheet, issue.cell)] = await rng.get_color()
            except Exception:  # a sheet named in an issue may be missing: then it is not marked
                continue
    validate_book(book, report=report, originals=originals)


@xw.script
def konsolidera(book: xw.Book):
    """Sammanställ rapporterna i filområdet (/data) till översiktsbladen i denna arbetsbok."""
    consolidate_into_book(book)


@xw.script
def synka(book: xw.Book):
    """Sammanställ och skicka översikten till Google-kalkylarket på bladet Inställningar."""
    sync_book(book)


@xw.func
def FINSAM_STATUS(sokvag: str) -> str:
    """Status för rapportfilen i /data: godkänd, varningar (n), fel (n), oläsbar, saknas."""
    return report_status(sokvag, base=DATA)


@xw.func  # a list of rows spills as a dynamic array in Lite
def FINSAM_ANMARKNINGAR(sokvag: str) -> list:
    """Anmärkningarna i rapportfilen som en tabell (allvarlighet, blad, cell, meddelande)."""
    return report_issues(sokvag, base=DATA)
