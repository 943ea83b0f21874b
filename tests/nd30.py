"""Measurable format rules of Nghị định 30/2020 (nd30-the-thuc.md §7) read from docx XML.

Effective run properties are resolved run → paragraph style → basedOn → docDefaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

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
    element: object


class Styles:
    def __init__(self, doc):
        self.doc = doc
        self.by_id = {s.style_id: s for s in doc.styles}
        dd = doc.styles.element.find(qn("w:docDefaults"))
        self.default_rpr = dd.find(qn("w:rPrDefault")).find(qn("w:rPr")) if dd is not None else None
        ppd = dd.find(qn("w:pPrDefault")) if dd is not None else None
        self.default_ppr = ppd.find(qn("w:pPr")) if ppd is not None else None

    def chain(self, style_id):
        style = self.by_id.get(style_id) if style_id else self.doc.styles.default(1)
        while style is not None:
            yield style
            style = style.base_style

    def rpr_value(self, run_rpr, style_id, tag, attr="val"):
        for rpr in [run_rpr, *[s.element.rPr for s in self.chain(style_id)], self.default_rpr]:
            if rpr is None:
                continue
            el = rpr.find(W + tag)
            if el is not None:
                return el, el.get(W + attr)
        return None, None

    def ppr_value(self, para_ppr, style_id, tag, attr):
        for ppr in [para_ppr, *[s.element.pPr for s in self.chain(style_id)], self.default_ppr]:
            if ppr is None:
                continue
            el = ppr.find(W + tag)
            if el is not None and el.get(W + attr) is not None:
                return el.get(W + attr)
        return None


def _flag(styles, rpr, style_id, tag):
    el, val = styles.rpr_value(rpr, style_id, tag)
    return el is not None and val not in ("0", "false", "off")


def _para(styles: Styles, p: Paragraph, in_table: bool) -> Para:
    ppr = p._p.pPr
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    runs = [r for r in p._p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
    sizes, fonts, colours, bolds, italics = set(), set(), set(), [], []
    for r in runs:
        rpr = r.find(W + "rPr")
        _, sz = styles.rpr_value(rpr, style_id, "sz")
        sizes.add(int(sz) if sz else 20)
        _, font = styles.rpr_value(rpr, style_id, "rFonts", "ascii")
        fonts.add(font or "")
        _, colour = styles.rpr_value(rpr, style_id, "color")
        colours.add(colour or "auto")
        bolds.append(_flag(styles, rpr, style_id, "b"))
        italics.append(_flag(styles, rpr, style_id, "i"))
    first = styles.ppr_value(ppr, style_id, "ind", "firstLine")
    line = styles.ppr_value(ppr, style_id, "spacing", "line")
    return Para(
        text=p.text.strip(),
        style=style_id or "Normal",
        align=styles.ppr_value(ppr, style_id, "jc", "val") or "left",
        bold=bool(runs) and all(bolds),
        italic=bool(runs) and all(italics),
        sizes=sizes,
        fonts=fonts,
        colours=colours,
        in_table=in_table,
        first_line=int(first) if first else None,
        before=int(styles.ppr_value(ppr, style_id, "spacing", "before") or 0),
        after=int(styles.ppr_value(ppr, style_id, "spacing", "after") or 0),
        line=int(line) if line else None,
        line_rule=styles.ppr_value(ppr, style_id, "spacing", "lineRule"),
        element=p,
    )


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
    doc = Document(str(path))
    styles = Styles(doc)
    paras = []
    for child in doc.element.body.iterchildren():
        if child.tag == W + "p":
            paras.append(_para(styles, Paragraph(child, doc), False))
        elif child.tag == W + "tbl":
            for tc in child.iter(W + "tc"):
                for p in tc.iter(W + "p"):
                    paras.append(_para(styles, Paragraph(p, doc), True))
    return Docx(Path(path), doc, paras)


def first_table_rows(doc) -> list[list[str]]:
    table = Table(doc.element.body.find(W + "tbl"), doc)
    return [[c.text.strip() for c in row.cells] for row in table.rows]
