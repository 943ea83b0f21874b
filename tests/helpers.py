"""Shared test helpers: read reference texts and generated .docx files as paragraphs."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
HEADER_LINES = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
}


def norm(text: str) -> str:
    """Return `text` in NFC with markdown emphasis removed and whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def reference_paragraphs(name: str, start: str, end: str | None = None, *, occurrence: int = 1) -> list[str]:
    """Return the paragraphs of a reference text between the lines matching `start` and `end`.

    `occurrence` picks which line matching `start` opens the range (scrapes repeat blocks).

    Lines split by a page break (the next line starts with a lower-case letter) are joined.
    """
    lines = (REFERENCE / name).read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    active = False
    seen = 0
    for line in lines:
        text = norm(line.rstrip().rstrip("|"))
        if not active and re.search(start, text):
            seen += 1
            active = seen == occurrence
        if not active or not text:
            continue
        if out and text[0].islower() and not re.match(r"^[a-zđ]\) ", text):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        if end and re.search(end, text):
            break
    return out


def _paragraph_text(p) -> str:
    parts = []
    for el in p.iter():
        if el.tag == qn("w:t") and el.text:
            parts.append(el.text)
        elif el.tag in (qn("w:br"), qn("w:tab")):
            parts.append(" ")
    return norm("".join(parts))


def docx_paragraphs(path: Path | str, *, keep_rules: bool = False) -> list[str]:
    """Return the non-empty paragraphs of a .docx body in document order (tables included)."""
    body = Document(str(path)).element.body
    out = []
    for p in body.iter(qn("w:p")):
        text = _paragraph_text(p)
        if not text:
            continue
        if not keep_rules and set(text) == {"_"}:
            continue
        out.append(text)
    return out


def table_rows(path: Path | str, index: int = -1) -> list[list[str]]:
    """Return the cell texts of a table (default: the last one) row by row."""
    doc = Document(str(path))
    table = doc.tables[index]
    rows = []
    for tr in table._tbl.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            cells.append(" ".join(_paragraph_text(p) for p in tc.iter(qn("w:p")) if _paragraph_text(p)))
        rows.append(cells)
    return rows

CORPUS = ROOT / "tests" / "hostile" / "bad_inputs"
FIXTURES = ROOT / "tests" / "fixtures"


def load_plan(path):
    """Return the task plan at `path`, read as every command reads it."""
    from generator import kinds

    return kinds.load(str(path), expect=("ke_hoach",)).model


def load_inspection(path):
    """Return the inspection plan at `path`."""
    from generator import kinds

    return kinds.load(str(path), expect=("kiem_tra",)).model


def load_report(path):
    """Return the report at `path`."""
    from generator import kinds

    return kinds.load(str(path), expect=("bao_cao",)).model


def load_outline(path):
    """Return the đề cương at `path`."""
    from generator import kinds

    return kinds.load(str(path), expect=("de_cuong",)).model


_NEW_PARAGRAPH = re.compile(r"^(- |\+ |\(|Phụ lục|[IVX]+\. |\d+(\.\d+)*\. |[a-zđ]\) )")
REF_INSPECTION = "hai-phong-kiem-tra-cchc-2026.txt"


def inspection_reference(start: str, end: str | None = None) -> list[str]:
    """Return the paragraphs of the reference between the lines matching `start` and `end`.

    This text keeps the PDF's hard line breaks inside paragraphs and separates paragraphs
    by blank lines, except in lists and titles. So a line continues the previous one unless
    a blank line, a list mark, a number, a Phụ lục label or a capitalised title line starts
    it, or the previous line opened a bold title ("**…" on two lines = two title lines).
    Scrape artifacts undone here: "2251 /QĐ" (stray space) and " - + " (the bullet of a
    nested list printed before the item's own "+").
    """
    out: list[str] = []
    active, blank, open_bold = False, True, False
    for raw in (REFERENCE / REF_INSPECTION).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not active and line and re.search(start, norm(line)):
            active = True
        if not active:
            continue
        if not line:
            blank = True
            continue
        text = norm(line)
        new = blank or open_bold or bool(_NEW_PARAGRAPH.match(text)) or text.isupper() or out[-1].isupper()
        if new:
            out.append(text)
        elif out[-1].endswith("-"):
            out[-1] += text
        else:
            out[-1] += " " + text
        open_bold = line.count("**") % 2 == 1
        blank = False
        if end and re.search(end, text):
            break
    fixes = [(r"^Số: (\d+) /", r"Số: \1/"), (r"^- \+ ", "+ ")]
    for pattern, repl in fixes:
        out = [re.sub(pattern, repl, p) for p in out]
    return out


def user_templates(folder: Path, payload: str | None = None, *, document_xml: bytes | None = None,
                   declared: int | None = None, extra_parts: int = 0) -> Path:
    """Make `folder` a user's template folder (KEHOACH_TEMPLATES): a copy of the bundled templates.

    Its ke-hoach.docx opens with a paragraph holding `payload`; or its word/document.xml is
    `document_xml`; `declared`: the size the zip's central directory claims for that part;
    `extra_parts`: that many empty parts more.
    """
    import shutil
    import zipfile

    shutil.copytree(ROOT / "templates", folder)
    if payload is None and document_xml is None and declared is None and not extra_parts:
        return folder
    source = zipfile.ZipFile(ROOT / "templates" / "ke-hoach.docx")
    with zipfile.ZipFile(folder / "ke-hoach.docx", "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                if payload is not None:
                    xml = data.decode("utf-8")
                    at = xml.index("<w:body>") + len("<w:body>")
                    data = (xml[:at] + f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>" + xml[at:]).encode("utf-8")
                if document_xml is not None:
                    data = document_xml
            out.writestr(item, data)
            if declared is not None and item.filename == "word/document.xml":
                out.getinfo(item.filename).file_size = declared  # what the central directory will claim
        for i in range(extra_parts):
            out.writestr(f"word/media/x{i}.bin", b"")
    return folder
