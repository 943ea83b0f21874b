"""Small, schema-safe edits of a python-docx document, used by the fixes of the rules.

Run and paragraph properties go through python-docx's proxies (which keep the XML
children in schema order); text edits touch only the characters that change, inside the
w:t elements that hold them, so the formatting of the rest of the paragraph stays.
Every edit also updates the read model, so later fixes see the new values.
"""

from __future__ import annotations

import unicodedata

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section as DocxSection
from docx.shared import Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

from generator.conformance.reader import _PAGE_FIELD, W, Para, Run, Section, _iter_runs

TNR = "Times New Roman"
_ALIGN = {"both": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _pt(hp: int) -> str:
    return f"{hp / 2:g}".replace(".", ",")


# --------------------------------------------------------------------------- runs


def format_runs(runs: list[Run], *, size: int | None = None, bold: bool | None = None,
                italic: bool | None = None) -> list[str]:
    """Set size (half-points), bold and italic on `runs`; return what changed, in Vietnamese."""
    done = []
    old_sizes = sorted({r.size for r in runs if size is not None and r.size != size})
    if old_sizes:
        done.append(f"cỡ {' và '.join(_pt(s) for s in old_sizes)} pt → {_pt(size)} pt")
    if bold is not None and any(r.bold != bold for r in runs):
        done.append("in đậm" if bold else "bỏ in đậm")
    if italic is not None and any(r.italic != italic for r in runs):
        done.append("in nghiêng" if italic else "bỏ in nghiêng")
    for r in runs:
        font = DocxRun(r.element, None).font
        if size is not None and r.size != size:
            font.size = Pt(size / 2)
            r.size = size
        if bold is not None and r.bold != bold:
            font.bold = bold
            r.bold = bold
        if italic is not None and r.italic != italic:
            font.italic = italic
            r.italic = italic
    return done


def set_font(r: Run) -> None:
    """Make run `r` Times New Roman in every script slot (theme fonts removed)."""
    rpr = r.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), TNR)
        theme = qn(f"w:{slot}Theme")
        if theme in fonts.attrib:
            del fonts.attrib[theme]
    r.fonts = frozenset({TNR})


def set_black(r: Run) -> None:
    DocxRun(r.element, None).font.color.rgb = RGBColor(0, 0, 0)
    color = r.element.rPr.find(qn("w:color"))
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        if color is not None and qn(attr) in color.attrib:
            del color.attrib[qn(attr)]
    r.colour = "000000"


# --------------------------------------------------------------------------- paragraphs


def _pf(p: Para):
    return DocxParagraph(p.element, None).paragraph_format


def set_align(p: Para, align: str) -> None:
    _pf(p).alignment = _ALIGN[align]
    p.align = align


def set_first_line(p: Para, twips: int) -> None:
    pf = _pf(p)
    pf.first_line_indent = Twips(twips)
    p.first_line = twips


def set_spacing(p: Para, *, before: int | None = None, after: int | None = None) -> None:
    pf = _pf(p)
    if before is not None:
        pf.space_before = Twips(max(0, before))
        p.before = max(0, before)
    if after is not None:
        pf.space_after = Twips(max(0, after))
        p.after = max(0, after)


def set_line(p: Para, value: int) -> None:
    """Set line spacing to `value` 240ths of a line (240 single, 360 one and a half)."""
    pf = _pf(p)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE if value == 240 else WD_LINE_SPACING.ONE_POINT_FIVE
    p.line, p.line_rule = value, "auto"


def _text_map(p_el) -> tuple[str, list]:
    """Return the paragraph's text as the reader builds it and, per character, (w:t, offset) or None."""
    chars: list[str] = []
    where: list = []
    for r in _iter_runs(p_el):
        for child in r:
            tag = child.tag
            if tag == W + "t":
                text = unicodedata.normalize("NFC", child.text or "")
                if text != (child.text or ""):
                    child.text = text
                for k, c in enumerate(text):
                    chars.append(c)
                    where.append((child, k))
            elif tag in (W + "tab", W + "ptab"):
                chars.append("\t")
                where.append(None)
            elif tag in (W + "br", W + "cr") and child.get(W + "type") not in ("page", "column"):
                chars.append("\n")
                where.append(None)
            elif tag == W + "noBreakHyphen":
                chars.append("-")
                where.append(None)
    return "".join(chars), where


