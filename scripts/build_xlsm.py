"""Build workbooks/finsam-master.xlsm reproducibly: xlwings' quickstart plus finsam-xl's sheets.

    python scripts/build_xlsm.py [--out workbooks/finsam-master.xlsm]

Steps: run ``xlwings quickstart NAME --standalone`` (the pinned xlwings writes a .xlsm whose VBA
project holds its RunPython module, version-matched); take its vbaProject.bin; put
macros/finsam_xl.bas into the project in place of the sample module (scripts/vba_project.py);
write the workbook with XlsxWriter: the "Inställningar" sheet with the settings and the buttons
Validera, Konsolidera and Synka (legacy form buttons, which XlsxWriter writes as VML with their
macro), and the settings sheet xlwings reads, named exactly ``xlwings.conf`` (its VBA looks up
``PROJECT_NAME & ".conf"``), holding only ``CONF_ROWS``: the quickstart's other rows
(``Interpreter_Win = python``, empty PYTHONPATH/Conda rows) would override the interpreter that
``xlwings addin install`` configured. Nothing passes through openpyxl,
which would drop the buttons, and nothing is made by hand. Fixed document dates keep the output
byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import xlsxwriter

# Run as a plain script from a checkout: the scripts folder and the project root are importable.
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from vba_project import patch_project  # noqa: E402

from finsam_xl.excel.settings import ROWS  # noqa: E402
from finsam_xl.install import WHEEL, install_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODULE = ROOT / "macros" / "finsam_xl.bas"
OUT = ROOT / "workbooks" / "finsam-master.xlsm"
FIXED_DATE = datetime(2026, 1, 1)
XLWINGS_CLI = [sys.executable, "-c", "from xlwings.cli import main; main()"]
CONF_SHEET = "xlwings.conf"
# Only what finsam-xl needs: the module with the custom functions, for "Import Functions".
CONF_ROWS = [("UDF Modules", "finsam_xl.excel.udf")]
BUTTONS = [
    ("Validera", "Kontrollera den öppna rapporten (Ctrl+Skift+V i rapportens fönster)."),
    ("Konsolidera", "Läs alla rapporter i källmappen och skriv översiktsbladen här."),
    ("Synka", "Konsolidera och skicka översikten till Google-kalkylarket."),
]
HELP = [
    "Så använder du arbetsboken",
    f"1. Installera en gång (Windows eller macOS, Python 3.11+): hämta filen {WHEEL} från den "
    f"som förvaltar finsam-xl, och kör i mappen med filen: {install_command('excel')} "
    f"(för Synka: {install_command('excel,sheets')}) och sedan: xlwings addin install",
    "2. Lita på filen: högerklicka på filen > Egenskaper > Avblockera (Windows), "
    "eller spara den på en betrodd plats. Aktivera makron när Excel frågar.",
    "3. Fyll i Källmapp ovan och tryck Konsolidera. Översiktsbladen skrivs om varje gång.",
    "4. Kontrollera en rapport: öppna den, gå till dess fönster och tryck Ctrl+Skift+V "
    "(eller Alt+F8 > Validera). Resultatet hamnar på bladet Kontroll i rapporten.",
    "Knapparna saknas? Alt+F8 visar makrona Validera, Konsolidera och Synka.",
    "Egna funktioner (FINSAM_STATUS, FINSAM_ANMARKNINGAR), bara i Excel för Windows: slå på "
    "Arkiv > Alternativ > Säkerhetscenter > Inställningar för Säkerhetscenter > Makroinställningar "
    "> Lita på åtkomst till VBA-projektets objektmodell, och tryck Import Functions på fliken "
    "xlwings. Bladet xlwings.conf talar om var funktionerna finns.",
    "Excel på webben eller utan Python: använd xlwings Lite, se docs/excel.md.",
]


def quickstart(workdir: Path) -> bytes:
    """The quickstart's vbaProject.bin."""
    subprocess.run(
        # xlwings' own command line, run by this interpreter so the pinned xlwings is the one used
        [*XLWINGS_CLI, "quickstart", "finsam_master", "--standalone"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    xlsm = workdir / "finsam_master" / "finsam_master.xlsm"
    with zipfile.ZipFile(xlsm) as zf:
        return zf.read("xl/vbaProject.bin")


def write_workbook(path: Path, vba: bytes) -> None:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"title": "finsam-xl huvudarbetsbok", "created": FIXED_DATE})
    wb.set_vba_name("ThisWorkbook")
    wb.add_vba_project(io.BytesIO(vba), is_stream=True)
    title = wb.add_format({"bold": True, "font_size": 14})
    label = wb.add_format({"bold": True})
    note = wb.add_format({"italic": True, "font_color": "#595959"})
    value = wb.add_format({"bg_color": "#FFF2CC", "border": 1})

    ws = wb.add_worksheet("Inställningar")
    ws.set_vba_name("Sheet1")
    ws.set_column("A:A", 28)
    ws.set_column("B:B", 40)
    ws.set_column("C:C", 70)
    ws.write("A1", "Inställningar för finsam-xl", title)
    for r, (text, default, hint) in enumerate(ROWS, start=2):
        ws.write(r, 0, text, label)
        ws.write(r, 1, default or "", value)
        ws.write(r, 2, hint, note)
    first_button = len(ROWS) + 3
    for i, (macro, hint) in enumerate(BUTTONS):
        row = first_button + 2 * i
        ws.insert_button(row, 0, {"macro": macro, "caption": macro, "width": 180, "height": 30})
        ws.write(row, 2, hint, note)
    for i, line in enumerate(HELP):
        ws.write(first_button + 2 * len(BUTTONS) + 1 + i, 0, line, label if i == 0 else None)

    conf = wb.add_worksheet(CONF_SHEET)
    conf.set_vba_name("Sheet2")
    conf.set_column("A:B", 24)
    for r, (key, val) in enumerate(CONF_ROWS):
        conf.write(r, 0, key)
        conf.write(r, 1, val)
    ws.activate()
    wb.close()


def build(out: Path = OUT) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        vba = quickstart(Path(tmp))
    vba = patch_project(vba, MODULE.read_text(encoding="utf-8"), new="finsam_xl")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / out.name
        write_workbook(staged, vba)
        shutil.copyfile(staged, out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    print(build(parser.parse_args().out))


if __name__ == "__main__":
    main()
