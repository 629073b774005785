"""The hostile-input corpus of issue 14, built in code from one clean example report.

Every case of ``shared/reviews/hostile.md`` that a file or a file name can carry is made here
from ``workbooks/examples/steget-vidare-kvartalsrapport-2024q1.xlsx`` (the control, judged ok)
by editing cells with openpyxl or the package's XML directly; nothing binary is committed.

    python tests/hostile_corpus.py DEST     # writes DEST/inkorg/… and DEST/namngivna/…

``build(dest)`` returns a :class:`Corpus`: the folder to walk (``inbox``), files to name on the
command line (``named``: they are read whatever their name or kind), the control's name, the
files a walk must skip, and one :class:`Case` per hostile file. Cases that need an unprivileged
user (chmod 000) are left out when run as root, where the kernel ignores the mode.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "workbooks" / "examples"
CONTROL = EXAMPLES / "steget-vidare-kvartalsrapport-2024q1.xlsx"
DELTAGARE = EXAMPLES / "steget-vidare-deltagare-2024q1.xlsx"
CONTROL_NAME = "_kontroll-ok.xlsx"
PNR = "19121212-1212"  # a valid personnummer (Skatteverket's test number)
EVIL = "EVILMARK"  # in every submitted formula, so an output holding one is easy to find
SENTINEL = 987_654_000  # numbers later swapped for NaN/INF in the XML


@dataclass(frozen=True)
class Case:
    id: str
    path: Path  # relative to the corpus root
    note: str


@dataclass
class Corpus:
    root: Path
    inbox: Path  # walked as a folder
    named: list[Path]  # given by name
    control: Path
    skipped: list[Path]  # a walk must pass these over (lock file, own temporary)
    cases: list[Case] = field(default_factory=list)

    def inputs(self) -> list[Path]:
        """Every input file (not links to devices): their sha256 must never change."""
        out = []
        for p in [*sorted(self.inbox.rglob("*")), *self.named]:
            if p.is_file() and not p.is_symlink():
                out.append(p)
        return out


# --- building blocks ----------------------------------------------------------------------------


def _book(path: Path = CONTROL) -> Any:
    return openpyxl.load_workbook(path)


def _cell(wb: Any, name: str, row: int = 0, col: int = 0) -> Any:
    """The cell a defined name points at (a table's row/col offset from its top left)."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    first = ref.replace("$", "").split(":")[0]
    return wb[sheet][first].offset(row, col)


def _text(cell: Any, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # text, even when it starts with "="


def _bytes(wb: Any) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


_IDS = iter(range(1, 1000))


def _edit(**values: Any) -> bytes:
    """The control with these values; its own insats_id unless given, so that consolidation
    keeps every case (reports of one insats and period would replace each other)."""
    wb = _book()
    values = {"insats_id": f"H-{next(_IDS):03d}", **values}
    for name, value in values.items():
        if isinstance(value, str):
            _text(_cell(wb, name), value)
        else:
            _cell(wb, name).value = value
    return _bytes(wb)


def _repack(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """``data`` with each member replaced by ``edit(name, content)`` (None drops it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = edit(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace(data: bytes, old: bytes, new: bytes) -> bytes:
    found = []

    def edit(name: str, content: bytes) -> bytes:
        if old in content:
            found.append(name)
        return content.replace(old, new)

    out = _repack(data, edit)
    assert found, f"{old!r} not in the workbook"
    return out


def _sheet_part(data: bytes, title: str) -> str:
    """The zip member of the worksheet called ``title``."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', book)
    assert rid, title
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target, rid.group(1)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def _in_sheet(data: bytes, title: str, change: Callable[[bytes], bytes]) -> bytes:
    part = _sheet_part(data, title)
    return _repack(data, lambda n, c: change(c) if n == part else c)


def _names(data: bytes, **texts: str) -> bytes:
    """Defined names pointed elsewhere: name -> new formula text."""

    def edit(name: str, content: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return content
        for key, text in texts.items():
            content, n = re.subn(
                rb'(<definedName name="' + key.encode() + rb'"[^>]*>)[^<]*(<)',
                lambda m, t=text: m.group(1) + t.encode() + m.group(2),
                content,
            )
            assert n == 1, key
        return content

    return _repack(data, edit)


# --- the cases ----------------------------------------------------------------------------------


def _huge_counts(data: bytes) -> bytes:
    """A shared-strings part declaring 4 294 967 295 strings and holding one (calamine reserved
    ~100 GB for it and aborted), added with its relationship and content type."""
    ns = b"http://schemas.openxmlformats.org/"
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + ns + b'spreadsheetml/2006/main"'
        b' count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>'
    )
    rel = (
        b'<Relationship Id="rIdSst" Type="' + ns + b"officeDocument/2006/relationships/"
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )

    def edit(name: str, content: bytes) -> bytes:
        if name == "xl/_rels/workbook.xml.rels":
            return content.replace(b"</Relationships>", rel)
        if name == "[Content_Types].xml":
            return content.replace(b"</Types>", override)
        return content

    out = io.BytesIO(_repack(data, edit))
    with zipfile.ZipFile(out, "a") as z:
        z.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def _structural() -> dict[str, tuple[bytes, str]]:
    rng = random.Random(14)
    base = _edit()
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&e;</dc:title>'
        b"</cp:coreProperties>"
    )
    unclosed_rows = b"<row r='99'><c r='A99' t='inlineStr'><is><t>x</t></is></c></row>" + (
        b"<row>" * 20_000
    )
    unclosed_cells = b"<row r='99'><c r='A99' t='inlineStr'><is><t>x</t></is></c>" + (
        b"<c>" * 20_000
    )
    far = (
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>'
        + PNR.encode()
        + b"</t></is></c></row></sheetData>"
    )
    return {
        "A01-noll-byte": (b"", "zero-byte .xlsx"),
        "A03-avkortad": (base[: len(base) // 2], "zip cut in half"),
        "A04-slump": (rng.randbytes(70_000), "random bytes"),
        "A18-utan-content-types": (
            _repack(_edit(), lambda n, c: None if n == "[Content_Types].xml" else c),
            "no [Content_Types].xml: calamine reads it, openpyxl cannot",
        ),
        "X05-xxe-core": (
            _repack(_edit(), lambda n, c: xxe if n == "docProps/core.xml" else c),
            "XXE in docProps/core.xml, a part only openpyxl parses",
        ),
        "X06-sst-uniquecount": (
            _huge_counts(_edit()),
            "sharedStrings declaring uniqueCount 4294967295",
        ),
        "X07-cell-langt-bort": (
            _in_sheet(_edit(), "Listor", lambda c: c.replace(b"</sheetData>", far, 1)),
            "a personnummer at XFD1048576",
        ),
        "X19-oavslutade-rader": (
            _in_sheet(
                _edit(),
                "Listor",
                lambda c: c.replace(b"</sheetData>", unclosed_rows + b"</sheetData>"),
            ),
            "20 000 unclosed <row> after a single-quoted ref",
        ),
        "X20-oavslutade-celler": (
            _in_sheet(
                _edit(),
                "Listor",
                lambda c: c.replace(b"</sheetData>", unclosed_cells + b"</sheetData>"),
            ),
            "20 000 unclosed <c> after a single-quoted ref",
        ),
        "X26-ref-valfria": (
            _names(
                _edit(),
                budget_lonekostnader="#REF!",
                utfall_lonekostnader="#REF!",
                utfall_ack_lonekostnader="#REF!",
                deltagare_nya_kvinnor="#REF!",
                mal="#REF!",
            ),
            "#REF! names on optional figures",
        ),
    }


def _numbers() -> dict[str, tuple[bytes, str]]:
    wb = _book()
    _text(_cell(wb, "insats_id"), "H-V15")
    for i, name in enumerate(("budget_lonekostnader", "utfall_lonekostnader")):
        _cell(wb, name).value = SENTINEL + i
    _cell(wb, "deltagare_nya_kvinnor").value = SENTINEL + 2
    inf = _bytes(wb)
    for i, text in enumerate((b"INF", b"-inf", b"1e400")):
        inf = _replace(inf, b"<v>%d</v>" % (SENTINEL + i), b"<v>" + text + b"</v>")
    nan = _replace(
        _edit(deltagare_nya_man=SENTINEL + 3), b"<v>%d</v>" % (SENTINEL + 3), b"<v>NaN</v>"
    )
    absurd = _edit(budget_lokalkostnader=1e308, deltagare_nya_kvinnor=1e18, deltagare_nya_man=1e300)
    return {
        "V15-inf": (inf, "INF, -inf and 1e400 in number cells"),
        "V15b-nan": (nan, "<v>NaN</v> in a count"),
        "V19-orimliga-tal": (absurd, "1e308 kr, counts 1e18 and 1e300"),
    }


def _texts() -> dict[str, tuple[bytes, str]]:
    wb = _book()
    _text(_cell(wb, "insats_id"), "H-V07")
    _text(_cell(wb, "mal", 0, 0), "\r=1+2 " + EVIL)
    cr_goal = _bytes(wb)
    wb = _book()
    _text(_cell(wb, "insats_id"), "H-V20")
    for row in range(300):  # 1 200 formula-like texts: the issue cap, not 1 200 warnings
        for col in range(1, 5):
            _text(wb["Listor"].cell(row=100 + row, column=col), "=1")
    many = _bytes(wb)
    wb = _book()
    _text(_cell(wb, "insats_id"), "H-P10")
    wb["Listor"].title = f"Blad {PNR}"
    _text(wb[f"Blad {PNR}"]["A1"], "=1+1 i ett blad med personnummer i namnet")
    sheet_pnr = _bytes(wb)
    controls = _replace(
        _edit(insats_namn="Namn CTRLMARK", deltagare_nya_kvinnor="12CTRLMARK"),
        b"CTRLMARK",
        b"_x001B_]0;PWNED_x0007_\x01",
    )
    return {
        "V01-hyperlink": (
            _edit(insats_namn=f'=HYPERLINK("http://evil.example/{EVIL}","klicka")'),
            "=HYPERLINK as text",
        ),
        "V02-dde": (_edit(huvudman=f"=cmd|' /C calc'!A0 {EVIL}"), "DDE as text"),
        "V05-at": (_edit(forbund=f"@SUM(A1:A2) {EVIL}"), "@SUM as the förbund"),
        "V06-tab": (_edit(insats_namn="\t=1+2 " + EVIL), "TAB before a formula"),
        "V07-cr": (cr_goal, "CR before a formula in a goal"),
        "V08-dde-id": (_edit(insats_id=f"=2+5+cmd|' /C notepad'!'A1' {EVIL}"), "DDE as the id"),
        "V12-styrtecken": (controls, "ESC/BEL/SOH in texts and a count"),
        "V20-manga-fynd": (many, "1 200 formula-like texts"),
        "P03-pnr-belopp": (_edit(beviljat_belopp=f"{PNR} kr"), "personnummer in an amount"),
        "P04-pnr-datum": (_edit(period_fran=191212121212), "personnummer in a date"),
        "P06-pnr-tal": (
            _edit(insats_namn=191212121212, huvudman=1212121212),
            "personnummer typed as numbers into text fields",
        ),
        "P07-pnr-stavningar": (
            _edit(
                insats_namn="Hostile P07 121212\u20131212",
                huvudman="121212\u00a01212",
                kontaktperson="12 12 12-1212",
                text_genomforande="Gäller 121212\u20111212",
            ),
            "en dash, no-break space, spaced digits, non-breaking hyphen",
        ),
        "P09-pnr-id": (_edit(insats_id=PNR), "personnummer as insats_id"),
        "P10-pnr-blad": (sheet_pnr, "personnummer in a sheet name"),
    }


def _deltagare() -> dict[str, tuple[bytes, str]]:
    with DELTAGARE.open("rb") as fh:
        data = fh.read()
    return {
        "X27-lista-forbi-gransen": (
            _names(data, deltagarlista="Deltagarlista!$B$6:$I$20001"),
            "participant list name reaching row 20 001",
        )
    }


def build(dest: Path) -> Corpus:
    """Write the corpus under ``dest`` (made if missing, which must be empty) and describe it."""
    inbox, named_dir = dest / "inkorg", dest / "namngivna"
    inbox.mkdir(parents=True)
    named_dir.mkdir()
    corpus = Corpus(dest, inbox, [], inbox / CONTROL_NAME, [])
    shutil.copyfile(CONTROL, corpus.control)

    def add(rel: str | Path, data: bytes, note: str, case_id: str | None = None) -> Path:
        path = inbox / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        corpus.cases.append(Case(case_id or str(rel), path.relative_to(dest), note))
        return path

    for builder in (_structural, _numbers, _texts, _deltagare):
        for case_id, (data, note) in builder().items():
            add(f"{case_id}.xlsx", data, note, case_id)

    odd_names: dict[str, str] = {
        "F05-rad\nbrytning.xlsx": "newline in the name",
        "F05-tab\tbar.xlsx": "tab in the name",
        "F05-rapport\u202eslx.xlsx": "right-to-left override",
        "--help.xlsx": "leading dashes",
        '=HYPERLINK("http:evil.example","EVILMARK").xlsx': "a formula as the name",
        f"rapport-{PNR}.xlsx": "personnummer in the name",
        "forbundA/rapport.xlsx": "same name as forbundB/rapport.xlsx",
        "forbundB/rapport.xlsx": "same name as forbundA/rapport.xlsx",
        "r.xlsx": "beside a submitted r-kontroll.xlsx",
        "r-kontroll.xlsx": "a submitted file named like r.xlsx's feedback",
    }
    for rel, note in odd_names.items():
        add(rel, _edit(), note, rel.partition(".")[0][:12])
    if sys.platform.startswith("linux"):
        raw = os.fsencode(str(inbox)) + b"/F05-latin1-\xe5\xe4\xf6.xlsx"  # not UTF-8
        with open(raw, "wb") as fh:
            fh.write(_edit())
        path = Path(os.fsdecode(raw))
        corpus.cases.append(Case("F05-latin1", path.relative_to(dest), "non-UTF-8 bytes"))
    add(  # an .xlsm gets a separate feedback book, which once linked to the file by name
        "search-ms:query=rapport&crumb=location:\\\\evil.example@80\\share\\x.xlsm",
        _edit(),
        "feedback links built from a file name",
        "V21-search-ms",
    )
    # Files a walk skips: Excel's owner file, and a temporary from a killed finsam-xl run.
    for rel in ("~$rapport.xlsx", ".finsam-xl-ab12cd34.xlsx"):
        (inbox / rel).write_bytes(b"junk")
        corpus.skipped.append(inbox / rel)

    zero = named_dir / "noll.xlsx"
    if os.path.exists("/dev/zero"):
        zero.symlink_to("/dev/zero")
        corpus.named.append(zero)
        corpus.cases.append(Case("F03-dev-zero", zero.relative_to(dest), "link to /dev/zero"))
    no_suffix = named_dir / '=HYPERLINK("http:evil.example","EVILMARK")'
    no_suffix.write_bytes(_edit())
    corpus.named.append(no_suffix)
    corpus.cases.append(Case("F06b", no_suffix.relative_to(dest), "formula name, no suffix"))
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads a chmod 000 file anyway
        locked = named_dir / "last.xlsx"
        locked.write_bytes(_edit())
        locked.chmod(0)
        corpus.named.append(locked)
        corpus.cases.append(Case("F07", locked.relative_to(dest), "unreadable, by name"))
    return corpus


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/hostile_corpus.py DEST")
    built = build(Path(sys.argv[1]))
    for case in built.cases:
        print(f"{case.id:28} {case.path!s:60} {case.note}")
