#!/usr/bin/env python3
"""Write the bundled Word templates under templates/ (developer tool).

The .docx files it writes are the source of truth at run time: users restyle them in
Word (named paragraph styles, page setup, table borders). This script only creates the
templates that are missing; a template that differs from what it would write (a user's
restyling) is kept unless it is run with --force. Output is byte-for-byte deterministic.

Layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times
New Roman, header block as a borderless two-column table, page numbers from page 2.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "templates"
sys.path.insert(0, str(ROOT))

from generator.kinds.official.layout import (  # noqa: E402  (the builders' estimates use the same figures)
    ANNEX_CELL_MARGIN_TWIPS,
    ANNEX_COLUMNS_TWIPS,
    HEADER_LEFT_TWIPS,
    TEXT_TWIPS,
)

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)

# Page geometry (twips)
A4_W, A4_H = 11906, 16838
MARGIN = {"top": 1134, "bottom": 1134, "left": 1701, "right": 850}
TEXT_W = A4_W - MARGIN["left"] - MARGIN["right"]  # 9355
LAND_MARGIN = {"top": 1701, "bottom": 850, "left": 1134, "right": 1134}
LAND_TEXT_W = A4_H - LAND_MARGIN["left"] - LAND_MARGIN["right"]  # 14570
HEADER_LEFT_W = HEADER_LEFT_TWIPS
HEADER_RIGHT_W = TEXT_W - HEADER_LEFT_W
SIGN_LEFT_W = 4200
SIGN_RIGHT_W = TEXT_W - SIGN_LEFT_W
ANNEX_COLS = list(ANNEX_COLUMNS_TWIPS)  # sums to LAND_TEXT_W
assert TEXT_W == TEXT_TWIPS and sum(ANNEX_COLS) == LAND_TEXT_W


# --- styles -------------------------------------------------------------------------------

def _style(style_id: str, name: str, *, ppr: str = "", rpr: str = "", based: str = "Normal",
           next_style: str | None = None) -> str:
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="{based}"/>{nxt}<w:qFormat/>'
            f'<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def _sz(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


B, I = "<w:b/><w:bCs/>", "<w:i/><w:iCs/>"
CENTER = '<w:jc w:val="center"/>'
BOTH = '<w:jc w:val="both"/>'
NOSPACE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
BODY_SPACING = '<w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/>'
INDENT = '<w:ind w:firstLine="567"/>'
KEEP = "<w:keepNext/>"
NO_KEEP = '<w:keepNext w:val="0"/>'

STYLES = [
    # header block
    _style("CoQuanChuQuan", "Co quan chu quan", ppr=NOSPACE + CENTER, rpr=_sz(24)),
    _style("TenCoQuan", "Ten co quan", ppr=NOSPACE + CENTER, rpr=B + _sz(26)),
    _style("QuocHieu", "Quoc hieu", ppr=NOSPACE + CENTER, rpr=B + _sz(26)),
    _style("TieuNgu", "Tieu ngu", ppr=NOSPACE + CENTER, rpr=B + _sz(28)),
    _style("DuongKe", "Duong ke", ppr='<w:spacing w:before="0" w:after="120" w:line="140" w:lineRule="exact"/>'
           + CENTER, rpr=_sz(26)),
    _style("SoKyHieu", "So ky hieu", ppr='<w:spacing w:before="120" w:after="0" w:line="240" w:lineRule="auto"/>'
           + CENTER, rpr=_sz(26)),
    _style("DiaDanhNgay", "Dia danh ngay", ppr='<w:spacing w:before="120" w:after="0" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=I + _sz(28)),
    # the 12/13/13 pt set (Nghị định 30, Phụ lục I, Mục V), for long place names
    _style("QuocHieu12", "Quoc hieu 12", ppr=NOSPACE + CENTER, rpr=B + _sz(24), based="QuocHieu"),
    _style("TieuNgu13", "Tieu ngu 13", ppr=NOSPACE + CENTER, rpr=B + _sz(26), based="TieuNgu"),
    _style("DiaDanhNgay13", "Dia danh ngay 13", ppr='<w:spacing w:before="120" w:after="0" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=I + _sz(26), based="DiaDanhNgay"),
    # title block
    _style("TenLoai", "Ten loai van ban", ppr='<w:keepNext/><w:spacing w:before="360" w:after="0" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=B + _sz(28), next_style="TrichYeu"),
    _style("TrichYeu", "Trich yeu", ppr=KEEP + NOSPACE + CENTER, rpr=B + _sz(28)),
    _style("KemTheo", "Kem theo", ppr=KEEP + NOSPACE + CENTER, rpr=I + _sz(28)),
    _style("ThamQuyen", "Tham quyen ban hanh", ppr='<w:keepNext/><w:spacing w:before="240" w:after="240" '
           'w:line="240" w:lineRule="auto"/>' + CENTER, rpr=B + _sz(28)),
    # body
    _style("CanCu", "Can cu", ppr=BODY_SPACING + INDENT + BOTH, rpr=I + _sz(28)),
    _style("Dieu", "Dieu", ppr=BODY_SPACING + INDENT + BOTH, rpr=_sz(28)),
    _style("NoiDung", "Noi dung", ppr=BODY_SPACING + INDENT + BOTH, rpr=_sz(28)),
    _style("MucLaMa", "Muc La Ma", ppr=KEEP + BODY_SPACING + INDENT + BOTH, rpr=B + _sz(28)),
    _style("MucSo", "Muc so", ppr=KEEP + BODY_SPACING + INDENT + BOTH, rpr=B + _sz(28)),
    _style("NhiemVu", "Nhiem vu", ppr=KEEP + BODY_SPACING + INDENT + BOTH, rpr=_sz(28)),
    # signature block
    _style("NoiNhanNhan", "Noi nhan (nhan)", ppr=NOSPACE, rpr=B + I + _sz(24)),
    _style("NoiNhan", "Noi nhan", ppr=NOSPACE, rpr=_sz(22)),
    _style("ChucVuKy", "Chuc vu nguoi ky", ppr=NOSPACE + CENTER, rpr=B + _sz(28)),
    _style("HoTenKy", "Ho ten nguoi ky", ppr='<w:spacing w:before="1200" w:after="0" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=B + _sz(28)),
    # annex
    _style("PhuLuc", "Phu luc", ppr=KEEP + NOSPACE + CENTER, rpr=B + _sz(28)),
    _style("TenPhuLuc", "Ten phu luc", ppr=KEEP + NOSPACE + CENTER, rpr=B + _sz(28)),
    _style("BangTieuDe", "Bang tieu de", ppr='<w:spacing w:before="60" w:after="60" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=B + _sz(24)),
    _style("BangNhom", "Bang nhom", ppr='<w:keepNext/><w:spacing w:before="60" w:after="60" w:line="240" '
           'w:lineRule="auto"/>', rpr=B + _sz(24)),
    _style("BangSo", "Bang so thu tu", ppr='<w:spacing w:before="60" w:after="60" w:line="240" '
           'w:lineRule="auto"/>' + CENTER, rpr=_sz(24)),
    _style("BangNoiDung", "Bang noi dung", ppr='<w:spacing w:before="60" w:after="60" w:line="240" '
           'w:lineRule="auto"/>', rpr=_sz(24)),
    # page number
    _style("SoTrang", "So trang", ppr=NOSPACE + CENTER, rpr=_sz(28)),
    # footnotes (Word's built-in names, so Word treats them as its own)
    ('<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
     '<w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/><w:uiPriority w:val="99"/>'
     f'<w:unhideWhenUsed/><w:pPr>{NOSPACE}{BOTH}</w:pPr><w:rPr>{_sz(24)}</w:rPr></w:style>'),
    ('<w:style w:type="character" w:customStyle="1" w:styleId="FootnoteTextChar">'
     '<w:name w:val="Footnote Text Char"/><w:link w:val="FootnoteText"/><w:uiPriority w:val="99"/>'
     f'<w:rPr>{_sz(24)}</w:rPr></w:style>'),
    ('<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
     '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'),
]

STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles {W_NS}>'
    '<w:docDefaults><w:rPrDefault><w:rPr>'
    '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" '
    'w:cs="Times New Roman"/><w:color w:val="000000"/>' + _sz(28) +
    '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '</w:pPrDefault>'
    '</w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
    + _sz(28) + '</w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
    '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>'
    + "".join(STYLES) + '</w:styles>'
)


# --- body building blocks ------------------------------------------------------------------

def run(text: str, *, bold: bool = False, italic: bool = False) -> str:
    rpr = (B if bold else "") + (I if italic else "")
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(style: str, *runs: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'


def tag(text: str) -> str:
    """A paragraph holding one docxtpl paragraph-level tag ({%p …%}); it vanishes on render."""
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def row_tag(text: str, cols: int) -> str:
    """A table row holding one docxtpl row-level tag ({%tr …%})."""
    return ('<w:tr><w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/>'
            f'<w:gridSpan w:val="{cols}"/></w:tcPr>'
            f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc></w:tr>')


def cell(width: int, *paragraphs: str, span: int = 1, vmerge: str = "") -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{vmerge}</w:tcPr>'
            f'{"".join(paragraphs)}</w:tc>')


NO_BORDERS = ('<w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
              '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>')
GRID_BORDERS = ('<w:tblBorders>' + "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + '</w:tblBorders>')


def table(widths: list[int], rows: str, *, borders: str = NO_BORDERS, header_rows: str = "",
          cell_margin: int = 0, top_margin: int = 0) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            f'{borders}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="{top_margin}" w:type="dxa"/>'
            f'<w:left w:w="{cell_margin}" w:type="dxa"/>'
            f'<w:right w:w="{cell_margin}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
            'w:noHBand="0" w:noVBand="0"/></w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid>{header_rows}{rows}</w:tbl>')


def tr(*cells: str, header: bool = False, cant_split: bool = False) -> str:
    trpr = ("<w:tblHeader/>" if header else "") + ("<w:cantSplit/>" if cant_split else "")
    trpr = f"<w:trPr>{trpr}</w:trPr>" if trpr else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def header_block(*, number_row: str) -> str:
    """The Nghị định 30 header: issuer left, Quốc hiệu/Tiêu ngữ right, then Số and date."""
    left = (tag("{%p if issuer.supervisor %}")
            + para("CoQuanChuQuan", run("{{ issuer.supervisor }}"))
            + tag("{%p endif %}")
            + tag("{%p for line in issuer.lines %}")
            + para("TenCoQuan", run("{{ line }}"))
            + tag("{%p endfor %}")
            + para("DuongKe", run("{{ rules.issuer }}")))
    # fit.compact: the 12/13/13 pt set, when the địa danh–ngày line is too long for 13/14/14
    right = (tag("{%p if fit.compact %}")
             + para("QuocHieu12", run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
             + para("TieuNgu13", run("Độc lập - Tự do - Hạnh phúc"))
             + tag("{%p else %}")
             + para("QuocHieu", run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
             + para("TieuNgu", run("Độc lập - Tự do - Hạnh phúc"))
             + tag("{%p endif %}")
             + para("DuongKe", run("{{ rules.motto }}")))
    rows = tr(cell(HEADER_LEFT_W, left), cell(HEADER_RIGHT_W, right))
    date = (tag("{%p if fit.compact %}")
            + para("DiaDanhNgay13", run("{{ doc.date_line }}"))
            + tag("{%p else %}")
            + para("DiaDanhNgay", run("{{ doc.date_line }}"))
            + tag("{%p endif %}"))
    number = tr(cell(HEADER_LEFT_W, para("SoKyHieu", run("{{ doc.number_line }}"))), cell(HEADER_RIGHT_W, date))
    if number_row == "always":
        rows += number
    elif number_row == "optional":
        rows += row_tag("{%tr if doc.number_line %}", 2) + number + row_tag("{%tr endif %}", 2)
    return table([HEADER_LEFT_W, HEADER_RIGHT_W], rows)


def title_block(type_name: str, note: str | None = None, *, optional_note: bool = True) -> str:
    """Tên loại, the trích yếu lines, an optional italic line under them (the template variable
    `note`, e.g. "(Kèm theo Quyết định số …)"), then the short rule."""
    out = (para("TenLoai", run(type_name))
           + tag("{%p for line in doc.summary %}")
           + para("TrichYeu", run("{{ line }}"))
           + tag("{%p endfor %}"))
    if note:
        line = para("KemTheo", run(f"{{{{ {note} }}}}"))
        out += tag(f"{{%p if {note} %}}") + line + tag("{%p endif %}") if optional_note else line
    return out + para("DuongKe", run("{{ rules.summary }}"))


def signature_block(*, signer_lines: str | None = None) -> str:
    """Nơi nhận on the left, the signer centred on the right.

    The right column prints signer.authority (if any) and signer.title, or, when
    `signer_lines` names a list in the context, each of its lines; then signer.name.
    """
    left = (para("NoiNhanNhan", run("Nơi nhận:"))
            + tag("{%p for item in doc.recipients %}")
            + para("NoiNhan", run("{{ item }}"))
            + tag("{%p endfor %}"))
    if signer_lines:
        titles = (tag(f"{{%p for line in {signer_lines} %}}")
                  + para("ChucVuKy", run("{{ line }}"))
                  + tag("{%p endfor %}"))
    else:
        titles = (tag("{%p if signer.authority %}")
                  + para("ChucVuKy", run("{{ signer.authority }}"))
                  + tag("{%p endif %}")
                  + para("ChucVuKy", run("{{ signer.title }}")))
    right = titles + para("HoTenKy", run("{{ signer.name }}"))
    return table([SIGN_LEFT_W, SIGN_RIGHT_W], tr(cell(SIGN_LEFT_W, left), cell(SIGN_RIGHT_W, right),
                                                cant_split=True), top_margin=240)


def _kept(style: str, keeps: bool) -> str:
    """`style`'s paragraph of the body loop, and its twin for the other value of b.keep.

    Headings keep with the next paragraph in their style; the builder clears b.keep for a
    heading with no content of its own (so empty headings do not chain), and sets it for
    a body paragraph that opens a list or precedes the signature.
    """
    text = run("{{r b.text }}")
    if keeps:
        return (tag("{%p if b.keep %}") + para(style, text) + tag("{%p else %}")
                + para(style, text, ppr=NO_KEEP) + tag("{%p endif %}"))
    return (tag("{%p if b.keep %}") + para(style, text, ppr=KEEP) + tag("{%p else %}")
            + para(style, text) + tag("{%p endif %}"))


def body_loop(items: str = "body") -> str:
    """One loop over prepared (kind, text, keep) paragraphs in `items`, one paragraph style per kind."""
    return (tag(f"{{%p for b in {items} %}}")
            + tag("{%p if b.kind == 'section' %}")
            + _kept("MucLaMa", True)
            + tag("{%p elif b.kind == 'heading' %}")
            + _kept("MucSo", True)
            + tag("{%p elif b.kind == 'task' %}")
            + _kept("NhiemVu", True)
            + tag("{%p else %}")
            + _kept("NoiDung", False)
            + tag("{%p endif %}")
            + tag("{%p endfor %}"))


def sect_pr(*, landscape: bool, restart: bool = False) -> str:
    if landscape:
        size = f'<w:pgSz w:w="{A4_H}" w:h="{A4_W}" w:orient="landscape"/>'
        m = LAND_MARGIN
    else:
        size = f'<w:pgSz w:w="{A4_W}" w:h="{A4_H}"/>'
        m = MARGIN
    numbering = '<w:pgNumType w:start="1"/>' if restart else ""
    return ('<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
            '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
            f'{size}<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
            f'w:left="{m["left"]}" w:header="567" w:footer="567" w:gutter="0"/>'
            f'{numbering}<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>')


def annex() -> str:
    """The landscape task annex: title block and the task table (one loop, row kinds)."""
    cols = ANNEX_COLS
    head = tr(*(cell(w, para("BangTieuDe", run(text))) for w, text in zip(cols, [
        "{{ annex.columns.tt }}", "{{ annex.columns.noi_dung }}", "{{ annex.columns.chu_tri }}",
        "{{ annex.columns.phoi_hop }}", "{{ annex.columns.thoi_gian }}", "{{ annex.columns.san_pham }}"])),
              header=True, cant_split=True)

    def task_row(*, keep: bool, split: bool) -> str:
        """A task or sub-row: `keep` with the next row (its paragraphs keep with next), `split`
        across pages (only rows taller than the builder lets stay whole)."""
        ppr = KEEP if keep else ""

        def list_cell(width: int, field: str) -> str:
            return cell(width, tag(f"{{%p for line in r.{field} %}}"),
                        para("BangNoiDung", run("{{ line }}"), ppr=ppr), tag("{%p endfor %}"))

        content = cell(cols[1], para("BangNoiDung", run("{{r r.content }}"), ppr=ppr),
                       tag("{%p for line in r.details %}"), para("BangNoiDung", run("{{r line }}"), ppr=ppr),
                       tag("{%p endfor %}"))
        return tr(cell(cols[0], para("BangSo", run("{{ r.number }}"), ppr=ppr)), content,
                  list_cell(cols[2], "lead"), list_cell(cols[3], "support"),
                  list_cell(cols[4], "deadline"), list_cell(cols[5], "products"), cant_split=not split)

    group_row = tr(cell(sum(cols), para("BangNhom", run("{{ r.title }}")), span=6), cant_split=True)
    # the group's numeral in the TT column and its title in the content column
    numbered_group_row = tr(cell(cols[0], para("BangSo", run("{{ r.number }}", bold=True), ppr=KEEP)),
                            cell(cols[1], para("BangNhom", run("{{ r.title }}"))),
                            *(cell(w, para("BangNhom", run(""))) for w in cols[2:]), cant_split=True)
    rows = (row_tag("{%tr for r in annex.rows %}", 6)
            + row_tag("{%tr if r.kind == 'group' %}", 6)
            + group_row
            + row_tag("{%tr elif r.kind == 'group_tt' %}", 6)
            + numbered_group_row
            + row_tag("{%tr elif r.split %}", 6)
            + task_row(keep=False, split=True)
            + row_tag("{%tr elif r.keep %}", 6)
            + task_row(keep=True, split=False)
            + row_tag("{%tr else %}", 6)
            + task_row(keep=False, split=False)
            + row_tag("{%tr endif %}", 6)
            + row_tag("{%tr endfor %}", 6))
    return (para("PhuLuc", run("{{ annex.label }}"))
            + tag("{%p for line in annex.title %}")
            + para("TenPhuLuc", run("{{ line }}"))
            + tag("{%p endfor %}")
            + tag("{%p if annex.attached_line %}")
            + para("KemTheo", run("{{ annex.attached_line }}"))
            + tag("{%p endif %}")
            + para("DuongKe", run("{{ rules.annex }}"))
            + table(cols, rows, borders=GRID_BORDERS, header_rows=head, cell_margin=ANNEX_CELL_MARGIN_TWIPS))


def quyet_dinh_body() -> str:
    return (header_block(number_row="always")
            + title_block("QUYẾT ĐỊNH")
            + para("ThamQuyen", run("{{ doc.authority }}"))
            + tag("{%p for item in doc.grounds %}")
            + para("CanCu", run("{{r item }}"))
            + tag("{%p endfor %}")
            + para("ThamQuyen", run("QUYẾT ĐỊNH:"))
            + tag("{%p for item in doc.articles %}")
            + tag("{%p if loop.last %}")   # the last Điều stays on the page of the signature
            + para("Dieu", run("Điều {{ loop.index }}. ", bold=True), run("{{r item }}"), ppr=KEEP)
            + tag("{%p else %}")
            + para("Dieu", run("Điều {{ loop.index }}. ", bold=True), run("{{r item }}"))
            + tag("{%p endif %}")
            + tag("{%p endfor %}")
            + signature_block()
            + sect_pr(landscape=False))


def ke_hoach_body() -> str:
    return (header_block(number_row="optional")
            + title_block("KẾ HOẠCH", "doc.attached_line")
            + body_loop()
            + tag("{%p if signer %}")
            + signature_block()
            + tag("{%p endif %}")
            + f'<w:p><w:pPr>{sect_pr(landscape=False)}</w:pPr></w:p>'
            + tag("{%p if annex %}")
            + annex()
            + tag("{%p endif %}")
            + sect_pr(landscape=True, restart=True))


# --- package parts -------------------------------------------------------------------------

def document_xml(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {W_NS}><w:body>{body}</w:body></w:document>')


HEADER_DEFAULT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val="SoTrang"/></w:pPr>'
                  '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                  '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                  '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                  '<w:r><w:t>2</w:t></w:r>'
                  '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>')
HEADER_FIRST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val="SoTrang"/></w:pPr></w:p></w:hdr>')

SETTINGS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:settings {W_NS}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat>'
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat></w:settings>')

# Word's two separator notes; kehoach appends the plan's footnotes (chu_thich) after them.
FOOTNOTES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             f'<w:footnotes {W_NS}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>' + NOSPACE + '</w:pPr>'
             '<w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>' + NOSPACE + '</w:pPr>'
             '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')

FONT_TABLE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<w:fonts {W_NS}><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/>'
              '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footnotes.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>')

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')

DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'footnotes" Target="footnotes.xml"/>'
    '<Relationship Id="rIdHeaderDefault" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/header" Target="header1.xml"/>'
    '<Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/header" Target="header2.xml"/>'
    '</Relationships>')


def core_xml(title: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>kehoach</dc:creator>'
            '<cp:lastModifiedBy>kehoach</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
            '</cp:coreProperties>')


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>kehoach</Application></Properties>')


def write_docx(path: Path, body: str, title: str) -> None:
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", document_xml(body)),
        ("word/styles.xml", STYLES_XML),
        ("word/settings.xml", SETTINGS),
        ("word/fontTable.xml", FONT_TABLE),
        ("word/footnotes.xml", FOOTNOTES),
        ("word/header1.xml", HEADER_DEFAULT),
        ("word/header2.xml", HEADER_FIRST),
        ("word/_rels/document.xml.rels", DOC_RELS),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, xml.encode("utf-8"))
    data = buffer.getvalue()
    if path.exists() and path.read_bytes() == data:
        print(f"unchanged {path}")
    elif path.exists() and "--force" not in sys.argv:
        print(f"kept {path} (it differs from the bootstrap template: restyled? run with --force to reset it)")
    else:
        path.write_bytes(data)
        print(f"wrote {path}")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    write_docx(OUT / "quyet-dinh.docx", quyet_dinh_body(), "Quyết định")
    write_docx(OUT / "ke-hoach.docx", ke_hoach_body(), "Kế hoạch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
