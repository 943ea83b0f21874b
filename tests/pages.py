"""How a rendered PDF's pages fall: lines per page, blank space, where paragraphs and rows land.

Reads a LibreOffice PDF with pdfplumber and the .docx it came from with python-docx, so
the page rules a văn thư checks by eye can be asserted: the closing paragraph on the page
of the signature, no heading left as the last line of a page, no page more than a quarter
blank unless an annex (a new section) starts on the next one, one-line header lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from docx import Document
from docx.oxml.ns import qn

HEADING_STYLES = {"MucLaMa", "MucSo", "NhiemVu"}
MARGINS = {"portrait": (56.7, 56.7), "landscape": (85.05, 42.5)}   # top, bottom (pt), as the templates
_NUMBER = re.compile(r"^((?:\d+\.)+) ")
_ROMAN = re.compile(r"^[IVXLC]+\. ")
_LETTERED = re.compile(r"^[a-zđ]\) ")


def norm(text: str) -> str:
    """Return `text` in NFC with whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class Line:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class Page:
    number: int                  # 1-based, in the PDF
    width: float
    height: float
    lines: list[Line]            # body lines (the page number in the top margin left out)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def blank_fraction(self) -> float:
        """Return the share of the text area left blank below the last line."""
        top, bottom = MARGINS["landscape" if self.landscape else "portrait"]
        area = self.height - top - bottom
        last = max((line.bottom for line in self.lines), default=top)
        return max(0.0, (self.height - bottom - last) / area)


def read_pages(pdf: Path) -> list[Page]:
    """Return the pages of `pdf` with their body lines, top to bottom."""
    pages = []
    with pdfplumber.open(pdf) as doc:
        for i, page in enumerate(doc.pages, start=1):
            lines = []
            for raw in page.extract_text_lines(layout=False, strip=True, return_chars=False):
                if raw["bottom"] < 50:        # the page number, in the top margin
                    continue
                lines.append(Line(norm(raw["text"]), raw["top"], raw["bottom"], raw["x0"], raw["x1"]))
            pages.append(Page(i, float(page.width), float(page.height), lines))
    return pages


def words_of(pdf: Path) -> list[list[dict]]:
    """Return each page's words (pdfplumber's extract_words), text in NFC."""
    with pdfplumber.open(pdf) as doc:
        return [[{**w, "text": norm(w["text"])} for w in page.extract_words(keep_blank_chars=False)]
                for page in doc.pages]


# --- the document's paragraphs ---------------------------------------------------------------

@dataclass
class Para:
    text: str
    style: str
    in_table: bool


def _text(p) -> str:
    return norm("".join(t.text or "" for t in p.iter(qn("w:t"))))


def docx_body(path: Path) -> list[Para]:
    """Return the paragraphs of a .docx in order, tables included (empty ones left out)."""
    body = Document(str(path)).element.body
    out = []
    for p in body.iter(qn("w:p")):
        text = _text(p)
        if not text or set(text) == {"_"}:
            continue
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")).get(qn("w:val")) if ppr is not None and ppr.find(qn("w:pStyle")) is not None \
            else "Normal"
        in_table = any(a.tag == qn("w:tc") for a in p.iterancestors())
        out.append(Para(text, style, in_table))
    return out


def level(para: Para) -> int:
    """Return a heading's depth: 0 for "I. …", 1 for "1. …", 2 for "1.1. …"; 9 for body text."""
    if para.style not in HEADING_STYLES:
        return 9
    if _ROMAN.match(para.text):
        return 0
    number = _NUMBER.match(para.text)
    return number.group(1).count(".") if number else 1


def headings_with_content(paras: list[Para]) -> list[Para]:
    """Return the body's headings followed by their own content (not by a heading of their level or above),
    and the body paragraphs opening a list: ending with ":" before the list's first item, or a lettered
    point ("a) Mục tiêu") followed by its "- " / "+ " items."""
    out = []
    for para, following in zip(paras, paras[1:]):   # a heading over a table: the table is its content
        if para.in_table:
            continue
        if para.style in HEADING_STYLES:
            if level(following) > level(para):
                out.append(para)
        elif para.style == "NoiDung" and following.style == "NoiDung" and (
                para.text.endswith(":") or (_LETTERED.match(para.text) and following.text[:2] in ("- ", "+ "))):
            out.append(para)
    return out


def ends_page(page: Page, text: str) -> bool:
    """Return whether the paragraph `text` is the last thing on `page` (its lines are the page's last)."""
    for count in range(1, min(4, len(page.lines)) + 1):
        if text == " ".join(line.text for line in page.lines[-count:]):
            return True
    return False


def page_holding(pages: list[Page], snippet: str, start: int = 0) -> int | None:
    """Return the index of the first page from `start` whose text holds `snippet`."""
    for i in range(start, len(pages)):
        if snippet in pages[i].text:
            return i
    return None


def starts_new_section(prev: Page, page: Page) -> bool:
    """Return whether `page` opens a new section: another orientation, or an annex's first page."""
    if page.landscape != prev.landscape:
        return True
    first = page.lines[0].text if page.lines else ""
    return bool(re.match(r"^(PHỤ LỤC|Phụ lục)\b", first))