def replace_in_paragraph(p: Para, start: int, end: int, new: str) -> None:
    """Replace characters start:end of the paragraph's text (`p.text`) by `new`, keeping run formatting."""
    text, where = _text_map(p.element)
    anchor = None
    if start < len(where) and where[start] is not None:
        anchor = where[start]
    else:
        for k in range(start - 1, -1, -1):
            if where[k] is not None:
                anchor = (where[k][0], where[k][1] + 1)
                break
    if anchor is None:
        first_t = next((w[0] for w in where if w is not None), None)
        if first_t is None:
            return
        anchor = (first_t, 0)
    drop: dict[object, set[int]] = {}
    for w in where[start:end]:
        if w is not None:
            drop.setdefault(w[0], set()).add(w[1])
    nodes = list(dict.fromkeys([anchor[0], *drop]))
    for t in nodes:
        old = t.text or ""
        gone = drop.get(t, set())
        out = []
        for k in range(len(old) + 1):
            if t is anchor[0] and k == anchor[1]:
                out.append(new)
            if k < len(old) and k not in gone:
                out.append(old[k])
        t.text = "".join(out)
        if t.text != t.text.strip():
            t.set(_XML_SPACE, "preserve")
    p.text = text[:start] + new + text[end:]
    for r in p.runs:
        r.text = "".join((t.text or "") for t in r.element.iter(W + "t")) or r.text


# --------------------------------------------------------------------------- sections


def _docx_section(ctx, s: Section) -> DocxSection:
    return DocxSection(s.element, ctx.model.doc.part) if ctx is not None else DocxSection(s.element, None)


def set_page_size(s: Section, landscape: bool) -> None:
    ds = DocxSection(s.element, None)
    w, h = (16838, 11906) if landscape else (11906, 16838)
    ds.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    ds.page_width, ds.page_height = Twips(w), Twips(h)
    s.width, s.height, s.orient = w, h, "landscape" if landscape else "portrait"


def set_margin(s: Section, key: str, twips: int) -> None:
    ds = DocxSection(s.element, None)
    setattr(ds, f"{key}_margin", Twips(twips))
    s.margins[key] = twips


_SECTPR_AFTER_PGNUM = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                       "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def restart_numbering(s: Section) -> None:
    """Give section `s` page numbers starting at 1 (w:pgNumType w:start="1")."""
    el = s.element.find(W + "pgNumType")
    if el is None:
        el = parse_xml(f"<w:pgNumType {nsdecls('w')}/>")
        successor = next((c for c in s.element if c.tag in {W + t for t in _SECTPR_AFTER_PGNUM}), None)
        if successor is not None:
            successor.addprevious(el)
        else:
            s.element.append(el)
    el.set(qn("w:start"), "1")
    s.page_start = 1


# --------------------------------------------------------------------------- page-number fields


def _field_runs(p_el) -> list:
    """Return the run-level elements making up PAGE fields in paragraph `p_el`."""
    out = []
    for fs in p_el.iter(W + "fldSimple"):
        if _PAGE_FIELD.search((fs.get(W + "instr") or "").upper()):
            out.append(fs)
    runs = list(p_el.iter(W + "r"))
    i = 0
    while i < len(runs):
        fc = runs[i].find(W + "fldChar")
        if fc is not None and fc.get(W + "fldCharType") == "begin":
            depth, j, group, instr = 0, i, [], ""
            while j < len(runs):
                r = runs[j]
                group.append(r)
                c = r.find(W + "fldChar")
                it = r.find(W + "instrText")
                if it is not None:
                    instr += it.text or ""
                if c is not None and c.get(W + "fldCharType") == "begin":
                    depth += 1
                if c is not None and c.get(W + "fldCharType") == "end":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if _PAGE_FIELD.search(instr.upper()):
                out += group
            i = j + 1
        else:
            i += 1
    return out


def _remove_page_fields(part) -> int:
    n = 0
    for p in part._element.iter(W + "p"):
        for el in _field_runs(p):
            el.getparent().remove(el)
            n += 1
    return n


def _page_field_xml(size: int) -> list:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{TNR}" w:hAnsi="{TNR}" w:cs="{TNR}" w:eastAsia="{TNR}"/>'
           f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')
    parts = ['<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
             '<w:fldChar w:fldCharType="separate"/>', '<w:t>2</w:t>', '<w:fldChar w:fldCharType="end"/>']
    return [parse_xml(f"<w:r {nsdecls('w')}>{rpr}{body}</w:r>") for body in parts]


