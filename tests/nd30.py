"""Measurable format rules of Nghị định 30/2020 (nd30-the-thuc.md §7) read from docx XML.

A thin view over `generator.conformance.reader`, which resolves each property the way
Word does (run → character style → paragraph style → basedOn → table style → docDefaults,
theme fonts, w:caps); the tests of test_format.py read generated documents through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.table import Table
from docx.text.paragraph import Paragraph

from generator.conformance.reader import read_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Para:
    text: str
    style: str
    align: str
    bold: bool
    italic: bool
    sizes: set[int]          # half-points of runs with text
    fonts: set[str]
    colours: set[str]
    in_table: bool
    first_line: int | None
    before: int
    after: int
    line: int | None
    line_rule: str | None
    element: object          # the python-docx Paragraph


@dataclass
class Docx:
    path: Path
    doc: object
    paragraphs: list[Para]

    def find(self, text: str) -> Para:
        return next(p for p in self.paragraphs if p.text == text)

    def starting(self, prefix: str) -> list[Para]:
        return [p for p in self.paragraphs if p.text.startswith(prefix)]

    def index(self, para: Para) -> int:
        return self.paragraphs.index(para)


def read(path: Path | str) -> Docx:
    model = read_docx(path)
    doc = model.doc
    paras = [
        Para(
            text=p.text.strip(),
            style=p.style_id or "Normal",
            align=p.align,
            bold=p.bold,
            italic=p.italic,
            sizes=p.sizes,
            fonts={f for r in p.runs for f in r.fonts},
            colours={r.colour for r in p.runs},
            in_table=p.in_table,
            first_line=p.first_line or None,
            before=p.before,
            after=p.after,
            line=p.line,
            line_rule=p.line_rule,
            element=Paragraph(p.element, doc),
        )
        for p in model.paragraphs
    ]
    return Docx(Path(path), doc, paras)


def first_table_rows(doc) -> list[list[str]]:
    table = Table(doc.element.body.find(W + "tbl"), doc)
    return [[c.text.strip() for c in row.cells] for row in table.rows]
