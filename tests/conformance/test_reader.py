"""The reader resolves formatting the way Word does: styles and their bases, theme fonts, caps,
automatic numbering, table styles, header inheritance between sections and PAGE fields."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from generator.conformance.reader import model_of


def _model(doc):
    return model_of(doc, Path("thu.docx"))


def test_follows_the_style_chain_down_to_the_document_defaults():
    doc = Document()
    base = doc.styles.add_style("Goc", WD_STYLE_TYPE.PARAGRAPH)
    base.font.name, base.font.size = "Arial", Pt(12)
    child = doc.styles.add_style("Con", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = base
    child.font.bold = True
    doc.add_paragraph("kế thừa", style="Con")
    p = doc.add_paragraph("", style="Con")
    run = p.add_run("trực tiếp")
    run.font.size, run.font.bold = Pt(14), False
    inherited, direct = _model(doc).paragraphs
    assert inherited.runs[0].fonts == {"Arial"} and inherited.sizes == {24} and inherited.bold
    assert direct.runs[0].fonts == {"Arial"} and direct.sizes == {28} and not direct.bold


def test_reads_theme_fonts_and_word_defaults():
    doc = Document()       # python-docx's template: theme fonts, 11 pt
    doc.add_paragraph("chữ")
    (p,) = _model(doc).paragraphs
    assert p.runs[0].fonts == {"Cambria"} and p.sizes == {22}


def test_shows_caps_as_capitals():
    doc = Document()
    run = doc.add_paragraph().add_run("ủy ban nhân dân")
    run.font.all_caps = True
    (p,) = _model(doc).paragraphs
    assert p.plain == "ỦY BAN NHÂN DÂN"


def test_turns_automatic_numbering_into_labels():
    doc = Document()
    for text in ("một", "hai"):
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph("gạch", style="List Bullet")
    labels = [p.label for p in _model(doc).paragraphs]
    assert labels == ["1.", "2.", "•"]
    assert _model(doc).paragraphs[0].full_text == "1. một"


def test_applies_the_table_style_under_the_paragraph_style():
    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    style = doc.styles.add_style("BangThu", WD_STYLE_TYPE.TABLE)
    style.font.name, style.font.size = "Courier New", Pt(9)
    table.style = style
    table.cell(0, 0).paragraphs[0].add_run("ô")
    (p,) = _model(doc).paragraphs
    assert p.in_table and p.runs[0].fonts == {"Courier New"} and p.sizes == {18}


def test_numbers_paragraphs_in_document_order_through_tables():
    doc = Document()
    doc.add_paragraph("đầu")
    t = doc.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].add_run("trái")
    t.cell(0, 1).paragraphs[0].add_run("phải")
    doc.add_paragraph("")
    doc.add_paragraph("cuối")
    assert [(p.index, p.plain, p.col) for p in _model(doc).paragraphs] == [
        (1, "đầu", None), (2, "trái", 0), (3, "phải", 1), (4, "", None), (5, "cuối", None)]


def test_reads_headers_per_section_with_their_page_fields():
    doc = Document()
    doc.add_paragraph("trang một")
    header = doc.sections[0].header
    header.paragraphs[0]._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE \\* MERGEFORMAT "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    doc.add_section(WD_SECTION.NEW_PAGE)          # inherits the header (no headerReference of its own)
    doc.add_paragraph("phần hai")
    sections = _model(doc).sections
    assert len(sections) == 2
    assert [len(s.headers["default"].page_fields) for s in sections] == [1, 1]
    assert sections[0].headers["default"] is sections[1].headers["default"]
    assert [p.plain for p in sections[1].paragraphs] == ["phần hai"]


def test_splits_tabbed_lines_into_segments_with_their_runs():
    doc = Document()
    p = doc.add_paragraph()
    left = p.add_run("\tỦY BAN NHÂN DÂN\t")
    left.font.size = Pt(13)
    right = p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    right.font.bold = True
    (para,) = _model(doc).paragraphs
    a, b = para.segments()
    assert (a.text, a.sizes, a.bold) == ("ỦY BAN NHÂN DÂN", {26}, False)
    assert (b.text, b.bold) == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)


def test_ignores_deleted_text_and_reads_inserted_and_linked_text():
    doc = Document()
    p = doc.add_paragraph("Số: ")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>5</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>05</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:hyperlink {nsdecls("w")}><w:r><w:t>/KH-UBND</w:t></w:r></w:hyperlink>'))
    (para,) = _model(doc).paragraphs
    assert para.plain == "Số: 05/KH-UBND"
    assert qn("w:del") in {c.tag for c in para.element}