def _page_paragraphs(header) -> list:
    return [p for p in header.paragraphs if _field_runs(p._p)]


def _format_page_paragraph(p, size: int) -> bool:
    changed = False
    if p.alignment != WD_ALIGN_PARAGRAPH.CENTER:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        changed = True
    pf = p.paragraph_format
    if pf.first_line_indent not in (None, 0) or pf.left_indent not in (None, 0):
        pf.first_line_indent, pf.left_indent = Twips(0), Twips(0)
        changed = True
    for r in p._p.iter(W + "r"):
        run = DocxRun(r, None)
        if run.font.size is None or int(run.font.size.pt * 2) != size:
            run.font.size = Pt(size / 2)
            changed = True
        fonts = r.get_or_add_rPr().get_or_add_rFonts()
        if fonts.get(qn("w:ascii")) != TNR or fonts.get(qn("w:asciiTheme")):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{slot}"), TNR)
                if qn(f"w:{slot}Theme") in fonts.attrib:
                    del fonts.attrib[qn(f"w:{slot}Theme")]
            changed = True
    return changed


def page_number_size(ctx) -> int:
    from generator.conformance.layout import body_paras, dominant_size

    main = dominant_size(body_paras(ctx.layout))
    return main if main in (26, 28) else 28


def fix_page_numbers(ctx) -> list[str]:
    """Put a centred PAGE field in the header of every section; take page numbers out of footers."""
    size = page_number_size(ctx)
    changes = []
    for s in ctx.model.sections:
        ds = _docx_section(ctx, s)
        header = ds.header
        place = f"đầu trang phần {s.index + 1} (section {s.index + 1})"
        if header.is_linked_to_previous:
            if s.index > 0:
                continue
            header.is_linked_to_previous = False
        existing = _page_paragraphs(header)
        if existing:
            if any(_format_page_paragraph(p, size) for p in existing):
                changes.append(f"{place}: số trang canh giữa, Times New Roman {_pt(size)} pt")
        else:
            target = next((p for p in header.paragraphs if not p.text.strip() and not list(p._p.iter(W + "drawing"))),
                          None)
            if target is None:
                target = header.add_paragraph()
            for run in _page_field_xml(size):
                target._p.append(run)
            _format_page_paragraph(target, size)
            changes.append(f"{place}: thêm số trang (trường PAGE) canh giữa, {_pt(size)} pt")
        if not ds.footer.is_linked_to_previous and _remove_page_fields(ds.footer):
            changes.append(f"chân trang phần {s.index + 1}: bỏ số trang ở chân trang")
        if ds.different_first_page_header_footer and not ds.first_page_footer.is_linked_to_previous \
                and _remove_page_fields(ds.first_page_footer):
            changes.append(f"chân trang đầu phần {s.index + 1}: bỏ số trang ở chân trang")
    return changes


def fix_first_page(ctx, annex_sections: set[int]) -> list[str]:
    """No number on page 1 (different first page, blank first header); continuation sections numbered."""
    changes = []
    for s in ctx.model.sections:
        ds = _docx_section(ctx, s)
        if s.index == 0:
            if not ds.different_first_page_header_footer:
                ds.different_first_page_header_footer = True
                changes.append("phần 1: chọn «Different First Page» (trang đầu không có số trang)")
            first = ds.first_page_header
            if first.is_linked_to_previous:
                first.is_linked_to_previous = False
                for p in first.paragraphs:
                    for r in list(p._p.iter(W + "r")):
                        r.getparent().remove(r)
            elif _remove_page_fields(first):
                changes.append("phần 1: bỏ số trang ở đầu trang của trang đầu")
        elif s.index not in annex_sections and s.page_start is None and ds.different_first_page_header_footer:
            first = s.headers.get("first")
            if first is None or not first.page_fields:
                ds.different_first_page_header_footer = False
                changes.append(f"phần {s.index + 1}: bỏ «Different First Page» để trang đầu phần này có số trang")
    return changes


def fix_annex_numbering(ctx, annex_sections: set[int]) -> list[str]:
    changes = []
    for i in sorted(annex_sections):
        s = ctx.model.sections[i]
        if s.page_start != 1:
            restart_numbering(s)
            changes.append(f"phần {i + 1} (phụ lục): đánh số trang lại từ 1")
    return changes

