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
